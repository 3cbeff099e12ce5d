// `wmiport` request subcommands end to end: the built command loads the wmi_sample test driver, runs list,
// query, set, set-item, call, watch and `-` sessions, and its JSON output and errors are checked.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "command_runner.h"

namespace wmiport::testing {
namespace {

using Json = nlohmann::json;

const std::string kDataGuid = "{5A1E0000-0000-4000-8000-000000000000}";
const std::string kEventGuid = "{5A1E0003-0000-4000-8000-000000000003}";
const std::string kMethodGuid = "{5A1E0004-0000-4000-8000-000000000004}";
const std::string kInstance0 = "ROOT\\\\WMIPORT\\\\0000_0";  // shell-escaped ROOT\WMIPORT\0000_0

std::string driver(const std::string& name) {
  return std::string(WMIPORT_DRIVER_DIR) + "/" + name + ".so";
}
std::string globals() {
  return "--driver " + driver("wmi_sample") + " --mof " + WMIPORT_SOURCE_DIR "/tests/client/wmi_sample.mof --json";
}

std::vector<Json> json_lines(const std::string& text) {
  std::vector<Json> lines;
  std::size_t start = 0;
  while (start < text.size()) {
    const auto end = text.find('\n', start);
    const auto line = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
    if (!line.empty())
      lines.push_back(Json::parse(line));
    if (end == std::string::npos)
      break;
    start = end + 1;
  }
  return lines;
}

TEST(CliRequest, ListNamesClassesFlagsAndInstances) {
  const auto result = run_wmiport(globals() + " list");
  ASSERT_EQ(result.status, 0) << result.err;
  const Json blocks = Json::parse(result.out);
  ASSERT_TRUE(blocks.is_array());
  bool found = false;
  for (const auto& block : blocks) {
    ASSERT_EQ(block.size(), 4u);
    if (block["guid"] != kDataGuid)
      continue;
    found = true;
    EXPECT_EQ(block["class"], "WmiSample_Data");
    EXPECT_EQ(block["instances"], Json::parse(R"(["ROOT\\WMIPORT\\0000_0","ROOT\\WMIPORT\\0000_1"])"));
    EXPECT_TRUE(block["flags"].is_array());
  }
  EXPECT_TRUE(found) << result.out;
}

TEST(CliRequest, QueryAllDecodesThroughTheMof) {
  const auto result = run_wmiport(globals() + " query WmiSample_Data");
  ASSERT_EQ(result.status, 0) << result.err;
  const Json expected = Json::parse(R"({"guid":"{5A1E0000-0000-4000-8000-000000000000}","class":"WmiSample_Data",
    "instances":[{"name":"ROOT\\WMIPORT\\0000_0","data":"0100000064000000","properties":{"Counter":1,"Setting":100}},
                 {"name":"ROOT\\WMIPORT\\0000_1","data":"01000000c8000000","properties":{"Counter":1,"Setting":200}}]})");
  EXPECT_EQ(Json::parse(result.out), expected);
}

TEST(CliRequest, QuerySingleByNameAndIndexWithoutMof) {
  const std::string no_mof = "--driver " + driver("wmi_sample") + " --json";
  auto by_name = run_wmiport(no_mof + " query " + kDataGuid + " --instance " + kInstance0);
  ASSERT_EQ(by_name.status, 0) << by_name.err;
  const Json one = Json::parse(by_name.out);
  EXPECT_EQ(one["class"], nullptr);
  ASSERT_EQ(one["instances"].size(), 1u);
  EXPECT_EQ(one["instances"][0]["properties"], nullptr);
  EXPECT_EQ(one["instances"][0]["data"], "0100000064000000");
  auto by_index = run_wmiport(no_mof + " query " + kDataGuid + " --index 1");
  ASSERT_EQ(by_index.status, 0) << by_index.err;
  EXPECT_EQ(Json::parse(by_index.out)["instances"][0]["name"], "ROOT\\WMIPORT\\0000_1");
}

TEST(CliRequest, SessionSetsPropertiesItemsAndSeesThem) {
  const std::string input =
      "set WmiSample_Data --instance ROOT\\WMIPORT\\0000_0 --prop Setting=7\n"
      "query WmiSample_Data --instance ROOT\\WMIPORT\\0000_0\n"
      "set-item WmiSample_Data --instance ROOT\\WMIPORT\\0000_1 --item 2 --value 9\n"
      "query WmiSample_Data --index 1\n"
      "set " +
      kDataGuid +
      " --instance ROOT\\WMIPORT\\0000_1 --data 0000000005000000\n"
      "query " +
      kDataGuid + " --index 1\n";
  const auto result = run_wmiport(globals() + " -", input);
  ASSERT_EQ(result.status, 0) << result.err << result.out;
  const auto lines = json_lines(result.out);
  ASSERT_EQ(lines.size(), 6u) << result.out;
  EXPECT_EQ(lines[0], Json::parse(R"({"status":"STATUS_SUCCESS"})"));
  EXPECT_EQ(lines[1]["instances"][0]["properties"]["Setting"], 7);
  EXPECT_EQ(lines[2], Json::parse(R"({"status":"STATUS_SUCCESS"})"));
  EXPECT_EQ(lines[3]["instances"][0]["properties"]["Setting"], 9);
  EXPECT_EQ(lines[5]["instances"][0]["properties"]["Setting"], 5);
}

TEST(CliRequest, SessionWatchCallAndEvents) {
  const std::string input = "watch " + kEventGuid + "\n" +
                            "call WmiSample_Method --instance ROOT\\WMIPORT\\0000_0 --method Fire --arg Count=3\n" +
                            "call " + kMethodGuid + " --instance ROOT\\WMIPORT\\0000_0 --method 2 --in 02000000\n" +
                            "events --count 2 --timeout 5\n";
  const auto result = run_wmiport(globals() + " -", input);
  ASSERT_EQ(result.status, 0) << result.err << result.out;
  const auto lines = json_lines(result.out);
  ASSERT_EQ(lines.size(), 5u) << result.out;
  EXPECT_EQ(lines[0], Json::parse(R"({"status":"STATUS_SUCCESS"})"));
  EXPECT_EQ(lines[1], Json::parse(R"({"out":"","properties":{}})"));
  EXPECT_EQ(lines[2], Json::parse(R"({"out":"","properties":{}})"));  // the GUID names the class too
  EXPECT_EQ(lines[3]["guid"], kEventGuid);
  EXPECT_EQ(lines[3]["data"], "000102");
  EXPECT_EQ(lines[3]["lost"], 0);
  EXPECT_EQ(lines[4]["data"], "0001");
}

TEST(CliRequest, WatchAloneStopsAtTheTimeout) {
  const auto result = run_wmiport(globals() + " watch " + kEventGuid + " --timeout 0.2");
  EXPECT_EQ(result.status, 0) << result.err;
  EXPECT_EQ(result.out, "");
}

struct BadRequest {
  std::string arguments;
  std::string status;  // named in the message
};

class CliBadRequest : public ::testing::TestWithParam<BadRequest> {};

TEST_P(CliBadRequest, FailsWithTheStatusNamed) {
  const auto result = run_wmiport(globals() + " " + GetParam().arguments);
  EXPECT_EQ(result.status, 1) << result.out;
  EXPECT_NE(result.err.find(GetParam().status), std::string::npos) << result.err;
}

INSTANTIATE_TEST_SUITE_P(
    Errors, CliBadRequest,
    ::testing::Values(
        BadRequest{"query {5A1E00FF-0000-4000-8000-0000000000FF}", "STATUS_WMI_GUID_NOT_FOUND (0xC0000295)"},
        BadRequest{"query NoSuchClass", "STATUS_WMI_GUID_NOT_FOUND"},
        BadRequest{"query {5A1E0000-0000", "STATUS_INVALID_PARAMETER"},
        BadRequest{"query WmiSample_Data --instance X",
                   "STATUS_WMI_INSTANCE_NOT_FOUND (0xC0000296): no instance \"X\" of {5A1E0000"},
        BadRequest{"set WmiSample_Data --instance " + kInstance0 + " --data 0g", "malformed HEX"},
        BadRequest{"set WmiSample_Data --instance " + kInstance0 + " --data 00", "STATUS_WMI_SET_FAILURE"},
        BadRequest{"set WmiSample_Data --instance " + kInstance0 + " --prop Nope=1", "unknown property"},
        BadRequest{"set WmiSample_Data --instance " + kInstance0 + " --prop Setting=99999999999",
                   "STATUS_INVALID_PARAMETER (0xC000000D): Setting: 99999999999 is out of range"},
        BadRequest{"set-item WmiSample_Data --instance " + kInstance0 + " --item 1 --data 01000000",
                   "STATUS_WMI_READ_ONLY"},
        BadRequest{"set-item WmiSample_Data --instance " + kInstance0 + " --item 9 --data 01000000",
                   "STATUS_WMI_ITEMID_NOT_FOUND"}));

TEST(CliRequest, DriversThatCannotLoadAreReported) {
  const std::filesystem::path not_a_driver = std::filesystem::temp_directory_path() / "wmiport_not_a_driver.so";
  std::ofstream(not_a_driver) << "not an ELF file";
  for (const std::string& path : {not_a_driver.string(), driver("wmi_no_entry"), driver("wmi_failing_entry")}) {
    const auto result = run_wmiport("--driver " + path + " --json list");
    EXPECT_EQ(result.status, 1) << path;
    EXPECT_NE(result.err.find("cannot load " + path), std::string::npos) << result.err;
    EXPECT_NE(result.err.find("STATUS_"), std::string::npos) << result.err;
  }
  std::filesystem::remove(not_a_driver);
}

// A block with dynamic instance names registers none: list finds them by querying all data.
TEST(CliRequest, ListShowsDynamicInstanceNames) {
  const auto result = run_wmiport("--driver " + driver("scsi_wmi_shape_a") + " --json list");
  ASSERT_EQ(result.status, 0) << result.err;
  bool found = false;
  for (const auto& block : Json::parse(result.out)) {
    if (block["guid"] != "{5C510004-0000-4000-8000-000000000004}")
      continue;
    found = true;
    EXPECT_EQ(block, Json::parse(R"({"guid":"{5C510004-0000-4000-8000-000000000004}","class":null,"flags":[],
                                     "instances":["PortA","PortB"]})"));
  }
  EXPECT_TRUE(found) << result.out;
}

// The MOF a driver .so carries names and decodes its classes: no --mof needed.
TEST(CliRequest, QueryWithoutMofUsesTheDriversMof) {
  const auto result = run_wmiport("--driver " + driver("fchba") + " --json query MSFC_FCAdapterHBAAttributes");
  ASSERT_EQ(result.status, 0) << result.err;
  const Json reply = Json::parse(result.out);
  EXPECT_EQ(reply["class"], "MSFC_FCAdapterHBAAttributes");
  ASSERT_EQ(reply["instances"].size(), 1u);
  EXPECT_EQ(reply["instances"][0]["properties"]["Model"], "FCHBA-2P8G");
  EXPECT_EQ(reply["instances"][0]["properties"]["NumberOfPorts"], 2);
}

TEST(CliRequest, SessionGoesOnAfterErrors) {
  const std::string input =
      "query {5A1E00FF-0000-4000-8000-0000000000FF}\n"
      "query WmiSample_Data --instance X\n"
      "set WmiSample_Data --instance ROOT\\WMIPORT\\0000_0 --data xyz\n"
      "frobnicate\n"
      "query WmiSample_Data --index 0\n";
  const auto result = run_wmiport(globals() + " -", input);
  EXPECT_EQ(result.status, 1);
  const auto lines = json_lines(result.out);
  ASSERT_EQ(lines.size(), 5u) << result.out;
  EXPECT_EQ(lines[0]["error"], "STATUS_WMI_GUID_NOT_FOUND");
  EXPECT_EQ(lines[0]["code"], "0xC0000295");
  EXPECT_EQ(lines[1]["error"], "STATUS_WMI_INSTANCE_NOT_FOUND");
  EXPECT_EQ(lines[2]["error"], "STATUS_INVALID_PARAMETER");
  EXPECT_EQ(lines[3]["error"], "STATUS_INVALID_PARAMETER");
  EXPECT_EQ(lines[4]["instances"][0]["properties"]["Setting"], 100);
}

}  // namespace
}  // namespace wmiport::testing
