// `wmiport config --libs scsiport` as pkg-config: a miniport compiled from the shell with the printed flags
// (linking the SCSI Port WMI library) loads under the port driver and answers WMI.
#include <array>
#include <cstdio>

#include <fmt/format.h>

#include "scsiport_fixture.h"

namespace wmiport::test {
namespace {

std::pair<int, std::string> run(const std::string& command) {
  std::string output;
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr)
    return {-1, output};
  std::array<char, 512> buffer;
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr)
    output += buffer.data();
  return {pclose(pipe), output};
}

class ConfigTest : public ScsiPortTest {};

TEST_F(ConfigTest, MiniportBuiltFromTheShellWithConfigFlagsLoads) {
  const std::filesystem::path out = std::filesystem::path(::testing::TempDir()) / "scsi_shell_miniport.so";
  std::filesystem::remove(out);
  const std::string cli = SCSIPORT_TEST_CLI;
  const std::string command = fmt::format(
      "{cc} -std=c11 -shared -fPIC $({cli} config --cflags) -I{drivers} -DSCSI_TEST_SHAPE=98 "
      "{drivers}/scsi_wmi_miniport.c -o {out} $({cli} config --libs scsiport)",
      fmt::arg("cc", SCSIPORT_TEST_C_COMPILER), fmt::arg("cli", cli), fmt::arg("drivers", SCSIPORT_TEST_DRIVER_SRC),
      fmt::arg("out", out.string()));
  const auto [status, output] = run(command);
  ASSERT_EQ(status, 0) << command << "\n" << output;
  kernel::LoadOptions options;
  options.name = "scsi_shell_miniport";
  auto driver = host_->load_driver(out, options);
  ASSERT_TRUE(driver.ok()) << driver.error().to_string();
  auto reply = host_->query_all_data(lu_guid(SCSI_TEST_LU_INFO));
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  EXPECT_EQ(reply->instances.size(), 4u);
}

}  // namespace
}  // namespace wmiport::test
