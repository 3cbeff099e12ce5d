// Shared by the SCSI port tests: a fixture owning a wmiport::Host that loads the scsi_wmi_shape_* test
// miniports, their GUIDs and exported statistics, and a way to send a WMI IRP straight to a port device object
// (to reach the port's own checks, which the WMI core's checks otherwise hide).
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <scsiwmi.h>

#include "scsiport/scsiport.h"
#include "wmiport/host.h"

extern "C" {
#include "scsi_wmi_miniport.h"
}

namespace wmiport::test {

std::filesystem::path driver_path(const std::string& name);
Guid scsi_guid(std::uint32_t n);
inline Guid lu_guid(std::uint32_t n) {
  return scsi_guid(SCSI_TEST_LU_GUID_BASE + n);
}
std::u16string u16(std::string_view ascii);
std::vector<std::uint8_t> bytes_of(std::uint32_t value);
// The statistics block of a loaded scsi_wmi_shape_<shape> miniport.
SCSI_TEST_STATS* miniport_stats(char shape);

struct IrpResult {
  NTSTATUS status = 0;
  ULONG_PTR information = 0;
};
// Sends IRP_MJ_SYSTEM_CONTROL/minor to `device` with ProviderId = its provider id (or `provider_id`), waits.
IrpResult send_wmi_irp(PDEVICE_OBJECT device, UCHAR minor, const GUID* guid, void* buffer, ULONG size,
                       std::optional<ULONG_PTR> provider_id = std::nullopt);

class ScsiPortTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Loads scsi_wmi_shape_<shape>; fails the test when it does not load.
  SCSI_TEST_STATS* load_miniport(char shape);
  scsiport::AdapterInfo adapter_of(const std::string& driver);
  const BlockInfo* find_block(const std::vector<BlockInfo>& blocks, const Guid& guid, std::size_t nth = 0);

  std::unique_ptr<Host> host_;
};

}  // namespace wmiport::test
