// `wmiport --verifier=off|on|strict` end to end: violations on stderr (text or JSON lines), the summary at exit,
// exit status 3 in strict mode, stdout unchanged.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <string>

#include <gtest/gtest.h>

namespace {

struct CommandRun {
  int status = -1;
  std::string out;  // stdout
  std::string err;  // stderr
};

std::string slurp(const std::string& path) {
  std::string text;
  if (FILE* f = std::fopen(path.c_str(), "rb")) {
    char buffer[4096];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, f)) > 0)
      text.append(buffer, n);
    std::fclose(f);
  }
  return text;
}

CommandRun wmiport(const std::string& args) {
  const std::string base = ::testing::TempDir() + "cli_verifier_" + std::to_string(::getpid());
  const std::string command = std::string(WMIPORT_CLI) + " " + args + " >" + base + ".out 2>" + base + ".err";
  CommandRun run;
  const int raw = std::system(command.c_str());
  run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  run.out = slurp(base + ".out");
  run.err = slurp(base + ".err");
  return run;
}

const std::string kGuid = "{7E21F0B1-5A1D-4C3E-9B10-4275670DBE01}";
std::string driver(const std::string& bug) {
  return std::string(WMIPORT_DRIVER_DIR) + "/vbug_" + bug + ".so";
}

TEST(CliVerifier, StrictExitsThreeAndNamesTheRule) {
  const CommandRun run = wmiport("--verifier=strict --driver " + driver("write_past") + " query " + kGuid);
  EXPECT_EQ(run.status, 3);
  EXPECT_NE(run.err.find("wmiport verifier: write_outside_buffer by vbug_write_past [IRP_MN_QUERY_ALL_DATA"),
            std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("wmiport verifier: 1 violation: write_outside_buffer x1"), std::string::npos) << run.err;
}

TEST(CliVerifier, JsonLinesOnStderrAndTheResultOnStdout) {
  const CommandRun run = wmiport("--json --driver " + driver("pool_leak") + " query " + kGuid);
  EXPECT_EQ(run.status, 0);  // on, not strict: the command's own status
  EXPECT_EQ(run.out.rfind("{\"guid\":", 0), 0u) << run.out;
  EXPECT_NE(run.err.find("{\"rule\":\"pool_leak\",\"requirement\":"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find(R"({"verifier":"summary","violations":1,"rules":{"pool_leak":1}})"), std::string::npos)
      << run.err;
}

TEST(CliVerifier, OffReportsNothingAndACleanDriverIsQuiet) {
  const CommandRun off = wmiport("--verifier off --driver " + driver("write_past") + " query " + kGuid);
  EXPECT_EQ(off.err.find("wmiport verifier:"), std::string::npos) << off.err;
  const CommandRun clean = wmiport("--verifier=strict --driver " + driver("none") + " query " + kGuid);
  EXPECT_EQ(clean.status, 0);
  EXPECT_EQ(clean.err, "");
}

}  // namespace
