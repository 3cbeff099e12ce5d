// The single-instance minors through the dispatcher and PostProcess: QUERY_SINGLE_INSTANCE, CHANGE_SINGLE_INSTANCE,
// CHANGE_SINGLE_ITEM and EXECUTE_METHOD, with golden WNODE bytes before and after, the instance addressing (index
// for static names, name for dynamic ones), the NULL-callback defaults and the malformed requests refused before
// any callback runs.
#include "test_support.h"

// Golden byte arrays keep one WNODE field per line with its offset in a comment: clang-format is off around them.

#include "wnode/method_item.h"
#include "wnode/single_instance.h"
#include "wnode/too_small.h"

namespace scsiwmi_test {
namespace {

using wmiport::wnode::testing::header_bytes;

constexpr ULONG kSingleStatic = WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_STATIC_INSTANCE_NAMES;  // 0x82
constexpr ULONG kItemStatic = WNODE_FLAG_SINGLE_ITEM | WNODE_FLAG_STATIC_INSTANCE_NAMES;        // 0x84
constexpr ULONG kMethodStatic = WNODE_FLAG_METHOD_ITEM | WNODE_FLAG_STATIC_INSTANCE_NAMES;      // 0x8080

// WNODE_SINGLE_INSTANCE naming instance `index` of GUID A, data block at 64 with `data` (empty for a query).
ByteVec single_instance(ULONG index, const ByteVec& data, std::size_t buffer_size) {
  // clang-format off
  return padded(join({header_bytes(64 + static_cast<ULONG>(data.size()), kSingleStatic),
                      le32(0),                                   // 48: OffsetInstanceName (static names)
                      le32(index),                               // 52: InstanceIndex
                      le32(64),                                  // 56: DataBlockOffset
                      le32(static_cast<ULONG>(data.size())),     // 60: SizeDataBlock
                      data}),
                // clang-format on
                buffer_size);
}

// The same, naming the instance dynamically: "Port1" as a counted string at 64, data at ALIGN8(64 + 2 + 10) = 80.
ByteVec single_instance_named(std::size_t buffer_size) {
  // clang-format off
  return padded(join({header_bytes(80, WNODE_FLAG_SINGLE_INSTANCE),
                      le32(64), le32(0), le32(80), le32(0),
                      {10, 0, 'P', 0, 'o', 0, 'r', 0, 't', 0, '1', 0},  // 64: USHORT 10, "Port1"
                      zeros(4)}),                                        // 76: padding to 80
                // clang-format on
                buffer_size);
}

// WNODE_SINGLE_ITEM: item `item` of instance 0 of GUID A, the value at 72.
ByteVec single_item(ULONG item, const ByteVec& value) {
  // clang-format off
  return join({header_bytes(72 + static_cast<ULONG>(value.size()), kItemStatic),
               le32(0),                                // 48: OffsetInstanceName
               le32(0),                                // 52: InstanceIndex
               le32(item),                             // 56: ItemId
               le32(72),                               // 60: DataBlockOffset
               le32(static_cast<ULONG>(value.size())), // 64: SizeDataItem
               zeros(4),                               // 68: padding to 72
               value});
  // clang-format on
}

// WNODE_METHOD_ITEM: method `method` of instance 0 of GUID A, input at 72, in a `buffer_size`-byte buffer.
ByteVec method_item(ULONG method, const ByteVec& input, std::size_t buffer_size) {
  // clang-format off
  return padded(join({header_bytes(72 + static_cast<ULONG>(input.size()), kMethodStatic),
                      le32(0), le32(0),                         // 48: OffsetInstanceName, 52: InstanceIndex
                      le32(method),                             // 56: MethodId
                      le32(72),                                 // 60: DataBlockOffset
                      le32(static_cast<ULONG>(input.size())),   // 64: SizeDataBlock (input)
                      zeros(4), input}),
                // clang-format on
                buffer_size);
}

// GUID A: 2 static instances, each 5 bytes {0xde, 0xad, 0xbe, 0xef, index}; GUID B: dynamic names.
struct Blocks {
  TestMiniport m;
  QueryArgs seen;
  Blocks() {
    m.guids = {{&kGuidA, 2, 0}, {&kGuidB, SCSIWMI_DYNAMIC_INSTANCE_COUNT, 0}};
    m.query = [this](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs& args) {
      seen = args;
      return answer_instances(ctx, args, {{0xde, 0xad, 0xbe, 0xef, static_cast<std::uint8_t>(args.instance_index)}});
    };
  }
};

class InstanceRequests : public ScsiWmiTest {};

// ---- QUERY_SINGLE_INSTANCE ------------------------------------------------------------------------------------------

TEST_F(InstanceRequests, QuerySingleInstanceFillsTheDataBlock) {
  Blocks b;
  ByteVec buffer = single_instance(1, {}, 96);

  const Outcome out = dispatch(b.m, kQuerySingleInstance, &kGuidA, buffer);

  // The callback: instance 1, count 1, InstanceLengthArray = SizeDataBlock (60), data at 64, 96 - 64 bytes.
  EXPECT_EQ(b.seen.instance_index, 1u);
  EXPECT_EQ(b.seen.instance_count, 1u);
  EXPECT_EQ(reinterpret_cast<std::uint8_t*>(b.seen.instance_lengths), buffer.data() + 60);
  EXPECT_EQ(b.seen.buffer, buffer.data() + 64);
  EXPECT_EQ(b.seen.buffer_avail, 32u);
  // clang-format off
  const ByteVec expected = join({
      header_bytes(69, kSingleStatic),  // 0: BufferSize = DataBlockOffset 64 + 5
      le32(0), le32(1),                 // 48: OffsetInstanceName, InstanceIndex 1
      le32(64), le32(5),                // 56: DataBlockOffset (unchanged), SizeDataBlock = BufferUsed
      {0xde, 0xad, 0xbe, 0xef, 0x01},   // 64: the instance
  });
  // clang-format on
  EXPECT_FALSE(out.pending);
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(out.size, 69u);
  EXPECT_BYTES(buffer, padded(expected, 96));
  auto parsed = wmiport::wnode::parse_single_instance(wmiport::Bytes(buffer.data(), out.size));
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed->instance_index, 1u);
  EXPECT_EQ(parsed->data, (ByteVec{0xde, 0xad, 0xbe, 0xef, 0x01}));
}

TEST_F(InstanceRequests, QuerySingleInstanceOverrunThenRetryWithSizeNeeded) {
  Blocks b;
  ByteVec buffer = single_instance(0, {}, 64);  // no room for data: BufferAvail 0
  const Outcome out = dispatch(b.m, kQuerySingleInstance, &kGuidA, buffer);
  EXPECT_EQ(b.seen.buffer_avail, 0u);
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(out.size, 56u);
  EXPECT_BYTES(prefix(buffer, 56),
               join({header_bytes(56, WNODE_FLAG_TOO_SMALL), le32(69), le32(0)}));  // 52: InstanceIndex, kept

  auto too_small = wmiport::wnode::parse_too_small(wmiport::Bytes(buffer.data(), out.size));
  ASSERT_TRUE(too_small.ok());
  ByteVec retry = single_instance(0, {}, too_small->size_needed);
  const Outcome second = dispatch(b.m, kQuerySingleInstance, &kGuidA, retry);
  EXPECT_EQ(second.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(second.size, 69u);
}

TEST_F(InstanceRequests, InstanceIndexOutOfRangeIsAnErrorWithoutACall) {
  Blocks b;
  ByteVec buffer = single_instance(2, {}, 96);
  const ByteVec before = buffer;
  const Outcome out = dispatch(b.m, kQuerySingleInstance, &kGuidA, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_ERROR);
  EXPECT_EQ(out.size, 0u);
  EXPECT_EQ(b.m.calls, 0);
  EXPECT_BYTES(buffer, before);
}

TEST_F(InstanceRequests, DynamicNameReachesTheCallbackThroughGetInstanceName) {
  Blocks b;
  const WCHAR* name = nullptr;
  b.m.query = [&](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs& args) {
    b.seen = args;
    name = ScsiPortWmiGetInstanceName(ctx);
    return answer_instances(ctx, args, {{0x42}});
  };
  ByteVec buffer = single_instance_named(96);

  const Outcome out = dispatch(b.m, kQuerySingleInstance, &kGuidB, buffer);

  EXPECT_EQ(reinterpret_cast<const std::uint8_t*>(name), buffer.data() + 64);  // the counted string
  EXPECT_EQ(b.seen.instance_index, 0u);
  EXPECT_EQ(b.seen.buffer, buffer.data() + 80);
  const ByteVec expected = join({header_bytes(81, WNODE_FLAG_SINGLE_INSTANCE),
                                 le32(64),
                                 le32(0),
                                 le32(80),
                                 le32(1),
                                 {10, 0, 'P', 0, 'o', 0, 'r', 0, 't', 0, '1', 0},
                                 zeros(4),
                                 {0x42}});
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_BYTES(buffer, padded(expected, 96));
  auto parsed = wmiport::wnode::parse_single_instance(wmiport::Bytes(buffer.data(), out.size));
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed->instance_name, std::u16string(u"Port1"));
}

TEST_F(InstanceRequests, NamingModeMustMatchTheBlock) {
  Blocks b;
  ByteVec by_name = single_instance_named(96);  // a name for the static block A
  EXPECT_EQ(dispatch(b.m, kQuerySingleInstance, &kGuidA, by_name).status, SRB_STATUS_ERROR);
  ByteVec by_index = single_instance(0, {}, 96);  // an index for the dynamic block B
  EXPECT_EQ(dispatch(b.m, kQuerySingleInstance, &kGuidB, by_index).status, SRB_STATUS_ERROR);
  EXPECT_EQ(b.m.calls, 0);
}

TEST_F(InstanceRequests, GetInstanceNameIsNullForStaticNamesAndOtherMinors) {
  Blocks b;
  std::vector<const WCHAR*> names;
  b.m.query = [&](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs& args) {
    names.push_back(ScsiPortWmiGetInstanceName(ctx));
    return answer_instances(ctx, args, {{1}});
  };
  ByteVec single = single_instance(0, {}, 96);
  dispatch(b.m, kQuerySingleInstance, &kGuidA, single);
  ByteVec all = padded(join({header_bytes(64, WNODE_FLAG_ALL_DATA | WNODE_FLAG_STATIC_INSTANCE_NAMES), zeros(16)}), 96);
  b.m.guids[0].InstanceCount = 1;
  dispatch(b.m, kQueryAllData, &kGuidA, all);
  EXPECT_EQ(names, (std::vector<const WCHAR*>{nullptr, nullptr}));
  EXPECT_EQ(ScsiPortWmiGetInstanceName(nullptr), nullptr);
}

// Malformed requests: refused with SRB_STATUS_INVALID_REQUEST, no callback, no byte written.
struct MalformedCase {
  const char* name;
  ByteVec buffer;
};

TEST_F(InstanceRequests, MalformedSingleInstanceRequestsAreRefusedCleanly) {
  const ByteVec good = single_instance(0, {}, 96);
  using wmiport::wnode::testing::with_u32;
  const std::vector<MalformedCase> cases = {
      {"buffer below sizeof(WNODE_SINGLE_INSTANCE)", prefix(good, 63)},
      {"DataBlockOffset past BufferSize", with_u32(good, 56, 104)},
      {"DataBlockOffset inside the fixed part", with_u32(good, 56, 56)},
      {"DataBlockOffset not 8-aligned", with_u32(good, 56, 68)},
      {"WnodeHeader.BufferSize past the buffer", with_u32(good, 0, 97)},
      {"WnodeHeader.BufferSize below the fixed part", with_u32(good, 0, 63)},
      {"structure flag is not SINGLE_INSTANCE", with_u32(good, 44, WNODE_FLAG_SINGLE_ITEM | 0x80)},
      {"two structure flags", with_u32(good, 44, WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_ALL_DATA | 0x80)},
      {"no structure flag", with_u32(good, 44, 0x80)},
      {"PDO names without static names",
       with_u32(good, 44, WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_PDO_INSTANCE_NAMES)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Blocks b;
    ByteVec buffer = c.buffer;
    const Outcome out = dispatch(b.m, kQuerySingleInstance, &kGuidA, buffer);
    EXPECT_FALSE(out.pending);
    EXPECT_EQ(out.status, SRB_STATUS_INVALID_REQUEST);
    EXPECT_EQ(out.size, 0u);
    EXPECT_EQ(b.m.calls, 0);
    EXPECT_BYTES(buffer, c.buffer);
  }
}

TEST_F(InstanceRequests, MalformedDynamicNamesAreRefusedCleanly) {
  using wmiport::wnode::testing::with_u16;
  using wmiport::wnode::testing::with_u32;
  const ByteVec good = single_instance_named(96);
  const std::vector<MalformedCase> cases = {
      {"name offset odd", with_u32(good, 48, 65)},
      {"name offset inside the fixed part", with_u32(good, 48, 60)},
      {"name runs into the data block", with_u16(good, 64, 16)},
      {"name length odd", with_u16(good, 64, 9)},
      {"name offset past the buffer", with_u32(good, 48, 96)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Blocks b;
    ByteVec buffer = c.buffer;
    EXPECT_EQ(dispatch(b.m, kQuerySingleInstance, &kGuidB, buffer).status, SRB_STATUS_INVALID_REQUEST);
    EXPECT_EQ(b.m.calls, 0);
    EXPECT_BYTES(buffer, c.buffer);
  }
}

TEST_F(InstanceRequests, MalformedItemAndMethodRequestsAreRefusedCleanly) {
  using wmiport::wnode::testing::with_u32;
  struct Case {
    const char* name;
    UCHAR minor;
    ByteVec buffer;
  };
  const ByteVec item = single_item(3, {1, 2, 3, 4});        // DataBlockOffset at 60, SizeDataItem at 64
  const ByteVec method = method_item(7, {1, 2, 3, 4}, 96);  // DataBlockOffset at 60, SizeDataBlock at 64
  const std::vector<Case> cases = {
      {"item: buffer below sizeof(WNODE_SINGLE_ITEM)", kChangeSingleItem, prefix(item, 71)},
      {"item: DataBlockOffset past BufferSize", kChangeSingleItem, with_u32(item, 60, 80)},
      {"item: DataBlockOffset inside the fixed part", kChangeSingleItem, with_u32(item, 60, 64)},
      {"item: value past WnodeHeader.BufferSize", kChangeSingleItem, with_u32(item, 64, 5)},
      {"item: SizeDataItem overflowing", kChangeSingleItem, with_u32(item, 64, 0xfffffffc)},
      {"item: structure flag", kChangeSingleItem, with_u32(item, 44, WNODE_FLAG_SINGLE_INSTANCE | 0x80)},
      {"method: buffer below sizeof(WNODE_METHOD_ITEM)", kExecuteMethod, prefix(method, 71)},
      {"method: DataBlockOffset past BufferSize", kExecuteMethod, with_u32(method, 60, 104)},
      {"method: DataBlockOffset not 8-aligned", kExecuteMethod, with_u32(method, 60, 76)},
      {"method: input overflowing", kExecuteMethod, with_u32(method, 64, 0xffffffff)},
      {"method: WnodeHeader.BufferSize past the buffer", kExecuteMethod, with_u32(method, 0, 97)},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Blocks b;
    b.m.set_item = [](PSCSIWMI_REQUEST_CONTEXT, ULONG, ULONG, ULONG, ULONG, PUCHAR) -> UCHAR { return 0x42; };
    b.m.method = [](PSCSIWMI_REQUEST_CONTEXT, ULONG, ULONG, ULONG, ULONG, ULONG, PUCHAR) -> UCHAR { return 0x42; };
    ByteVec buffer = c.buffer;
    const Outcome out = dispatch(b.m, c.minor, &kGuidA, buffer);
    EXPECT_EQ(out.status, SRB_STATUS_INVALID_REQUEST);
    EXPECT_EQ(out.size, 0u);
    EXPECT_EQ(b.m.calls, 0);
    EXPECT_BYTES(buffer, c.buffer);
  }
}

// ---- CHANGE_SINGLE_INSTANCE -----------------------------------------------------------------------------------------

TEST_F(InstanceRequests, ChangeSingleInstanceHandsTheNewValuesAndReturnsNothing) {
  Blocks b;
  ByteVec received;
  b.m.set_block = [&](PSCSIWMI_REQUEST_CONTEXT ctx, ULONG guid, ULONG instance, ULONG size, PUCHAR data) -> UCHAR {
    EXPECT_EQ(guid, 0u);
    EXPECT_EQ(instance, 1u);
    received = bytes_of(data, size);
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_SUCCESS, size);
    return SRB_STATUS_SUCCESS;
  };
  ByteVec buffer = single_instance(1, {1, 2, 3, 4, 5, 6, 7, 8}, 72);
  const ByteVec before = buffer;
  const Outcome out = dispatch(b.m, kChangeSingleInstance, &kGuidA, buffer);
  EXPECT_EQ(received, (ByteVec{1, 2, 3, 4, 5, 6, 7, 8}));
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(out.size, 0u);
  EXPECT_BYTES(buffer, before);  // the WNODE is not a reply
}

TEST_F(InstanceRequests, ChangeWithoutSetDataBlockIsAnError) {
  Blocks b;
  ByteVec buffer = single_instance(0, {1, 2, 3, 4}, 68);
  const Outcome out = dispatch(b.m, kChangeSingleInstance, &kGuidA, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_ERROR);
  EXPECT_EQ(out.size, 0u);
  EXPECT_EQ(b.m.calls, 0);
}

TEST_F(InstanceRequests, ChangeInputPastTheWnodeIsRefused) {
  Blocks b;
  b.m.set_block = [](PSCSIWMI_REQUEST_CONTEXT, ULONG, ULONG, ULONG, PUCHAR) -> UCHAR { return SRB_STATUS_ERROR; };
  ByteVec buffer = wmiport::wnode::testing::with_u32(single_instance(0, {1, 2, 3, 4}, 96), 60, 5);  // 64+5 > 68
  EXPECT_EQ(dispatch(b.m, kChangeSingleInstance, &kGuidA, buffer).status, SRB_STATUS_INVALID_REQUEST);
  EXPECT_EQ(b.m.calls, 0);
}

TEST_F(InstanceRequests, ChangeOverrunBecomesAnError) {
  Blocks b;
  b.m.set_block = [](PSCSIWMI_REQUEST_CONTEXT ctx, ULONG, ULONG, ULONG, PUCHAR) -> UCHAR {
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_DATA_OVERRUN, 100);
    return SRB_STATUS_DATA_OVERRUN;
  };
  ByteVec buffer = single_instance(0, {1, 2, 3, 4}, 68);
  const Outcome out = dispatch(b.m, kChangeSingleInstance, &kGuidA, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_ERROR);  // there is no output to retry bigger: a set failure
  EXPECT_EQ(out.size, 0u);
}

// ---- CHANGE_SINGLE_ITEM ---------------------------------------------------------------------------------------------

TEST_F(InstanceRequests, ChangeSingleItemHandsItemIdAndValue) {
  Blocks b;
  ULONG item_seen = 0;
  ByteVec received;
  b.m.set_item = [&](PSCSIWMI_REQUEST_CONTEXT ctx, ULONG, ULONG instance, ULONG item, ULONG size,
                     PUCHAR data) -> UCHAR {
    EXPECT_EQ(instance, 0u);
    item_seen = item;
    received = bytes_of(data, size);
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_SUCCESS, 0);
    return SRB_STATUS_SUCCESS;
  };
  ByteVec buffer = single_item(3, {0xaa, 0xbb, 0xcc, 0xdd});
  const ByteVec before = buffer;
  const Outcome out = dispatch(b.m, kChangeSingleItem, &kGuidA, buffer);
  EXPECT_EQ(item_seen, 3u);
  EXPECT_EQ(received, (ByteVec{0xaa, 0xbb, 0xcc, 0xdd}));
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(out.size, 0u);
  EXPECT_BYTES(buffer, before);
}

TEST_F(InstanceRequests, ChangeItemWithoutSetDataItemIsAnError) {
  Blocks b;
  ByteVec buffer = single_item(3, {1});
  EXPECT_EQ(dispatch(b.m, kChangeSingleItem, &kGuidA, buffer).status, SRB_STATUS_ERROR);
  EXPECT_EQ(b.m.calls, 0);
}

TEST_F(InstanceRequests, ReadOnlyItemErrorPassesThrough) {
  Blocks b;
  b.m.set_item = [](PSCSIWMI_REQUEST_CONTEXT ctx, ULONG, ULONG, ULONG, ULONG, PUCHAR) -> UCHAR {
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_ERROR, 0);
    return SRB_STATUS_ERROR;
  };
  ByteVec buffer = single_item(3, {1});
  const Outcome out = dispatch(b.m, kChangeSingleItem, &kGuidA, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_ERROR);
  EXPECT_EQ(out.size, 0u);
}

// ---- EXECUTE_METHOD -------------------------------------------------------------------------------------------------

// Method 7 answers its 4-byte input doubled into 8 bytes; it checks OutBufferSize before doing anything.
UCHAR double_input(PSCSIWMI_REQUEST_CONTEXT ctx, ULONG in, ULONG out, PUCHAR buffer) {
  if (out < 8) {
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_DATA_OVERRUN, 8);
    return SRB_STATUS_DATA_OVERRUN;
  }
  ByteVec input = bytes_of(buffer, in);
  for (ULONG i = 0; i < 8; ++i)
    buffer[i] = input[i % in];
  ScsiPortWmiPostProcess(ctx, SRB_STATUS_SUCCESS, 8);
  return SRB_STATUS_SUCCESS;
}

TEST_F(InstanceRequests, ExecuteMethodOutputOverwritesTheInput) {
  Blocks b;
  ULONG in_seen = 0, out_seen = 0, method_seen = 0;
  b.m.method = [&](PSCSIWMI_REQUEST_CONTEXT ctx, ULONG, ULONG, ULONG method, ULONG in, ULONG out, PUCHAR buffer) {
    method_seen = method;
    in_seen = in;
    out_seen = out;
    return double_input(ctx, in, out, buffer);
  };
  ByteVec buffer = method_item(7, {1, 2, 3, 4}, 96);

  const Outcome out = dispatch(b.m, kExecuteMethod, &kGuidA, buffer);

  EXPECT_EQ(method_seen, 7u);
  EXPECT_EQ(in_seen, 4u);
  EXPECT_EQ(out_seen, 96u - 72u);  // OutBufferSize = BufferSize - DataBlockOffset
  // clang-format off
  const ByteVec expected = join({
      header_bytes(80, kMethodStatic),  // 0: BufferSize = 72 + 8
      le32(0), le32(0), le32(7),        // 48: OffsetInstanceName, InstanceIndex, MethodId
      le32(72), le32(8),                // 60: DataBlockOffset (unchanged), SizeDataBlock = output size
      zeros(4),                         // 68: padding
      {1, 2, 3, 4, 1, 2, 3, 4},         // 72: the output
  });
  // clang-format on
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(out.size, 80u);
  EXPECT_BYTES(buffer, padded(expected, 96));
  auto parsed = wmiport::wnode::parse_method_item(wmiport::Bytes(buffer.data(), out.size));
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed->method_id, 7u);
  EXPECT_EQ(parsed->data, (ByteVec{1, 2, 3, 4, 1, 2, 3, 4}));
}

TEST_F(InstanceRequests, ExecuteMethodOverrunThenRetry) {
  Blocks b;
  b.m.method = [](PSCSIWMI_REQUEST_CONTEXT ctx, ULONG, ULONG, ULONG, ULONG in, ULONG out, PUCHAR buffer) {
    return double_input(ctx, in, out, buffer);
  };
  ByteVec buffer = method_item(7, {1, 2, 3, 4}, 76);  // output room 4
  const Outcome out = dispatch(b.m, kExecuteMethod, &kGuidA, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(out.size, 56u);
  EXPECT_BYTES(prefix(buffer, 56),
               join({header_bytes(56, WNODE_FLAG_TOO_SMALL), le32(80), le32(0)}));  // 52: InstanceIndex, kept

  ByteVec retry = method_item(7, {1, 2, 3, 4}, 80);
  const Outcome second = dispatch(b.m, kExecuteMethod, &kGuidA, retry);
  EXPECT_EQ(second.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(second.size, 80u);
}

TEST_F(InstanceRequests, ExecuteWithoutExecuteMethodIsAnError) {
  Blocks b;
  ByteVec buffer = method_item(7, {1, 2, 3, 4}, 96);
  const ByteVec before = buffer;
  const Outcome out = dispatch(b.m, kExecuteMethod, &kGuidA, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_ERROR);
  EXPECT_EQ(out.size, 0u);
  EXPECT_EQ(b.m.calls, 0);
  EXPECT_BYTES(buffer, before);
}

TEST_F(InstanceRequests, MethodSuccessClaimingMoreThanOutBufferSizeIsAnError) {
  Blocks b;
  b.m.method = [](PSCSIWMI_REQUEST_CONTEXT ctx, ULONG, ULONG, ULONG, ULONG, ULONG out, PUCHAR) -> UCHAR {
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_SUCCESS, out + 1);
    return SRB_STATUS_SUCCESS;
  };
  ByteVec buffer = method_item(7, {1, 2, 3, 4}, 96);
  EXPECT_EQ(dispatch(b.m, kExecuteMethod, &kGuidA, buffer).status, SRB_STATUS_ERROR);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRuleBufferUsedTooLarge});
}

TEST_F(InstanceRequests, MethodInputPastTheWnodeIsRefused) {
  Blocks b;
  b.m.method = [](PSCSIWMI_REQUEST_CONTEXT, ULONG, ULONG, ULONG, ULONG, ULONG, PUCHAR) -> UCHAR {
    return SRB_STATUS_ERROR;
  };
  ByteVec buffer = wmiport::wnode::testing::with_u32(method_item(7, {1, 2, 3, 4}, 96), 64, 40);
  EXPECT_EQ(dispatch(b.m, kExecuteMethod, &kGuidA, buffer).status, SRB_STATUS_INVALID_REQUEST);
  EXPECT_EQ(b.m.calls, 0);
}

}  // namespace
}  // namespace scsiwmi_test
