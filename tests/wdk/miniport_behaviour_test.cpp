// Behaviour of the miniport-world headers from C++: the SRB overlay, the SRB status macro and the scsiwmi macros
// (ScsiPortWmiFireAdapterEvent is checked against a recording ScsiPortWmiFireLogicalUnitEvent defined here).
#include <gtest/gtest.h>

#include <cstring>

#include <miniport.h>
#include <scsi.h>
#include <scsiwmi.h>
#include <srb.h>

namespace {
struct FireCall {
  PVOID ext;
  UCHAR path_id, target_id, lun;
  LPGUID guid;
  ULONG index, size;
  PVOID data;
  int calls;
} g_fire{};
}  // namespace

extern "C" VOID ScsiPortWmiFireLogicalUnitEvent(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun,
                                                LPGUID Guid, ULONG InstanceIndex, ULONG EventDataSize,
                                                PVOID EventData) {
  g_fire = {HwDeviceExtension, PathId, TargetId, Lun, Guid, InstanceIndex, EventDataSize, EventData, g_fire.calls + 1};
}

namespace {

constexpr UCHAR kExecuteMethodMinor = 0x09;  // IRP_MN_EXECUTE_METHOD (wdm.h is not part of this world)

TEST(WdkSrb, WmiRequestBlockOverlaysTheSrb) {
  SCSI_REQUEST_BLOCK srb;
  std::memset(&srb, 0, sizeof(srb));
  int buffer = 0;
  GUID guid{};
  srb.Length = sizeof(SCSI_WMI_REQUEST_BLOCK);
  srb.Function = SRB_FUNCTION_WMI;
  srb.ScsiStatus = kExecuteMethodMinor;
  srb.QueueAction = SRB_WMI_FLAGS_ADAPTER_REQUEST;
  srb.DataTransferLength = 0x200;
  srb.DataBuffer = &buffer;
  srb.SenseInfoBuffer = &guid;
  auto* wmi = reinterpret_cast<PSCSI_WMI_REQUEST_BLOCK>(&srb);
  EXPECT_EQ(wmi->Function, SRB_FUNCTION_WMI);
  EXPECT_EQ(wmi->WMISubFunction, kExecuteMethodMinor);
  EXPECT_EQ(wmi->WMIFlags, SRB_WMI_FLAGS_ADAPTER_REQUEST);
  EXPECT_EQ(wmi->DataTransferLength, 0x200u);
  EXPECT_EQ(wmi->DataBuffer, &buffer);
  EXPECT_EQ(wmi->DataPath, &guid);
}

TEST(WdkSrb, StatusMacroStripsTheFlagBits) {
  EXPECT_EQ(SRB_STATUS(SRB_STATUS_ERROR | SRB_STATUS_AUTOSENSE_VALID | SRB_STATUS_QUEUE_FROZEN), SRB_STATUS_ERROR);
  EXPECT_EQ(SRB_STATUS(SRB_STATUS_DATA_OVERRUN), SRB_STATUS_DATA_OVERRUN);
  EXPECT_EQ(SP_UNTAGGED, 0xff);
  EXPECT_EQ(SRBEX_DATA_WMI_LENGTH, 4 * sizeof(UCHAR) + sizeof(ULONG) + sizeof(PVOID));
  EXPECT_EQ(alignof(SRBEX_DATA_WMI), alignof(PVOID));
  EXPECT_EQ(static_cast<unsigned>(SrbExDataTypeWmi), 0x60u);
  EXPECT_EQ(static_cast<int>(WMIEvent), 8);
  EXPECT_EQ(static_cast<int>(WMIReregister), 9);
}

TEST(WdkScsiWmi, ContextMacros) {
  SCSIWMI_REQUEST_CONTEXT ctx{};
  ctx.ReturnStatus = SRB_STATUS_DATA_OVERRUN;
  ctx.ReturnSize = 56;
  ctx.MinorFunction = 0;  // IRP_MN_QUERY_ALL_DATA
  EXPECT_EQ(ScsiPortWmiGetReturnStatus(&ctx), SRB_STATUS_DATA_OVERRUN);
  EXPECT_EQ(ScsiPortWmiGetReturnSize(&ctx), 56u);
  EXPECT_TRUE(ScsiPortWmiIsQueryAllData(&ctx));
  ctx.MinorFunction = 1;
  EXPECT_FALSE(ScsiPortWmiIsQueryAllData(&ctx));
}

TEST(WdkScsiWmi, FireAdapterEventIsALogicalUnitEventWithPathIdFF) {
  int ext = 0;
  GUID guid{};
  UCHAR buffer[0x40 + 4] = {};
  g_fire = {};
  ScsiPortWmiFireAdapterEvent(&ext, &guid, 3, 4, buffer);
  EXPECT_EQ(g_fire.calls, 1);
  EXPECT_EQ(g_fire.ext, &ext);
  EXPECT_EQ(g_fire.path_id, 0xff);
  EXPECT_EQ(g_fire.target_id, 0);
  EXPECT_EQ(g_fire.lun, 0);
  EXPECT_EQ(g_fire.guid, &guid);
  EXPECT_EQ(g_fire.index, 3u);
  EXPECT_EQ(g_fire.size, 4u);
  EXPECT_EQ(g_fire.data, buffer);
}

TEST(WdkScsi, WireStructures) {
  EXPECT_EQ(sizeof(CDB), 16u);
  EXPECT_EQ(sizeof(SENSE_DATA), 18u);
  EXPECT_EQ(sizeof(INQUIRYDATA), 96u);
  CDB cdb{};
  cdb.CDB6INQUIRY.OperationCode = SCSIOP_INQUIRY;
  cdb.CDB6INQUIRY.AllocationLength = INQUIRYDATABUFFERSIZE;
  EXPECT_EQ(cdb.AsByte[0], 0x12);
  EXPECT_EQ(cdb.AsByte[4], 36);
}

}  // namespace
