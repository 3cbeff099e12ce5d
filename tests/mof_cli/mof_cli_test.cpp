// The MOF subcommands of the `wmiport` command, end to end: exit status, diagnostics and outputs.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

namespace {

namespace fs = std::filesystem;

struct CommandResult {
  int exit_code = -1;
  std::string output;  // stdout and stderr together
};

CommandResult run(const std::string& arguments) {
  const std::string command = std::string(WMIPORT_BIN) + " " + arguments + " 2>&1";
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe)
    return result;
  std::array<char, 4096> chunk{};
  size_t n = 0;
  while ((n = fread(chunk.data(), 1, chunk.size(), pipe)) > 0)
    result.output.append(chunk.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

std::string fixture(const std::string& name) { return std::string(WMIPORT_SHARED_DIR) + "/fixtures/mof/" + name; }

fs::path scratch_dir() {
  fs::path dir = fs::temp_directory_path() / ("wmiport_mof_cli_" + std::to_string(getpid()));
  fs::create_directories(dir);
  return dir;
}

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

TEST(MofCheck, EveryFixtureIsCleanIncludingTheUtf16Include) {
  for (const char* name : {"SFBDVMiniport.mof", "SFBDhbaapi.mof", "wmisamp.mof", "msdsm.mof", "msdsmdsm.mof",
                           "classlog.mof", "toaster.mof", "PCIDRV.mof", "firefly.mof"}) {
    SCOPED_TRACE(name);
    const auto r = run("mof check " + fixture(name));
    EXPECT_EQ(r.exit_code, 0) << r.output;
    EXPECT_NE(r.output.find("0 errors, 0 warnings"), std::string::npos) << r.output;
  }
  // SFBDVMiniport's 4 classes plus the 43 root\wmi classes of the hbaapi file it includes.
  EXPECT_NE(run("mof check " + fixture("SFBDVMiniport.mof")).output.find("47 classes"), std::string::npos);
}

TEST(MofCheck, AnErrorNamesFileLineColumnAndExitsOne) {
  const fs::path bad = scratch_dir() / "bad.mof";
  std::ofstream(bad) << "class X {\n  uint32 a\n};\n";
  const auto r = run("mof check " + bad.string());
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_NE(r.output.find(bad.string() + ":3:1: error: expected ';' after property 'a'"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("1 error"), std::string::npos);
}

TEST(MofCheck, AMissingFileIsAnError) {
  const auto r = run("mof check " + (scratch_dir() / "nope.mof").string());
  EXPECT_EQ(r.exit_code, 1) << r.output;
}

TEST(MofHeader, WritesTheWmimofckHeaderWithMethodStructs) {
  const fs::path out = scratch_dir() / "toaster.h";
  const auto r = run("mof header -m -u " + fixture("toaster.mof") + " -o " + out.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  const std::string header = read_file(out);
  EXPECT_EQ(header.rfind("#ifndef _toaster_h_\r\n#define _toaster_h_\r\n", 0), 0u);
  EXPECT_NE(header.find("DEFINE_GUID(ToasterDeviceInformation_GUID, \\\r\n"
                        "            0xbba21300,0x6dd3,0x11d2,0xb8,0x44,0x00,0xc0,0x4f,0xad,0x51,0x71);"),
            std::string::npos);
  EXPECT_NE(header.find("    #define ToasterDeviceInformation_ConnectorType_ID 1\r\n"), std::string::npos);
  EXPECT_EQ(header.substr(header.size() - 8), "#endif\r\n");
}

TEST(MofDump, ShowsOffsetsOfAVariableArrayOfEmbeddedObjects) {
  const auto r = run("mof dump " + fixture("msdsm.mof"));
  ASSERT_EQ(r.exit_code, 0) << r.output;
  // spec mof-and-layout §3.5 B: NumberPaths @0, 4 bytes of padding, PerfInfo[NumberPaths] @8 with stride 32.
  EXPECT_NE(r.output.find("class MSDSM_DEVICE_PERF"), std::string::npos);
  EXPECT_NE(r.output.find("        8    var     8    2  PerfInfo"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("C sizeof 32"), std::string::npos);
}

}  // namespace
