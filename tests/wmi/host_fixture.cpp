#include "host_fixture.h"

#include <dlfcn.h>

namespace wmiport::test {

std::filesystem::path driver_path(const std::string& name) {
  return std::filesystem::path(WMIPORT_DRIVER_DIR) / (name + ".so");
}

Guid sample_guid(std::uint32_t n) {
  return Guid{0x5a1e0000u + n, 0, 0x4000, {0x80, 0, 0, 0, 0, 0, 0, static_cast<std::uint8_t>(n)}};
}

Guid rogue_guid(std::uint32_t n) {
  return Guid{0x706e0000u + n, 0, 0x4000, {0x80, 0, 0, 0, 0, 0, 0, static_cast<std::uint8_t>(n)}};
}

std::u16string u16(std::string_view ascii) {
  return std::u16string(ascii.begin(), ascii.end());
}

std::vector<std::uint8_t> bytes_of(std::uint32_t value) {
  return {static_cast<std::uint8_t>(value), static_cast<std::uint8_t>(value >> 8),
          static_cast<std::uint8_t>(value >> 16), static_cast<std::uint8_t>(value >> 24)};
}

WMI_SAMPLE_STATS* sample_stats() {
  void* handle = dlopen(driver_path("wmi_sample").c_str(), RTLD_NOW | RTLD_NOLOAD);
  if (handle == nullptr)
    return nullptr;
  auto* stats = static_cast<WMI_SAMPLE_STATS*>(dlsym(handle, "WmiSampleStats"));
  dlclose(handle);  // the kernel's own handle keeps the driver loaded
  return stats;
}

void HostTest::SetUp() {
  auto host = Host::create(options());
  ASSERT_TRUE(host.ok()) << host.error().to_string();
  host_ = std::move(host).value();
}

void HostTest::TearDown() {
  host_.reset();
}

WMI_SAMPLE_STATS* HostTest::load_sample(unsigned devices) {
  kernel::LoadOptions load;
  load.devices = devices;
  auto driver = host_->load_driver(driver_path("wmi_sample"), load);
  EXPECT_TRUE(driver.ok()) << driver.error().to_string();
  auto* stats = sample_stats();
  EXPECT_NE(stats, nullptr);
  return stats;
}

kernel::Driver* HostTest::load_rogue() {
  auto driver = host_->load_driver(driver_path("wmi_rogue"));
  EXPECT_TRUE(driver.ok()) << driver.error().to_string();
  return driver.ok() ? *driver : nullptr;
}

const BlockInfo* HostTest::find_block(const std::vector<BlockInfo>& blocks, const Guid& guid, std::size_t nth) {
  for (const auto& block : blocks)
    if (block.guid == guid && nth-- == 0)
      return &block;
  return nullptr;
}

}  // namespace wmiport::test
