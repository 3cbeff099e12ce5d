// End to end through a miniport written in C (tiny_miniport.c, compiled with -fshort-wchar): SRBs in, completed
// SRBs and events out, as the port driver will see them.
#include <cstring>

#include "test_support.h"

// Golden byte arrays keep one WNODE field per line with its offset in a comment: clang-format is off around them.
#include "tiny_miniport.h"

#include "wnode/method_item.h"
#include "wnode/single_instance.h"

namespace scsiwmi_test {
namespace {

using wmiport::wnode::testing::header_bytes;

class TinyMiniport : public ScsiWmiTest {
 protected:
  void SetUp() override {
    ScsiWmiTest::SetUp();
    extension_.assign((TinyDeviceExtensionSize() + 7) / 8, 0);
    TinyInitialize(extension_.data());
  }

  // Sends a WMI SRB for the adapter and returns it after StartIo.
  SCSI_WMI_REQUEST_BLOCK start(UCHAR minor, const void* data_path, ByteVec& buffer) {
    SCSI_WMI_REQUEST_BLOCK srb{};
    srb_extension_.assign((TinySrbExtensionSize() + 7) / 8, 0);
    srb.Length = sizeof(srb);
    srb.Function = SRB_FUNCTION_WMI;
    srb.WMISubFunction = minor;
    srb.WMIFlags = SRB_WMI_FLAGS_ADAPTER_REQUEST;
    srb.DataPath = const_cast<void*>(data_path);
    srb.DataBuffer = buffer.data();
    srb.DataTransferLength = static_cast<ULONG>(buffer.size());
    srb.SrbExtension = srb_extension_.data();
    EXPECT_TRUE(TinyHwStartIo(extension_.data(), reinterpret_cast<PSCSI_REQUEST_BLOCK>(&srb)));
    return srb;
  }

  std::vector<std::uint64_t> extension_;
  std::vector<std::uint64_t> srb_extension_;
};

TEST_F(TinyMiniport, QueryIsCompletedWithTheContextResults) {
  ByteVec buffer = padded(join({header_bytes(64, WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_STATIC_INSTANCE_NAMES),
                                le32(0), le32(0), le32(64), le32(0)}),
                          80);
  const SCSI_WMI_REQUEST_BLOCK srb = start(kQuerySingleInstance, &kGuidA, buffer);
  EXPECT_EQ(srb.SrbStatus, SRB_STATUS_SUCCESS);
  EXPECT_EQ(srb.DataTransferLength, 68u);
  ASSERT_EQ(notifications().size(), 2u);
  EXPECT_EQ(notifications()[0].type, RequestComplete);
  EXPECT_EQ(notifications()[1].type, NextRequest);
  auto parsed = wmiport::wnode::parse_single_instance(wmiport::Bytes(buffer.data(), srb.DataTransferLength));
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed->data, le32(41));
}

TEST_F(TinyMiniport, MethodOverrunHasNoSideEffectAndTheRetryWorks) {
  auto method = [](std::size_t size) {
    return padded(join({header_bytes(72, WNODE_FLAG_METHOD_ITEM | WNODE_FLAG_STATIC_INSTANCE_NAMES), le32(0), le32(0),
                        le32(1), le32(72), le32(0), zeros(4)}),
                  size);
  };
  ByteVec small = method(72);
  SCSI_WMI_REQUEST_BLOCK srb = start(kExecuteMethod, &kGuidB, small);
  EXPECT_EQ(srb.SrbStatus, SRB_STATUS_SUCCESS);
  EXPECT_EQ(srb.DataTransferLength, 56u);
  ByteVec retry = method(load32(small, 48));
  srb = start(kExecuteMethod, &kGuidB, retry);
  EXPECT_EQ(srb.DataTransferLength, 76u);
  auto parsed = wmiport::wnode::parse_method_item(wmiport::Bytes(retry.data(), srb.DataTransferLength));
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed->data, le32(41));  // the counter before the reset: the overrun did not reset it
}

TEST_F(TinyMiniport, RegistrationCarriesTheWideStringMofName) {
  ByteVec buffer(256, 0);
  const SCSI_WMI_REQUEST_BLOCK srb = start(kReginfoEx, reinterpret_cast<void*>(SCSIWMI_PORT_WMIREGISTER), buffer);
  EXPECT_EQ(srb.SrbStatus, SRB_STATUS_SUCCESS);
  SCSIWMI_PORT_REGINFO_VIEW view{};
  ASSERT_EQ(ScsiWmiPortParseRegInfo(buffer.data(), srb.DataTransferLength, &view), ScsiWmiPortParseOk);
  EXPECT_EQ(view.GuidCount, 3u);
  const char16_t expected[] = u"TinyMof";
  ASSERT_EQ(view.MofResourceNameLength, 14u);
  EXPECT_EQ(std::memcmp(view.MofResourceName, expected, 14), 0);
  SCSIWMI_PORT_REGGUID event{};
  ScsiWmiPortGetRegGuid(&view, 2, &event);
  EXPECT_EQ(event.Flags, static_cast<ULONG>(WMIREG_FLAG_EVENT_ONLY_GUID));
}

TEST_F(TinyMiniport, EventsFlowOnlyAfterEnable) {
  EXPECT_FALSE(TinyFireCounterEvent(extension_.data()));
  ByteVec none;
  start(kEnableEvents, &kGuidC, none);
  notifications().clear();
  EXPECT_TRUE(TinyFireCounterEvent(extension_.data()));
  ASSERT_EQ(notifications().size(), 1u);
  EXPECT_EQ(notifications()[0].path_id, 0xff);
  EXPECT_BYTES(notifications()[0].wnode,
               // clang-format off
               join({le32(0x44), zeros(20),  // BufferSize 0x40 + 4; ProviderId, contexts 0
                     {0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x33, 0x33, 0x44, 0x44, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55},
                     le32(0), le32(0x8a),  // ClientContext, Flags EVENT_ITEM | SINGLE_INSTANCE | STATIC
                     le32(0), le32(0), le32(0x40), le32(4), le32(41)}));
  // clang-format on
}

TEST_F(TinyMiniport, EventOnlyBlockCannotBeQueried) {
  ByteVec buffer = padded(join({header_bytes(64, WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_STATIC_INSTANCE_NAMES),
                                le32(0), le32(0), le32(64), le32(0)}),
                          80);
  EXPECT_EQ(start(kQuerySingleInstance, &kGuidC, buffer).SrbStatus, SRB_STATUS_ERROR);
}

}  // namespace
}  // namespace scsiwmi_test
