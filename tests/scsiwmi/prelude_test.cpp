// What ScsiPortWmiDispatchFunction decides before any callback: the minor code table, the GUID lookup, event-only
// blocks, the arguments; and the enable/disable minors with their defaults.
#include "test_support.h"

namespace scsiwmi_test {
namespace {

using wmiport::wnode::testing::header_bytes;

ByteVec all_data_request() {
  return padded(join({header_bytes(64, WNODE_FLAG_ALL_DATA | WNODE_FLAG_STATIC_INSTANCE_NAMES), zeros(16)}), 128);
}

// GUID A: data block, 1 instance. GUID C: event-only. GUID D: expensive.
TestMiniport three_blocks() {
  TestMiniport m;
  m.guids = {{&kGuidA, 1, 0}, {&kGuidC, 1, WMIREG_FLAG_EVENT_ONLY_GUID}, {&kGuidD, 1, WMIREG_FLAG_EXPENSIVE}};
  m.query = [](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs& args) {
    return answer_instances(ctx, args, {{1, 2, 3, 4}});
  };
  return m;
}

class Prelude : public ScsiWmiTest {};

TEST_F(Prelude, MinorCodesTheLibraryDoesNotServeAreInvalidRequests) {
  for (UCHAR minor : {UCHAR{0x0a}, UCHAR{0x0c}, UCHAR{0x0d}, UCHAR{0x17}, UCHAR{0xff}}) {
    SCOPED_TRACE(int{minor});
    TestMiniport m = three_blocks();
    ByteVec buffer = all_data_request();
    const ByteVec before = buffer;
    const Outcome out = dispatch(m, minor, &kGuidA, buffer);
    EXPECT_FALSE(out.pending);
    EXPECT_EQ(out.status, SRB_STATUS_INVALID_REQUEST);
    EXPECT_EQ(out.size, 0u);
    EXPECT_EQ(m.calls, 0);
    EXPECT_BYTES(buffer, before);
  }
}

TEST_F(Prelude, UnknownGuidIsAnError) {
  TestMiniport m = three_blocks();
  ByteVec buffer = all_data_request();
  const Outcome out = dispatch(m, kQueryAllData, &kUnknownGuid, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_ERROR);
  EXPECT_EQ(out.size, 0u);
  EXPECT_EQ(m.calls, 0);
}

TEST_F(Prelude, NullDataPathIsAnError) {
  TestMiniport m = three_blocks();
  ByteVec buffer = all_data_request();
  EXPECT_EQ(dispatch(m, kQueryAllData, nullptr, buffer).status, SRB_STATUS_ERROR);
}

TEST_F(Prelude, EntriesWithoutAGuidNeverMatch) {
  TestMiniport m = three_blocks();
  m.guids[0].Guid = nullptr;
  ByteVec buffer = all_data_request();
  EXPECT_EQ(dispatch(m, kQueryAllData, &kGuidA, buffer).status, SRB_STATUS_ERROR);
}

TEST_F(Prelude, GuidIndexIsThePositionInGuidList) {
  TestMiniport m = three_blocks();
  ULONG seen = 99;
  m.query = [&](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs& args) {
    seen = args.guid_index;
    return answer_instances(ctx, args, {{1}});
  };
  ByteVec buffer = all_data_request();
  EXPECT_EQ(dispatch(m, kQueryAllData, &kGuidD, buffer).status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(seen, 2u);
}

TEST_F(Prelude, EventOnlyBlocksHaveNoData) {
  TestMiniport m = three_blocks();
  m.set_block = [](PSCSIWMI_REQUEST_CONTEXT, ULONG, ULONG, ULONG, PUCHAR) -> UCHAR { return SRB_STATUS_ERROR; };
  for (UCHAR minor : {kQueryAllData, kQuerySingleInstance, kChangeSingleInstance, kChangeSingleItem, kExecuteMethod}) {
    SCOPED_TRACE(int{minor});
    ByteVec buffer = all_data_request();
    EXPECT_EQ(dispatch(m, minor, &kGuidC, buffer).status, SRB_STATUS_ERROR);
  }
  EXPECT_EQ(m.calls, 0);
}

TEST_F(Prelude, NullWmiLibInfoIsAnErrorAndReported) {
  SCSIWMI_REQUEST_CONTEXT ctx{};
  ByteVec buffer = all_data_request();
  EXPECT_FALSE(ScsiPortWmiDispatchFunction(nullptr, kQueryAllData, nullptr, &ctx, const_cast<GUID*>(&kGuidA),
                                           static_cast<ULONG>(buffer.size()), buffer.data()));
  EXPECT_EQ(ctx.ReturnStatus, SRB_STATUS_ERROR);
  EXPECT_FALSE(ScsiPortWmiDispatchFunction(nullptr, kReginfo, nullptr, &ctx, nullptr, 0, nullptr));
  EXPECT_EQ(ctx.ReturnStatus, SRB_STATUS_ERROR);
  EXPECT_EQ(take_violations(), (std::vector<SCSIWMI_RULE>{ScsiWmiRuleNullArgument, ScsiWmiRuleNullArgument}));
}

TEST_F(Prelude, NullRequestContextIsReportedAndNotPending) {
  TestMiniport m = three_blocks();
  ByteVec buffer = all_data_request();
  EXPECT_FALSE(ScsiPortWmiDispatchFunction(m.build(), kQueryAllData, &m, nullptr, const_cast<GUID*>(&kGuidA),
                                           static_cast<ULONG>(buffer.size()), buffer.data()));
  EXPECT_EQ(m.calls, 0);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRuleNullArgument});
}

TEST_F(Prelude, NullBufferWithASizeIsTreatedAsNoBuffer) {
  TestMiniport m = three_blocks();
  SCSIWMI_REQUEST_CONTEXT ctx{};
  EXPECT_FALSE(
      ScsiPortWmiDispatchFunction(m.build(), kQueryAllData, &m, &ctx, const_cast<GUID*>(&kGuidA), 4096, nullptr));
  EXPECT_EQ(ctx.ReturnStatus, SRB_STATUS_DATA_OVERRUN);
  EXPECT_EQ(ctx.ReturnSize, 0u);
  EXPECT_EQ(ctx.BufferSize, 0u);
  EXPECT_EQ(m.calls, 0);
}

TEST_F(Prelude, MissingQueryDataBlockIsAnErrorAndReported) {
  TestMiniport m = three_blocks();
  m.query = nullptr;
  ByteVec buffer = all_data_request();
  EXPECT_EQ(dispatch(m, kQueryAllData, &kGuidA, buffer).status, SRB_STATUS_ERROR);
  EXPECT_EQ(dispatch(m, kQuerySingleInstance, &kGuidA, buffer).status, SRB_STATUS_ERROR);
  EXPECT_EQ(take_violations(),
            (std::vector<SCSIWMI_RULE>{ScsiWmiRuleRequiredCallbackMissing, ScsiWmiRuleRequiredCallbackMissing}));
}

TEST_F(Prelude, ContextFieldsAndMacros) {
  TestMiniport m = three_blocks();
  bool is_all_data = false;
  m.query = [&](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs& args) {
    is_all_data = ScsiPortWmiIsQueryAllData(ctx);
    return answer_instances(ctx, args, {{1}});
  };
  SCSIWMI_REQUEST_CONTEXT ctx{};
  int user = 0;
  ctx.UserContext = &user;
  ByteVec buffer = all_data_request();
  dispatch(m, kQueryAllData, &kGuidA, buffer, &ctx);
  EXPECT_TRUE(is_all_data);
  EXPECT_EQ(ctx.UserContext, &user);  // the miniport's, untouched
  EXPECT_EQ(ctx.Buffer, buffer.data());
  EXPECT_EQ(ctx.BufferSize, buffer.size());
  EXPECT_EQ(ctx.MinorFunction, kQueryAllData);
  EXPECT_EQ(ScsiPortWmiGetReturnStatus(&ctx), SRB_STATUS_SUCCESS);
  EXPECT_EQ(ScsiPortWmiGetReturnSize(&ctx), 73u);
}

// ---- ENABLE/DISABLE_EVENTS and _COLLECTION --------------------------------------------------------------------------

struct ControlCall {
  ULONG guid;
  SCSIWMI_ENABLE_DISABLE_CONTROL function;
  BOOLEAN enable;
  bool operator==(const ControlCall&) const = default;
};

TEST_F(Prelude, EnableAndDisableReachFunctionControl) {
  TestMiniport m = three_blocks();
  std::vector<ControlCall> calls;
  m.control = [&](PSCSIWMI_REQUEST_CONTEXT ctx, ULONG guid, SCSIWMI_ENABLE_DISABLE_CONTROL f, BOOLEAN enable) {
    calls.push_back({guid, f, enable});
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_SUCCESS, 0);
    return UCHAR{SRB_STATUS_SUCCESS};
  };
  ByteVec header = header_bytes(48, 0);  // the WNODE_HEADER WMI passes (may carry trace information)
  for (UCHAR minor : {kEnableEvents, kDisableEvents, kEnableCollection, kDisableCollection}) {
    const Outcome out = dispatch(m, minor, minor < kEnableCollection ? &kGuidC : &kGuidD, header);
    EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
    EXPECT_EQ(out.size, 0u);
  }
  EXPECT_EQ(calls, (std::vector<ControlCall>{{1, ScsiWmiEventControl, TRUE},
                                             {1, ScsiWmiEventControl, FALSE},
                                             {2, ScsiWmiDataBlockControl, TRUE},
                                             {2, ScsiWmiDataBlockControl, FALSE}}));
  EXPECT_BYTES(header, header_bytes(48, 0));
}

TEST_F(Prelude, CollectionForABlockNotExpensiveSucceedsWithoutACall) {
  TestMiniport m = three_blocks();
  m.control = [](PSCSIWMI_REQUEST_CONTEXT, ULONG, SCSIWMI_ENABLE_DISABLE_CONTROL, BOOLEAN) -> UCHAR {
    return SRB_STATUS_ERROR;
  };
  ByteVec none;
  EXPECT_EQ(dispatch(m, kEnableCollection, &kGuidA, none).status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(dispatch(m, kDisableCollection, &kGuidA, none).status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(m.calls, 0);
}

TEST_F(Prelude, MissingFunctionControlSucceeds) {
  TestMiniport m = three_blocks();
  ByteVec none;  // the buffer may be absent
  for (UCHAR minor : {kEnableEvents, kDisableEvents, kEnableCollection, kDisableCollection}) {
    const Outcome out = dispatch(m, minor, &kGuidD, none);
    EXPECT_FALSE(out.pending);
    EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
    EXPECT_EQ(out.size, 0u);
  }
  EXPECT_EQ(m.calls, 0);
}

TEST_F(Prelude, FunctionControlErrorsPassThrough) {
  TestMiniport m = three_blocks();
  m.control = [](PSCSIWMI_REQUEST_CONTEXT ctx, ULONG, SCSIWMI_ENABLE_DISABLE_CONTROL, BOOLEAN) -> UCHAR {
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_ERROR, 0);
    return SRB_STATUS_ERROR;
  };
  ByteVec none;
  EXPECT_EQ(dispatch(m, kEnableEvents, &kGuidA, none).status, SRB_STATUS_ERROR);
}

TEST_F(Prelude, FunctionControlMayPend) {
  TestMiniport m = three_blocks();
  PSCSIWMI_REQUEST_CONTEXT parked = nullptr;
  m.control = [&](PSCSIWMI_REQUEST_CONTEXT ctx, ULONG, SCSIWMI_ENABLE_DISABLE_CONTROL, BOOLEAN) -> UCHAR {
    parked = ctx;
    return SRB_STATUS_PENDING;
  };
  ByteVec none;
  SCSIWMI_REQUEST_CONTEXT ctx{};
  EXPECT_TRUE(dispatch(m, kEnableEvents, &kGuidC, none, &ctx).pending);
  ScsiPortWmiPostProcess(parked, SRB_STATUS_DATA_OVERRUN, 8);  // nothing to grow: a failure
  EXPECT_EQ(ctx.ReturnStatus, SRB_STATUS_ERROR);
  EXPECT_EQ(ctx.ReturnSize, 0u);
}

}  // namespace
}  // namespace scsiwmi_test
