/* A SCSI miniport that exercises the ScsiPort* routines and bus notifications for tests/scsiport/services_test.cpp
 * (see scsi_port_probe.h). Adapter requests go through the SCSI Port WMI library (the callback post-processes and
 * returns its status); a query of the HOLD block on a logical unit is held by HwStartIo instead, so that several
 * SRBs are outstanding at once for ScsiPortGetSrb and ScsiPortCompleteRequest. Units: (0,0,0), (0,1,0), (1,0,0),
 * and (1,1,0) once "plugged". */
#include <miniport.h>
#include <scsi.h>
#include <scsiwmi.h>
#include <srb.h>
#include <string.h>

#include "scsi_port_probe.h"

__attribute__((visibility("default"))) SCSI_PROBE_STATS ScsiProbeStats;

static const GUID kAdapterGuids[1] = {SCSI_PROBE_GUID(SCSI_PROBE_CONTROL)};
static const GUID kLuGuids[1] = {SCSI_PROBE_GUID(SCSI_PROBE_HOLD)};

#define MAX_HELD 8
#define UNCACHED_SIZE 4096

typedef struct {
  SCSIWMI_REQUEST_CONTEXT Context;
} SRB_EXTENSION;

typedef struct {
  UCHAR Address[3];
  UCHAR Filled;
} LU_EXTENSION;

typedef struct {
  SCSI_WMILIB_CONTEXT AdapterWmi;
  SCSI_WMILIB_CONTEXT LuWmi;
  SCSIWMIGUIDREGINFO AdapterGuidList[1];
  SCSIWMIGUIDREGINFO LuGuidList[1];
  PSCSI_REQUEST_BLOCK Held[MAX_HELD];
  BOOLEAN Plugged;
  BOOLEAN IgnoreReset;
  /* What the next HwTimer call does. */
  BOOLEAN TimerComplete;
  BOOLEAN TimerReset;
  BOOLEAN TimerCompleteHeld;
  BOOLEAN CompleteTwice; /* the SRB being answered is completed twice */
  UCHAR CompleteArgs[4];
  /* ScsiPortGetUncachedExtension as HwFindAdapter saw it. */
  PUCHAR Uncached;
  ULONG HugeWasNull;
  ULONG UncachedAlignedAndZeroed;
  ULONG SecondCallSame;
} HW_EXTENSION;

static VOID HwTimerRoutine(PVOID DeviceExtension);

static BOOLEAN present(HW_EXTENSION* ext, UCHAR path, UCHAR target, UCHAR lun) {
  if (lun != 0)
    return FALSE;
  if (path == 0)
    return target == 0 || target == 1;
  return path == 1 && (target == 0 || (target == 1 && ext->Plugged));
}

static BOOLEAN matches(UCHAR wanted, UCHAR actual) {
  return wanted == SP_UNTAGGED || wanted == actual;
}

static PSCSI_REQUEST_BLOCK held_for(HW_EXTENSION* ext, UCHAR path, UCHAR target, UCHAR lun) {
  for (int i = 0; i < MAX_HELD; ++i) {
    PSCSI_REQUEST_BLOCK srb = ext->Held[i];
    if (srb != NULL && srb->PathId == path && srb->TargetId == target && srb->Lun == lun)
      return srb;
  }
  return NULL;
}

/* ---- HwScsiWmi* callbacks (shape a: post-process, return the status) ----------------------------------------- */

static UCHAR QueryReginfo(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext, PWCHAR* MofResourceName) {
  (void)DeviceContext;
  (void)RequestContext;
  *MofResourceName = L"ScsiProbeMof";
  return SRB_STATUS_SUCCESS;
}

static UCHAR finish(PSCSIWMI_REQUEST_CONTEXT ctx, UCHAR status, ULONG size) {
  ScsiPortWmiPostProcess(ctx, status, size);
  return status;
}

static BOOLEAN QueryDataBlock(PVOID Context, PSCSIWMI_REQUEST_CONTEXT DispatchContext, ULONG GuidIndex,
                              ULONG InstanceIndex, ULONG InstanceCount, PULONG InstanceLengthArray, ULONG BufferAvail,
                              PUCHAR Buffer) {
  (void)Context;
  (void)GuidIndex;
  (void)InstanceIndex;
  if (InstanceCount != 1 || InstanceLengthArray == NULL || BufferAvail < 4)
    return finish(DispatchContext, SRB_STATUS_DATA_OVERRUN, 4);
  memset(Buffer, 0, 4);
  InstanceLengthArray[0] = 4;
  return finish(DispatchContext, SRB_STATUS_SUCCESS, 4);
}

static BOOLEAN DeferredRoutine(PVOID DeviceExtension) {
  (void)DeviceExtension;
  __atomic_add_fetch(&ScsiProbeStats.deferred_calls, 1, __ATOMIC_SEQ_CST);
  return TRUE;
}

static ULONG get_srb(HW_EXTENSION* ext, const UCHAR* unit) {
  PSCSI_REQUEST_BLOCK srb = ScsiPortGetSrb(ext, unit[0], unit[1], unit[2], 0);
  if (srb == NULL)
    return 0;
  return srb == held_for(ext, unit[0], unit[1], unit[2]) ? 1 : 2;
}

static ULONG get_lu(HW_EXTENSION* ext, const UCHAR* unit) {
  LU_EXTENSION* lu = ScsiPortGetLogicalUnit(ext, unit[0], unit[1], unit[2]);
  if (lu == NULL)
    return 0;
  return lu->Filled && memcmp(lu->Address, unit, 3) == 0 ? 1 : 2;
}

static BOOLEAN ExecuteMethod(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG GuidIndex,
                             ULONG InstanceIndex, ULONG MethodId, ULONG InBufferSize, ULONG OutBufferSize,
                             PUCHAR Buffer) {
  HW_EXTENSION* ext = DeviceContext;
  UCHAR in[4] = {0, 0, 0, 0};
  ULONG out[4] = {0, 0, 0, 0};
  ULONG out_size = 0;
  (void)GuidIndex;
  (void)InstanceIndex;
  memcpy(in, Buffer, InBufferSize < 4 ? InBufferSize : 4);
  switch (MethodId) {
    case SCSI_PROBE_METHOD_COMPLETE:
      memcpy(ext->CompleteArgs, in, 4);
      ext->TimerComplete = TRUE;
      ScsiPortNotification(RequestTimerCall, ext, HwTimerRoutine, 1000);
      break;
    case SCSI_PROBE_METHOD_GET_SRB:
      out[0] = get_srb(ext, in);
      out_size = 4;
      break;
    case SCSI_PROBE_METHOD_GET_LU:
      out[0] = get_lu(ext, in);
      out_size = 4;
      break;
    case SCSI_PROBE_METHOD_MOVE: {
      char text[8] = {'a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'};
      ScsiPortMoveMemory(text + 2, text, 6); /* overlapping: "ababcdef" */
      ScsiPortMoveMemory(text, NULL, 0);     /* nothing to move */
      memcpy(out, text, 8);
      out_size = 8;
      break;
    }
    case SCSI_PROBE_METHOD_UNCACHED:
      out[0] = ext->HugeWasNull;
      out[1] = ext->UncachedAlignedAndZeroed;
      out[2] = ext->Uncached != NULL && ext->Uncached[0] == 0x5A && ext->Uncached[UNCACHED_SIZE - 1] == 0x5A;
      out[3] = ext->SecondCallSame;
      out_size = 16;
      break;
    case SCSI_PROBE_METHOD_LOG_ERROR:
      ScsiPortLogError(ext, held_for(ext, in[0], in[1], in[2]), in[0], in[1], in[2], SP_BUS_TIME_OUT, 0x77);
      break;
    case SCSI_PROBE_METHOD_RESET:
      ext->TimerReset = TRUE;
      ScsiPortNotification(RequestTimerCall, ext, HwTimerRoutine, 1000);
      break;
    case SCSI_PROBE_METHOD_PLUG:
      ext->Plugged = TRUE;
      ScsiPortNotification(BusChangeDetected, ext);
      break;
    case SCSI_PROBE_METHOD_IGNORE_RESET:
      ext->IgnoreReset = TRUE;
      break;
    case SCSI_PROBE_METHOD_COMPLETE_TWICE:
      ext->CompleteTwice = TRUE;
      break;
    case SCSI_PROBE_METHOD_COMPLETE_HELD:
      ext->TimerCompleteHeld = TRUE;
      ScsiPortNotification(RequestTimerCall, ext, HwTimerRoutine, 1000);
      break;
    case SCSI_PROBE_METHOD_DEFERRED:
      ScsiPortNotification(CallDisableInterrupts, ext, DeferredRoutine);
      ScsiPortNotification(CallEnableInterrupts, ext, DeferredRoutine);
      break;
    default:
      return finish(RequestContext, SRB_STATUS_ERROR, 0);
  }
  if (OutBufferSize < out_size)
    return finish(RequestContext, SRB_STATUS_DATA_OVERRUN, out_size);
  memcpy(Buffer, out, out_size);
  return finish(RequestContext, SRB_STATUS_SUCCESS, out_size);
}

/* The port completed them (ScsiPortCompleteRequest): forget them, as a miniport must. */
static void forget(HW_EXTENSION* ext, UCHAR path, UCHAR target, UCHAR lun) {
  for (int i = 0; i < MAX_HELD; ++i) {
    PSCSI_REQUEST_BLOCK srb = ext->Held[i];
    if (srb != NULL && matches(path, srb->PathId) && matches(target, srb->TargetId) && matches(lun, srb->Lun)) {
      ext->Held[i] = NULL;
      __atomic_sub_fetch(&ScsiProbeStats.held, 1, __ATOMIC_SEQ_CST);
    }
  }
}

/* ---- HwTimer, HwStartIo -------------------------------------------------------------------------------------- */

static VOID HwTimerRoutine(PVOID DeviceExtension) {
  HW_EXTENSION* ext = DeviceExtension;
  __atomic_add_fetch(&ScsiProbeStats.timer_calls, 1, __ATOMIC_SEQ_CST);
  if (ext->TimerReset) {
    ext->TimerReset = FALSE;
    /* The miniport stays responsible for its outstanding requests after a reset (documented). */
    ScsiPortNotification(ResetDetected, ext);
  }
  if (ext->TimerCompleteHeld) {
    /* A miniport that finishes its requests whenever it gets to them, whether or not the port still waits. */
    ext->TimerCompleteHeld = FALSE;
    for (int i = 0; i < MAX_HELD; ++i) {
      PSCSI_REQUEST_BLOCK srb = ext->Held[i];
      if (srb == NULL)
        continue;
      ext->Held[i] = NULL;
      srb->SrbStatus = SRB_STATUS_SUCCESS;
      ScsiPortNotification(RequestComplete, ext, srb);
      __atomic_sub_fetch(&ScsiProbeStats.held, 1, __ATOMIC_SEQ_CST); /* after: the port has seen the completion */
    }
    ScsiPortNotification(NextRequest, ext);
  }
  if (ext->TimerComplete) {
    const UCHAR* a = ext->CompleteArgs;
    ext->TimerComplete = FALSE;
    ScsiPortCompleteRequest(ext, a[0], a[1], a[2], a[3]);
    forget(ext, a[0], a[1], a[2]);
  }
}

static void complete(HW_EXTENSION* ext, PSCSI_REQUEST_BLOCK srb, UCHAR status) {
  srb->SrbStatus = status;
  ScsiPortNotification(RequestComplete, ext, srb);
  ScsiPortNotification(NextRequest, ext);
}

static void inquiry(HW_EXTENSION* ext, PSCSI_REQUEST_BLOCK srb) {
  __atomic_add_fetch(&ScsiProbeStats.inquiries, 1, __ATOMIC_SEQ_CST);
  if (!present(ext, srb->PathId, srb->TargetId, srb->Lun)) {
    complete(ext, srb, srb->Lun == 0 ? SRB_STATUS_SELECTION_TIMEOUT : SRB_STATUS_INVALID_LUN);
    return;
  }
  PINQUIRYDATA data = srb->DataBuffer;
  LU_EXTENSION* lu = ScsiPortGetLogicalUnit(ext, srb->PathId, srb->TargetId, srb->Lun);
  memset(data, 0, srb->DataTransferLength);
  data->DeviceType = DIRECT_ACCESS_DEVICE;
  memcpy(data->VendorId, "WMIPORT ", 8);
  memcpy(data->ProductId, "PROBE           ", 16);
  if (lu != NULL) {
    lu->Address[0] = srb->PathId;
    lu->Address[1] = srb->TargetId;
    lu->Address[2] = srb->Lun;
    lu->Filled = 1;
  }
  complete(ext, srb, SRB_STATUS_SUCCESS);
}

static BOOLEAN hold(HW_EXTENSION* ext, PSCSI_WMI_REQUEST_BLOCK srb) {
  if ((srb->WMIFlags & SRB_WMI_FLAGS_ADAPTER_REQUEST) ||
      srb->WMISubFunction != 0x01 /* IRP_MN_QUERY_SINGLE_INSTANCE */ || srb->DataPath == NULL ||
      memcmp(srb->DataPath, &kLuGuids[0], sizeof(GUID)) != 0)
    return FALSE;
  for (int i = 0; i < MAX_HELD; ++i) {
    if (ext->Held[i] == NULL) {
      ext->Held[i] = (PSCSI_REQUEST_BLOCK)srb;
      __atomic_add_fetch(&ScsiProbeStats.held, 1, __ATOMIC_SEQ_CST);
      ScsiPortNotification(NextRequest, ext); /* ready for another request while this one stays outstanding */
      return TRUE;
    }
  }
  return FALSE;
}

static BOOLEAN HwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) {
  HW_EXTENSION* ext = DeviceExtension;
  if (Srb->Function == SRB_FUNCTION_EXECUTE_SCSI && Srb->Cdb[0] == SCSIOP_INQUIRY) {
    inquiry(ext, Srb);
  } else if (Srb->Function == SRB_FUNCTION_WMI) {
    PSCSI_WMI_REQUEST_BLOCK srb = (PSCSI_WMI_REQUEST_BLOCK)Srb;
    const PUCHAR extension = srb->SrbExtension;
    __atomic_add_fetch(&ScsiProbeStats.wmi_srbs, 1, __ATOMIC_SEQ_CST);
    for (ULONG k = 0; k < sizeof(SRB_EXTENSION); ++k) {
      if (extension[k] != 0) {
        __atomic_add_fetch(&ScsiProbeStats.dirty_srb_extensions, 1, __ATOMIC_SEQ_CST);
        break;
      }
    }
    if (hold(ext, srb))
      return TRUE;
    PSCSIWMI_REQUEST_CONTEXT ctx = &((SRB_EXTENSION*)srb->SrbExtension)->Context;
    ctx->UserContext = srb;
    PSCSI_WMILIB_CONTEXT lib = (srb->WMIFlags & SRB_WMI_FLAGS_ADAPTER_REQUEST) ? &ext->AdapterWmi : &ext->LuWmi;
    if (!ScsiPortWmiDispatchFunction(lib, srb->WMISubFunction, ext, ctx, srb->DataPath, srb->DataTransferLength,
                                     srb->DataBuffer)) {
      srb->DataTransferLength = ScsiPortWmiGetReturnSize(ctx);
      complete(ext, Srb, ScsiPortWmiGetReturnStatus(ctx));
      if (ext->CompleteTwice) {
        ext->CompleteTwice = FALSE;
        ScsiPortNotification(RequestComplete, ext, Srb); /* a bug: the port reports it and ignores it */
      }
    }
  } else {
    complete(ext, Srb, SRB_STATUS_INVALID_REQUEST);
  }
  return TRUE;
}

/* ---- Initialisation ------------------------------------------------------------------------------------------ */

static void probe_uncached_extension(HW_EXTENSION* ext, PPORT_CONFIGURATION_INFORMATION config) {
  ext->HugeWasNull = ScsiPortGetUncachedExtension(ext, config, 2u << 20) == NULL;
  ext->Uncached = ScsiPortGetUncachedExtension(ext, config, UNCACHED_SIZE);
  if (ext->Uncached == NULL)
    return;
  ext->UncachedAlignedAndZeroed = ((ULONG_PTR)ext->Uncached % 8) == 0;
  for (ULONG k = 0; k < UNCACHED_SIZE; ++k)
    if (ext->Uncached[k] != 0)
      ext->UncachedAlignedAndZeroed = 0;
  memset(ext->Uncached, 0x5A, UNCACHED_SIZE);
  ext->SecondCallSame = ScsiPortGetUncachedExtension(ext, config, UNCACHED_SIZE) == ext->Uncached;
}

static ULONG HwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                           PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again) {
  HW_EXTENSION* ext = DeviceExtension;
  (void)HwContext;
  (void)BusInformation;
  (void)ArgumentString;
  ConfigInfo->NumberOfBuses = 2;
  ConfigInfo->MaximumNumberOfTargets = 2;
  ConfigInfo->MaximumNumberOfLogicalUnits = 1;
  ConfigInfo->InitiatorBusId[0] = SCSI_PROBE_INITIATOR_ID;
  ConfigInfo->InitiatorBusId[1] = SCSI_PROBE_INITIATOR_ID;
  ConfigInfo->WmiDataProvider = TRUE;
  probe_uncached_extension(ext, ConfigInfo);
  ext->AdapterGuidList[0].Guid = &kAdapterGuids[0];
  ext->AdapterGuidList[0].InstanceCount = 1;
  ext->LuGuidList[0].Guid = &kLuGuids[0];
  ext->LuGuidList[0].InstanceCount = 1;
  ext->AdapterWmi.GuidCount = 1;
  ext->AdapterWmi.GuidList = ext->AdapterGuidList;
  ext->AdapterWmi.QueryWmiRegInfo = QueryReginfo;
  ext->AdapterWmi.QueryWmiDataBlock = QueryDataBlock;
  ext->AdapterWmi.ExecuteWmiMethod = ExecuteMethod;
  ext->LuWmi.GuidCount = 1;
  ext->LuWmi.GuidList = ext->LuGuidList;
  ext->LuWmi.QueryWmiRegInfo = QueryReginfo;
  ext->LuWmi.QueryWmiDataBlock = QueryDataBlock;
  *Again = FALSE;
  return SP_RETURN_FOUND;
}

static BOOLEAN HwInitialize(PVOID DeviceExtension) {
  (void)DeviceExtension;
  return TRUE;
}

static BOOLEAN HwResetBus(PVOID DeviceExtension, ULONG PathId) {
  HW_EXTENSION* ext = DeviceExtension;
  __atomic_add_fetch(&ScsiProbeStats.reset_bus_calls, 1, __ATOMIC_SEQ_CST);
  if (ext->IgnoreReset)
    return TRUE;
  ScsiPortCompleteRequest(ext, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
  forget(ext, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED);
  ScsiPortNotification(NextRequest, ext);
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
  init.SpecificLuExtensionSize = sizeof(LU_EXTENSION);
  init.SrbExtensionSize = sizeof(SRB_EXTENSION);
  init.MapBuffers = TRUE;
  return ScsiPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
