// The layout rules of spec mof-and-layout §3 on classes built in code, offsets computed by hand from §3.3/§3.5.
#include <gtest/gtest.h>

#include "layout_schema_builder.h"
#include "mof/layout/layout.h"

namespace wmiport::mof {
namespace {

using testing::embedded;
using testing::item;
using testing::method;
using testing::PropertyBuilder;
using testing::wmi_class;

struct Expected {
  const char* name;
  std::optional<std::uint32_t> offset;
  std::optional<std::uint32_t> size;
  std::uint32_t alignment;
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
    EXPECT_EQ(got.alignment, e.alignment);
  }
}

// §3.5 A, slot mode: every MaxLen string is a 2 + 2*MaxLen slot.
Class fc_adapter_attributes() {
  std::vector<Property> items = {
      item("UniqueAdapterId", CimType::uint64, 1),         item("HBAStatus", CimType::uint32, 2),
      item("NodeWWN", CimType::uint8, 3).fixed(8),         item("VendorSpecificID", CimType::uint32, 4),
      item("NumberOfPorts", CimType::uint32, 5),           item("Manufacturer", CimType::string, 6).max_len(64),
      item("SerialNumber", CimType::string, 7).max_len(64)};
  const char* long_strings[] = {"Model",           "ModelDescription", "NodeSymbolicName",
                                "HardwareVersion", "DriverVersion",    "OptionROMVersion",
                                "FirmwareVersion", "DriverName",       "MfgDomain"};
  std::int64_t id = 8;
  for (const char* name : long_strings)
    items.push_back(item(name, CimType::string, id++).max_len(256));
  return wmi_class("MSFC_FCAdapterHBAAttributes", std::move(items));
}

TEST(LayoutRules, FcAdapterAttributesSlotOffsets) {
  Schema schema;
  const Class& cls = schema.add_class(fc_adapter_attributes());
  auto layout = layout_class(schema, cls);
  ASSERT_TRUE(layout.ok()) << layout.error().to_string();
  expect_items(*layout, {{"UniqueAdapterId", 0, 8, 8},
                         {"HBAStatus", 8, 4, 4},
                         {"NodeWWN", 12, 8, 1},
                         {"VendorSpecificID", 20, 4, 4},
                         {"NumberOfPorts", 24, 4, 4},
                         {"Manufacturer", 28, 130, 2},
                         {"SerialNumber", 158, 130, 2},
                         {"Model", 288, 514, 2},
                         {"ModelDescription", 802, 514, 2},
                         {"NodeSymbolicName", 1316, 514, 2},
                         {"HardwareVersion", 1830, 514, 2},
                         {"DriverVersion", 2344, 514, 2},
                         {"OptionROMVersion", 2858, 514, 2},
                         {"FirmwareVersion", 3372, 514, 2},
                         {"DriverName", 3886, 514, 2},
                         {"MfgDomain", 4400, 514, 2}});
  EXPECT_EQ(layout->wmi_size, 4914u);
  EXPECT_EQ(layout->c_sizeof, 4920u);
  EXPECT_EQ(layout->alignment, 8u);
  EXPECT_EQ(layout->items[2].array, ArrayKind::fixed);
  EXPECT_EQ(layout->items[2].fixed_count, 8u);
  EXPECT_EQ(layout->items[2].element_size, 1u);
}

TEST(LayoutRules, FcAdapterAttributesCompactIsVariableAfterTheFirstString) {
  Schema schema;
  const Class& cls = schema.add_class(fc_adapter_attributes());
  auto layout = layout_class(schema, cls, LayoutOptions{StringMode::compact});
  ASSERT_TRUE(layout.ok()) << layout.error().to_string();
  EXPECT_EQ(layout->items[5].offset, 28u);  // Manufacturer starts at a fixed place ...
  EXPECT_FALSE(layout->items[5].size);      // ... but its size depends on the data
  EXPECT_FALSE(layout->items[6].offset);    // so SerialNumber's place does too
  EXPECT_FALSE(layout->wmi_size);
  EXPECT_FALSE(layout->c_sizeof);
  EXPECT_EQ(layout->min_size, 28u + 11 * 2);  // every string empty: just the counts
}

// §3.4: HardwareId MaxLen(31), then u32, u32, u64.
Class target_default_policy_info() {
  return wmi_class("MSDSM_TARGET_DEFAULT_POLICY_INFO",
                   {item("HardwareId", CimType::string, 1).max_len(31), item("LoadBalancePolicy", CimType::uint32, 2),
                    item("Reserved", CimType::uint32, 3), item("PreferredPath", CimType::uint64, 4)});
}

TEST(LayoutRules, MaxLenSlotMode) {
  Schema schema;
  const Class& cls = schema.add_class(target_default_policy_info());
  auto layout = layout_class(schema, cls);
  ASSERT_TRUE(layout.ok()) << layout.error().to_string();
  expect_items(
      *layout,
      {{"HardwareId", 0, 64, 2}, {"LoadBalancePolicy", 64, 4, 4}, {"Reserved", 68, 4, 4}, {"PreferredPath", 72, 8, 8}});
  EXPECT_EQ(layout->wmi_size, 80u);
  EXPECT_EQ(layout->c_sizeof, 80u);
}

// §3.5 B: a WmiSizeIs array of an embedded class with 8-byte alignment.
Schema device_perf_schema() {
  Schema schema;
  schema.add_class(wmi_class("MSDSM_DEVICEPATH_PERF",
                             {item("PathId", CimType::uint64, 1), item("NumberReads", CimType::uint32, 2),
                              item("NumberWrites", CimType::uint32, 3), item("BytesRead", CimType::uint64, 4),
                              item("BytesWritten", CimType::uint64, 5)}));
  schema.add_class(wmi_class(
      "MSDSM_DEVICE_PERF",
      {item("NumberPaths", CimType::uint32, 1),
       embedded("PerfInfo", "MSDSM_DEVICEPATH_PERF", 2).sized_by("numberpaths")}));  // case-insensitive target
  return schema;
}

TEST(LayoutRules, SizedArrayOfEmbeddedClass) {
  Schema schema = device_perf_schema();
  auto layout = layout_class(schema, *schema.find_class("MSDSM_DEVICE_PERF"));
  ASSERT_TRUE(layout.ok()) << layout.error().to_string();
  expect_items(*layout, {{"NumberPaths", 0, 4, 4}, {"PerfInfo", 8, std::nullopt, 8}});
  const ItemLayout& perf = layout->items[1];
  EXPECT_EQ(perf.array, ArrayKind::sized);
  EXPECT_EQ(perf.count_item, 0u);
  EXPECT_EQ(perf.element_size, 32u);
  ASSERT_TRUE(perf.embedded);
  EXPECT_EQ(perf.embedded->c_sizeof, 32u);
  EXPECT_FALSE(layout->wmi_size);
  EXPECT_EQ(layout->min_size, 8u);
}

// §3.3: embedded alignment is the largest member, not 8; the embedded object occupies its C sizeof.
TEST(LayoutRules, EmbeddedAlignmentAndTailPadding) {
  Schema schema;
  schema.add_class(wmi_class("Small", {item("A", CimType::uint32, 1), item("B", CimType::uint16, 2)}));  // 6 -> 8
  const Class& outer =
      schema.add_class(wmi_class("Outer", {item("Id", CimType::uint64, 1), item("Status", CimType::uint32, 2),
                                           embedded("Inner", "Small", 3), item("Flag", CimType::uint8, 4)}));
  auto layout = layout_class(schema, outer);
  ASSERT_TRUE(layout.ok()) << layout.error().to_string();
  expect_items(*layout, {{"Id", 0, 8, 8}, {"Status", 8, 4, 4}, {"Inner", 12, 8, 4}, {"Flag", 20, 1, 1}});
  EXPECT_EQ(layout->wmi_size, 21u);
  EXPECT_EQ(layout->c_sizeof, 24u);
}

// §3.5 F: NVMe_QueryDevInfo, an embedded class with 8-byte alignment after two u32.
TEST(LayoutRules, EmbeddedWithEightByteMember) {
  Schema schema;
  schema.add_class(wmi_class("NVMe_DataType", {item("Id", CimType::sint32, 1), item("u64", CimType::uint64, 2)}));
  const Class& cls =
      schema.add_class(wmi_class("NVMe_QueryDevInfo", {item("A", CimType::uint32, 1), item("B", CimType::uint32, 2),
                                                       embedded("Data", "NVMe_DataType", 3)}));
  auto layout = layout_class(schema, cls);
  ASSERT_TRUE(layout.ok()) << layout.error().to_string();
  expect_items(*layout, {{"A", 0, 4, 4}, {"B", 4, 4, 4}, {"Data", 8, 16, 8}});
  EXPECT_EQ(layout->wmi_size, 24u);
}

TEST(LayoutRules, ItemsFollowWmiDataIdNotDeclarationOrder) {
  Schema schema;
  const Class& cls =
      schema.add_class(wmi_class("Shuffled", {item("One", CimType::uint8, 1), item("Two", CimType::uint32, 2),
                                              item("Four", CimType::uint16, 4), item("Three", CimType::uint8, 3),
                                              item("Unplaced", CimType::uint64, 0).qualifier("Other", Value{})}));
  // "Unplaced" has WmiDataId(0): the ids must start at 1.
  auto bad = layout_class(schema, cls);
  EXPECT_FALSE(bad.ok());

  Class good = cls;
  good.properties.pop_back();
  Property no_id;
  no_id.name = "NotInBlock";
  no_id.type.type = CimType::uint64;
  good.properties.push_back(no_id);
  auto layout = layout_class(schema, good);
  ASSERT_TRUE(layout.ok()) << layout.error().to_string();
  expect_items(*layout, {{"One", 0, 1, 1}, {"Two", 4, 4, 4}, {"Three", 8, 1, 1}, {"Four", 10, 2, 2}});
  EXPECT_EQ(layout->wmi_size, 12u);
}

TEST(LayoutRules, DatetimeIsTwentyFiveWideCharacters) {
  Schema schema;
  const Class& cls =
      schema.add_class(wmi_class("Times", {item("Flag", CimType::uint8, 1), item("When", CimType::datetime, 2),
                                           item("After", CimType::uint8, 3)}));
  auto layout = layout_class(schema, cls);
  ASSERT_TRUE(layout.ok()) << layout.error().to_string();
  expect_items(*layout, {{"Flag", 0, 1, 1}, {"When", 2, 50, 2}, {"After", 52, 1, 1}});
}

TEST(LayoutRules, InheritedDataItemsComeFromTheSuperclass) {
  Schema schema;
  schema.add_class(wmi_class("Base", {item("First", CimType::uint32, 1)}));
  Class derived = wmi_class("Derived", {item("Second", CimType::uint64, 2)});
  derived.superclass = "Base";
  const Class& cls = schema.add_class(derived);
  auto layout = layout_class(schema, cls);
  ASSERT_TRUE(layout.ok()) << layout.error().to_string();
  expect_items(*layout, {{"First", 0, 4, 4}, {"Second", 8, 8, 8}});
}

// §3.6: [in] and [out] blocks by parameter ID; [in, out] in both; the ID of the header is ID + 1.
TEST(LayoutRules, MethodParameterBlocks) {
  Schema schema;
  Class cls = wmi_class("Methods", {});
  cls.methods.push_back(method(
      "GetDiscoveredPortAttributes",
      {PropertyBuilder("PortIndex", CimType::uint32).in(), PropertyBuilder("DiscoveredPortIndex", CimType::uint32).in(),
       PropertyBuilder("HBAStatus", CimType::uint32).out(), PropertyBuilder("Both", CimType::uint16).in().out()}));
  const Class& stored = schema.add_class(cls);
  const Method& m = stored.methods[0];
  auto in = layout_method_parameters(schema, stored, m, Direction::in);
  ASSERT_TRUE(in.ok()) << in.error().to_string();
  EXPECT_EQ(in->name, "GetDiscoveredPortAttributes_IN");
  expect_items(*in, {{"PortIndex", 0, 4, 4}, {"DiscoveredPortIndex", 4, 4, 4}, {"Both", 8, 2, 2}});
  EXPECT_EQ(in->items[0].data_id, 1u);
  EXPECT_EQ(in->items[2].data_id, 4u);
  auto out = layout_method_parameters(schema, stored, m, Direction::out);
  ASSERT_TRUE(out.ok()) << out.error().to_string();
  expect_items(*out, {{"HBAStatus", 0, 4, 4}, {"Both", 4, 2, 2}});
  EXPECT_EQ(out->items[0].data_id, 3u);
  EXPECT_EQ(out->wmi_size, 6u);
}

TEST(LayoutRules, EmptyBlock) {
  Schema schema;
  const Class& cls = schema.add_class(wmi_class("Empty", {}));
  auto layout = layout_class(schema, cls);
  ASSERT_TRUE(layout.ok());
  EXPECT_TRUE(layout->items.empty());
  EXPECT_EQ(layout->wmi_size, 0u);
  EXPECT_EQ(layout->c_sizeof, 0u);
  EXPECT_EQ(layout->alignment, 1u);
}

TEST(LayoutRules, FixedInstanceStrideRoundsUpToEight) {
  EXPECT_EQ(fixed_instance_stride(132), 136u);
  EXPECT_EQ(fixed_instance_stride(136), 136u);
  EXPECT_EQ(fixed_instance_stride(0), 0u);
  EXPECT_FALSE(fixed_instance_stride(0xFFFFFFFFu));
}

// Classes a WMI block cannot be laid out from, and the words the error must contain.
struct Rejection {
  const char* name;
  std::vector<Property> items;
  const char* expected;
};

TEST(LayoutRules, Rejections) {
  const std::vector<Rejection> cases = {
      {"duplicate id", {item("A", CimType::uint32, 1), item("B", CimType::uint32, 1)}, "WmiDataId 1 is also used by A"},
      {"gap", {item("A", CimType::uint32, 1), item("C", CimType::uint32, 3)}, "contiguous from 1"},
      {"starts at 2", {item("B", CimType::uint32, 2)}, "contiguous from 1"},
      {"size_is unknown", {item("A", CimType::uint8, 1).sized_by("Nope")}, "WmiSizeIs(\"Nope\") must name an earlier"},
      {"size_is later",
       {item("A", CimType::uint8, 1).sized_by("N"), item("N", CimType::uint32, 2)},
       "must name an earlier item"},
      {"size_is string",
       {item("N", CimType::string, 1), item("A", CimType::uint8, 2).sized_by("N")},
       "names a string, not an integer"},
      {"size_is array",
       {item("N", CimType::uint32, 1).fixed(2), item("A", CimType::uint8, 2).sized_by("N")},
       "not an integer"},
      {"unsized array", {PropertyBuilder("A", CimType::uint8).id(1).qualifier("Dummy", Value{})}, "needs a fixed size"},
      {"unknown embedded", {embedded("E", "Missing", 1)}, "embedded class Missing is not declared"},
      {"reference", {item("R", CimType::reference, 1)}, "references cannot be part"},
      {"untyped object", {item("O", CimType::object, 1)}, "untyped object"},
      {"huge fixed array", {item("A", CimType::uint64, 1).fixed(0x40000000)}, "beyond 4 GiB"},
      {"slot MaxLen too long", {item("S", CimType::string, 1).max_len(40000)}, "does not fit a USHORT"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Schema schema;
    auto items = c.items;
    if (std::string(c.name) == "unsized array")
      items[0].is_array = true;  // x[] with neither MAX nor WmiSizeIs
    const Class& cls = schema.add_class(wmi_class("Bad", items));
    auto layout = layout_class(schema, cls);
    ASSERT_FALSE(layout.ok());
    EXPECT_NE(layout.error().message().find(c.expected), std::string::npos) << layout.error().message();
    EXPECT_NE(layout.error().message().find("Bad."), std::string::npos) << layout.error().message();
  }
}

TEST(LayoutRules, ErrorsCarryTheDeclarationLocation) {
  Schema schema;
  Property bad = item("B", CimType::uint32, 3);
  bad.where = SourceLocation{"x.mof", 12, 5};
  const Class& cls = schema.add_class(wmi_class("Located", {item("A", CimType::uint32, 1), bad}));
  auto layout = layout_class(schema, cls);
  ASSERT_FALSE(layout.ok());
  EXPECT_EQ(layout.error().message().rfind("x.mof:12:5: Located.B: ", 0), 0u) << layout.error().message();
}

TEST(LayoutRules, RecursiveEmbeddingIsRejected) {
  Schema schema;
  schema.add_class(wmi_class("Self", {item("A", CimType::uint32, 1), embedded("Me", "Self", 2)}));
  schema.add_class(wmi_class("Ping", {embedded("P", "Pong", 1)}));
  schema.add_class(wmi_class("Pong", {embedded("P", "Ping", 1)}));
  for (const char* name : {"Self", "Ping"}) {
    SCOPED_TRACE(name);
    auto layout = layout_class(schema, *schema.find_class(name));
    ASSERT_FALSE(layout.ok());
    EXPECT_NE(layout.error().message().find("embeds itself"), std::string::npos) << layout.error().message();
  }
}

TEST(LayoutRules, ArraysOfEmptyClassesAreRejected) {
  Schema schema;
  schema.add_class(wmi_class("Nothing", {}));
  const Class& cls =
      schema.add_class(wmi_class("Many", {item("N", CimType::uint32, 1), embedded("E", "Nothing", 2).sized_by("N")}));
  auto layout = layout_class(schema, cls);
  ASSERT_FALSE(layout.ok());
  EXPECT_NE(layout.error().message().find("no data items"), std::string::npos) << layout.error().message();
}

}  // namespace
}  // namespace wmiport::mof
