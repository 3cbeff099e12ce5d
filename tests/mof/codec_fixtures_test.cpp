// The codec on the real fixture classes: golden bytes of spec §3.5, and round trips of generated values through
// every data, event and method-parameter block of every fixture in both string modes.
#include <random>

#include <gtest/gtest.h>

#include "layout_fixtures.h"
#include "mof/layout/codec.h"
#include "mof/layout/json.h"

namespace wmiport::mof {
namespace {

using testing::fixture;
using testing::fixture_layout;
using ByteVector = std::vector<std::uint8_t>;

// §3.5 B.
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

TEST(CodecFixtures, DevicePerfGoldenBytes) {
  BlockLayout layout = fixture_layout("msdsm.mof", "MSDSM_DEVICE_PERF");
  auto decoded = decode_block(layout, kDevicePerfTwoPaths);
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  EXPECT_EQ(to_json(*decoded).dump(),
            R"({"NumberPaths":2,"PerfInfo":[)"
            R"({"PathId":4096,"NumberReads":5,"NumberWrites":6,"BytesRead":8192,"BytesWritten":12288},)"
            R"({"PathId":4097,"NumberReads":7,"NumberWrites":8,"BytesRead":16384,"BytesWritten":20480}]})");
  auto encoded = encode_block(layout, *decoded);
  ASSERT_TRUE(encoded.ok()) << encoded.error().to_string();
  EXPECT_EQ(*encoded, kDevicePerfTwoPaths);

  ByteVector three_paths = kDevicePerfTwoPaths;
  three_paths[0] = 3;
  auto rejected = decode_block(layout, three_paths);
  ASSERT_FALSE(rejected.ok());
  EXPECT_EQ(rejected.error().message(), "PerfInfo runs past the end of the data (offset 0x8 + 96 > 0x48)");
}

// §3.5 D.
TEST(CodecFixtures, ToasterGoldenBytes) {
  const ByteVector bytes =
      {
          0x01, 0x00, 0x00, 0x00, 0xd0, 0x07, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03,
          0x00, 0x00, 0x00, 0x0f, 0x00, 0x00, 0x80, 0x0e, 0x00, 0x54, 0x00, 0x6f, 0x00,
          0x61, 0x00, 0x73, 0x00, 0x74, 0x00, 0x65, 0x00, 0x72, 0x00,  // count 0x000e = 14 bytes of "Toaster", end = 36
      };
  BlockLayout layout = fixture_layout("toaster.mof", "ToasterDeviceInformation");
  auto decoded = decode_block_with_size(layout, bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  EXPECT_EQ(decoded->size, 36u);
  EXPECT_EQ(*decoded->object.find("ModelName")->as_string(), "Toaster");
  EXPECT_EQ(*decoded->object.find("DebugPrintLevel")->as_uint(), 0x8000000Fu);
  auto encoded = encode_block(layout, decoded->object);
  ASSERT_TRUE(encoded.ok()) << encoded.error().to_string();
  EXPECT_EQ(*encoded, bytes);
}

// A slot-mode MaxLen string array as msdsm writes it: count 62, text, zeros, 64 bytes per element.
TEST(CodecFixtures, SupportedDevicesSlots) {
  BlockLayout layout = fixture_layout("msdsmdsm.mof", "MSDSM_SUPPORTED_DEVICES_LIST");
  DataObject value;
  value.set("NumberDevices", 2u).set("Reserved", 0u).set("DeviceId", DataArray{"VendorA Product1", "B"});
  auto bytes = encode_block(layout, value);
  ASSERT_TRUE(bytes.ok()) << bytes.error().to_string();
  ASSERT_EQ(bytes->size(), 8u + 2 * 64);
  EXPECT_EQ(load_u16(*bytes, 8), 62);
  EXPECT_EQ(load_u16(*bytes, 10), u'V');
  EXPECT_EQ(load_u16(*bytes, 8 + 64), 62);
  EXPECT_EQ(load_u16(*bytes, 8 + 66), u'B');
  EXPECT_EQ(load_u16(*bytes, 8 + 68), 0);
  auto decoded = decode_block(layout, *bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  EXPECT_EQ(*decoded, value);
}

// §3.5 C: a whole error log, the datetime at 136 of each 192-byte entry.
TEST(CodecFixtures, ClassErrorLogDatetime) {
  BlockLayout layout = fixture_layout("classlog.mof", "MSStorageDriver_ClassErrorLog");
  ByteVector bytes(3080, 0);
  bytes[0] = 1;
  const std::u16string when = u"20240102030405.123***+000";
  for (std::size_t i = 0; i < when.size(); ++i)
    store_u16(bytes, 8 + 192 * 3 + 136 + 2 * i, when[i]);
  auto decoded = decode_block(layout, bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  const DataArray& entries = *decoded->find("logEntries")->as_array();
  ASSERT_EQ(entries.size(), 16u);
  EXPECT_EQ(entries[3].as_object()->find("eventTime")->as_datetime()->text, "20240102030405.123***+000");
  auto encoded = encode_block(layout, *decoded);
  ASSERT_TRUE(encoded.ok()) << encoded.error().to_string();
  EXPECT_EQ(*encoded, bytes);
  bytes.resize(3079);
  auto truncated = decode_block(layout, bytes);
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.error().message(), "logEntries runs past the end of the data (offset 0x8 + 3072 > 0xc07)");
}

// Generates a value for every item of a layout: integers across their whole range, strings up to MaxLen with
// non-ASCII text, arrays of 0-3 elements with their counts filled in.
class ValueGenerator {
 public:
  explicit ValueGenerator(std::uint32_t seed) : random_(seed) {}

  DataObject object(const BlockLayout& layout) {
    DataObject object;
    for (const auto& item : layout.items)
      object.fields.push_back({item.name, this->item(item)});
    for (const auto& item : layout.items) {  // counts follow the arrays generated after them
      if (item.array == ArrayKind::sized)
        object.fields[*item.count_item].value =
            count_value(layout.items[*item.count_item], object.find(item.name)->as_array()->size());
    }
    return object;
  }

 private:
  DataValue item(const ItemLayout& item) {
    if (item.array == ArrayKind::none)
      return element(item);
    const std::size_t count = item.array == ArrayKind::fixed ? item.fixed_count : next(4);
    DataArray elements;
    for (std::size_t i = 0; i < count; ++i)
      elements.push_back(element(item));
    return elements;
  }

  static DataValue count_value(const ItemLayout& count_item, std::size_t count) {
    if (is_signed_integer_type(count_item.type.type))
      return static_cast<std::int64_t>(count);
    return static_cast<std::uint64_t>(count);
  }

  DataValue element(const ItemLayout& item) {
    const CimType type = item.type.type;
    switch (type) {
      case CimType::boolean:
        return next(2) == 1;
      case CimType::real32:
        return static_cast<double>(static_cast<float>(next(1000000)) / 8.0f);
      case CimType::real64:
        return static_cast<double>(next(1u << 30)) / 1024.0 - 5.5;
      case CimType::char16:
        return static_cast<std::uint64_t>(next(0x10000));
      case CimType::datetime:
        return DateTime{"20240102030405.123456+060"};
      case CimType::string:
        return text(item.max_len.value_or(12));
      case CimType::object:
        return object(*item.embedded);
      default:
        break;
    }
    const std::uint32_t bits = 8 * scalar_size(type);
    std::uint64_t raw = random_();
    if (bits < 64)
      raw &= (std::uint64_t{1} << bits) - 1;
    if (!is_signed_integer_type(type))
      return raw;
    const std::int64_t value =
        bits == 64 ? static_cast<std::int64_t>(raw) : static_cast<std::int64_t>(raw) - (std::int64_t{1} << (bits - 1));
    return value;
  }

  std::string text(std::uint32_t max_len) {
    static const char* const kPieces[] = {"a", "Z", "0", " ", "\xC3\xA9" /* é */, "\xE2\x82\xAC" /* € */};
    std::string out;
    const std::size_t length = next(std::min<std::uint32_t>(max_len, 12) + 1);
    for (std::size_t i = 0; i < length; ++i)
      out += kPieces[next(std::size(kPieces))];
    return out;
  }

  std::size_t next(std::size_t bound) { return static_cast<std::size_t>(random_() % bound); }

  std::mt19937_64 random_;
};

void check_round_trip(const BlockLayout& layout, ValueGenerator& generator, const std::string& what) {
  SCOPED_TRACE(what);
  for (int round = 0; round < 2; ++round) {
    const DataObject value = generator.object(layout);
    auto bytes = encode_block(layout, value);
    ASSERT_TRUE(bytes.ok()) << bytes.error().to_string();
    if (layout.wmi_size) {
      EXPECT_EQ(bytes->size(), *layout.wmi_size);
    }
    auto decoded = decode_block_with_size(layout, *bytes);
    ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
    EXPECT_EQ(decoded->size, bytes->size());
    EXPECT_EQ(decoded->object, value) << to_json(decoded->object).dump() << "\n" << to_json(value).dump();
    auto again = encode_block(layout, decoded->object);
    ASSERT_TRUE(again.ok()) << again.error().to_string();
    EXPECT_EQ(*again, *bytes);
    // Through JSON, as the command line does.
    auto from_json = data_object_from_json(layout, nlohmann::ordered_json::parse(to_json(value).dump()));
    ASSERT_TRUE(from_json.ok()) << from_json.error().to_string();
    EXPECT_EQ(*from_json, value);
  }
}

TEST(CodecFixtures, RoundTripEveryBlockOfEveryFixture) {
  ValueGenerator generator(20260122);
  std::size_t blocks = 0;
  for (const char* file : testing::kFixtureFiles) {
    const Schema& schema = fixture(file);
    for (const Class& cls : schema.classes()) {
      if (!cls.is_wmi())
        continue;
      for (StringMode mode : {StringMode::slot, StringMode::compact}) {
        const std::string where =
            std::string(file) + ": " + cls.name + (mode == StringMode::slot ? " slot" : " compact");
        auto layout = layout_class(schema, cls, LayoutOptions{mode});
        ASSERT_TRUE(layout.ok()) << layout.error().to_string();
        check_round_trip(*layout, generator, where);
        ++blocks;
        for (const Method& m : cls.methods) {
          for (Direction d : {Direction::in, Direction::out}) {
            auto params = layout_method_parameters(schema, cls, m, d, LayoutOptions{mode});
            ASSERT_TRUE(params.ok()) << params.error().to_string();
            check_round_trip(*params, generator, where + " " + params->name);
            ++blocks;
          }
        }
      }
    }
  }
  EXPECT_GT(blocks, 200u);
}

// decode -> encode gives identical bytes for a zero-filled instance of every fixed-size block (the one byte
// pattern valid for every item type: booleans 0, empty strings, a datetime of 25 NULs kept verbatim).
TEST(CodecFixtures, ZeroFilledFixedBlocksRoundTrip) {
  for (const char* file : testing::kFixtureFiles) {
    const Schema& schema = fixture(file);
    for (const Class& cls : schema.classes()) {
      if (!cls.is_wmi())
        continue;
      auto layout = layout_class(schema, cls, LayoutOptions{StringMode::compact});
      ASSERT_TRUE(layout.ok());
      if (!layout->wmi_size)
        continue;
      SCOPED_TRACE(cls.name);
      const ByteVector zeros(*layout->wmi_size, 0);
      auto decoded = decode_block(*layout, zeros);
      ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
      auto encoded = encode_block(*layout, *decoded);
      ASSERT_TRUE(encoded.ok()) << encoded.error().to_string();
      EXPECT_EQ(*encoded, zeros);
    }
  }
}

}  // namespace
}  // namespace wmiport::mof
