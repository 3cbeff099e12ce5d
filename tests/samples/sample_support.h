// Shared by the sample driver tests: a Host fixture, and the driver's own schema read back from the MOF resource
// attached to its .so (src/kernel/driver_mof.h) and compiled with src/mof, to decode what the driver returns.
#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "common/byte_io.h"
#include "common/guid.h"
#include "mof/layout/codec.h"
#include "mof/schema/schema.h"
#include "wmiport/host.h"

#include <wmistr.h>

namespace wmiport::samples_test {

std::filesystem::path driver_path(const std::string& name);
Guid guid(std::string_view text);

// The MOF attached to `image` as `resource`, compiled (the test fails when it is missing or does not compile).
struct DriverSchema {
  mof::Schema schema;
  const mof::Class& cls(std::string_view name) const;
  const mof::Method& method(std::string_view class_name, std::string_view method_name) const;
  mof::DataObject decode(std::string_view class_name, Bytes data) const;
  mof::DataObject decode_out(std::string_view class_name, std::string_view method_name, Bytes data) const;
  std::vector<std::uint8_t> encode_in(std::string_view class_name, std::string_view method_name,
                                      const mof::DataObject& input) const;
  std::vector<std::uint8_t> encode(std::string_view class_name, const mof::DataObject& object) const;
};
std::unique_ptr<DriverSchema> load_driver_schema(const std::filesystem::path& image, std::u16string_view resource);

// Field access on decoded objects (the test fails on a missing field or another kind).
std::uint64_t uint_field(const mof::DataObject& object, std::string_view name);
std::int64_t int_field(const mof::DataObject& object, std::string_view name);
std::string string_field(const mof::DataObject& object, std::string_view name);
const mof::DataObject& object_field(const mof::DataObject& object, std::string_view name);
std::vector<std::uint8_t> bytes_field(const mof::DataObject& object, std::string_view name);

const BlockInfo* find_block(const std::vector<BlockInfo>& blocks, const Guid& guid);

class SampleHostTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  virtual HostOptions options() { return {}; }
  kernel::Driver* load(const std::string& name, unsigned devices = 1);

  std::unique_ptr<Host> host_;

 private:
  std::mutex violations_mutex_;
  std::vector<std::string> violations_;  // guarded by violations_mutex_
};

}  // namespace wmiport::samples_test
