// `wmiport fuzz` and `wmiport replay` run as processes: the planted off-by-one write of
// tests/fuzz/planted_overflow.c is found (ASan catches it in the fuzz child) and replayed, and the sample
// drivers fuzzed for a few seconds give no findings.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "command_runner.h"

namespace wmiport::testing {
namespace {

const std::string kDriverDir = WMIPORT_DRIVER_DIR;

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

class FuzzCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir_template[] = "/tmp/wmiport_fuzz_test_XXXXXX";
    out_ = mkdtemp(dir_template);
  }
  void TearDown() override { std::filesystem::remove_all(out_); }

  std::vector<std::filesystem::path> reproducers() const {
    std::vector<std::filesystem::path> out;
    for (const auto& entry : std::filesystem::directory_iterator(out_))
      if (entry.path().extension() == ".json")
        out.push_back(entry.path());
    return out;
  }

  std::filesystem::path out_;
};

TEST_F(FuzzCommandTest, FindsThePlantedOffByOneWriteAndReplaysIt) {
  // Found in every build: the buffers handed to the driver have guard bytes (no sanitizer needed).
  const std::string driver = kDriverDir + "/fuzz_planted_overflow.so";
  auto fuzz = run_wmiport("fuzz --driver " + driver + " --seconds 60 --stop-after 1 --seed 7 --out " + out_.string());
  ASSERT_EQ(fuzz.status, 1) << fuzz.out << fuzz.err;
  EXPECT_NE(fuzz.out.find("1 finding(s)"), std::string::npos) << fuzz.out;

  auto files = reproducers();
  ASSERT_EQ(files.size(), 1u) << fuzz.out;
  auto reproducer = nlohmann::json::parse(read_file(files[0]));
  EXPECT_EQ(reproducer["format"], "wmiport-fuzz-reproducer");
  EXPECT_EQ(reproducer["driver"], driver);
  ASSERT_FALSE(reproducer["findings"].empty());
  // The write past the end is reported by the guard bytes; the BufferUsed the driver then reports runs past the
  // buffer too, which WmiLib refuses (size_exceeds_buffer) in the same request.
  const nlohmann::json* write = nullptr;
  for (const auto& finding : reproducer["findings"])
    if (finding["rule"] == "write_outside_buffer")
      write = &finding;
  ASSERT_NE(write, nullptr) << reproducer.dump(2);
  EXPECT_EQ((*write)["kind"], "verifier") << reproducer.dump(2);
  // The culprit is among the requests: instance 2 queried with one byte less than its 32 data bytes need
  // (64-byte WNODE_SINGLE_INSTANCE with static names + 32 - 1), written one byte past the end.
  EXPECT_NE((*write)["message"].get<std::string>().find("offset 95 of the 95-byte buffer"), std::string::npos)
      << reproducer.dump(2);
  bool culprit = false;
  for (const auto& request : reproducer["requests"])
    culprit = culprit || (request["op"] == "query_single" && request["instance"] == 2 && request["buffer_size"] == 95);
  EXPECT_TRUE(culprit) << reproducer.dump(2);

  auto replay = run_wmiport("replay " + files[0].string() + " --driver " + driver);
  EXPECT_EQ(replay.status, 1) << replay.out << replay.err;
  EXPECT_NE(replay.out.find("finding: verifier write_outside_buffer"), std::string::npos) << replay.out;
  EXPECT_NE(replay.out.find("instance #2 size 95"), std::string::npos) << replay.out;
}

TEST_F(FuzzCommandTest, ReplayOfARequestSequenceWithoutTheBugFindsNothing) {
  const std::string driver = kDriverDir + "/fuzz_planted_overflow.so";
  const auto file = out_ / "clean.json";
  std::ofstream(file) << R"({"format": "wmiport-fuzz-reproducer", "version": 1, "driver": ")" << driver
                      << R"(", "findings": [], "requests": [
      {"op": "query_single", "guid": "{5c0ffee0-9a1b-4c2d-8e3f-a0b1c2d3e4f5}", "instance": 2, "buffer_size": 96},
      {"op": "query_single", "guid": "{5c0ffee0-9a1b-4c2d-8e3f-a0b1c2d3e4f5}", "instance": 1, "buffer_size": 87},
      {"op": "query_all", "guid": "{5c0ffee0-9a1b-4c2d-8e3f-a0b1c2d3e4f5}", "instance": 0, "buffer_size": 0}]})";
  auto replay = run_wmiport("replay " + file.string());
  EXPECT_EQ(replay.status, 0) << replay.out << replay.err;
  EXPECT_NE(replay.out.find("[0] query_single {5c0ffee0-9a1b-4c2d-8e3f-a0b1c2d3e4f5} provider 0 instance #2 size 96\n"
                            "    -> STATUS_SUCCESS, 96 bytes"),
            std::string::npos)
      << replay.out;
  // 87 = 64 + 24 - 1: one byte short for instance 1 (checked correctly) -> a WNODE_TOO_SMALL answer.
  EXPECT_NE(replay.out.find("[1] query_single {5c0ffee0-9a1b-4c2d-8e3f-a0b1c2d3e4f5} provider 0 instance #1 size 87\n"
                            "    -> STATUS_SUCCESS, 56 bytes"),
            std::string::npos)
      << replay.out;
  // A zero-byte buffer cannot even hold a WNODE_TOO_SMALL.
  EXPECT_NE(replay.out.find("[2] query_all {5c0ffee0-9a1b-4c2d-8e3f-a0b1c2d3e4f5} provider 0 size 0\n"
                            "    -> STATUS_BUFFER_TOO_SMALL"),
            std::string::npos)
      << replay.out;
  EXPECT_NE(replay.out.find("no finding reproduced"), std::string::npos) << replay.out;
}

TEST_F(FuzzCommandTest, ReplayRejectsAFileThatIsNotAReproducer) {
  const auto file = out_ / "bad.json";
  std::ofstream(file) << R"({"format": "something else"})";
  auto replay = run_wmiport("replay " + file.string() + " --driver " + kDriverDir + "/fuzz_planted_overflow.so");
  EXPECT_EQ(replay.status, 1);
  EXPECT_NE(replay.err.find("not a reproducer"), std::string::npos) << replay.err;
}

TEST_F(FuzzCommandTest, FuzzFailsCleanlyWhenTheDriverDoesNotLoad) {
  auto fuzz = run_wmiport("fuzz --driver " + out_.string() + "/missing.so --seconds 5 --out " + out_.string());
  EXPECT_EQ(fuzz.status, 1);
  EXPECT_NE(fuzz.err.find("wmiport fuzz:"), std::string::npos) << fuzz.err;
  EXPECT_TRUE(reproducers().empty());
}

#ifdef WMIPORT_HAVE_WDMDEV
TEST_F(FuzzCommandTest, TheWdmdevSampleFuzzesClean) {
  auto fuzz = run_wmiport("fuzz --driver " + kDriverDir + "/wdmdev.so --mof " + WMIPORT_SOURCE_DIR +
                          "/samples/wdmdev/wdmdev.mof --seconds 4 --out " + out_.string());
  EXPECT_EQ(fuzz.status, 0) << fuzz.out << fuzz.err;
  EXPECT_NE(fuzz.out.find("no findings"), std::string::npos) << fuzz.out;
  EXPECT_TRUE(reproducers().empty());
}
#endif

#ifdef WMIPORT_HAVE_FCHBA
TEST_F(FuzzCommandTest, TheFchbaSampleFuzzesClean) {
  auto fuzz = run_wmiport("fuzz --driver " + kDriverDir + "/fchba.so --mof " + WMIPORT_SHARED_DIR +
                          "/fixtures/mof/SFBDhbaapi.mof --seconds 4 --out " + out_.string());
  EXPECT_EQ(fuzz.status, 0) << fuzz.out << fuzz.err;
  EXPECT_NE(fuzz.out.find("no findings"), std::string::npos) << fuzz.out;
  EXPECT_TRUE(reproducers().empty());
}
#endif

}  // namespace
}  // namespace wmiport::testing
