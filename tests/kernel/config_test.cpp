// `wmiport config` used as pkg-config: a driver compiled from the shell with its flags loads and runs.
#include <array>
#include <cstdio>
#include <filesystem>
#include <string>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "kernel_fixture.h"

namespace wmiport::kernel::testing {
namespace {

struct CommandResult {
  int status;
  std::string output;
};

CommandResult run(const std::string& command) {
  CommandResult result{-1, {}};
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr)
    return result;
  std::array<char, 512> buffer;
  while (std::fgets(buffer.data(), buffer.size(), pipe) != nullptr)
    result.output += buffer.data();
  result.status = pclose(pipe);
  return result;
}

using ConfigTest = KernelTest;

TEST_F(ConfigTest, DriverCompiledFromTheShellWithConfigFlagsLoads) {
  const std::filesystem::path out = std::filesystem::path(::testing::TempDir()) / "kernel_config_driver.so";
  std::filesystem::remove(out);
  const std::string cli = KERNEL_TEST_CLI;
  const std::string command =
      fmt::format("{cc} -std=c11 -shared -fPIC $({cli} config --cflags) {src} -o {out} $({cli} config --libs wdm)",
                  fmt::arg("cc", KERNEL_TEST_C_COMPILER), fmt::arg("cli", cli),
                  fmt::arg("src", std::string(KERNEL_TEST_SOURCE_DIR) + "/tests/drivers/kernel_config_driver.c"),
                  fmt::arg("out", out.string()));
  const auto built = run(command);
  ASSERT_EQ(built.status, 0) << command << "\n" << built.output;

  auto loaded = kernel_->load_driver(out, LoadOptions{.name = "configured"});
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  ASSERT_TRUE(kernel_->unload_driver(**loaded).ok());
  std::filesystem::remove(out);
  const std::vector<std::string> expected = {
      "configured: built with wmiport config (50 bytes), registry "
      "\\Registry\\Machine\\System\\CurrentControlSet\\Services\\configured",
      "configured: config driver unloaded",
  };
  EXPECT_EQ(output(), expected);
}

TEST_F(ConfigTest, FlagsPointIntoTheSourceTree) {
  const auto cflags = run(std::string(KERNEL_TEST_CLI) + " config --cflags");
  ASSERT_EQ(cflags.status, 0) << cflags.output;
  EXPECT_NE(cflags.output.find("-fshort-wchar"), std::string::npos);
  EXPECT_NE(cflags.output.find("/include/wdk"), std::string::npos);
  const auto libs = run(std::string(KERNEL_TEST_CLI) + " config --libs wdm");
  ASSERT_EQ(libs.status, 0) << libs.output;
  EXPECT_EQ(libs.output.find("wmiport_runtime"), std::string::npos);  // drivers never link the runtime
}

TEST_F(ConfigTest, ClientFlagsNameWmiumAndTheClientLibrary) {
  const auto client = run(std::string(KERNEL_TEST_CLI) + " config --libs client");
  EXPECT_EQ(client.status, 0) << client.output;
  EXPECT_NE(client.output.find("-lwmiport_client"), std::string::npos) << client.output;
  const auto cflags = run(std::string(KERNEL_TEST_CLI) + " config --cflags client");
  EXPECT_EQ(cflags.status, 0) << cflags.output;
  EXPECT_NE(cflags.output.find("/include/client"), std::string::npos) << cflags.output;
  const auto bad = run(std::string(KERNEL_TEST_CLI) + " config --libs nonsense");
  EXPECT_NE(bad.status, 0);
}

}  // namespace
}  // namespace wmiport::kernel::testing
