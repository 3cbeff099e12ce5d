/* The SCSI bench miniport: shape 'a' of tests/drivers/scsi_wmi_miniport.c (the callback post-processes and
 * returns; StartIo completes the SRB) with the blocks of bench_driver.h: a 64-byte adapter block, a method that
 * fires n logical-unit events from inside StartIo (where a miniport may call ScsiPortNotification), and one
 * logical unit (0,0,0) registering the event block. */
#include <miniport.h>
#include <scsi.h>
#include <scsiwmi.h>
#include <srb.h>
#include <string.h>

#include "bench_driver.h"

static void FillSingle(uint8_t* buffer, uint32_t serial);

__attribute__((visibility("default"))) BENCH_SCSI_CONTROL BenchScsiControl = {FillSingle};

#define GUID_N(n)                     \
  {                                   \
    BENCH_SCSI_GUID_DATA1(n), 0, 0, { \
      0x80, 0, 0, 0, 0, 0, 0, (n)     \
    }                                 \
  }
static const GUID kAdapterGuids[BENCH_SCSI_ADAPTER_BLOCKS] = {GUID_N(0), GUID_N(1)};
static const GUID kLuEventGuid = GUID_N(2);

typedef struct {
  SCSIWMI_REQUEST_CONTEXT Context;
} SRB_EXTENSION;

typedef struct {
  SCSI_WMILIB_CONTEXT AdapterWmi;
  SCSI_WMILIB_CONTEXT LuWmi;
  SCSIWMIGUIDREGINFO AdapterGuidList[BENCH_SCSI_ADAPTER_BLOCKS];
  SCSIWMIGUIDREGINFO LuGuidList[1];
  ULONG Serial;
  UCHAR EventBuffer[0x40 + 8];
} HW_EXTENSION;

static ULONG g_adapters;

/* The miniport's work for BENCH_SCSI_SINGLE: 64 bytes of "counters". */
static void FillSingle(uint8_t* buffer, uint32_t serial) {
  ULONG words[BENCH_BLOCK_SIZE / sizeof(ULONG)];
  for (ULONG i = 0; i < BENCH_BLOCK_SIZE / sizeof(ULONG); ++i)
    words[i] = serial + i;
  memcpy(buffer, words, sizeof words);
}

static UCHAR QueryReginfo(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext, PWCHAR* MofResourceName) {
  (void)DeviceContext;
  (void)RequestContext;
  *MofResourceName = L"BenchMof";
  return SRB_STATUS_SUCCESS;
}

static BOOLEAN QueryDataBlock(PVOID Context, PSCSIWMI_REQUEST_CONTEXT ctx, ULONG GuidIndex, ULONG InstanceIndex,
                              ULONG InstanceCount, PULONG InstanceLengthArray, ULONG BufferAvail, PUCHAR Buffer) {
  HW_EXTENSION* ext = Context;
  (void)InstanceIndex;
  PSCSI_WMI_REQUEST_BLOCK srb = ctx->UserContext;
  if ((srb->WMIFlags & SRB_WMI_FLAGS_ADAPTER_REQUEST) == 0 || GuidIndex != BENCH_SCSI_SINGLE) {
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_ERROR, 0);
    return FALSE;
  }
  if (InstanceCount != 1 || InstanceLengthArray == NULL || BufferAvail < BENCH_BLOCK_SIZE) {
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_DATA_OVERRUN, BENCH_BLOCK_SIZE);
    return FALSE;
  }
  FillSingle(Buffer, ext->Serial);
  InstanceLengthArray[0] = BENCH_BLOCK_SIZE;
  ScsiPortWmiPostProcess(ctx, SRB_STATUS_SUCCESS, BENCH_BLOCK_SIZE);
  return FALSE;
}

static BOOLEAN ExecuteMethod(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT ctx, ULONG GuidIndex, ULONG InstanceIndex,
                             ULONG MethodId, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer) {
  HW_EXTENSION* ext = DeviceContext;
  ULONG count = 0;
  (void)InstanceIndex;
  if (GuidIndex != BENCH_SCSI_METHOD || MethodId != 1 || InBufferSize < 4) {
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_ERROR, 0);
    return FALSE;
  }
  if (OutBufferSize < 4) {
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_DATA_OVERRUN, 4);
    return FALSE;
  }
  memcpy(&count, Buffer, 4);
  for (ULONG i = 0; i < count; ++i) {
    memcpy(ext->EventBuffer + 0x40, &i, 4); /* the library builds the WNODE in the first 0x40 bytes */
    ScsiPortWmiFireLogicalUnitEvent(ext, 0, 0, 0, (LPGUID)&kLuEventGuid, 0, 4, ext->EventBuffer);
  }
  memcpy(Buffer, &count, 4);
  ScsiPortWmiPostProcess(ctx, SRB_STATUS_SUCCESS, 4);
  return FALSE;
}

static BOOLEAN FunctionControl(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT ctx, ULONG GuidIndex,
                               SCSIWMI_ENABLE_DISABLE_CONTROL Function, BOOLEAN Enable) {
  (void)DeviceContext;
  (void)GuidIndex;
  (void)Function;
  (void)Enable;
  ScsiPortWmiPostProcess(ctx, SRB_STATUS_SUCCESS, 0);
  return FALSE;
}

static void complete(HW_EXTENSION* ext, PSCSI_REQUEST_BLOCK srb) {
  ScsiPortNotification(RequestComplete, ext, srb);
  ScsiPortNotification(NextRequest, ext);
}

static BOOLEAN HwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) {
  HW_EXTENSION* ext = DeviceExtension;
  if (Srb->Function == SRB_FUNCTION_EXECUTE_SCSI && Srb->Cdb[0] == SCSIOP_INQUIRY) {
    if (Srb->TargetId != 0) {
      Srb->SrbStatus = SRB_STATUS_SELECTION_TIMEOUT;
    } else if (Srb->Lun != 0) {
      Srb->SrbStatus = SRB_STATUS_INVALID_LUN;
    } else {
      PINQUIRYDATA data = Srb->DataBuffer;
      memset(data, 0, Srb->DataTransferLength);
      data->DeviceType = DIRECT_ACCESS_DEVICE;
      memcpy(data->VendorId, "WMIPORT ", 8);
      memcpy(data->ProductId, "BENCHDISK       ", 16);
      memcpy(data->ProductRevisionLevel, "0001", 4);
      Srb->SrbStatus = SRB_STATUS_SUCCESS;
    }
  } else if (Srb->Function == SRB_FUNCTION_WMI) {
    PSCSI_WMI_REQUEST_BLOCK srb = (PSCSI_WMI_REQUEST_BLOCK)Srb;
    PSCSIWMI_REQUEST_CONTEXT ctx = &((SRB_EXTENSION*)srb->SrbExtension)->Context;
    ctx->UserContext = srb;
    PSCSI_WMILIB_CONTEXT lib = (srb->WMIFlags & SRB_WMI_FLAGS_ADAPTER_REQUEST) ? &ext->AdapterWmi : &ext->LuWmi;
    (void)ScsiPortWmiDispatchFunction(lib, srb->WMISubFunction, ext, ctx, srb->DataPath, srb->DataTransferLength,
                                      srb->DataBuffer);
    srb->DataTransferLength = ScsiPortWmiGetReturnSize(ctx);
    srb->SrbStatus = ScsiPortWmiGetReturnStatus(ctx);
  } else {
    Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
  }
  complete(ext, Srb);
  return TRUE;
}

static ULONG HwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                           PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again) {
  HW_EXTENSION* ext = DeviceExtension;
  (void)HwContext;
  (void)BusInformation;
  (void)ArgumentString;
  ConfigInfo->NumberOfBuses = 1;
  ConfigInfo->MaximumNumberOfTargets = 2;
  ConfigInfo->MaximumNumberOfLogicalUnits = 1;
  ConfigInfo->InitiatorBusId[0] = 1;
  ConfigInfo->WmiDataProvider = TRUE;
  for (ULONG i = 0; i < BENCH_SCSI_ADAPTER_BLOCKS; ++i) {
    ext->AdapterGuidList[i].Guid = &kAdapterGuids[i];
    ext->AdapterGuidList[i].InstanceCount = 1;
    ext->AdapterGuidList[i].Flags = 0;
  }
  ext->LuGuidList[0].Guid = &kLuEventGuid;
  ext->LuGuidList[0].InstanceCount = 1;
  ext->LuGuidList[0].Flags = WMIREG_FLAG_EVENT_ONLY_GUID;
  ext->AdapterWmi.GuidCount = BENCH_SCSI_ADAPTER_BLOCKS;
  ext->AdapterWmi.GuidList = ext->AdapterGuidList;
  ext->AdapterWmi.QueryWmiRegInfo = QueryReginfo;
  ext->AdapterWmi.QueryWmiDataBlock = QueryDataBlock;
  ext->AdapterWmi.ExecuteWmiMethod = ExecuteMethod;
  ext->AdapterWmi.WmiFunctionControl = FunctionControl;
  ext->LuWmi.GuidCount = 1;
  ext->LuWmi.GuidList = ext->LuGuidList;
  ext->LuWmi.QueryWmiRegInfo = QueryReginfo;
  ext->LuWmi.QueryWmiDataBlock = QueryDataBlock;
  ext->LuWmi.WmiFunctionControl = FunctionControl;
  ext->Serial = g_adapters++;
  *Again = FALSE;
  return SP_RETURN_FOUND;
}

static BOOLEAN HwInitialize(PVOID DeviceExtension) {
  (void)DeviceExtension;
  return TRUE;
}

static BOOLEAN HwResetBus(PVOID DeviceExtension, ULONG PathId) {
  ScsiPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
  ScsiPortNotification(NextRequest, DeviceExtension);
  return TRUE;
}

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath) {
  HW_INITIALIZATION_DATA init;
  memset(&init, 0, sizeof init);
  init.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
  init.AdapterInterfaceType = Internal;
  init.HwInitialize = HwInitialize;
  init.HwStartIo = HwStartIo;
  init.HwFindAdapter = HwFindAdapter;
  init.HwResetBus = HwResetBus;
  init.DeviceExtensionSize = sizeof(HW_EXTENSION);
  init.SrbExtensionSize = sizeof(SRB_EXTENSION);
  init.MapBuffers = TRUE;
  return ScsiPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
