// The text the demo prints: flags decoded by name, the annotated hex dump and the readable rendering.
#include <gtest/gtest.h>

#include "wnode/dump.h"
#include "wnode/flag_names.h"
#include "wnode/wire_layout.h"
#include "wnode_goldens.h"

namespace wmiport::wnode::testing {
namespace {

// The demo's shape: three dynamically named instances of variable size.
ByteVec demo_like_bytes() {
  AllData v{header_a(),
            InstanceSizeLayout::automatic,
            {{u"ROOT\\WMIPORT\\0000_0", ByteVec(16, 0x11)},
             {u"ROOT\\WMIPORT\\0000_1", ByteVec(16, 0x22)},
             {u"ROOT\\WMIPORT\\0000_2", ByteVec(24, 0x33)}}};
  return build_all_data(v).value();
}

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(FlagNames, DecodesKnownBitsSeverityAndUnknownBits) {
  EXPECT_EQ(wnode_flag_names(0), "0");
  EXPECT_EQ(wnode_flag_names(0x91), "WNODE_FLAG_ALL_DATA|WNODE_FLAG_FIXED_INSTANCE_SIZE|WNODE_FLAG_STATIC_INSTANCE_NAMES");
  EXPECT_EQ(wnode_flag_names(flag::kEventReference | 0x7F000000u), "WNODE_FLAG_EVENT_REFERENCE|severity 0x7F");
  EXPECT_EQ(wnode_flag_names(0x00001000u), "0x00001000");
  EXPECT_EQ(reg_flag_names(0x25), "WMIREG_FLAG_EXPENSIVE|WMIREG_FLAG_INSTANCE_LIST|WMIREG_FLAG_INSTANCE_PDO");
}

TEST(Dump, DescribeAllDataShowsEveryParsedInstance) {
  const ByteVec bytes = demo_like_bytes();
  auto text = describe_all_data(bytes);
  ASSERT_TRUE(text.ok()) << text.error().to_string();
  EXPECT_TRUE(contains(*text, "InstanceCount      3")) << *text;
  EXPECT_TRUE(contains(*text, "Flags              0x00000001 = WNODE_FLAG_ALL_DATA")) << *text;
  EXPECT_TRUE(contains(*text, "variable (OffsetInstanceDataAndLength[])")) << *text;
  for (int k = 0; k < 3; ++k)
    EXPECT_TRUE(contains(*text, fmt::format("[{}] \"ROOT\\WMIPORT\\0000_{}\"", k, k))) << *text;
  // Offsets and lengths as laid out: names 38 bytes each from 0x60, data from 0xd8.
  EXPECT_TRUE(contains(*text, "data at 0xd8, 16 bytes")) << *text;
  EXPECT_TRUE(contains(*text, "data at 0xe8, 16 bytes")) << *text;
  EXPECT_TRUE(contains(*text, "data at 0xf8, 24 bytes")) << *text;
  EXPECT_TRUE(contains(*text, "33 33 33 33 33 33 33 33")) << *text;
}

TEST(Dump, AnnotatedHexDumpLabelsFieldsAndPadding) {
  const ByteVec bytes = all_data_variable_static().expected;  // has padding at 76 and 84
  auto annotations = annotate_all_data(bytes);
  ASSERT_TRUE(annotations.ok());
  const std::string text = annotated_hex_dump(bytes, *annotations);
  EXPECT_TRUE(contains(text, "0x0000  64 00 00 00")) << text;
  EXPECT_TRUE(contains(text, "WnodeHeader.BufferSize = 0x64 (100)")) << text;
  EXPECT_TRUE(contains(text, "WnodeHeader.Flags = WNODE_FLAG_ALL_DATA|WNODE_FLAG_STATIC_INSTANCE_NAMES")) << text;
  EXPECT_TRUE(contains(text, "OffsetInstanceDataAndLength[1].LengthInstanceData = 12")) << text;
  EXPECT_TRUE(contains(text, "0x004c  00 00 00 00")) << text;
  EXPECT_TRUE(contains(text, "(padding)")) << text;
  EXPECT_TRUE(contains(text, "0x0058  b0 b1 b2 b3 b4 b5 b6 b7 b8 b9 ba bb")) << text;
  EXPECT_TRUE(contains(text, "instance 1 data (12 bytes)")) << text;
}

TEST(Dump, AnnotatedDumpOfDynamicNamesShowsTheNames) {
  const ByteVec bytes = demo_like_bytes();
  auto annotations = annotate_all_data(bytes);
  ASSERT_TRUE(annotations.ok());
  const std::string text = annotated_hex_dump(bytes, *annotations);
  EXPECT_TRUE(contains(text, "OffsetInstanceNameOffsets[2] = 0xb0")) << text;
  EXPECT_TRUE(contains(text, "instance 2 name \"ROOT\\WMIPORT\\0000_2\" (UTF-16LE)")) << text;
  EXPECT_TRUE(contains(text, "instance 0 name length = 38 bytes")) << text;
}

TEST(Dump, InvalidBytesGiveTheParserError) {
  auto text = describe_all_data(truncated(all_data_variable_static().expected, 10));
  ASSERT_FALSE(text.ok());
  EXPECT_EQ(text.error().code(), ntstatus::buffer_too_small);
}

}  // namespace
}  // namespace wmiport::wnode::testing
