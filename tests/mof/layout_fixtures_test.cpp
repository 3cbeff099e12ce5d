// Layouts of real driver classes (compiled from ../shared/fixtures/mof) against offsets computed by hand from
// spec mof-and-layout §3.5/§3.6.
#include <gtest/gtest.h>

#include "layout_fixtures.h"

namespace wmiport::mof {
namespace {

using testing::fixture;
using testing::fixture_layout;
using testing::fixture_method_layout;

struct Expected {
  const char* name;
  std::optional<std::uint32_t> offset;
  std::optional<std::uint32_t> size;
};

void expect_items(const BlockLayout& layout, std::initializer_list<Expected> expected) {
  ASSERT_EQ(layout.items.size(), expected.size()) << layout.name;
  std::size_t i = 0;
  for (const auto& e : expected) {
    const ItemLayout& got = layout.items[i++];
    SCOPED_TRACE(got.name);
    EXPECT_EQ(got.name, e.name);
    EXPECT_EQ(got.offset, e.offset);
    EXPECT_EQ(got.size, e.size);
  }
}

// §3.5 A.
TEST(LayoutFixtures, FcAdapterHbaAttributes) {
  BlockLayout layout = fixture_layout("SFBDhbaapi.mof", "MSFC_FCAdapterHBAAttributes");
  expect_items(layout, {{"UniqueAdapterId", 0, 8},
                        {"HBAStatus", 8, 4},
                        {"NodeWWN", 12, 8},
                        {"VendorSpecificID", 20, 4},
                        {"NumberOfPorts", 24, 4},
                        {"Manufacturer", 28, 130},
                        {"SerialNumber", 158, 130},
                        {"Model", 288, 514},
                        {"ModelDescription", 802, 514},
                        {"NodeSymbolicName", 1316, 514},
                        {"HardwareVersion", 1830, 514},
                        {"DriverVersion", 2344, 514},
                        {"OptionROMVersion", 2858, 514},
                        {"FirmwareVersion", 3372, 514},
                        {"DriverName", 3886, 514},
                        {"MfgDomain", 4400, 514}});
  EXPECT_EQ(layout.wmi_size, 4914u);
  EXPECT_EQ(layout.c_sizeof, 4920u);
  EXPECT_EQ(layout.items[5].max_len, 64u);
  EXPECT_EQ(layout.items[2].array, ArrayKind::fixed);

  BlockLayout compact = fixture_layout("SFBDhbaapi.mof", "MSFC_FCAdapterHBAAttributes", StringMode::compact);
  EXPECT_EQ(compact.items[5].offset, 28u);
  EXPECT_FALSE(compact.items[6].offset);
  EXPECT_FALSE(compact.wmi_size);
}

// §3.3: the embedded class aligns to its largest member (4), not 8.
TEST(LayoutFixtures, FibrePortHbaAttributesEmbedsAtTwelve) {
  BlockLayout layout = fixture_layout("SFBDhbaapi.mof", "MSFC_FibrePortHBAAttributes");
  expect_items(layout, {{"UniquePortId", 0, 8}, {"HBAStatus", 8, 4}, {"Attributes", 12, 120}});
  EXPECT_EQ(layout.wmi_size, 132u);
  EXPECT_EQ(layout.c_sizeof, 136u);
  const ItemLayout& attributes = layout.items[2];
  ASSERT_TRUE(attributes.embedded);
  EXPECT_EQ(attributes.alignment, 4u);
  expect_items(*attributes.embedded, {{"NodeWWN", 0, 8},
                                      {"PortWWN", 8, 8},
                                      {"PortFcId", 16, 4},
                                      {"PortType", 20, 4},
                                      {"PortState", 24, 4},
                                      {"PortSupportedClassofService", 28, 4},
                                      {"PortSupportedFc4Types", 32, 32},
                                      {"PortActiveFc4Types", 64, 32},
                                      {"PortSupportedSpeed", 96, 4},
                                      {"PortSpeed", 100, 4},
                                      {"PortMaxFrameSize", 104, 4},
                                      {"FabricName", 108, 8},
                                      {"NumberofDiscoveredPorts", 116, 4}});
}

// §3.3: HBAScsiID has 526 bytes of items and occupies 528 inside HBAFCPScsiEntry.
TEST(LayoutFixtures, HbaScsiIdOccupiesItsCSizeof) {
  BlockLayout id = fixture_layout("SFBDhbaapi.mof", "HBAScsiID");
  EXPECT_EQ(id.wmi_size, 526u);
  EXPECT_EQ(id.c_sizeof, 528u);
  BlockLayout entry = fixture_layout("SFBDhbaapi.mof", "HBAFCPScsiEntry");
  const ItemLayout* scsi = entry.find("ScsiId");
  ASSERT_NE(scsi, nullptr);
  EXPECT_EQ(scsi->size, 528u);
}

// §3.5 C: datetime, nested embedded classes, a fixed array of 16 embedded entries.
TEST(LayoutFixtures, ClassErrorLog) {
  BlockLayout entry = fixture_layout("classlog.mof", "MSStorageDriver_ClassErrorLogEntry");
  expect_items(entry, {{"tickCount", 0, 8},
                       {"portNumber", 8, 4},
                       {"errorPaging", 12, 1},
                       {"errorRetried", 13, 1},
                       {"errorUnhandled", 14, 1},
                       {"errorReserved", 15, 1},
                       {"reserved", 16, 3},
                       {"srb", 24, 88},
                       {"senseData", 112, 23},
                       {"eventTime", 136, 50}});
  EXPECT_EQ(entry.items[7].alignment, 8u);
  EXPECT_EQ(entry.items[8].alignment, 1u);
  EXPECT_EQ(entry.wmi_size, 186u);
  EXPECT_EQ(entry.c_sizeof, 192u);

  BlockLayout log = fixture_layout("classlog.mof", "MSStorageDriver_ClassErrorLog");
  expect_items(log, {{"numEntries", 0, 4}, {"logEntries", 8, 16 * 192}});
  EXPECT_EQ(log.items[1].element_size, 192u);
  EXPECT_EQ(log.items[1].fixed_count, 16u);
  EXPECT_EQ(log.wmi_size, 3080u);
}

// §3.6: wmisamp's EC1 and the SetEC1 input block share one layout; fixed arrays of embedded classes.
TEST(LayoutFixtures, WmiSampleEmbeddedClasses) {
  const std::initializer_list<Expected> ec1 = {{"Xboolean", 0, 1}, {"Xuint8", 1, 1},  {"Xuint16", 2, 2},
                                               {"Xuint32", 4, 4},  {"Xuint64", 8, 8}, {"Xint8", 16, 1},
                                               {"Xint16", 18, 2},  {"Xint32", 20, 4}, {"Xint64", 24, 8}};
  BlockLayout layout = fixture_layout("wmisamp.mof", "Vendor_EC1");
  expect_items(layout, ec1);
  EXPECT_EQ(layout.c_sizeof, 32u);
  BlockLayout set_ec1 = fixture_method_layout("wmisamp.mof", "SetEC1", Direction::in);
  expect_items(set_ec1, ec1);
  EXPECT_EQ(set_ec1.items[0].data_id, 1u);
  EXPECT_EQ(set_ec1.items[8].data_id, 9u);
  EXPECT_TRUE(fixture_method_layout("wmisamp.mof", "SetEC1", Direction::out).items.empty());

  BlockLayout ec2 = fixture_layout("wmisamp.mof", "Vendor_EC2");
  EXPECT_EQ(ec2.c_sizeof, 72u);
  BlockLayout four = fixture_layout("wmisamp.mof", "WmiSampleClass3");
  expect_items(four, {{"EmbeddedClass1", 0, 128}});
  EXPECT_EQ(four.items[0].array, ArrayKind::fixed);
  EXPECT_EQ(four.items[0].element_size, 32u);
}

// §3.5 B: the count, 4 bytes of padding, then the 8-aligned array.
TEST(LayoutFixtures, DevicePerf) {
  BlockLayout layout = fixture_layout("msdsm.mof", "MSDSM_DEVICE_PERF");
  expect_items(layout, {{"NumberPaths", 0, 4}, {"PerfInfo", 8, std::nullopt}});
  EXPECT_EQ(layout.items[1].array, ArrayKind::sized);
  EXPECT_EQ(layout.items[1].count_item, 0u);
  EXPECT_EQ(layout.items[1].element_size, 32u);
  EXPECT_FALSE(layout.wmi_size);
}

// §3.4: MaxLen(31) HardwareId in slot mode; an embedded array of it and a MaxLen string array.
TEST(LayoutFixtures, MsdsmMaxLenStrings) {
  BlockLayout info = fixture_layout("msdsmdsm.mof", "MSDSM_TARGET_DEFAULT_POLICY_INFO");
  expect_items(info,
               {{"HardwareId", 0, 64}, {"LoadBalancePolicy", 64, 4}, {"Reserved", 68, 4}, {"PreferredPath", 72, 8}});
  BlockLayout targets = fixture_layout("msdsmdsm.mof", "MSDSM_TARGETS_DEFAULT_LOAD_BALANCE_POLICY");
  expect_items(targets, {{"NumberDevices", 0, 4}, {"Reserved", 4, 4}, {"TargetDefaultPolicyInfo", 8, std::nullopt}});
  EXPECT_EQ(targets.items[2].element_size, 80u);
  BlockLayout devices = fixture_layout("msdsmdsm.mof", "MSDSM_SUPPORTED_DEVICES_LIST");
  expect_items(devices, {{"NumberDevices", 0, 4}, {"Reserved", 4, 4}, {"DeviceId", 8, std::nullopt}});
  EXPECT_EQ(devices.items[2].element_size, 64u);  // msdsm steps 64 bytes per element

  BlockLayout compact = fixture_layout("msdsmdsm.mof", "MSDSM_TARGET_DEFAULT_POLICY_INFO", StringMode::compact);
  expect_items(compact, {{"HardwareId", 0, std::nullopt},
                         {"LoadBalancePolicy", std::nullopt, 4},
                         {"Reserved", std::nullopt, 4},
                         {"PreferredPath", std::nullopt, 8}});
}

// §3.6: ScsiInquiry OUT; the first variable array has a fixed offset, the one after it does not.
TEST(LayoutFixtures, ScsiInquiryParameters) {
  BlockLayout out = fixture_method_layout("SFBDhbaapi.mof", "ScsiInquiry", Direction::out);
  EXPECT_EQ(out.name, "ScsiInquiry_OUT");
  expect_items(out, {{"HBAStatus", 0, 4},
                     {"ResponseBufferSize", 4, 4},
                     {"SenseBufferSize", 8, 4},
                     {"ScsiStatus", 12, 1},
                     {"ResponseBuffer", 13, std::nullopt},
                     {"SenseBuffer", std::nullopt, std::nullopt}});
  EXPECT_EQ(out.items[4].count_item, 1u);
  EXPECT_EQ(out.items[5].count_item, 2u);
  EXPECT_EQ(out.items[0].data_id, 5u);  // Cdb, HbaPortWWN, DiscoveredPortWWN, FcLun are IDs 1-4
  BlockLayout in = fixture_method_layout("SFBDhbaapi.mof", "ScsiInquiry", Direction::in);
  expect_items(in, {{"Cdb", 0, 6}, {"HbaPortWWN", 6, 8}, {"DiscoveredPortWWN", 14, 8}, {"FcLun", 24, 8}});
  EXPECT_EQ(in.wmi_size, 32u);
}

// §3.6: IN IDs 1, 2; OUT IDs 3, 4 with an embedded class as a parameter.
TEST(LayoutFixtures, GetDiscoveredPortAttributesParameters) {
  BlockLayout in = fixture_method_layout("SFBDhbaapi.mof", "GetDiscoveredPortAttributes", Direction::in);
  expect_items(in, {{"PortIndex", 0, 4}, {"DiscoveredPortIndex", 4, 4}});
  EXPECT_EQ(in.items[0].data_id, 1u);
  EXPECT_EQ(in.items[1].data_id, 2u);
  BlockLayout out = fixture_method_layout("SFBDhbaapi.mof", "GetDiscoveredPortAttributes", Direction::out);
  expect_items(out, {{"HBAStatus", 0, 4}, {"PortAttributes", 4, 120}});
  EXPECT_EQ(out.items[0].data_id, 3u);
  EXPECT_EQ(out.items[1].data_id, 4u);
  EXPECT_EQ(out.wmi_size, 124u);
}

// Event classes are laid out like data blocks.
TEST(LayoutFixtures, EventBlocks) {
  const Schema& schema = fixture("SFBDhbaapi.mof");
  EXPECT_TRUE(schema.is_event_class(*schema.find_class("MSFC_LinkEvent")));
  BlockLayout link = fixture_layout("SFBDhbaapi.mof", "MSFC_LinkEvent");
  expect_items(
      link, {{"EventType", 0, 4}, {"AdapterWWN", 4, 8}, {"RLIRBufferSize", 12, 4}, {"RLIRBuffer", 16, std::nullopt}});
  BlockLayout arrival = fixture_layout("toaster.mof", "ToasterNotifyDeviceArrival");
  expect_items(arrival, {{"ModelName", 0, std::nullopt}});
}

// Every WMI class and method of every fixture lays out, in both string modes, and every fixed-size block's
// wmi_size is the end of its last item.
TEST(LayoutFixtures, EveryFixtureClassLaysOut) {
  std::size_t blocks = 0;
  for (const char* file : testing::kFixtureFiles) {
    const Schema& schema = fixture(file);
    for (const Class& cls : schema.classes()) {
      if (!cls.is_wmi())
        continue;
      for (StringMode mode : {StringMode::slot, StringMode::compact}) {
        SCOPED_TRACE(std::string(file) + ": " + cls.name);
        auto layout = layout_class(schema, cls, LayoutOptions{mode});
        ASSERT_TRUE(layout.ok()) << layout.error().to_string();
        ++blocks;
        if (layout->wmi_size && !layout->items.empty()) {
          const ItemLayout& last = layout->items.back();
          EXPECT_EQ(*layout->wmi_size, *last.offset + *last.size);
          EXPECT_EQ(*layout->c_sizeof % layout->alignment, 0u);
        }
        for (const Method& m : cls.methods) {
          for (Direction d : {Direction::in, Direction::out}) {
            auto params = layout_method_parameters(schema, cls, m, d, LayoutOptions{mode});
            ASSERT_TRUE(params.ok()) << params.error().to_string();
            ++blocks;
          }
        }
      }
    }
  }
  EXPECT_GT(blocks, 200u);
}

}  // namespace
}  // namespace wmiport::mof
