// The return-value rule of spec §1.4 and the four request-flow shapes it makes work, driven the way a miniport's
// StartIo drives them (an SRB, the context in its SRB extension, RequestComplete notifications); plus the
// PostProcess contract: exactly once, never with SRB_STATUS_PENDING, never skipped.
#include <thread>

#include "test_support.h"

namespace scsiwmi_test {
namespace {

using wmiport::wnode::testing::header_bytes;

// WNODE_SINGLE_INSTANCE for instance 0 of GUID A in a 96-byte buffer.
ByteVec query_request() {
  return padded(join({header_bytes(64, WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_STATIC_INSTANCE_NAMES), le32(0), le32(0),
                      le32(64), le32(0)}),
                96);
}

// A minimal StartIo for SRB_FUNCTION_WMI in the style of the public samples. `honour_pending` false is the
// vioscsi style (shape d): the dispatcher's answer is ignored and the SRB always completed from the context.
struct Srb {
  SCSI_WMI_REQUEST_BLOCK srb{};
  SCSIWMI_REQUEST_CONTEXT extension{};  // the SRB extension holding the request context
  ByteVec buffer;
};

int completions(const void* srb) {
  int n = 0;
  for (const auto& note : notifications())
    n += note.type == RequestComplete && note.wnode_address == nullptr && note.extension == srb;
  return n;
}

// Completes the SRB as a miniport does: copy the context results, RequestComplete (recorded with the SRB as the
// "extension" so tests can count completions per SRB).
void complete_from_context(Srb& s) {
  s.srb.DataTransferLength = ScsiPortWmiGetReturnSize(&s.extension);
  s.srb.SrbStatus = ScsiPortWmiGetReturnStatus(&s.extension);
  ScsiPortNotification(RequestComplete, &s.srb);
}

BOOLEAN start_io(TestMiniport& m, Srb& s, bool honour_pending = true) {
  s.srb.Length = sizeof(SCSI_WMI_REQUEST_BLOCK);
  s.srb.Function = SRB_FUNCTION_WMI;
  s.srb.WMISubFunction = kQuerySingleInstance;
  s.srb.WMIFlags = SRB_WMI_FLAGS_ADAPTER_REQUEST;
  s.srb.DataPath = const_cast<GUID*>(&kGuidA);
  s.srb.DataBuffer = s.buffer.data();
  s.srb.DataTransferLength = static_cast<ULONG>(s.buffer.size());
  s.srb.SrbExtension = &s.extension;
  s.extension.UserContext = &s;
  const BOOLEAN pending = ScsiPortWmiDispatchFunction(m.build(), s.srb.WMISubFunction, &m, &s.extension, s.srb.DataPath,
                                                      s.srb.DataTransferLength, s.srb.DataBuffer);
  if (!pending || !honour_pending)
    complete_from_context(s);
  return pending;
}

class RequestFlow : public ScsiWmiTest {};

TEST_F(RequestFlow, ShapeA_PostProcessThenReturnTheStatus) {
  TestMiniport m;
  m.guids = {{&kGuidA, 1, 0}};
  m.query = [](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs& args) {
    return answer_instances(ctx, args, {{9, 8, 7}});  // returns SRB_STATUS_SUCCESS (nvmewin style)
  };
  Srb s{.buffer = query_request()};
  EXPECT_FALSE(start_io(m, s));
  EXPECT_EQ(s.srb.SrbStatus, SRB_STATUS_SUCCESS);
  EXPECT_EQ(s.srb.DataTransferLength, 67u);
  EXPECT_EQ(completions(&s.srb), 1);
}

TEST_F(RequestFlow, ShapeA_WithAnErrorStatus) {
  TestMiniport m;
  m.guids = {{&kGuidA, 1, 0}};
  m.query = [](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs&) -> UCHAR {
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_INVALID_REQUEST, 0);
    return SRB_STATUS_INVALID_REQUEST;
  };
  Srb s{.buffer = query_request()};
  EXPECT_FALSE(start_io(m, s));
  EXPECT_EQ(s.srb.SrbStatus, SRB_STATUS_INVALID_REQUEST);
  EXPECT_EQ(s.srb.DataTransferLength, 0u);
}

TEST_F(RequestFlow, ShapeB_PostProcessCompleteTheSrbThenReturnPending) {
  TestMiniport m;
  m.guids = {{&kGuidA, 1, 0}};
  m.query = [](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs& args) -> UCHAR {
    answer_instances(ctx, args, {{1, 2}});
    complete_from_context(*static_cast<Srb*>(ctx->UserContext));  // the iSCSI sample completes it itself
    return SRB_STATUS_PENDING;
  };
  Srb s{.buffer = query_request()};
  EXPECT_TRUE(start_io(m, s));  // TRUE although already post-processed: StartIo must not complete it again
  EXPECT_EQ(completions(&s.srb), 1);
  EXPECT_EQ(s.srb.SrbStatus, SRB_STATUS_SUCCESS);
  EXPECT_EQ(s.srb.DataTransferLength, 66u);
}

TEST_F(RequestFlow, ShapeC_PendThenPostProcessAndCompleteLaterFromAnotherThread) {
  TestMiniport m;
  m.guids = {{&kGuidA, 1, 0}};
  PSCSIWMI_REQUEST_CONTEXT parked = nullptr;
  QueryArgs parked_args;
  m.query = [&](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs& args) -> UCHAR {
    parked = ctx;
    parked_args = args;
    return SRB_STATUS_PENDING;
  };
  Srb s{.buffer = query_request()};
  EXPECT_TRUE(start_io(m, s));
  EXPECT_EQ(completions(&s.srb), 0);
  EXPECT_EQ(ScsiPortWmiGetReturnStatus(&s.extension), SRB_STATUS_PENDING);  // not valid yet, and says so

  std::thread later([&] {
    answer_instances(parked, parked_args, {{5, 5, 5, 5}});
    complete_from_context(s);
  });
  later.join();
  EXPECT_EQ(completions(&s.srb), 1);
  EXPECT_EQ(s.srb.SrbStatus, SRB_STATUS_SUCCESS);
  EXPECT_EQ(s.srb.DataTransferLength, 68u);
}

TEST_F(RequestFlow, ShapeD_ReturnTrueAndStartIoIgnoresTheAnswer) {
  TestMiniport m;
  m.guids = {{&kGuidA, 1, 0}};
  m.query = [](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs& args) -> UCHAR {
    answer_instances(ctx, args, {ByteVec(40, 1)});  // 40 > 32 available: DATA_OVERRUN
    return TRUE;                                    // vioscsi: TRUE whatever happened (== SRB_STATUS_SUCCESS)
  };
  Srb s{.buffer = query_request()};
  EXPECT_FALSE(start_io(m, s, /*honour_pending=*/false));
  EXPECT_EQ(completions(&s.srb), 1);
  EXPECT_EQ(s.srb.SrbStatus, SRB_STATUS_SUCCESS);  // a WNODE_TOO_SMALL
  EXPECT_EQ(s.srb.DataTransferLength, 56u);
  EXPECT_EQ(load32(s.buffer, 48), 104u);
}

// ---- The PostProcess contract ---------------------------------------------------------------------------------------

TEST_F(RequestFlow, StatusWithoutPostProcessIsFinishedWithThatStatusAndReported) {
  TestMiniport m;
  m.guids = {{&kGuidA, 1, 0}};
  m.query = [](PSCSIWMI_REQUEST_CONTEXT, const QueryArgs&) -> UCHAR { return SRB_STATUS_BUSY; };
  ByteVec buffer = query_request();
  const Outcome out = dispatch(m, kQuerySingleInstance, &kGuidA, buffer);
  EXPECT_FALSE(out.pending);
  EXPECT_EQ(out.status, SRB_STATUS_BUSY);
  EXPECT_EQ(out.size, 0u);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRuleMissingPostProcess});
}

TEST_F(RequestFlow, SuccessWithoutPostProcessIsPostProcessedWithSizeZero) {
  TestMiniport m;
  m.guids = {{&kGuidA, 1, 0}};
  m.query = [](PSCSIWMI_REQUEST_CONTEXT, const QueryArgs&) -> UCHAR { return SRB_STATUS_SUCCESS; };
  ByteVec buffer = query_request();
  const Outcome out = dispatch(m, kQuerySingleInstance, &kGuidA, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(out.size, 64u);  // DataBlockOffset + 0
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRuleMissingPostProcess});
}

TEST_F(RequestFlow, SecondPostProcessIsReportedAndChangesNothing) {
  TestMiniport m;
  m.guids = {{&kGuidA, 1, 0}};
  ByteVec after_first;
  m.query = [&](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs& args) -> UCHAR {
    answer_instances(ctx, args, {{1, 2, 3}});
    after_first = bytes_of(ctx->Buffer, ctx->BufferSize);
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_DATA_OVERRUN, 1000);
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_ERROR, 0);
    return SRB_STATUS_SUCCESS;
  };
  ByteVec buffer = query_request();
  const Outcome out = dispatch(m, kQuerySingleInstance, &kGuidA, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(out.size, 67u);
  EXPECT_BYTES(buffer, after_first);
  EXPECT_EQ(take_violations(), (std::vector<SCSIWMI_RULE>{ScsiWmiRulePostProcessTwice, ScsiWmiRulePostProcessTwice}));
}

TEST_F(RequestFlow, PostProcessAfterALibraryAnswerIsASecondCall) {
  TestMiniport m;  // no blocks: GUID not found, answered by the library
  SCSIWMI_REQUEST_CONTEXT ctx{};
  ByteVec buffer = query_request();
  EXPECT_EQ(dispatch(m, kQuerySingleInstance, &kGuidA, buffer, &ctx).status, SRB_STATUS_ERROR);
  ScsiPortWmiPostProcess(&ctx, SRB_STATUS_SUCCESS, 4);
  EXPECT_EQ(ctx.ReturnStatus, SRB_STATUS_ERROR);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRulePostProcessTwice});
}

TEST_F(RequestFlow, PostProcessWithPendingStatusIsAnError) {
  TestMiniport m;
  m.guids = {{&kGuidA, 1, 0}};
  m.query = [](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs&) -> UCHAR {
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_PENDING, 0);
    return SRB_STATUS_ERROR;
  };
  ByteVec buffer = query_request();
  const Outcome out = dispatch(m, kQuerySingleInstance, &kGuidA, buffer);
  EXPECT_FALSE(out.pending);
  EXPECT_EQ(out.status, SRB_STATUS_ERROR);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRulePostProcessPendingStatus});
}

TEST_F(RequestFlow, PostProcessWithNullContextIsReported) {
  ScsiPortWmiPostProcess(nullptr, SRB_STATUS_SUCCESS, 0);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRuleNullArgument});
}

TEST_F(RequestFlow, StatusFlagBitsAreAccepted) {
  TestMiniport m;
  m.guids = {{&kGuidA, 1, 0}};
  m.query = [](PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs&) -> UCHAR {
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_ERROR | SRB_STATUS_AUTOSENSE_VALID, 0);
    return SRB_STATUS_ERROR | SRB_STATUS_AUTOSENSE_VALID;
  };
  ByteVec buffer = query_request();
  const Outcome out = dispatch(m, kQuerySingleInstance, &kGuidA, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_ERROR | SRB_STATUS_AUTOSENSE_VALID);
  EXPECT_EQ(out.size, 0u);
}

}  // namespace
}  // namespace scsiwmi_test
