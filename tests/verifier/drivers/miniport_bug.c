/* See miniport_bug.h. A SCSI miniport with adapter WMI only and no logical units: every MBUG value changes one thing
 * from the correct code. */
#include <miniport.h>
#include <scsi.h>
#include <scsiwmi.h>
#include <srb.h>
#include <string.h>

#include "miniport_bug.h"

#ifndef MBUG
#define MBUG MBUG_NONE
#endif

static const GUID kGuids[2] = {MINIPORT_BUG_GUID(0), MINIPORT_BUG_GUID(1)};

typedef struct {
  SCSIWMI_REQUEST_CONTEXT Context;
} SRB_EXTENSION;

typedef struct {
  SCSI_WMILIB_CONTEXT Wmi;
  SCSIWMIGUIDREGINFO GuidList[2];
  ULONG Counter;
  ULONG Value;
  BOOLEAN EventsOn;
  UCHAR EventBuffer[0x40 + 8];
} HW_EXTENSION;

static UCHAR finish(PSCSIWMI_REQUEST_CONTEXT ctx, UCHAR status, ULONG size) {
  ScsiPortWmiPostProcess(ctx, status, size);
  return status;
}

static UCHAR QueryReginfo(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext, PWCHAR* MofResourceName) {
  (void)DeviceContext;
  *MofResourceName = NULL;
#if MBUG == MBUG_REGINFO_POSTPROCESS
  ScsiPortWmiPostProcess(RequestContext, SRB_STATUS_SUCCESS, 0);
#else
  (void)RequestContext;
#endif
  return SRB_STATUS_SUCCESS;
}

static BOOLEAN QueryDataBlock(PVOID Context, PSCSIWMI_REQUEST_CONTEXT ctx, ULONG GuidIndex, ULONG InstanceIndex,
                              ULONG InstanceCount, PULONG InstanceLengthArray, ULONG BufferAvail, PUCHAR Buffer) {
  HW_EXTENSION* ext = Context;
  (void)InstanceIndex;
#if MBUG == MBUG_INSTANCES_PACKED
  if (GuidIndex == 0 && InstanceCount == 2) {
    ULONG k;
    if (InstanceLengthArray == NULL || BufferAvail < 16)
      return finish(ctx, SRB_STATUS_DATA_OVERRUN, 16);
    /* The bug: 6-byte instances {ULONG Counter; USHORT Value} at offsets 0 and 6; the second belongs at 8. */
    for (k = 0; k < 2; ++k) {
      USHORT value = (USHORT)ext->Value;
      memcpy(Buffer + 6 * k, &ext->Counter, 4);
      memcpy(Buffer + 6 * k + 4, &value, 2);
      InstanceLengthArray[k] = 6;
    }
    return finish(ctx, SRB_STATUS_SUCCESS, 12);
  }
#endif
  if (GuidIndex != 0 || InstanceCount != 1)
    return finish(ctx, SRB_STATUS_ERROR, 0);
#if MBUG == MBUG_OVERRUN_FITS
  return finish(ctx, SRB_STATUS_DATA_OVERRUN, BufferAvail);
#endif
  if (InstanceLengthArray == NULL || BufferAvail < 8)
    return finish(ctx, SRB_STATUS_DATA_OVERRUN, 8);
  ((PULONG)Buffer)[0] = ext->Counter;
  ((PULONG)Buffer)[1] = ext->Value;
#if MBUG == MBUG_USED_TOO_LARGE
  InstanceLengthArray[0] = 8;
  return finish(ctx, SRB_STATUS_SUCCESS, BufferAvail + 1);
#endif
#if MBUG != MBUG_LENGTHS_UNFILLED
  InstanceLengthArray[0] = 8;
#endif
#if MBUG == MBUG_WRITE_PAST
  Buffer[BufferAvail] = 0xEE;
#endif
#if MBUG == MBUG_POSTPROCESS_TWICE
  ScsiPortWmiPostProcess(ctx, SRB_STATUS_SUCCESS, 8);
#endif
  return finish(ctx, SRB_STATUS_SUCCESS, 8);
}

static BOOLEAN ExecuteMethod(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT ctx, ULONG GuidIndex, ULONG InstanceIndex,
                             ULONG MethodId, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer) {
  HW_EXTENSION* ext = DeviceContext;
  (void)InstanceIndex;
  (void)InBufferSize;
  (void)OutBufferSize;
  (void)Buffer;
  if (GuidIndex != 0 || MethodId != MINIPORT_BUG_METHOD_FIRE)
    return finish(ctx, SRB_STATUS_ERROR, 0);
#if MBUG == MBUG_POSTPROCESS_MISSING
  return SRB_STATUS_SUCCESS; /* the bug: no ScsiPortWmiPostProcess */
#endif
#if MBUG != MBUG_EVENT_NOT_ENABLED
  if (!ext->EventsOn)
    return finish(ctx, SRB_STATUS_SUCCESS, 0);
#endif
  memcpy(ext->EventBuffer + 0x40, &ext->Counter, 4);
  ScsiPortWmiFireAdapterEvent(ext, (LPGUID)&kGuids[1], 0, 4, ext->EventBuffer);
  return finish(ctx, SRB_STATUS_SUCCESS, 0);
}

static BOOLEAN FunctionControl(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT ctx, ULONG GuidIndex,
                               SCSIWMI_ENABLE_DISABLE_CONTROL Function, BOOLEAN Enable) {
  HW_EXTENSION* ext = DeviceContext;
  if (GuidIndex == 1 && Function == ScsiWmiEventControl)
    ext->EventsOn = Enable;
  return finish(ctx, SRB_STATUS_SUCCESS, 0);
}

static BOOLEAN HwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) {
  HW_EXTENSION* ext = DeviceExtension;
  if (Srb->Function == SRB_FUNCTION_WMI) {
    PSCSI_WMI_REQUEST_BLOCK srb = (PSCSI_WMI_REQUEST_BLOCK)Srb;
    PSCSIWMI_REQUEST_CONTEXT ctx = &((SRB_EXTENSION*)srb->SrbExtension)->Context;
    ctx->UserContext = srb;
    if (!ScsiPortWmiDispatchFunction(&ext->Wmi, srb->WMISubFunction, ext, ctx, srb->DataPath, srb->DataTransferLength,
                                     srb->DataBuffer)) {
      srb->DataTransferLength = ScsiPortWmiGetReturnSize(ctx);
      srb->SrbStatus = ScsiPortWmiGetReturnStatus(ctx);
      ScsiPortNotification(RequestComplete, ext, Srb);
    }
  } else {
    Srb->SrbStatus = SRB_STATUS_SELECTION_TIMEOUT; /* no logical units */
    ScsiPortNotification(RequestComplete, ext, Srb);
  }
  ScsiPortNotification(NextRequest, ext);
  return TRUE;
}

static ULONG HwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                           PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again) {
  HW_EXTENSION* ext = DeviceExtension;
  (void)HwContext;
  (void)BusInformation;
  (void)ArgumentString;
  ConfigInfo->NumberOfBuses = 1;
  ConfigInfo->MaximumNumberOfTargets = 1;
  ConfigInfo->MaximumNumberOfLogicalUnits = 1;
  ConfigInfo->WmiDataProvider = TRUE;
  ext->GuidList[0].Guid = &kGuids[0];
  ext->GuidList[0].InstanceCount = MBUG == MBUG_INSTANCES_PACKED ? 2 : 1;
  ext->GuidList[0].Flags = 0;
#if MBUG == MBUG_REGINFO_FLAGS
  ext->GuidList[0].Flags = WMIREG_FLAG_INSTANCE_PDO;
#endif
  ext->GuidList[1].Guid = &kGuids[1];
  ext->GuidList[1].InstanceCount = 1;
  ext->GuidList[1].Flags = WMIREG_FLAG_EVENT_ONLY_GUID;
  ext->Wmi.GuidCount = 2;
  ext->Wmi.GuidList = ext->GuidList;
  ext->Wmi.QueryWmiRegInfo = QueryReginfo;
  ext->Wmi.QueryWmiDataBlock = QueryDataBlock;
  ext->Wmi.ExecuteWmiMethod = ExecuteMethod;
  ext->Wmi.WmiFunctionControl = FunctionControl;
  ext->Value = 7;
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
