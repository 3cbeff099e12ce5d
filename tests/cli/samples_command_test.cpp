// `wmiport` end to end on the sample drivers: the built command loads samples/fchba (a SCSI miniport) and
// samples/wdmdev (a WmiLib driver) with their MOF, and every request shape is run and its JSON compared: list,
// query --instance/--index, set --data/--prop, set-item --data/--value, call --in/--arg (every hbaapi method the
// miniport serves), watch --count/--timeout, `-` sessions with watch + call + events, `wmiport demo`, and bad input.
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "command_runner.h"

namespace wmiport::testing {
namespace {

using Json = nlohmann::json;

const std::string kPort0WWN = "[33,0,0,0,201,171,205,239]";
const std::string kPort1WWN = "[33,1,0,0,201,171,205,239]";
const std::string kTarget1WWN = "[80,6,1,96,62,160,16,17]";
const std::string kUnknownWWN = "[1,2,3,4,5,6,7,8]";

std::string globals() {
  return std::string("--driver ") + WMIPORT_DRIVER_DIR "/fchba.so --driver " WMIPORT_DRIVER_DIR "/wdmdev.so --mof " +
         WMIPORT_HBAAPI_MOF " --mof " WMIPORT_SOURCE_DIR "/samples/wdmdev/wdmdev.mof --json";
}

Json run_json(const std::string& arguments) {
  const auto result = run_wmiport(globals() + " " + arguments);
  EXPECT_EQ(result.status, 0) << arguments << "\n" << result.err;
  if (result.status != 0)
    return nullptr;
  return Json::parse(result.out);
}

std::vector<Json> session(const std::string& input, int expected_status = 0) {
  const auto result = run_wmiport(globals() + " -", input);
  EXPECT_EQ(result.status, expected_status) << result.err << result.out;
  std::vector<Json> lines;
  std::size_t start = 0;
  while (start < result.out.size()) {
    const auto end = result.out.find('\n', start);
    lines.push_back(Json::parse(result.out.substr(start, end - start)));
    if (end == std::string::npos)
      break;
    start = end + 1;
  }
  return lines;
}

// A JSON array of `n` zeros (fixed-size arrays take exactly their size).
std::string zeros(std::size_t n) {
  return Json(std::vector<int>(n, 0)).dump();
}

// A persistent binding of target 1, LUN `lun`, bound by port WWN to SCSI target 1 LUN `lun` (single-quoted JSON).
std::string binding(int lun) {
  Json entry{
      {"Type", 2},
      {"FCPId",
       {{"Fcid", 0}, {"NodeWWN", Json::parse(zeros(8))}, {"PortWWN", Json::parse(kTarget1WWN)}, {"FcpLun", 0}}},
      {"Luid", Json::parse(zeros(256))},
      {"ScsiId",
       {{"ScsiBusNumber", 0}, {"ScsiTargetNumber", 1}, {"ScsiOSLun", lun}, {"OSDeviceName", Json::parse(zeros(257))}}}};
  std::string quoted = "'";  // built in steps: "'" + std::string gives GCC 12 -O3 a false -Wrestrict
  quoted += entry.dump();
  quoted += '\'';
  return quoted;
}

TEST(CliSamples, ListShowsBothDriversBlocksByClass) {
  const Json blocks = run_json("list");
  std::map<std::string, Json> by_class;
  for (const auto& block : blocks)
    by_class[block["class"].is_null() ? block["guid"].get<std::string>() : block["class"].get<std::string>()] = block;
  ASSERT_EQ(by_class.size(), 12u) << blocks.dump();
  EXPECT_EQ(by_class["MSFC_FCAdapterHBAAttributes"],
            Json::parse(R"({"guid":"{F8F3EA26-AB2C-4593-8B84-C56428E6BEDB}","class":"MSFC_FCAdapterHBAAttributes",
                            "flags":["INSTANCE_PDO"],"instances":["ROOT\\WMIPORT\\0000_0"]})"));
  EXPECT_EQ(by_class["MSFC_FibrePortHBAAttributes"]["instances"],
            Json::parse(R"(["ROOT\\WMIPORT\\0000_0","ROOT\\WMIPORT\\0000_1"])"));
  EXPECT_EQ(by_class["MSFC_LinkEvent"]["flags"], Json::parse(R"(["INSTANCE_PDO","EVENT_ONLY_GUID"])"));
  EXPECT_EQ(by_class["WdmDev_Settings"]["instances"], Json::parse(R"(["ROOT\\WMIPORT\\0001_0"])"));
}

TEST(CliSamples, QueryDecodesTheAdapterAndEachPort) {
  const Json adapter = run_json("query MSFC_FCAdapterHBAAttributes");
  ASSERT_EQ(adapter["instances"].size(), 1u);
  const Json& properties = adapter["instances"][0]["properties"];
  EXPECT_EQ(properties["Model"], "FCHBA-2P8G");
  EXPECT_EQ(properties["NumberOfPorts"], 2);
  EXPECT_EQ(properties["NodeWWN"], Json::parse("[32,0,0,0,201,171,205,239]"));
  EXPECT_EQ(adapter["instances"][0]["data"].get<std::string>().size(), 2u * 4914);

  const Json by_name = run_json("query MSFC_FibrePortHBAAttributes --instance 'ROOT\\WMIPORT\\0000_1'");
  ASSERT_EQ(by_name["instances"].size(), 1u);
  EXPECT_EQ(by_name["instances"][0]["properties"]["Attributes"]["PortWWN"], Json::parse(kPort1WWN));
  const Json by_index = run_json("query {61B397FD-F5AE-4950-9758-0EE598E3C6E6} --index 0");
  EXPECT_EQ(by_index["class"], "MSFC_FibrePortHBAAttributes");
  EXPECT_EQ(by_index["instances"][0]["name"], "ROOT\\WMIPORT\\0000_0");
  EXPECT_EQ(by_index["instances"][0]["properties"]["Attributes"]["PortWWN"], Json::parse(kPort0WWN));
  EXPECT_EQ(by_index["instances"][0]["properties"]["Attributes"]["NumberofDiscoveredPorts"], 2);
}

TEST(CliSamples, StatisticsMoveAndResetInOneSession) {
  const auto lines = session(
      "query MSFC_FibrePortHBAStatistics --index 0\n"
      "query MSFC_FibrePortHBAStatistics --index 0\n"
      "call MSFC_FibrePortHBAMethods --index 0 --method ResetStatistics\n"
      "query MSFC_FibrePortHBAStatistics --index 0\n");
  ASSERT_EQ(lines.size(), 4u);
  const auto tx = [](const Json& reply) {
    return reply["instances"][0]["properties"]["Statistics"]["TxFrames"].get<std::int64_t>();
  };
  EXPECT_GT(tx(lines[1]), tx(lines[0]));
  EXPECT_EQ(lines[2], Json::parse(R"({"out":"","properties":{}})"));
  EXPECT_LT(tx(lines[3]), tx(lines[1]) + 1);
}

TEST(CliSamples, WdmdevSetsByPropertyDataItemValueAndCalls) {
  const auto lines = session(
      "set WdmDev_Settings --index 0 --prop BlinkRate=7 --prop Threshold=5000\n"
      "query WdmDev_Settings --index 0\n"
      "set-item WdmDev_Settings --instance ROOT\\WMIPORT\\0001_0 --item 2 --value 9\n"
      "set-item WdmDev_Settings --index 0 --item 3 --data 0a00000000000000\n"
      "call WdmDev_Methods --index 0 --method ScaleBlinkRate --arg Factor=3\n"
      "call {6F1E3A52-9B0D-4C7E-A1F3-2D5C8E9B0A12} --index 0 --method 1 --in 02000000\n"
      "query WdmDev_Settings --index 0\n");
  ASSERT_EQ(lines.size(), 7u);
  EXPECT_EQ(lines[0], Json::parse(R"({"status":"STATUS_SUCCESS"})"));
  EXPECT_EQ(lines[1]["instances"][0]["properties"]["BlinkRate"], 7);
  EXPECT_EQ(lines[1]["instances"][0]["properties"]["Threshold"], 5000);
  EXPECT_EQ(lines[2], Json::parse(R"({"status":"STATUS_SUCCESS"})"));
  EXPECT_EQ(lines[3], Json::parse(R"({"status":"STATUS_SUCCESS"})"));
  EXPECT_EQ(lines[4], Json::parse(R"({"out":"090000001b000000","properties":{"OldBlinkRate":9,"NewBlinkRate":27}})"));
  EXPECT_EQ(lines[5], Json::parse(R"({"out":"1b00000036000000","properties":{"OldBlinkRate":27,"NewBlinkRate":54}})"));
  EXPECT_EQ(lines[6]["instances"][0]["properties"]["BlinkRate"], 54);
  EXPECT_EQ(lines[6]["instances"][0]["properties"]["Threshold"], 10);
}

TEST(CliSamples, WatchPrintsTheTimersLinkEvent) {
  const auto result = run_wmiport(globals() + " watch MSFC_LinkEvent --count 1 --timeout 10");
  ASSERT_EQ(result.status, 0) << result.err;
  ASSERT_EQ(result.out.find('\n'), result.out.size() - 1) << result.out;  // one line
  const Json event = Json::parse(result.out);
  EXPECT_EQ(event["guid"], "{C66015EE-014B-498A-9451-99FEAD0AB451}");
  EXPECT_EQ(event["instance"], "ROOT\\WMIPORT\\0000_0");
  EXPECT_EQ(event["lost"], 0);
  EXPECT_EQ(event["properties"]["EventType"], 0x501);  // HBA_EVENT_LINK_INCIDENT
  EXPECT_EQ(event["properties"]["AdapterWWN"], Json::parse("[32,0,0,0,201,171,205,239]"));
  EXPECT_EQ(event["properties"]["RLIRBuffer"][0], 1);  // port 1
  EXPECT_EQ(event["data"].get<std::string>().substr(0, 8), "01050000");
}

TEST(CliSamples, SessionWatchCallThenEvents) {
  const auto lines = session(
      "watch WdmDev_SettingChanged\n"
      "call WdmDev_Methods --index 0 --method ScaleBlinkRate --arg Factor=2\n"
      "events --count 1 --timeout 5\n");
  ASSERT_EQ(lines.size(), 3u);
  EXPECT_EQ(lines[0], Json::parse(R"({"status":"STATUS_SUCCESS"})"));
  EXPECT_EQ(lines[1]["properties"], Json::parse(R"({"OldBlinkRate":2,"NewBlinkRate":4})"));
  EXPECT_EQ(lines[2]["guid"], "{6F1E3A52-9B0D-4C7E-A1F3-2D5C8E9B0A13}");
  EXPECT_EQ(lines[2]["instance"], "ROOT\\WMIPORT\\0001_0");
  EXPECT_EQ(lines[2]["properties"]["ItemId"], 2);
  EXPECT_EQ(lines[2]["properties"]["BlinkRate"], 4);
}

// One hbaapi method of fchba called with --arg; the decoded output must contain `expected` (a JSON object whose
// members are compared, nested objects recursively).
struct MethodCase {
  std::string label;
  std::string block;
  std::string method;
  std::string arguments;
  std::string expected;
};

void expect_contains(const Json& actual, const Json& expected, const std::string& where) {
  for (const auto& [key, value] : expected.items()) {
    ASSERT_TRUE(actual.contains(key)) << where << ": no " << key << " in " << actual.dump();
    if (value.is_object())
      expect_contains(actual[key], value, where + "." + key);
    else
      EXPECT_EQ(actual[key], value) << where << "." << key;
  }
}

void PrintTo(const MethodCase& c, std::ostream* os) {
  *os << c.label;
}

class CliFchbaMethod : public ::testing::TestWithParam<MethodCase> {};

TEST_P(CliFchbaMethod, AnswersWithTheSimulatedFabric) {
  const auto& c = GetParam();
  const Json reply = run_json("call " + c.block + " --index 0 --method " + c.method + " " + c.arguments);
  ASSERT_TRUE(reply.is_object());
  ASSERT_TRUE(reply["properties"].is_object()) << reply.dump();
  expect_contains(reply["properties"], Json::parse(c.expected), c.method);
}

const std::string kAdapter = "MSFC_HBAAdapterMethods";
const std::string kFcp = "MSFC_HBAFCPInfo";

std::string scsi_args(const std::string& cdb, const std::string& lun) {
  return "--arg Cdb=" + cdb + " --arg HbaPortWWN=" + kPort0WWN + " --arg DiscoveredPortWWN=" + kTarget1WWN +
         (lun.empty() ? "" : " --arg FcLun=" + lun);
}

INSTANTIATE_TEST_SUITE_P(
    Methods, CliFchbaMethod,
    ::testing::Values(
        MethodCase{"DiscoveredPort", kAdapter, "GetDiscoveredPortAttributes",
                   "--arg PortIndex=0 --arg DiscoveredPortIndex=1",
                   R"({"HBAStatus":0,"PortAttributes":{"PortFcId":66049,"PortWWN":[80,6,1,96,62,160,16,17]}})"},
        MethodCase{"PortByWWN", kAdapter, "GetPortAttributesByWWN", "--arg wwn=" + kPort1WWN,
                   R"({"HBAStatus":0,"PortAttributes":{"PortWWN":[33,1,0,0,201,171,205,239]}})"},
        MethodCase{"PortByUnknownWWN", kAdapter, "GetPortAttributesByWWN", "--arg wwn=" + kUnknownWWN,
                   R"({"HBAStatus":5})"},
        MethodCase{"CTPassThru", kAdapter, "SendCTPassThru",
                   "--arg PortWWN=" + kPort0WWN + " --arg RequestBufferCount=4 --arg RequestBuffer=[1,0,0,0]",
                   R"({"HBAStatus":0,"TotalResponseBufferCount":16,"ActualResponseBufferCount":16,
                       "ResponseBuffer":[1,0,0,0,0,0,0,0,128,2,0,0,0,0,0,0]})"},
        MethodCase{"RNID", kAdapter, "SendRNID", "--arg wwn=" + kTarget1WWN + " --arg wwntype=0",
                   R"({"HBAStatus":0,"ResponseBufferCount":24})"},
        MethodCase{"RNIDUnknown", kAdapter, "SendRNID", "--arg wwn=" + kUnknownWWN + " --arg wwntype=0",
                   R"({"HBAStatus":5,"ResponseBufferCount":0,"ResponseBuffer":[]})"},
        MethodCase{"RNIDV2", kAdapter, "SendRNIDV2",
                   "--arg PortWWN=" + kPort0WWN + " --arg DestWWN=" + kTarget1WWN +
                       " --arg DestFCID=66049 --arg NodeIdDataFormat=223",
                   R"({"HBAStatus":0,"TotalRspBufferSize":24,"ActualRspBufferSize":24})"},
        MethodCase{"FC3MgmtInfo", kAdapter, "GetFC3MgmtInfo", "",
                   R"({"HBAStatus":0,"MgmtInfo":{"IPVersion":4,"UDPPort":162,"NumberOfAttachedNodes":2}})"},
        MethodCase{
            "RPL", kAdapter, "SendRPL",
            "--arg PortWWN=" + kPort0WWN + " --arg AgentWWN=" + kUnknownWWN + " --arg agent_domain=1 --arg portIndex=1",
            R"({"HBAStatus":0,"ActualRspBufferSize":28})"},
        MethodCase{"RPS", kAdapter, "SendRPS",
                   "--arg PortWWN=" + kPort0WWN + " --arg AgentWWN=" + kUnknownWWN + " --arg ObjectWWN=" + kPort0WWN +
                       " --arg AgentDomain=1 --arg ObjectPortNumber=0",
                   R"({"HBAStatus":0,"ActualRspBufferSize":36})"},
        MethodCase{"SRL", kAdapter, "SendSRL",
                   "--arg PortWWN=" + kPort0WWN + " --arg WWN=" + kUnknownWWN + " --arg Domain=1",
                   R"({"HBAStatus":0,"RspBuffer":[2,0,0,0,0,0,0,0]})"},
        MethodCase{"LIRR", kAdapter, "SendLIRR",
                   "--arg SourceWWN=" + kPort0WWN + " --arg DestWWN=" + kTarget1WWN + " --arg Function=1 --arg Type=0",
                   R"({"HBAStatus":0,"ActualRspBufferSize":8})"},
        MethodCase{"FC4Statistics", kAdapter, "GetFC4Statistics", "--arg PortWWN=" + kPort0WWN + " --arg FC4Type=8",
                   R"({"HBAStatus":0})"},
        MethodCase{"FC4StatisticsNotFcp", kAdapter, "GetFC4Statistics",
                   "--arg PortWWN=" + kPort0WWN + " --arg FC4Type=5", R"({"HBAStatus":28})"},
        MethodCase{"FCPStatistics", kAdapter, "GetFCPStatistics",
                   "--arg 'ScsiId={\"ScsiBusNumber\":0,\"ScsiTargetNumber\":1,\"ScsiOSLun\":1,\"OSDeviceName\":" +
                       zeros(257) + "}'",
                   R"({"HBAStatus":0})"},
        MethodCase{"FCPStatisticsNoLun", kAdapter, "GetFCPStatistics",
                   "--arg 'ScsiId={\"ScsiBusNumber\":0,\"ScsiTargetNumber\":7,\"ScsiOSLun\":0,\"OSDeviceName\":" +
                       zeros(257) + "}'",
                   R"({"HBAStatus":14})"},
        MethodCase{"Inquiry", kAdapter, "ScsiInquiry", scsi_args("[18,0,0,0,36,0]", "281474976710656"),
                   R"({"HBAStatus":0,"ScsiStatus":0,"ResponseBufferSize":36,"SenseBufferSize":0})"},
        MethodCase{"InquiryNoLun", kAdapter, "ScsiInquiry", scsi_args("[18,0,0,0,36,0]", "562949953421312"),
                   R"({"HBAStatus":9,"ScsiStatus":2,"ResponseBufferSize":0,"SenseBufferSize":18})"},
        MethodCase{"ReadCapacity", kAdapter, "ScsiReadCapacity", scsi_args(zeros(10), "0"),
                   R"({"HBAStatus":0,"ResponseBuffer":[0,63,255,255,0,0,2,0]})"},
        MethodCase{"ReportLuns", kAdapter, "ScsiReportLuns", scsi_args(zeros(12), ""),
                   R"({"HBAStatus":0,"ResponseBuffer":[0,0,0,16,0,0,0,0,0,0,0,0,0,0,0,0,0,1,0,0,0,0,0,0]})"},
        MethodCase{"EventBuffer", kAdapter, "GetEventBuffer", "", R"({"HBAStatus":0})"},
        MethodCase{"RLS", kAdapter, "SendRLS", "--arg PortWWN=" + kPort0WWN + " --arg DestWWN=" + kPort1WWN,
                   R"({"HBAStatus":0,"ActualRspBufferSize":28})"},
        MethodCase{"FcpTargetMapping", kFcp, "GetFcpTargetMapping",
                   "--arg HbaPortWWN=" + kPort0WWN + " --arg InEntryCount=8",
                   R"({"HBAStatus":0,"TotalEntryCount":4,"OutEntryCount":4})"},
        MethodCase{"PersistentBindingEmpty", kFcp, "GetFcpPersistentBinding", "--arg InEntryCount=4",
                   R"({"HBAStatus":0,"TotalEntryCount":0,"Entry":[]})"},
        MethodCase{"BindingCapability", kFcp, "GetBindingCapability", "--arg PortWWN=" + kPort0WWN,
                   R"({"HBAStatus":0,"BindType":2055})"},
        MethodCase{"BindingSupport", kFcp, "GetBindingSupport", "--arg PortWWN=" + kPort0WWN,
                   R"({"HBAStatus":0,"BindType":2})"},
        MethodCase{"SetBindingSupportUnsupported", kFcp, "SetBindingSupport",
                   "--arg PortWWN=" + kPort0WWN + " --arg BindType=8", R"({"HBAStatus":2})"},
        MethodCase{"PersistentBinding2", kFcp, "GetPersistentBinding2",
                   "--arg PortWWN=" + kPort0WWN + " --arg InEntryCount=4",
                   R"({"HBAStatus":0,"TotalEntryCount":0,"OutEntryCount":0})"},
        MethodCase{"RemoveMissingBinding", kFcp, "RemovePersistentEntry",
                   "--arg PortWWN=" + kPort0WWN + " --arg Binding=" + binding(0), R"({"HBAStatus":26})"}),
    [](const ::testing::TestParamInfo<MethodCase>& info) { return info.param.label; });

TEST(CliSamples, PersistentBindingsAndEventBufferKeepState) {
  const std::string set_entry =
      "call MSFC_HBAFCPInfo --index 0 --method SetPersistentEntry --arg PortWWN=" + kPort0WWN + " --arg Binding=";
  const auto lines = session(set_entry + binding(0) + "\n" + set_entry + binding(1) + "\n" + set_entry + binding(1) +
                             "\n"
                             "call MSFC_HBAFCPInfo --index 0 --method GetPersistentBinding2 --arg PortWWN=" +
                             kPort0WWN +
                             " --arg InEntryCount=1\n"
                             "call MSFC_HBAFCPInfo --index 0 --method RemovePersistentEntry --arg PortWWN=" +
                             kPort0WWN + " --arg Binding=" + binding(0) +
                             "\n"
                             "call MSFC_HBAFCPInfo --index 0 --method GetFcpPersistentBinding --arg InEntryCount=4\n"
                             "watch MSFC_LinkEvent\n"
                             "events --count 1 --timeout 10\n"
                             "call MSFC_HBAAdapterMethods --index 0 --method GetEventBuffer\n");
  ASSERT_EQ(lines.size(), 9u);
  EXPECT_EQ(lines[0]["properties"]["HBAStatus"], 0);
  EXPECT_EQ(lines[1]["properties"]["HBAStatus"], 0);
  EXPECT_EQ(lines[2]["properties"]["HBAStatus"], 20);  // HBA_STATUS_ERROR_LOCAL_SCSIID_BOUND
  EXPECT_EQ(lines[3]["properties"]["HBAStatus"], 7);   // HBA_STATUS_ERROR_MORE_DATA
  EXPECT_EQ(lines[3]["properties"]["TotalEntryCount"], 2);
  ASSERT_EQ(lines[3]["properties"]["Bindings"].size(), 1u);
  EXPECT_EQ(lines[3]["properties"]["Bindings"][0]["FCPId"]["PortWWN"], Json::parse(kTarget1WWN));
  EXPECT_EQ(lines[4]["properties"]["HBAStatus"], 0);
  EXPECT_EQ(lines[5]["properties"]["TotalEntryCount"], 1);
  EXPECT_EQ(lines[5]["properties"]["Entry"][0]["ScsiId"]["ScsiOSLun"], 1);
  EXPECT_EQ(lines[7]["properties"]["EventType"], 0x501);
  // The link change that fired the event is in the event buffer (port 1 going offline or online).
  const Json& events = lines[8]["properties"];
  ASSERT_GE(events["EventCount"].get<int>(), 1) << lines[8].dump();
  const int type = events["Events"][0]["EventType"].get<int>();
  EXPECT_TRUE(type == 0x201 || type == 0x202) << type;  // HBA_EVENT_PORT_OFFLINE, HBA_EVENT_PORT_ONLINE
  EXPECT_EQ(events["Events"][0]["EventInfo"][0], 1);
}

TEST(CliSamples, DemoShowsTheDecodedHbaMethodsAndAnEvent) {
  const auto result = run_wmiport("demo --event-timeout 10");
  ASSERT_EQ(result.status, 0) << result.err;
  for (const char* expected :
       {"3. The HBA: MSFC_FCAdapterHBAAttributes", "    Model            : FCHBA-2P8G\n",
        "    Attributes.PortWWN                     : 21:01:00:00:c9:ab:cd:ef\n",
        "        0:1:1           010201  50:06:01:60:3e:a0:10:11  0001000000000000\n", "        NewBlinkRate : 6\n",
        "an event arrived after", "    EventType      : 1281 (LINK_INCIDENT)\n"}) {
    EXPECT_NE(result.out.find(expected), std::string::npos) << expected << "\n" << result.out;
  }
  const auto wnode = run_wmiport("demo wnode");
  ASSERT_EQ(wnode.status, 0) << wnode.err;
  EXPECT_NE(wnode.out.find("rebuilding the parsed value gives identical bytes: yes"), std::string::npos);
}

struct BadInput {
  std::string label;
  std::string arguments;
  std::string message;  // in stderr
};

void PrintTo(const BadInput& c, std::ostream* os) {
  *os << c.label;
}

class CliSamplesBadInput : public ::testing::TestWithParam<BadInput> {};

TEST_P(CliSamplesBadInput, FailsWithTheStatusNamed) {
  const auto result = run_wmiport(globals() + " " + GetParam().arguments);
  EXPECT_EQ(result.status, 1) << result.out;
  EXPECT_EQ(result.out, "");
  EXPECT_NE(result.err.find(GetParam().message), std::string::npos) << result.err;
}

INSTANTIATE_TEST_SUITE_P(
    Errors, CliSamplesBadInput,
    ::testing::Values(
        BadInput{"UnknownGuid", "query {00000000-0000-0000-0000-000000000001}",
                 "STATUS_WMI_GUID_NOT_FOUND (0xC0000295): no block {00000000-0000-0000-0000-000000000001}"},
        BadInput{"UnknownClass", "query MSFC_NoSuchClass",
                 "STATUS_WMI_GUID_NOT_FOUND (0xC0000295): no MOF class named \"MSFC_NoSuchClass\""},
        BadInput{"MalformedGuid", "query {F8F3EA26-AB2C}", "STATUS_INVALID_PARAMETER (0xC000000D): malformed GUID"},
        BadInput{"UnknownInstance", "query MSFC_FibrePortHBAAttributes --instance X",
                 "STATUS_WMI_INSTANCE_NOT_FOUND (0xC0000296): no instance \"X\" of {61B397FD"},
        BadInput{"IndexPastTheEnd", "query MSFC_FibrePortHBAAttributes --index 2",
                 "STATUS_WMI_INSTANCE_NOT_FOUND (0xC0000296): no instance #2"},
        BadInput{"MalformedHex", "set WdmDev_Settings --index 0 --data 0x12", "STATUS_INVALID_PARAMETER (0xC000000D)"},
        BadInput{"OddHex", "call WdmDev_Methods --index 0 --method 1 --in 020", "STATUS_INVALID_PARAMETER"},
        BadInput{"WrongSetSize", "set WdmDev_Settings --index 0 --data 00", "STATUS_WMI_SET_FAILURE (0xC00002C7)"},
        BadInput{"WrongItemSize", "set-item WdmDev_Settings --index 0 --item 2 --data 0100",
                 "STATUS_WMI_SET_FAILURE (0xC00002C7)"},
        BadInput{"ShortMethodInput", "call MSFC_HBAFCPInfo --index 0 --method 1 --in 00",
                 "STATUS_UNSUCCESSFUL (0xC0000001)"},
        BadInput{"ReadOnlyItem", "set-item WdmDev_Settings --index 0 --item 1 --value 5",
                 "STATUS_WMI_READ_ONLY (0xC00002C6)"},
        BadInput{"ReadOnlyBlock", "set MSFC_FCAdapterHBAAttributes --index 0 --data 00",
                 "STATUS_WMI_SET_FAILURE (0xC00002C7)"},
        BadInput{"UnknownProperty", "set WdmDev_Settings --index 0 --prop Colour=3",
                 "STATUS_INVALID_PARAMETER (0xC000000D): unknown property \"Colour\""},
        BadInput{"UnknownArgument", "call WdmDev_Methods --index 0 --method ScaleBlinkRate --arg Nope=1",
                 "unknown argument \"Nope\""},
        BadInput{"UnknownMethod", "call MSFC_HBAAdapterMethods --index 0 --method 77",
                 "class MSFC_HBAAdapterMethods has no method \"77\""},
        BadInput{"OutOfRange", "call WdmDev_Methods --index 0 --method ScaleBlinkRate --arg Factor=99999999999",
                 "STATUS_INVALID_PARAMETER (0xC000000D): Factor: 99999999999 is out of range for uint32"},
        BadInput{"WrongArraySize",
                 "call MSFC_HBAAdapterMethods --index 0 --method GetPortAttributesByWWN --arg wwn=[1]",
                 "STATUS_INVALID_PARAMETER (0xC000000D): wwn"},
        BadInput{"NoInstanceGiven", "call WdmDev_Methods --method 1", "--instance or --index is required"}),
    [](const ::testing::TestParamInfo<BadInput>& info) { return info.param.label; });

TEST(CliSamples, ErrorsInASessionAreJsonAndTheSessionGoesOn) {
  const auto lines = session(
      "query MSFC_NoSuchClass\n"
      "call WdmDev_Methods --index 0 --method ScaleBlinkRate --arg Factor=-1\n"
      "set-item WdmDev_Settings --index 0 --item 1 --value 5\n"
      "query WdmDev_Settings --index 0\n",
      1);
  ASSERT_EQ(lines.size(), 4u);
  EXPECT_EQ(lines[0]["error"], "STATUS_WMI_GUID_NOT_FOUND");
  EXPECT_EQ(lines[0]["code"], "0xC0000295");
  EXPECT_EQ(lines[1]["error"], "STATUS_INVALID_PARAMETER");
  EXPECT_NE(lines[1]["message"].get<std::string>().find("Factor"), std::string::npos);
  EXPECT_EQ(lines[2], Json::parse(R"({"error":"STATUS_WMI_READ_ONLY","code":"0xC00002C6",
    "message":"provider 8 failed IRP_MN_CHANGE_SINGLE_ITEM for {6f1e3a52-9b0d-4c7e-a1f3-2d5c8e9b0a11}"})"));
  EXPECT_EQ(lines[3]["instances"][0]["properties"]["BlinkRate"], 2);
}

TEST(CliSamples, DriversThatCannotLoadNameTheStatus) {
  const std::string not_a_driver = std::string(WMIPORT_SOURCE_DIR) + "/samples/wdmdev/wdmdev.mof";
  const std::vector<std::pair<std::string, std::string>> cases{
      {not_a_driver, "STATUS_INVALID_IMAGE_FORMAT (0xC000007B): cannot load " + not_a_driver},
      {WMIPORT_DRIVER_DIR "/wmi_no_entry.so", "STATUS_PROCEDURE_NOT_FOUND (0xC000007A): cannot load "},
      {WMIPORT_DRIVER_DIR "/wmi_failing_entry.so",
       "STATUS_DEVICE_CONFIGURATION_ERROR (0xC0000182): cannot load " WMIPORT_DRIVER_DIR "/wmi_failing_entry.so"}};
  for (const auto& [path, message] : cases) {
    const auto result = run_wmiport("--driver " + path + " --json list");
    EXPECT_EQ(result.status, 1) << path;
    EXPECT_EQ(result.out, "");
    EXPECT_NE(result.err.find(message), std::string::npos) << result.err;
  }
}

}  // namespace
}  // namespace wmiport::testing
