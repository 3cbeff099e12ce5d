// Shared by the WMI host tests: a fixture owning a wmiport::Host, paths of the test drivers, their GUIDs, and
// access to the statistics block the wmi_sample driver exports (found with dlsym on the loaded .so).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/utf16.h"
#include "wmiport/host.h"
#include "wnode/all_data.h"
#include "wnode/event_item.h"
#include "wnode/wire_layout.h"

extern "C" {
#include "wmi_rogue.h"
#include "wmi_sample.h"
}

namespace wmiport::test {

std::filesystem::path driver_path(const std::string& name);
Guid sample_guid(std::uint32_t n);
Guid rogue_guid(std::uint32_t n);
std::u16string u16(std::string_view ascii);
std::vector<std::uint8_t> bytes_of(std::uint32_t value);

// The wmi_sample driver's exported WmiSampleStats, while the driver is loaded.
WMI_SAMPLE_STATS* sample_stats();

class HostTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  virtual HostOptions options() { return {}; }
  // Loads wmi_sample with `devices` root devices; fails the test when it does not load.
  WMI_SAMPLE_STATS* load_sample(unsigned devices = 1);
  kernel::Driver* load_rogue();
  const BlockInfo* find_block(const std::vector<BlockInfo>& blocks, const Guid& guid, std::size_t nth = 0);

  std::unique_ptr<Host> host_;
};

}  // namespace wmiport::test
