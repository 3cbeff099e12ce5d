// The dynamic-instance-name helpers (ScsiPortWmiSetInstanceCount, ScsiPortWmiSetInstanceName, ScsiPortWmiSetData)
// with the BufferAvail/SizeNeeded protocol of spec §1.2: golden bytes of the WNODE_ALL_DATA they build, parsed
// back; running out of space (SizeNeeded keeps counting) and the retry with the size reported; every misuse.
#include <cstring>

#include "test_support.h"

// Golden byte arrays keep one WNODE field per line with its offset in a comment: clang-format is off around them.

#include "wnode/all_data.h"

namespace scsiwmi_test {
namespace {

using wmiport::wnode::testing::header_bytes;

// QUERY_ALL_DATA for GUID A as WMI sends it for a dynamic block (STATIC_INSTANCE_NAMES clear).
ByteVec dynamic_request(std::size_t size) {
  return padded(join({header_bytes(64, WNODE_FLAG_ALL_DATA), zeros(16)}), size);
}

// What the helpers returned, call by call.
struct Step {
  ULONG avail;
  ULONG needed;
  bool got_pointer;
  bool operator==(const Step&) const = default;
};

// A miniport with one dynamic block (GUID A) of `count` instances named "Por<k>" with 4 data bytes 0x10+k each,
// written with the helpers as the WDK sample does: name then data per instance.
struct DynamicBlock {
  TestMiniport m;
  ULONG count;
  std::vector<Step> steps;
  QueryArgs seen;

  explicit DynamicBlock(ULONG n, ULONG flags = 0, ULONG registered = SCSIWMI_DYNAMIC_INSTANCE_COUNT) : count(n) {
    m.guids = {{&kGuidA, registered, flags}};
    m.query = [this](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs& args) -> UCHAR {
      seen = args;
      ULONG avail = 0;
      ULONG needed = 0;
      if (!ScsiPortWmiIsQueryAllData(ctx) || !ScsiPortWmiSetInstanceCount(ctx, count, &avail, &needed)) {
        ScsiPortWmiPostProcess(ctx, SRB_STATUS_ERROR, 0);
        return SRB_STATUS_ERROR;
      }
      steps.push_back({avail, needed, true});
      for (ULONG k = 0; k < count; ++k) {
        PWCHAR name = ScsiPortWmiSetInstanceName(ctx, k, sizeof(USHORT) + 4 * sizeof(WCHAR), &avail, &needed);
        steps.push_back({avail, needed, name != nullptr});
        if (name != nullptr) {
          name[0] = 4 * sizeof(WCHAR);
          name[1] = u'P';
          name[2] = u'o';
          name[3] = u'r';
          name[4] = static_cast<WCHAR>(u'0' + k);
        }
        auto* data = static_cast<PUCHAR>(ScsiPortWmiSetData(ctx, k, 4, &avail, &needed));
        steps.push_back({avail, needed, data != nullptr});
        if (data != nullptr)
          std::memset(data, 0x10 + static_cast<int>(k), 4);
      }
      const UCHAR status = avail == 0 && needed > ctx->BufferSize ? SRB_STATUS_DATA_OVERRUN : SRB_STATUS_SUCCESS;
      ScsiPortWmiPostProcess(ctx, status, needed);
      return status;
    };
  }
};

// The WNODE for two instances (arrays end at 60 + 2 * 12 = 84; DataBlockOffset = ALIGN8(84) = 88).
ByteVec two_instances_golden() {
  // clang-format off
  return join({
      header_bytes(116, WNODE_FLAG_ALL_DATA),  // 0: BufferSize = the final SizeNeeded; no STATIC/FIXED flags
      le32(88),                                // 48: DataBlockOffset
      le32(2),                                 // 52: InstanceCount
      le32(76),                                // 56: OffsetInstanceNameOffsets = 60 + 2 * 8
      le32(96), le32(4),                       // 60: OffsetInstanceDataAndLength[0] = {96, 4}
      le32(112), le32(4),                      // 68: [1] = {112, 4}
      le32(84), le32(100),                     // 76: the name offsets
      {8, 0, 'P', 0, 'o', 0, 'r', 0, '0', 0},  // 84: name 0 (2-aligned), count 8
      zeros(2),                                // 94: padding to 8
      {0x10, 0x10, 0x10, 0x10},                // 96: data 0 (8-aligned)
      {8, 0, 'P', 0, 'o', 0, 'r', 0, '1', 0},  // 100: name 1
      zeros(2),                                // 110
      {0x11, 0x11, 0x11, 0x11},                // 112: data 1
  });
  // clang-format on
}

class DynamicNames : public ScsiWmiTest {};

TEST_F(DynamicNames, HelpersBuildTheWnodeFrontToBack) {
  DynamicBlock block(2);
  ByteVec buffer = dynamic_request(128);

  const Outcome out = dispatch(block.m, kQueryAllData, &kGuidA, buffer);

  // The callback of a dynamic block gets no static layout.
  EXPECT_EQ(block.seen.instance_count, 0u);
  EXPECT_EQ(block.seen.instance_lengths, nullptr);
  EXPECT_EQ(block.seen.buffer, nullptr);
  EXPECT_EQ(block.seen.buffer_avail, 0u);
  EXPECT_EQ(block.steps, (std::vector<Step>{{128 - 84, 84, true},       // SetInstanceCount: the arrays
                                            {128 - 94, 94, true},       // name 0 at 84
                                            {128 - 100, 100, true},     // data 0 at 96
                                            {128 - 110, 110, true},     // name 1 at 100
                                            {128 - 116, 116, true}}));  // data 1 at 112
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(out.size, 116u);
  EXPECT_BYTES(buffer, padded(two_instances_golden(), 128));

  auto parsed = wmiport::wnode::parse_all_data(wmiport::Bytes(buffer.data(), out.size));
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  ASSERT_EQ(parsed->instances.size(), 2u);
  EXPECT_EQ(parsed->instances[0].name, std::u16string(u"Por0"));
  EXPECT_EQ(parsed->instances[1].name, std::u16string(u"Por1"));
  EXPECT_EQ(parsed->instances[1].data, (ByteVec{0x11, 0x11, 0x11, 0x11}));
}

TEST_F(DynamicNames, CallByNameFlagAlsoMeansDynamic) {
  DynamicBlock block(2, WMIREG_FLAG_CALL_BY_NAME, 2);
  ByteVec buffer = padded(
      join({header_bytes(64, WNODE_FLAG_ALL_DATA | WNODE_FLAG_STATIC_INSTANCE_NAMES | WNODE_FLAG_PDO_INSTANCE_NAMES),
            zeros(16)}),
      128);
  const Outcome out = dispatch(block.m, kQueryAllData, &kGuidA, buffer);
  EXPECT_EQ(out.size, 116u);
  EXPECT_BYTES(buffer, padded(two_instances_golden(), 128));  // the naming flags cleared
}

TEST_F(DynamicNames, RunningOutOfSpaceKeepsCountingAndTheRetrySucceeds) {
  DynamicBlock block(2);
  ByteVec buffer = dynamic_request(100);

  const Outcome out = dispatch(block.m, kQueryAllData, &kGuidA, buffer);

  EXPECT_EQ(block.steps, (std::vector<Step>{{16, 84, true},
                                            {6, 94, true},
                                            {0, 100, true},   // fills the buffer exactly
                                            {0, 110, false},  // no room: NULL, SizeNeeded still grows
                                            {0, 116, false}}));
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(out.size, 56u);
  EXPECT_BYTES(prefix(buffer, 56), join({header_bytes(56, WNODE_FLAG_TOO_SMALL), le32(116), le32(2)}));

  ByteVec retry = dynamic_request(116);
  const Outcome second = dispatch(block.m, kQueryAllData, &kGuidA, retry);
  EXPECT_EQ(second.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(second.size, 116u);
  EXPECT_BYTES(retry, two_instances_golden());
}

TEST_F(DynamicNames, ArraysThatDoNotFitGiveNoPointersAtAll) {
  DynamicBlock block(2);
  ByteVec buffer = dynamic_request(64);
  const Outcome out = dispatch(block.m, kQueryAllData, &kGuidA, buffer);
  EXPECT_EQ(block.steps, (std::vector<Step>{{0, 84, true},  // SetInstanceCount still TRUE
                                            {0, 94, false},
                                            {0, 100, false},
                                            {0, 110, false},
                                            {0, 116, false}}));
  EXPECT_EQ(out.size, 56u);
  EXPECT_EQ(load32(buffer, 48), 116u);
}

TEST_F(DynamicNames, NoInstances) {
  DynamicBlock block(0);
  ByteVec buffer = dynamic_request(64);
  const Outcome out = dispatch(block.m, kQueryAllData, &kGuidA, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(out.size, 64u);
  EXPECT_BYTES(buffer, join({header_bytes(64, WNODE_FLAG_ALL_DATA), le32(64), le32(0), le32(64), le32(0)}));
  auto parsed = wmiport::wnode::parse_all_data(wmiport::Bytes(buffer.data(), out.size));
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_TRUE(parsed->instances.empty());
}

// ---- Misuse ---------------------------------------------------------------------------------------------------------

// Runs `body` as the QueryDataBlock of a dynamic block (GUID A) or a static one, in a 128-byte request.
Outcome run(std::function<UCHAR(PSCSIWMI_REQUEST_CONTEXT)> body, bool dynamic = true, UCHAR minor = kQueryAllData) {
  TestMiniport m;
  m.guids = {{&kGuidA, dynamic ? SCSIWMI_DYNAMIC_INSTANCE_COUNT : 1, 0}};
  m.query = [&](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs&) { return body(ctx); };
  ByteVec buffer = minor == kQueryAllData
                       ? dynamic_request(128)
                       : padded(join({header_bytes(64, WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_STATIC_INSTANCE_NAMES),
                                      le32(0), le32(0), le32(64), le32(0)}),
                                128);
  return dispatch(m, minor, &kGuidA, buffer);
}

TEST_F(DynamicNames, SetInstanceCountRefusesStaticBlocksAndOtherMinors) {
  for (auto [dynamic, minor] : {std::pair{false, kQueryAllData}, std::pair{false, kQuerySingleInstance}}) {
    run(
        [](PSCSIWMI_REQUEST_CONTEXT ctx) -> UCHAR {
          ULONG avail = 7, needed = 7;
          EXPECT_FALSE(ScsiPortWmiSetInstanceCount(ctx, 1, &avail, &needed));
          EXPECT_EQ(ScsiPortWmiSetInstanceName(ctx, 0, 4, &avail, &needed), nullptr);
          EXPECT_EQ(ScsiPortWmiSetData(ctx, 0, 4, &avail, &needed), nullptr);
          EXPECT_EQ(avail, 7u);
          EXPECT_EQ(needed, 7u);
          ScsiPortWmiPostProcess(ctx, SRB_STATUS_ERROR, 0);
          return SRB_STATUS_ERROR;
        },
        dynamic, minor);
  }
  ULONG avail = 0, needed = 0;
  EXPECT_FALSE(ScsiPortWmiSetInstanceCount(nullptr, 1, &avail, &needed));
}

TEST_F(DynamicNames, SetInstanceCountTwiceIsReported) {
  run([](PSCSIWMI_REQUEST_CONTEXT ctx) -> UCHAR {
    ULONG avail, needed;
    EXPECT_TRUE(ScsiPortWmiSetInstanceCount(ctx, 1, &avail, &needed));
    EXPECT_FALSE(ScsiPortWmiSetInstanceCount(ctx, 2, &avail, &needed));
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_ERROR, 0);
    return SRB_STATUS_ERROR;
  });
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRuleDynamicNameProtocol});
}

TEST_F(DynamicNames, HelpersBeforeSetInstanceCountAreReported) {
  run([](PSCSIWMI_REQUEST_CONTEXT ctx) -> UCHAR {
    ULONG avail = 0, needed = 84;
    EXPECT_EQ(ScsiPortWmiSetInstanceName(ctx, 0, 4, &avail, &needed), nullptr);
    EXPECT_EQ(ScsiPortWmiSetData(ctx, 0, 4, &avail, &needed), nullptr);
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_ERROR, 0);
    return SRB_STATUS_ERROR;
  });
  EXPECT_EQ(take_violations(),
            (std::vector<SCSIWMI_RULE>{ScsiWmiRuleDynamicNameProtocol, ScsiWmiRuleDynamicNameProtocol}));
}

TEST_F(DynamicNames, BadIndexLengthOrSizeNeededAreReportedAndChangeNothing) {
  run([](PSCSIWMI_REQUEST_CONTEXT ctx) -> UCHAR {
    ULONG avail, needed;
    EXPECT_TRUE(ScsiPortWmiSetInstanceCount(ctx, 2, &avail, &needed));
    const ULONG avail0 = avail, needed0 = needed;
    EXPECT_EQ(ScsiPortWmiSetInstanceName(ctx, 2, 4, &avail, &needed), nullptr);  // index out of range
    EXPECT_EQ(ScsiPortWmiSetData(ctx, 5, 4, &avail, &needed), nullptr);
    EXPECT_EQ(ScsiPortWmiSetInstanceName(ctx, 0, 1, &avail, &needed), nullptr);  // below the USHORT
    EXPECT_EQ(ScsiPortWmiSetInstanceName(ctx, 0, 5, &avail, &needed), nullptr);  // odd
    EXPECT_EQ(avail, avail0);
    EXPECT_EQ(needed, needed0);
    ULONG rewound = 60;  // would overwrite the arrays
    EXPECT_EQ(ScsiPortWmiSetData(ctx, 0, 4, &avail, &rewound), nullptr);
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_ERROR, 0);
    return SRB_STATUS_ERROR;
  });
  EXPECT_EQ(take_violations().size(), 5u);
}

TEST_F(DynamicNames, StaleBufferAvailCannotMakeTheLibraryWritePastTheBuffer) {
  run([](PSCSIWMI_REQUEST_CONTEXT ctx) -> UCHAR {
    ULONG avail, needed;
    EXPECT_TRUE(ScsiPortWmiSetInstanceCount(ctx, 1, &avail, &needed));
    avail = 0xffffffff;  // a lie
    EXPECT_EQ(ScsiPortWmiSetData(ctx, 0, 200, &avail, &needed), nullptr);
    EXPECT_EQ(avail, 0u);
    EXPECT_EQ(needed, 72u + 200u);  // arrays end 72 (60 + 12), data at ALIGN8(72)
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_DATA_OVERRUN, needed);
    return SRB_STATUS_DATA_OVERRUN;
  });
}

TEST_F(DynamicNames, SuccessWithoutSetInstanceCountIsAnError) {
  const Outcome out = run([](PSCSIWMI_REQUEST_CONTEXT ctx) -> UCHAR {
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_SUCCESS, 64);
    return SRB_STATUS_SUCCESS;
  });
  EXPECT_EQ(out.status, SRB_STATUS_ERROR);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRuleDynamicNameProtocol});
}

TEST_F(DynamicNames, AnInstanceWithoutANameIsAnError) {
  const Outcome out = run([](PSCSIWMI_REQUEST_CONTEXT ctx) -> UCHAR {
    ULONG avail, needed;
    EXPECT_TRUE(ScsiPortWmiSetInstanceCount(ctx, 1, &avail, &needed));
    EXPECT_NE(ScsiPortWmiSetData(ctx, 0, 4, &avail, &needed), nullptr);
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_SUCCESS, needed);
    return SRB_STATUS_SUCCESS;
  });
  EXPECT_EQ(out.status, SRB_STATUS_ERROR);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRuleDynamicNameProtocol});
}

TEST_F(DynamicNames, ANameCountRunningPastBufferUsedIsAnError) {
  const Outcome out = run([](PSCSIWMI_REQUEST_CONTEXT ctx) -> UCHAR {
    ULONG avail, needed;
    EXPECT_TRUE(ScsiPortWmiSetInstanceCount(ctx, 1, &avail, &needed));
    PWCHAR name = ScsiPortWmiSetInstanceName(ctx, 0, 4, &avail, &needed);
    name[0] = 40;  // claims 40 bytes after reserving 2
    EXPECT_NE(ScsiPortWmiSetData(ctx, 0, 0, &avail, &needed), nullptr);
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_SUCCESS, needed);
    return SRB_STATUS_SUCCESS;
  });
  EXPECT_EQ(out.status, SRB_STATUS_ERROR);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRuleDynamicNameProtocol});
}

TEST_F(DynamicNames, OverrunWithASizeThatFitsIsAnError) {
  const Outcome out = run([](PSCSIWMI_REQUEST_CONTEXT ctx) -> UCHAR {
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_DATA_OVERRUN, 100);  // 100 <= 128
    return SRB_STATUS_DATA_OVERRUN;
  });
  EXPECT_EQ(out.status, SRB_STATUS_ERROR);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRuleOverrunSizeFits});
}

}  // namespace
}  // namespace scsiwmi_test
