// IRP_MN_QUERY_ALL_DATA through ScsiPortWmiDispatchFunction and ScsiPortWmiPostProcess, static instance names:
// the WNODE_ALL_DATA before and after as golden bytes, parsed back with the wnode codec; the arguments the
// callback gets; the too-small answer and the retry with the size it names; every error path.
#include "test_support.h"

// Golden byte arrays keep one WNODE field per line with its offset in a comment: clang-format is off around them.

#include "wnode/all_data.h"
#include "wnode/too_small.h"

namespace scsiwmi_test {
namespace {

using wmiport::wnode::testing::header_bytes;

constexpr ULONG kAllDataStatic = WNODE_FLAG_ALL_DATA | WNODE_FLAG_STATIC_INSTANCE_NAMES;  // 0x81

// The request WMI sends: a bare WNODE_ALL_DATA for GUID A (BufferSize 64, ALL_DATA | STATIC_INSTANCE_NAMES),
// DataBlockOffset, InstanceCount, OffsetInstanceNameOffsets and FixedInstanceSize 0, in a `size`-byte buffer.
ByteVec all_data_request(std::size_t size) {
  return padded(join({header_bytes(64, kAllDataStatic), zeros(16)}), size);
}

// A miniport with one static block of `instances` (GuidList InstanceCount = instances.size()).
struct StaticBlock {
  TestMiniport m;
  std::vector<ByteVec> instances;
  QueryArgs seen;

  explicit StaticBlock(std::vector<ByteVec> data) : instances(std::move(data)) {
    m.guids = {{&kGuidA, static_cast<ULONG>(instances.size()), 0}};
    m.query = [this](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs& args) {
      seen = args;
      return answer_instances(ctx, args, instances);
    };
  }
};

class QueryAllData : public ScsiWmiTest {};

TEST_F(QueryAllData, VariableSizesGetOffsetsAndLengthsEachInstance8Aligned) {
  StaticBlock block({{0x11, 0x22, 0x33, 0x44}, {0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6}});
  ByteVec buffer = all_data_request(128);

  const Outcome out = dispatch(block.m, kQueryAllData, &kGuidA, buffer);

  // The callback: InstanceIndex 0, InstanceCount 2, the length scratch array inside OffsetInstanceDataAndLength[]
  // at 60, the data at DataBlockOffset = ALIGN8(60 + 2 * 8) = 80, BufferAvail = 128 - 80.
  EXPECT_EQ(block.seen.instance_index, 0u);
  EXPECT_EQ(block.seen.instance_count, 2u);
  EXPECT_EQ(reinterpret_cast<std::uint8_t*>(block.seen.instance_lengths), buffer.data() + 60);
  EXPECT_EQ(block.seen.buffer, buffer.data() + 80);
  EXPECT_EQ(block.seen.buffer_avail, 48u);

  // clang-format off
  const ByteVec expected = join({
      header_bytes(94, kAllDataStatic),  // 0: BufferSize = 80 + 14 bytes used; flags unchanged (not fixed)
      le32(80),                          // 48: DataBlockOffset
      le32(2),                           // 52: InstanceCount
      le32(0),                           // 56: OffsetInstanceNameOffsets (static names)
      le32(80), le32(4),                 // 60: OffsetInstanceDataAndLength[0] = {80, 4}
      le32(88), le32(6),                 // 68: [1] = {88 = 80 + ALIGN8(4), 6}
      zeros(4),                          // 76: padding up to DataBlockOffset
      {0x11, 0x22, 0x33, 0x44},          // 80: instance 0
      zeros(4),                          // 84: padding to the 8-byte boundary
      {0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6},  // 88: instance 1
  });
  // clang-format on
  EXPECT_FALSE(out.pending);
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(out.size, 94u);
  EXPECT_BYTES(buffer, padded(expected, 128));

  auto parsed = wmiport::wnode::parse_all_data(wmiport::Bytes(buffer.data(), out.size));
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed->layout, wmiport::wnode::InstanceSizeLayout::variable);
  ASSERT_EQ(parsed->instances.size(), 2u);
  EXPECT_EQ(parsed->instances[0].data, block.instances[0]);
  EXPECT_EQ(parsed->instances[1].data, block.instances[1]);
  EXPECT_FALSE(parsed->instances[0].name.has_value());
}

TEST_F(QueryAllData, EqualSizesGetFixedInstanceSize) {
  StaticBlock block({{1, 1, 1, 1}, {2, 2, 2, 2}, {3, 3, 3, 3}});
  ByteVec buffer = all_data_request(128);

  const Outcome out = dispatch(block.m, kQueryAllData, &kGuidA, buffer);

  // clang-format off
  const ByteVec expected = join({
      header_bytes(108, kAllDataStatic | WNODE_FLAG_FIXED_INSTANCE_SIZE),  // 0: 88 + 20 used; flags 0x91
      le32(88),                                     // 48: DataBlockOffset = ALIGN8(60 + 3 * 8) = 88
      le32(3),                                      // 52: InstanceCount
      le32(0),                                      // 56: OffsetInstanceNameOffsets
      le32(4),                                      // 60: FixedInstanceSize
      zeros(24),                                    // 64: the rest of the array region, cleared
      {1, 1, 1, 1}, zeros(4),                       // 88: instance 0 and padding
      {2, 2, 2, 2}, zeros(4),                       // 96: instance 1 and padding
      {3, 3, 3, 3},                                 // 104: instance 2
  });
  // clang-format on
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(out.size, 108u);
  EXPECT_BYTES(buffer, padded(expected, 128));

  auto parsed = wmiport::wnode::parse_all_data(wmiport::Bytes(buffer.data(), out.size));
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed->layout, wmiport::wnode::InstanceSizeLayout::fixed);
  ASSERT_EQ(parsed->instances.size(), 3u);
  EXPECT_EQ(parsed->instances[2].data, block.instances[2]);
}

TEST_F(QueryAllData, NoInstances) {
  StaticBlock block({});
  ByteVec buffer = all_data_request(64);

  const Outcome out = dispatch(block.m, kQueryAllData, &kGuidA, buffer);

  // DataBlockOffset = ALIGN8(60) = 64 = BufferSize: the callback gets a (zero-entry) array, BufferAvail 0.
  EXPECT_NE(block.seen.instance_lengths, nullptr);
  EXPECT_EQ(block.seen.buffer_avail, 0u);
  const ByteVec expected = join({header_bytes(64, kAllDataStatic), le32(64), le32(0), le32(0), le32(0)});
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(out.size, 64u);
  EXPECT_BYTES(buffer, expected);
  auto parsed = wmiport::wnode::parse_all_data(wmiport::Bytes(buffer.data(), out.size));
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_TRUE(parsed->instances.empty());
}

TEST_F(QueryAllData, OverrunAnswersTooSmallAndTheRetryWithThatSizeSucceeds) {
  StaticBlock block({{0x11, 0x22, 0x33, 0x44}, ByteVec(60, 0x5a)});
  ByteVec buffer = all_data_request(100);

  const Outcome out = dispatch(block.m, kQueryAllData, &kGuidA, buffer);

  // The callback needs ALIGN8(4) + 60 = 68 bytes but has 100 - 80 = 20: DATA_OVERRUN 68, so
  // SizeNeeded = DataBlockOffset + 68 = 148. ReturnStatus SUCCESS, ReturnSize sizeof(WNODE_TOO_SMALL).
  // clang-format off
  const ByteVec expected = join({
      header_bytes(56, WNODE_FLAG_TOO_SMALL),  // 0: BufferSize 56, Flags only TOO_SMALL, the GUID kept
      le32(148),                               // 48: SizeNeeded
      le32(2),                                 // 52: (InstanceCount as the dispatcher wrote it; not part of the reply)
  });
  // clang-format on
  EXPECT_FALSE(out.pending);
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(out.size, 56u);
  EXPECT_BYTES(prefix(buffer, 56), prefix(expected, 56));
  auto too_small = wmiport::wnode::parse_too_small(wmiport::Bytes(buffer.data(), out.size));
  ASSERT_TRUE(too_small.ok()) << too_small.error().to_string();
  EXPECT_EQ(too_small->size_needed, 148u);

  // The DATA_OVERRUN contract: the identical request with a buffer of exactly SizeNeeded succeeds.
  ByteVec retry = all_data_request(too_small->size_needed);
  const Outcome second = dispatch(block.m, kQueryAllData, &kGuidA, retry);
  EXPECT_EQ(second.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(second.size, 148u);
  auto parsed = wmiport::wnode::parse_all_data(wmiport::Bytes(retry.data(), second.size));
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  ASSERT_EQ(parsed->instances.size(), 2u);
  EXPECT_EQ(parsed->instances[1].data, block.instances[1]);
}

TEST_F(QueryAllData, WhenTheLengthArrayDoesNotFitTheCallbackGetsNullAndZero) {
  StaticBlock block(std::vector<ByteVec>(8, ByteVec(8, 0x77)));
  ByteVec buffer = all_data_request(96);

  const Outcome out = dispatch(block.m, kQueryAllData, &kGuidA, buffer);

  // DataBlockOffset = ALIGN8(60 + 64) = 128 > 96.
  EXPECT_EQ(block.seen.instance_count, 8u);
  EXPECT_EQ(block.seen.instance_lengths, nullptr);
  EXPECT_EQ(block.seen.buffer, nullptr);
  EXPECT_EQ(block.seen.buffer_avail, 0u);
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(out.size, 56u);
  EXPECT_EQ(load32(buffer, 48), 128u + 64u);  // SizeNeeded

  ByteVec retry = all_data_request(192);
  const Outcome second = dispatch(block.m, kQueryAllData, &kGuidA, retry);
  EXPECT_EQ(second.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(second.size, 192u);
}

TEST_F(QueryAllData, BufferBetween56And64NamesTheWholeWnode) {
  StaticBlock block({});
  ByteVec buffer = all_data_request(56);
  const Outcome out = dispatch(block.m, kQueryAllData, &kGuidA, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(out.size, 56u);
  EXPECT_EQ(load32(buffer, 48), 64u);  // SizeNeeded: the 64-byte WNODE_ALL_DATA with no instances

  ByteVec retry = all_data_request(64);
  EXPECT_EQ(dispatch(block.m, kQueryAllData, &kGuidA, retry).size, 64u);
}

TEST_F(QueryAllData, BufferBelowWnodeTooSmallFailsWithoutCallingTheMiniport) {
  StaticBlock block(std::vector<ByteVec>{ByteVec{1}});
  ByteVec buffer = padded(header_bytes(64, kAllDataStatic), 55);
  const ByteVec before = buffer;
  const Outcome out = dispatch(block.m, kQueryAllData, &kGuidA, buffer);
  EXPECT_FALSE(out.pending);
  EXPECT_EQ(out.status, SRB_STATUS_DATA_OVERRUN);
  EXPECT_EQ(out.size, 0u);
  EXPECT_EQ(block.m.calls, 0);
  EXPECT_BYTES(buffer, before);
}

// ---- Broken callbacks: defined errors, reported once ----------------------------------------------------------------

TEST_F(QueryAllData, SuccessClaimingMoreThanTheBufferIsAnError) {
  TestMiniport m;
  m.guids = {{&kGuidA, 1, 0}};
  m.query = [](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs& args) -> UCHAR {
    args.instance_lengths[0] = 4;
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_SUCCESS, args.buffer_avail + 1);
    return SRB_STATUS_SUCCESS;
  };
  ByteVec buffer = all_data_request(80);
  const Outcome out = dispatch(m, kQueryAllData, &kGuidA, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_ERROR);
  EXPECT_EQ(out.size, 0u);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRuleBufferUsedTooLarge});
}

TEST_F(QueryAllData, LengthsNeedingMoreThanBufferUsedAreAnError) {
  TestMiniport m;
  m.guids = {{&kGuidA, 2, 0}};
  m.query = [](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs& args) -> UCHAR {
    args.instance_lengths[0] = 4;
    args.instance_lengths[1] = 8;
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_SUCCESS, 8);  // needs ALIGN8(4) + 8 = 16; even end to end 12
    return SRB_STATUS_SUCCESS;
  };
  ByteVec buffer = all_data_request(128);
  const Outcome out = dispatch(m, kQueryAllData, &kGuidA, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_ERROR);
  EXPECT_EQ(out.size, 0u);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRuleInstanceLengthsInconsistent});
}

TEST_F(QueryAllData, InstancesLaidEndToEndAreAnError) {
  TestMiniport m;
  m.guids = {{&kGuidA, 3, 0}};
  m.query = [](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs& args) -> UCHAR {
    for (int k = 0; k < 3; ++k)
      args.instance_lengths[k] = 6;
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_SUCCESS, 18);  // 8-aligned: 8 + 8 + 6 = 22
    return SRB_STATUS_SUCCESS;
  };
  ByteVec buffer = all_data_request(128);
  const Outcome out = dispatch(m, kQueryAllData, &kGuidA, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_ERROR);
  EXPECT_EQ(out.size, 0u);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRuleInstancesNotAligned});
}

TEST_F(QueryAllData, SuccessWithoutALengthArrayIsAnError) {
  TestMiniport m;
  m.guids = {{&kGuidA, 8, 0}};
  m.query = [](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs&) -> UCHAR {
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_SUCCESS, 0);
    return SRB_STATUS_SUCCESS;
  };
  ByteVec buffer = all_data_request(96);
  EXPECT_EQ(dispatch(m, kQueryAllData, &kGuidA, buffer).status, SRB_STATUS_ERROR);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRuleInstanceLengthsInconsistent});
}

TEST_F(QueryAllData, OverrunWithASizeThatFitsIsAnError) {
  TestMiniport m;
  m.guids = {{&kGuidA, 1, 0}};
  m.query = [](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs& args) -> UCHAR {
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_DATA_OVERRUN, args.buffer_avail);  // a retry would get the same space
    return SRB_STATUS_DATA_OVERRUN;
  };
  ByteVec buffer = all_data_request(128);
  const Outcome out = dispatch(m, kQueryAllData, &kGuidA, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_ERROR);
  EXPECT_EQ(out.size, 0u);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRuleOverrunSizeFits});
}

TEST_F(QueryAllData, ChangedDataBlockOffsetIsAnError) {
  TestMiniport m;
  m.guids = {{&kGuidA, 1, 0}};
  m.query = [](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs&) -> UCHAR {
    ctx->Buffer[48] = 0x40;  // DataBlockOffset 64 instead of 72
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_SUCCESS, 0);
    return SRB_STATUS_SUCCESS;
  };
  ByteVec buffer = all_data_request(128);
  EXPECT_EQ(dispatch(m, kQueryAllData, &kGuidA, buffer).status, SRB_STATUS_ERROR);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRuleWnodeCorrupted});
}

TEST_F(QueryAllData, ErrorStatusPassesThroughWithSizeZeroAndTheWnodeUntouchedAfterSetup) {
  TestMiniport m;
  m.guids = {{&kGuidA, 1, 0}};
  m.query = [](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs&) -> UCHAR {
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_BUSY, 99);
    return SRB_STATUS_BUSY;
  };
  ByteVec buffer = all_data_request(128);
  const Outcome out = dispatch(m, kQueryAllData, &kGuidA, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_BUSY);
  EXPECT_EQ(out.size, 0u);
  EXPECT_EQ(load32(buffer, 0), 64u);  // WnodeHeader.BufferSize as sent
}

TEST_F(QueryAllData, InstanceCountWhoseHeaderCannotBeRepresentedIsAnError) {
  TestMiniport m;
  m.guids = {{&kGuidA, 0x20000000, 0}};  // ALIGN8(60 + 8 * 2^29) > 4 GiB
  m.query = [](PSCSIWMI_REQUEST_CONTEXT, const QueryArgs&) -> UCHAR { return SRB_STATUS_ERROR; };
  ByteVec buffer = all_data_request(128);
  EXPECT_EQ(dispatch(m, kQueryAllData, &kGuidA, buffer).status, SRB_STATUS_ERROR);
  EXPECT_EQ(m.calls, 0);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRuleInstanceCountTooLarge});
}

}  // namespace
}  // namespace scsiwmi_test

namespace scsiwmi_test {
namespace {

// The in-place conversion of the length scratch array into OffsetInstanceDataAndLength[] (last entry first), for
// many shapes: the reply must equal what the wnode codec's builder produces for the same instances (an independent
// implementation of the same layout), and parse back to them.
TEST_F(QueryAllData, VariableLayoutMatchesTheCodecBuilder) {
  const std::vector<std::vector<std::size_t>> shapes = {{0, 1},
                                                        {1, 0},
                                                        {7, 8, 9},
                                                        {8, 0, 0, 16},
                                                        {3, 5, 7, 11, 13, 17, 19},
                                                        {0, 0, 1},
                                                        {24, 1, 2, 3, 4},
                                                        {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13},
                                                        {100, 0, 57, 8, 9, 1, 0, 3}};
  for (const auto& lengths : shapes) {
    std::vector<ByteVec> data;
    for (std::size_t k = 0; k < lengths.size(); ++k)
      data.push_back(ByteVec(lengths[k], static_cast<std::uint8_t>(0x10 + k)));
    SCOPED_TRACE(::testing::PrintToString(lengths));
    StaticBlock block(data);
    ByteVec buffer = all_data_request(512);
    const Outcome out = dispatch(block.m, kQueryAllData, &kGuidA, buffer);
    ASSERT_EQ(out.status, SRB_STATUS_SUCCESS);

    wmiport::wnode::AllData value;
    value.header.guid = wmiport::wnode::testing::guid_a();
    value.header.flags = kAllDataStatic;
    value.layout = wmiport::wnode::InstanceSizeLayout::variable;
    for (const auto& d : data)
      value.instances.push_back({std::nullopt, d});
    auto built = wmiport::wnode::build_all_data(value);
    ASSERT_TRUE(built.ok()) << built.error().to_string();
    EXPECT_EQ(out.size, built->size());
    EXPECT_BYTES(prefix(buffer, out.size), *built);
  }
}

TEST_F(QueryAllData, FixedLayoutParsesBackForManyCounts) {
  for (std::size_t count : {1u, 2u, 5u, 9u}) {
    for (std::size_t length : {0u, 1u, 6u, 8u, 13u}) {
      SCOPED_TRACE(::testing::Message() << count << " x " << length);
      std::vector<ByteVec> data;
      for (std::size_t k = 0; k < count; ++k)
        data.push_back(ByteVec(length, static_cast<std::uint8_t>(0x20 + k)));
      StaticBlock block(data);
      ByteVec buffer = all_data_request(512);
      const Outcome out = dispatch(block.m, kQueryAllData, &kGuidA, buffer);
      ASSERT_EQ(out.status, SRB_STATUS_SUCCESS);
      EXPECT_NE(load32(buffer, 44) & WNODE_FLAG_FIXED_INSTANCE_SIZE, 0u);
      auto parsed = wmiport::wnode::parse_all_data(wmiport::Bytes(buffer.data(), out.size));
      ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
      ASSERT_EQ(parsed->instances.size(), count);
      for (std::size_t k = 0; k < count; ++k)
        EXPECT_EQ(parsed->instances[k].data, data[k]);
    }
  }
}

}  // namespace
}  // namespace scsiwmi_test
