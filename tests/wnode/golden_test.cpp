// Golden bytes for every WNODE type and for WMIREGINFO, and the round trips in both directions:
// build(value) == golden, parse(golden) == value, build(parse(golden)) == golden.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "wnode/event_item.h"
#include "wnode/reginfo.h"
#include "wnode/wire_layout.h"
#include "wnode/wnode.h"
#include "wnode_goldens.h"

namespace wmiport::wnode::testing {
namespace {

// What a parse of the golden bytes must give back: the input with BufferSize and Flags as the bytes say, and
// an automatic layout resolved to what the builder chose.
Wnode expected_parse(Wnode input, const ByteVec& bytes) {
  std::visit(
      [&bytes](auto& v) {
        v.header.buffer_size = load_u32(bytes, header::kBufferSize);
        v.header.flags = load_u32(bytes, header::kFlags);
        if constexpr (std::is_same_v<std::decay_t<decltype(v)>, AllData>) {
          if (v.layout == InstanceSizeLayout::automatic)
            v.layout = (v.header.flags & flag::kFixedInstanceSize) != 0 ? InstanceSizeLayout::fixed
                                                                        : InstanceSizeLayout::variable;
        }
      },
      input);
  return input;
}

class WnodeGoldenTest : public ::testing::TestWithParam<WnodeGolden> {};

TEST_P(WnodeGoldenTest, BuildGivesGoldenBytes) {
  const auto& c = GetParam();
  auto built = build_wnode(c.input);
  ASSERT_TRUE(built.ok()) << built.error().to_string();
  EXPECT_EQ(hex(*built), hex(c.expected));
}

TEST_P(WnodeGoldenTest, EncodeReportsSizeAndWritesOnlyWhenItFits) {
  const auto& c = GetParam();
  // Too small by one byte: the size comes back and not a byte is touched.
  ByteVec short_buffer(c.expected.size() - 1, 0xEE);
  auto size = encode_wnode(c.input, short_buffer);
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, c.expected.size());
  EXPECT_EQ(short_buffer, ByteVec(c.expected.size() - 1, 0xEE));
  // Larger and dirty: exactly the WNODE is written, padding zeroed, the tail untouched.
  ByteVec big(c.expected.size() + 16, 0xEE);
  size = encode_wnode(c.input, big);
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(hex(ByteVec(big.begin(), big.begin() + static_cast<std::ptrdiff_t>(*size))), hex(c.expected));
  EXPECT_EQ(ByteVec(big.end() - 16, big.end()), ByteVec(16, 0xEE));
}

TEST_P(WnodeGoldenTest, ParseGivesTheValueBack) {
  const auto& c = GetParam();
  auto parsed = parse_wnode(c.expected);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_TRUE(*parsed == expected_parse(c.input, c.expected));
}

TEST_P(WnodeGoldenTest, ParseThenBuildGivesIdenticalBytes) {
  const auto& c = GetParam();
  auto parsed = parse_wnode(c.expected);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  auto rebuilt = build_wnode(*parsed);
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.error().to_string();
  EXPECT_EQ(hex(*rebuilt), hex(c.expected));
}

TEST_P(WnodeGoldenTest, ParseIgnoresBytesAfterBufferSize) {
  // IRP buffers are usually larger than the WNODE in them.
  const auto& c = GetParam();
  ByteVec longer = c.expected;
  longer.insert(longer.end(), 24, 0x5A);
  auto parsed = parse_wnode(longer);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_TRUE(*parsed == expected_parse(c.input, c.expected));
}

INSTANTIATE_TEST_SUITE_P(Golden, WnodeGoldenTest, ::testing::ValuesIn(wnode_goldens()),
                         [](const auto& info) { return info.param.name; });

class EventGoldenTest : public ::testing::TestWithParam<EventGolden> {};

TEST_P(EventGoldenTest, BuildParseRoundTrip) {
  const auto& c = GetParam();
  auto built = build_event_item(c.input);
  ASSERT_TRUE(built.ok()) << built.error().to_string();
  EXPECT_EQ(hex(*built), hex(c.expected));

  auto parsed = parse_event_item(c.expected);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  std::visit(
      [&](const auto& body) {
        EXPECT_EQ(body.header.flags, load_u32(c.expected, header::kFlags));
        EXPECT_NE(body.header.flags & flag::kEventItem, 0u);
        EXPECT_EQ(body.header.buffer_size, c.expected.size());
      },
      parsed->body);
  EXPECT_EQ(parsed->body.index(), c.input.body.index());

  auto rebuilt = build_event_item(*parsed);
  ASSERT_TRUE(rebuilt.ok());
  EXPECT_EQ(hex(*rebuilt), hex(c.expected));
  // Any WNODE parser sees the event body for what it is.
  EXPECT_TRUE(parse_wnode(c.expected).ok());
}

INSTANTIATE_TEST_SUITE_P(Golden, EventGoldenTest, ::testing::ValuesIn(event_goldens()),
                         [](const auto& info) { return info.param.name; });

class RegInfoGoldenTest : public ::testing::TestWithParam<RegInfoGolden> {};

TEST_P(RegInfoGoldenTest, BuildGivesGoldenBytes) {
  const auto& c = GetParam();
  auto built = build_reginfo_chain(c.input);
  ASSERT_TRUE(built.ok()) << built.error().to_string();
  EXPECT_EQ(hex(*built), hex(c.expected));
}

TEST_P(RegInfoGoldenTest, ParseGivesTheValueBack) {
  const auto& c = GetParam();
  auto parsed = parse_reginfo_chain(c.expected);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_TRUE(*parsed == c.input);
  auto rebuilt = build_reginfo_chain(*parsed);
  ASSERT_TRUE(rebuilt.ok());
  EXPECT_EQ(hex(*rebuilt), hex(c.expected));
}

TEST_P(RegInfoGoldenTest, EncodeReportsSizeAndWritesOnlyWhenItFits) {
  const auto& c = GetParam();
  ByteVec short_buffer(c.expected.size() - 1, 0xEE);
  auto size = encode_reginfo_chain(c.input, short_buffer);
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, c.expected.size());
  EXPECT_EQ(short_buffer, ByteVec(c.expected.size() - 1, 0xEE));
}

INSTANTIATE_TEST_SUITE_P(Golden, RegInfoGoldenTest, ::testing::ValuesIn(reginfo_goldens()),
                         [](const auto& info) { return info.param.name; });

TEST(RegInfo, SingleParseAndBuildMatchTheChainForms) {
  const auto c = reginfo_pdo_and_basename();
  auto built = build_reginfo(c.input.front());
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(hex(*built), hex(c.expected));
  auto parsed = parse_reginfo(c.expected);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_TRUE(*parsed == c.input.front());
}

// --- Behaviour the goldens do not pin down -----------------------------------------------------------------------

TEST(AllData, ExplicitVariableLayoutForEqualSizes) {
  auto c = all_data_fixed_static();
  auto& v = std::get<AllData>(c.input);
  v.layout = InstanceSizeLayout::variable;
  auto bytes = build_all_data(v);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(load_u32(*bytes, header::kFlags), 0x81u);  // no FIXED_INSTANCE_SIZE
  auto parsed = parse_all_data(*bytes);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->layout, InstanceSizeLayout::variable);
  EXPECT_EQ(parsed->instances, v.instances);
}

TEST(AllData, ExplicitFixedLayoutWithNoInstances) {
  AllData v{header_a(), InstanceSizeLayout::fixed, {}};
  auto bytes = build_all_data(v);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes->size(), 64u);
  EXPECT_EQ(load_u32(*bytes, header::kFlags), flag::kAllData | flag::kFixedInstanceSize);  // caller's flags: 0
  EXPECT_EQ(load_u32(*bytes, all_data::kFixedInstanceSize), 0u);
}

TEST(AllData, NoInstancesWithDynamicNamesRoundTrips) {
  // Flags 0: dynamic names, none of them. The name-offset array is empty and its offset unused (0).
  AllData v{header_a(), InstanceSizeLayout::automatic, {}};
  auto bytes = build_all_data(v);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(load_u32(*bytes, header::kFlags), flag::kAllData);
  EXPECT_EQ(load_u32(*bytes, all_data::kOffsetInstanceNameOffsets), 0u);
  auto parsed = parse_all_data(*bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_TRUE(parsed->instances.empty());
  EXPECT_EQ(parsed->header.flags, flag::kAllData);
}

TEST(AllData, ZeroSizeStaticInstancesUpToTheLimitRoundTrip) {
  // Found by the fuzzer: the bound on zero-size static instances must not depend on BufferSize, since the
  // rebuilt WNODE is only 64 bytes whatever the count.
  AllData v{header_a(), InstanceSizeLayout::automatic, std::vector<AllDataInstance>(kMaxZeroSizeStaticInstances)};
  auto bytes = build_all_data(v);
  ASSERT_TRUE(bytes.ok()) << bytes.error().to_string();
  EXPECT_EQ(bytes->size(), 64u);
  auto parsed = parse_all_data(*bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed->instances.size(), kMaxZeroSizeStaticInstances);
}

TEST(AllData, BuilderKeepsFlagsItDoesNotOwnAndReplacesThoseItDoes) {
  auto c = all_data_variable_dynamic();
  auto& v = std::get<AllData>(c.input);
  // INSTANCES_SAME and a severity pass through; SINGLE_INSTANCE, FIXED and STATIC are the builder's to decide.
  v.header.flags = flag::kInstancesSame | 0x05000000u | flag::kSingleInstance | flag::kFixedInstanceSize |
                   flag::kStaticInstanceNames;
  auto bytes = build_all_data(v);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(load_u32(*bytes, header::kFlags), flag::kInstancesSame | 0x05000000u | flag::kAllData);
}

TEST(AllData, HeaderFieldsTravelUnchanged) {
  AllData v{header_a(), InstanceSizeLayout::automatic, {{std::nullopt, {1}}}};
  v.header.provider_id = 0xCAFE;
  v.header.historical_context = 0x1122334455667788ull;
  v.header.time_stamp = -2;
  v.header.client_context = 3;
  auto bytes = build_all_data(v);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(load_u32(*bytes, header::kProviderId), 0xCAFEu);
  EXPECT_EQ(load_u64(*bytes, header::kHistoricalContext), 0x1122334455667788ull);
  EXPECT_EQ(load_u64(*bytes, header::kTimeStamp), 0xFFFFFFFFFFFFFFFEull);
  EXPECT_EQ(load_u32(*bytes, header::kClientContext), 3u);
  auto parsed = parse_all_data(*bytes);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->header.provider_id, 0xCAFEu);
  EXPECT_EQ(parsed->header.historical_context, 0x1122334455667788ull);
  EXPECT_EQ(parsed->header.time_stamp, -2);
  EXPECT_EQ(parsed->header.client_context, 3u);
  EXPECT_EQ(parsed->header.guid, guid_a());
}

TEST(CountedNames, ParserToleratesOneTrailingNul) {
  // "Dev" counted with its NUL (8 bytes), as the single-instance pages allow (spec §5.3); data moved to 80.
  auto c = single_instance_dynamic();
  ByteVec bytes = join({header_bytes(84, 0x02),
                        {
                            0x40, 0x00, 0x00, 0x00,                          // 48 OffsetInstanceName = 64
                            0x00, 0x00, 0x00, 0x00,                          // 52 InstanceIndex
                            0x50, 0x00, 0x00, 0x00,                          // 56 DataBlockOffset = 80
                            0x04, 0x00, 0x00, 0x00,                          // 60 SizeDataBlock = 4
                            0x08, 0x00, 0x44, 0x00, 0x65, 0x00, 0x76, 0x00,  // 64 count 8: "Dev" ...
                            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // 72 ... NUL, then pad to 80
                            0x01, 0x02, 0x03, 0x04,                          // 80 data
                        }});
  auto parsed = parse_single_instance(bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed->instance_name, std::u16string(u"Dev"));
  // Rebuilt, the name is counted without the NUL: the canonical golden.
  auto rebuilt = build_single_instance(*parsed);
  ASSERT_TRUE(rebuilt.ok());
  EXPECT_EQ(hex(*rebuilt), hex(c.expected));
}

TEST(CountedNames, NonBmpAndEmptyNamesRoundTrip) {
  AllData v{header_a(), InstanceSizeLayout::automatic, {{u"", {1}}, {u"\U0001F600x", {2, 3}}}};
  auto bytes = build_all_data(v);
  ASSERT_TRUE(bytes.ok());
  auto parsed = parse_all_data(*bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed->instances, v.instances);
}

TEST(Wnode, InstanceDataIsAlwaysEightByteAligned) {
  // Sizes 1..9 with names of odd character counts: every data offset must still be a multiple of 8.
  AllData v{header_a(), InstanceSizeLayout::automatic, {}};
  for (std::uint8_t k = 1; k <= 9; ++k)
    v.instances.push_back({std::u16string(k, u'n'), std::vector<std::uint8_t>(k, k)});
  auto bytes = build_all_data(v);
  ASSERT_TRUE(bytes.ok());
  for (std::uint32_t k = 0; k < 9; ++k)
    EXPECT_EQ(load_u32(*bytes, all_data::kOffsetInstanceDataAndLength + 8 * k) % 8, 0u) << "instance " << k;
  auto parsed = parse_all_data(*bytes);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->instances, v.instances);
}

}  // namespace
}  // namespace wmiport::wnode::testing

namespace wmiport::wnode::testing {
namespace {

// Writes the goldens as fuzz seeds when WMIPORT_WRITE_FUZZ_SEEDS names a corpus root (see fuzz/wnode.cmake);
// otherwise does nothing. Keeps the seeds in step with the goldens without a second copy of the bytes.
TEST(FuzzSeeds, WriteGoldensAsSeeds) {
  const char* root = std::getenv("WMIPORT_WRITE_FUZZ_SEEDS");
  if (root == nullptr)
    GTEST_SKIP() << "WMIPORT_WRITE_FUZZ_SEEDS not set";
  auto write = [root](const std::string& target, const std::string& name, const ByteVec& bytes) {
    const auto dir = std::filesystem::path(root) / target;
    std::filesystem::create_directories(dir);
    std::ofstream(dir / (name + ".bin"), std::ios::binary)
        .write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  };
  for (const auto& c : wnode_goldens()) {
    std::string target;
    for (const char* t : {"all_data", "single_instance", "single_item", "method_item", "event_reference"})
      if (c.name.rfind(t, 0) == 0)
        target = t;
    if (c.name == "too_small")
      target = "too_small";
    write("wnode_" + target + "_fuzzer", c.name, c.expected);
    write("wnode_any_fuzzer", c.name, c.expected);
  }
  for (const auto& c : event_goldens()) {
    write("wnode_event_item_fuzzer", c.name, c.expected);
    write("wnode_any_fuzzer", c.name, c.expected);
  }
  for (const auto& c : reginfo_goldens())
    write("wnode_reginfo_fuzzer", c.name, c.expected);
}

}  // namespace
}  // namespace wmiport::wnode::testing
