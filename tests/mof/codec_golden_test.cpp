// Golden bytes of spec mof-and-layout §3.4/§3.5 decoded and re-encoded byte for byte, on classes built in code,
// and the table of inputs the decoder and encoder must reject.
#include <gtest/gtest.h>

#include "layout_schema_builder.h"
#include "mof/layout/codec.h"
#include "mof/layout/json.h"

namespace wmiport::mof {
namespace {

using testing::embedded;
using testing::item;
using testing::wmi_class;
using ByteVector = std::vector<std::uint8_t>;

BlockLayout must_layout(const Schema& schema, std::string_view name, StringMode mode = StringMode::slot) {
  const Class* cls = schema.find_class(name);
  EXPECT_NE(cls, nullptr) << name;
  auto layout = layout_class(schema, *cls, LayoutOptions{mode});
  EXPECT_TRUE(layout.ok()) << layout.error().to_string();
  return layout.ok() ? std::move(layout).value() : BlockLayout{};
}

Schema device_perf_schema() {
  Schema schema;
  schema.add_class(wmi_class("MSDSM_DEVICEPATH_PERF",
                             {item("PathId", CimType::uint64, 1), item("NumberReads", CimType::uint32, 2),
                              item("NumberWrites", CimType::uint32, 3), item("BytesRead", CimType::uint64, 4),
                              item("BytesWritten", CimType::uint64, 5)}));
  schema.add_class(
      wmi_class("MSDSM_DEVICE_PERF", {item("NumberPaths", CimType::uint32, 1),
                                      embedded("PerfInfo", "MSDSM_DEVICEPATH_PERF", 2).sized_by("NumberPaths")}));
  return schema;
}

// §3.5 B: NumberPaths = 2, 4 bytes of padding, two 32-byte MSDSM_DEVICEPATH_PERF.
const ByteVector kDevicePerfTwoPaths = {
    0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // NumberPaths = 2, padding to 8
    0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // [0].PathId = 0x1000
    0x05, 0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00,  // [0].NumberReads = 5, NumberWrites = 6
    0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // [0].BytesRead = 0x2000
    0x00, 0x30, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // [0].BytesWritten = 0x3000
    0x01, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // [1].PathId = 0x1001
    0x07, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00,  // [1].NumberReads = 7, NumberWrites = 8
    0x00, 0x40, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // [1].BytesRead = 0x4000
    0x00, 0x50, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // [1].BytesWritten = 0x5000
};

DataObject path_perf(std::uint64_t id, std::uint32_t reads, std::uint32_t writes, std::uint64_t read,
                     std::uint64_t written) {
  return DataObject{}
      .set("PathId", id)
      .set("NumberReads", reads)
      .set("NumberWrites", writes)
      .set("BytesRead", read)
      .set("BytesWritten", written);
}

TEST(CodecGolden, DevicePerfTwoPaths) {
  Schema schema = device_perf_schema();
  BlockLayout layout = must_layout(schema, "MSDSM_DEVICE_PERF");
  auto decoded = decode_block(layout, kDevicePerfTwoPaths);
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  DataObject expected;
  expected.set("NumberPaths", std::uint32_t{2})
      .set("PerfInfo", DataArray{path_perf(0x1000, 5, 6, 0x2000, 0x3000), path_perf(0x1001, 7, 8, 0x4000, 0x5000)});
  EXPECT_EQ(*decoded, expected) << to_json(*decoded).dump();

  auto encoded = encode_block(layout, *decoded);
  ASSERT_TRUE(encoded.ok()) << encoded.error().to_string();
  EXPECT_EQ(*encoded, kDevicePerfTwoPaths);

  // Without NumberPaths the encoder fills it from the array.
  DataObject without_count;
  without_count.set("PerfInfo", *expected.find("PerfInfo"));
  auto filled = encode_block(layout, without_count);
  ASSERT_TRUE(filled.ok()) << filled.error().to_string();
  EXPECT_EQ(*filled, kDevicePerfTwoPaths);
}

TEST(CodecGolden, TrailingBytesAreTolerated) {
  Schema schema = device_perf_schema();
  BlockLayout layout = must_layout(schema, "MSDSM_DEVICE_PERF");
  ByteVector padded = kDevicePerfTwoPaths;
  padded.resize(padded.size() + 8, 0xEE);
  auto decoded = decode_block_with_size(layout, padded);
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  EXPECT_EQ(decoded->size, kDevicePerfTwoPaths.size());
}

// §3.5 D: five uint32 then a counted string.
Schema toaster_schema() {
  Schema schema;
  schema.add_class(wmi_class("ToasterDeviceInformation",
                             {item("ConnectorType", CimType::uint32, 1), item("Capacity", CimType::uint32, 2),
                              item("ErrorCount", CimType::uint32, 3), item("Controls", CimType::uint32, 4),
                              item("DebugPrintLevel", CimType::uint32, 5), item("ModelName", CimType::string, 6)}));
  return schema;
}

const ByteVector kToaster = {
    0x01, 0x00, 0x00, 0x00, 0xd0, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00,  // 1, 2000, 0, 3
    0x0f, 0x00, 0x00, 0x80, 0x0e, 0x00, 0x54, 0x00, 0x6f, 0x00, 0x61, 0x00, 0x73, 0x00, 0x74, 0x00,  // 0x8000000f, 14
    0x65, 0x00, 0x72, 0x00,                                                                          // "Toaster"
};

TEST(CodecGolden, ToasterCountedString) {
  Schema schema = toaster_schema();
  BlockLayout layout = must_layout(schema, "ToasterDeviceInformation");
  auto decoded = decode_block(layout, kToaster);
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  EXPECT_EQ(to_json(*decoded).dump(),
            R"({"ConnectorType":1,"Capacity":2000,"ErrorCount":0,"Controls":3,"DebugPrintLevel":2147483663,)"
            R"("ModelName":"Toaster"})");
  auto encoded = encode_block(layout, *decoded);
  ASSERT_TRUE(encoded.ok()) << encoded.error().to_string();
  EXPECT_EQ(*encoded, kToaster);
}

// §3.5 E: a WmiSizeIs array of counted strings.
TEST(CodecGolden, StringArray) {
  Schema schema;
  schema.add_class(wmi_class("XenStoreNodes", {item("NoOfChildNodes", CimType::uint32, 1),
                                               item("ChildNodes", CimType::string, 2).sized_by("NoOfChildNodes")}));
  BlockLayout layout = must_layout(schema, "XenStoreNodes");
  const ByteVector bytes = {0x02, 0x00, 0x00, 0x00,                           // 2 nodes
                            0x04, 0x00, 0x2f, 0x00, 0x61, 0x00,               // "/a"
                            0x06, 0x00, 0x2f, 0x00, 0x62, 0x00, 0x63, 0x00};  // "/bc"
  auto decoded = decode_block(layout, bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  EXPECT_EQ(to_json(*decoded).dump(), R"({"NoOfChildNodes":2,"ChildNodes":["/a","/bc"]})");
  auto encoded = encode_block(layout, *decoded);
  ASSERT_TRUE(encoded.ok()) << encoded.error().to_string();
  EXPECT_EQ(*encoded, bytes);
}

// §3.4: HardwareId (24 characters) in slot and compact encodings.
TEST(CodecGolden, MaxLenSlotAndCompact) {
  Schema schema;
  schema.add_class(
      wmi_class("MSDSM_TARGET_DEFAULT_POLICY_INFO",
                {item("HardwareId", CimType::string, 1).max_len(31), item("LoadBalancePolicy", CimType::uint32, 2),
                 item("Reserved", CimType::uint32, 3), item("PreferredPath", CimType::uint64, 4)}));
  DataObject value;
  value.set("HardwareId", "VENDOR01PRODUCT456789012")
      .set("LoadBalancePolicy", std::uint32_t{3})
      .set("Reserved", std::uint32_t{0})
      .set("PreferredPath", std::uint64_t{0x0102030405060708});

  struct Case {
    StringMode mode;
    std::uint16_t count;
    std::size_t policy_at, reserved_at, path_at, end;
  };
  for (const Case& c : {Case{StringMode::slot, 62, 64, 68, 72, 80}, Case{StringMode::compact, 48, 52, 56, 64, 72}}) {
    SCOPED_TRACE(c.end);
    BlockLayout layout = must_layout(schema, "MSDSM_TARGET_DEFAULT_POLICY_INFO", c.mode);
    auto bytes = encode_block(layout, value);
    ASSERT_TRUE(bytes.ok()) << bytes.error().to_string();
    ASSERT_EQ(bytes->size(), c.end);
    EXPECT_EQ(load_u16(*bytes, 0), c.count);
    EXPECT_EQ(load_u32(*bytes, c.policy_at), 3u);
    EXPECT_EQ(load_u32(*bytes, c.reserved_at), 0u);
    EXPECT_EQ(load_u64(*bytes, c.path_at), 0x0102030405060708u);
    for (std::size_t i = 2 + 48; i < c.policy_at; ++i)
      EXPECT_EQ((*bytes)[i], 0) << "padding at " << i;
    // Either encoding decodes with either layout: the decoder follows the count and trims at the first NUL.
    for (StringMode decode_mode : {StringMode::slot, StringMode::compact}) {
      auto decoded = decode_block(must_layout(schema, "MSDSM_TARGET_DEFAULT_POLICY_INFO", decode_mode), *bytes);
      ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
      EXPECT_EQ(*decoded, value);
    }
  }
}

// Every scalar type, signed values sign-extended, reals as IEEE, char16 as a code unit.
TEST(CodecGolden, EveryScalarType) {
  Schema schema;
  schema.add_class(wmi_class(
      "Scalars", {item("B", CimType::boolean, 1), item("S8", CimType::sint8, 2), item("U8", CimType::uint8, 3),
                  item("S16", CimType::sint16, 4), item("U16", CimType::uint16, 5), item("S32", CimType::sint32, 6),
                  item("U32", CimType::uint32, 7), item("S64", CimType::sint64, 8), item("U64", CimType::uint64, 9),
                  item("R32", CimType::real32, 10), item("R64", CimType::real64, 11), item("C16", CimType::char16, 12),
                  item("When", CimType::datetime, 13)}));
  BlockLayout layout = must_layout(schema, "Scalars");
  // B@0 S8@1 U8@2 S16@4 U16@6 S32@8 U32@12 S64@16 U64@24 R32@32 R64@40 C16@48 When@50..100
  EXPECT_EQ(layout.wmi_size, 100u);
  DataObject value;
  value.set("B", true)
      .set("S8", std::int8_t{-2})
      .set("U8", std::uint8_t{0xFE})
      .set("S16", std::int16_t{-300})
      .set("U16", std::uint16_t{0xFFFE})
      .set("S32", std::int32_t{-70000})
      .set("U32", std::uint32_t{0xFFFFFFFE})
      .set("S64", std::int64_t{-5000000000})
      .set("U64", std::uint64_t{0xFFFFFFFFFFFFFFFE})
      .set("R32", 1.5)
      .set("R64", -2.25)
      .set("C16", std::uint16_t{0x263A})
      .set("When", DateTime{"20240102030405.123456+060"});
  auto bytes = encode_block(layout, value);
  ASSERT_TRUE(bytes.ok()) << bytes.error().to_string();
  ASSERT_EQ(bytes->size(), 100u);
  EXPECT_EQ((*bytes)[0], 1);
  EXPECT_EQ((*bytes)[1], 0xFE);
  EXPECT_EQ(load_u16(*bytes, 4), 0xFED4);  // -300
  EXPECT_EQ(load_u32(*bytes, 8), static_cast<std::uint32_t>(-70000));
  EXPECT_EQ(load_u32(*bytes, 32), 0x3FC00000u);          // 1.5f
  EXPECT_EQ(load_u64(*bytes, 40), 0xC002000000000000u);  // -2.25
  EXPECT_EQ(load_u16(*bytes, 48), 0x263A);
  EXPECT_EQ(load_u16(*bytes, 50), u'2');
  auto decoded = decode_block(layout, *bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  EXPECT_EQ(*decoded, value) << to_json(*decoded).dump();
}

// Inputs the decoder must reject, and the words of the error.
struct DecodeRejection {
  const char* name;
  const char* class_name;
  ByteVector bytes;
  const char* expected;
};

TEST(CodecGolden, DecodeRejections) {
  Schema schema = device_perf_schema();
  schema.merge(toaster_schema());
  schema.add_class(
      wmi_class("Names", {item("Count", CimType::uint32, 1), item("Names", CimType::string, 2).sized_by("Count")}));
  schema.add_class(
      wmi_class("Signed", {item("Count", CimType::sint8, 1), item("Bytes", CimType::uint8, 2).sized_by("Count")}));
  ByteVector truncated_perf(kDevicePerfTwoPaths.begin(), kDevicePerfTwoPaths.end() - 1);
  ByteVector four_paths = kDevicePerfTwoPaths;
  four_paths[0] = 4;
  ByteVector odd_string = kToaster;
  odd_string[20] = 0x0d;  // 13 bytes
  ByteVector long_string = kToaster;
  long_string[20] = 0x10;  // 16 bytes, 14 present
  const std::vector<DecodeRejection> cases = {
      {"empty", "MSDSM_DEVICE_PERF", {}, "NumberPaths runs past the end of the data (offset 0x0 + 4 > 0x0)"},
      {"truncated element", "MSDSM_DEVICE_PERF", truncated_perf,
       "PerfInfo runs past the end of the data (offset 0x8 + 64 > 0x47)"},
      {"count past end", "MSDSM_DEVICE_PERF", four_paths,
       "PerfInfo runs past the end of the data (offset 0x8 + 128 > 0x48)"},
      {"huge count",
       "MSDSM_DEVICE_PERF",
       {0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0},
       "PerfInfo runs past the end of the data (offset 0x8 + 137438953440 > 0xa)"},
      {"huge string count",
       "Names",
       {0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0},
       "Names has 4294967295 elements of at least 2 bytes, but only 6 bytes are left at offset 0x4"},
      {"second string past end",
       "Names",
       {0x02, 0, 0, 0, 0x02, 0, 0x41, 0, 0x04, 0, 0x42, 0},
       "Names[1] runs past the end of the data (offset 0x8 + 6 > 0xc)"},
      {"negative count", "Signed", {0xFF}, "Bytes: its count Count is negative"},
      {"odd string byte count", "ToasterDeviceInformation", odd_string, "ModelName: the string byte count 13"},
      {"string past end", "ToasterDeviceInformation", long_string,
       "ModelName runs past the end of the data (offset 0x14 + 18 > 0x24)"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    BlockLayout layout = must_layout(schema, c.class_name);
    auto decoded = decode_block(layout, c.bytes);
    ASSERT_FALSE(decoded.ok()) << to_json(*decoded).dump();
    EXPECT_NE(decoded.error().message().find(c.expected), std::string::npos) << decoded.error().message();
  }
}

// A variable-size embedded class inside an array: the element path names the inner item that runs out.
TEST(CodecGolden, ErrorNamesTheNestedItemPath) {
  Schema schema;
  schema.add_class(wmi_class("Entry", {item("Id", CimType::uint32, 1), item("Name", CimType::string, 2),
                                       item("BytesRead", CimType::uint64, 3)}));
  schema.add_class(wmi_class("Log", {item("N", CimType::uint32, 1), embedded("PerfInfo", "Entry", 2).sized_by("N")}));
  BlockLayout layout = must_layout(schema, "Log");
  DataObject entry = DataObject{}.set("Id", 1u).set("Name", "ab").set("BytesRead", std::uint64_t{9});
  auto bytes = encode_block(layout, DataObject{}.set("PerfInfo", DataArray{entry, entry}));
  ASSERT_TRUE(bytes.ok()) << bytes.error().to_string();
  // [0] at 8: Id@8, "ab"@12..18, BytesRead@24..32; [1] at 32: Id@32, "ab"@36..42, BytesRead@48..56
  ASSERT_EQ(bytes->size(), 56u);
  bytes->resize(bytes->size() - 4);
  auto decoded = decode_block(layout, *bytes);
  ASSERT_FALSE(decoded.ok());
  EXPECT_EQ(decoded.error().message(), "PerfInfo[1].BytesRead runs past the end of the data (offset 0x30 + 8 > 0x34)");
}

// Values the encoder must reject, and the words of the error.
struct EncodeRejection {
  const char* name;
  const char* class_name;
  DataObject value;
  const char* expected;
};

TEST(CodecGolden, EncodeRejections) {
  Schema schema = device_perf_schema();
  schema.merge(toaster_schema());
  schema.add_class(wmi_class(
      "Small", {item("U8", CimType::uint8, 1), item("S8", CimType::sint8, 2), item("Wwn", CimType::uint8, 3).fixed(8),
                item("Name", CimType::string, 4).max_len(4), item("When", CimType::datetime, 5)}));
  DataObject small;
  small.set("U8", 1u).set("S8", -1).set("Wwn", DataArray(8, DataValue(0u))).set("Name", "abcd");
  small.set("When", DateTime{"20240102030405.123456+060"});
  auto with = [](DataObject o, std::string_view name, DataValue v) { return o.set(name, std::move(v)); };
  DataObject perf_one;
  perf_one.set("NumberPaths", 2u).set("PerfInfo", DataArray{path_perf(1, 2, 3, 4, 5)});
  const std::vector<EncodeRejection> cases = {
      {"uint8 too big", "Small", with(small, "U8", 256u), "U8: 256 is out of range for uint8"},
      {"uint8 negative", "Small", with(small, "U8", -1), "U8: -1 is out of range for uint8"},
      {"sint8 too small", "Small", with(small, "S8", -129), "S8: -129 is out of range for sint8"},
      {"string for integer", "Small", with(small, "U8", "1"), "U8: expected an integer for uint8, got string"},
      {"fixed array too short", "Small", with(small, "Wwn", DataArray(7, DataValue(0u))),
       "Wwn: has 7 elements, but the array has a fixed size of 8"},
      {"element out of range", "Small", with(small, "Wwn", DataArray(8, DataValue(300u))),
       "Wwn[0]: 300 is out of range for uint8"},
      {"MaxLen exceeded", "Small", with(small, "Name", "abcde"), "Name: is 5 characters long, more than its MaxLen(4)"},
      {"short datetime", "Small", with(small, "When", DateTime{"2024"}), "When: a datetime has exactly 25"},
      {"missing item", "Small", DataObject{}.set("U8", 1u), "S8: missing value"},
      {"unknown item", "Small", with(small, "Extra", 1u), "Extra: Small has no data item of this name"},
      {"count mismatch", "MSDSM_DEVICE_PERF", perf_one,
       "NumberPaths: is the WmiSizeIs count of PerfInfo but does not equal its 1 elements"},
      {"object expected", "MSDSM_DEVICE_PERF", DataObject{}.set("PerfInfo", DataArray{DataValue(1u)}),
       "PerfInfo[0]: expected an object of class MSDSM_DEVICEPATH_PERF, got uint64"},
      {"USHORT limit", "ToasterDeviceInformation",
       DataObject{}
           .set("ConnectorType", 0u)
           .set("Capacity", 0u)
           .set("ErrorCount", 0u)
           .set("Controls", 0u)
           .set("DebugPrintLevel", 0u)
           .set("ModelName", std::string(40000, 'x')),
       "ModelName: is 40000 characters long; a counted string holds at most 32767"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto bytes = encode_block(must_layout(schema, c.class_name), c.value);
    ASSERT_FALSE(bytes.ok());
    EXPECT_NE(bytes.error().message().find(c.expected), std::string::npos) << bytes.error().message();
  }
  // The unmodified values encode.
  EXPECT_TRUE(encode_block(must_layout(schema, "Small"), small).ok());
}

}  // namespace
}  // namespace wmiport::mof
