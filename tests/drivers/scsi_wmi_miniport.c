/* A SCSI miniport with WMI written as the WDK documents one: DriverEntry -> ScsiPortInitialize; HwFindAdapter sets
 * WmiDataProvider; HwStartIo answers INQUIRY for its logical units and hands SRB_FUNCTION_WMI to
 * ScsiPortWmiDispatchFunction with the request context in the SRB extension; the six HwScsiWmi* callbacks.
 *
 * Built four times, once per request-flow shape of spec §1.4 (SCSI_TEST_SHAPE):
 *   'a' the callback post-processes and returns the status; StartIo completes the SRB (nvmewin);
 *   'b' the callback post-processes, completes the SRB itself and returns SRB_STATUS_PENDING (iSCSI sample);
 *   'c' the callback returns SRB_STATUS_PENDING; HwTimer post-processes and completes it later;
 *   'd' the callback post-processes and returns TRUE; StartIo ignores the dispatcher's answer (vioscsi).
 */
#include <miniport.h>
#include <scsi.h>
#include <scsiwmi.h>
#include <srb.h>
#include <string.h>

#include "scsi_wmi_miniport.h"

#ifndef SCSI_TEST_SHAPE
#define SCSI_TEST_SHAPE 'a'
#endif

__attribute__((visibility("default"))) SCSI_TEST_STATS ScsiTestStats;

static const GUID kAdapterGuids[SCSI_TEST_ADAPTER_BLOCKS] = {SCSI_TEST_GUID(0), SCSI_TEST_GUID(1), SCSI_TEST_GUID(2),
                                                             SCSI_TEST_GUID(3), SCSI_TEST_GUID(4), SCSI_TEST_GUID(5),
                                                             SCSI_TEST_GUID(6)};
static const GUID kLuGuids[SCSI_TEST_LU_BLOCKS] = {SCSI_TEST_GUID(16), SCSI_TEST_GUID(17), SCSI_TEST_GUID(18)};

static const UCHAR kUnits[SCSI_TEST_UNITS][3] = {{0, 0, 0}, {0, 1, 0}, {0, 1, 1}, {1, 2, 0}};

typedef struct {
  SCSIWMI_REQUEST_CONTEXT Context; /* must stay valid until the final PostProcess: the SRB extension */
} SRB_EXTENSION;

typedef struct {
  ULONG Setting;
  UCHAR Address[3];
} LU_EXTENSION;

typedef struct {
  SCSI_WMILIB_CONTEXT AdapterWmi;
  SCSI_WMILIB_CONTEXT LuWmi;
  SCSIWMIGUIDREGINFO AdapterGuidList[SCSI_TEST_ADAPTER_BLOCKS];
  SCSIWMIGUIDREGINFO LuGuidList[SCSI_TEST_LU_BLOCKS];
  ULONG Counter;
  ULONG Setting;
  ULONG MethodCalls;
  ULONG CollectionEnables;
  BOOLEAN InMiniport; /* set while StartIo/HwTimer run: catches a port that does not serialise them */
  /* Shape c: the one request pending until HwTimer. */
  PSCSI_WMI_REQUEST_BLOCK PendingSrb;
  UCHAR PendingStatus;
  ULONG PendingSize;
  UCHAR EventBuffer[0x40 + 8];
} HW_EXTENSION;

/* ---- Finishing a WMI request in each shape ------------------------------------------------------------------------
 */

static void complete_wmi_srb(HW_EXTENSION* ext, PSCSI_WMI_REQUEST_BLOCK srb) {
  PSCSIWMI_REQUEST_CONTEXT ctx = &((SRB_EXTENSION*)srb->SrbExtension)->Context;
  srb->DataTransferLength = ScsiPortWmiGetReturnSize(ctx);
  srb->SrbStatus = ScsiPortWmiGetReturnStatus(ctx);
  ScsiPortNotification(RequestComplete, ext, (PSCSI_REQUEST_BLOCK)srb);
  ScsiPortNotification(NextRequest, ext);
}

/* Every callback ends here with the status and size of its answer. */
static UCHAR finish(HW_EXTENSION* ext, PSCSIWMI_REQUEST_CONTEXT ctx, UCHAR status, ULONG size) {
  PSCSI_WMI_REQUEST_BLOCK srb = (PSCSI_WMI_REQUEST_BLOCK)ctx->UserContext;
#if SCSI_TEST_SHAPE == 'a'
  (void)ext;
  (void)srb;
  ScsiPortWmiPostProcess(ctx, status, size);
  return status;
#elif SCSI_TEST_SHAPE == 'b'
  ScsiPortWmiPostProcess(ctx, status, size);
  complete_wmi_srb(ext, srb);
  return SRB_STATUS_PENDING;
#elif SCSI_TEST_SHAPE == 'c'
  ext->PendingSrb = srb;
  ext->PendingStatus = status;
  ext->PendingSize = size;
  return SRB_STATUS_PENDING;
#else
  (void)ext;
  (void)srb;
  ScsiPortWmiPostProcess(ctx, status, size);
  return TRUE;
#endif
}

#if SCSI_TEST_SHAPE == 'c'
static VOID HwTimer(PVOID DeviceExtension) {
  HW_EXTENSION* ext = DeviceExtension;
  PSCSI_WMI_REQUEST_BLOCK srb = ext->PendingSrb;
  if (ext->InMiniport)
    __atomic_add_fetch(&ScsiTestStats.concurrent_startio, 1, __ATOMIC_RELAXED);
  __atomic_add_fetch(&ScsiTestStats.timer_calls, 1, __ATOMIC_RELAXED);
  if (srb == NULL)
    return;
  ext->PendingSrb = NULL;
  ScsiPortWmiPostProcess(&((SRB_EXTENSION*)srb->SrbExtension)->Context, ext->PendingStatus, ext->PendingSize);
  complete_wmi_srb(ext, srb);
}
#endif

/* ---- HwScsiWmi* callbacks ------------------------------------------------------------------------------------------
 */

static UCHAR QueryReginfo(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext, PWCHAR* MofResourceName) {
  (void)DeviceContext;
  (void)RequestContext;
  *MofResourceName = L"ScsiTestMof";
  return SRB_STATUS_SUCCESS;
}

static BOOLEAN is_lu(PSCSIWMI_REQUEST_CONTEXT ctx) {
  return (((PSCSI_WMI_REQUEST_BLOCK)ctx->UserContext)->WMIFlags & SRB_WMI_FLAGS_ADAPTER_REQUEST) == 0;
}

static BOOLEAN query_adapter(HW_EXTENSION* ext, PSCSIWMI_REQUEST_CONTEXT ctx, ULONG guid, ULONG index, ULONG count,
                             PULONG lengths, ULONG avail, PUCHAR buffer) {
  ULONG size = 0;
  (void)index;
  switch (guid) {
    case SCSI_TEST_ADAPTER_INFO:
    case SCSI_TEST_ADAPTER_METHOD:
      size = 8;
      break;
    case SCSI_TEST_ADAPTER_EXPENSIVE:
    case SCSI_TEST_ADAPTER_EXTRA:
      size = 4;
      break;
    case SCSI_TEST_ADAPTER_BIG:
      size = SCSI_TEST_BIG_SIZE;
      break;
    case SCSI_TEST_ADAPTER_DYNAMIC: {
      static const WCHAR* names[2] = {L"PortA", L"PortB"};
      if (ScsiPortWmiIsQueryAllData(ctx)) {
        ULONG need = 0;
        ULONG left = avail;
        if (!ScsiPortWmiSetInstanceCount(ctx, 2, &left, &need))
          return finish(ext, ctx, SRB_STATUS_ERROR, 0);
        for (ULONG k = 0; k < 2; ++k) {
          /* The length counts the USHORT prefix; the miniport writes the counted name. */
          PWCHAR name = ScsiPortWmiSetInstanceName(ctx, k, 2 + 10, &left, &need);
          if (name != NULL) {
            *(USHORT*)name = 10;
            memcpy(name + 1, names[k], 10);
          }
          PULONG data = ScsiPortWmiSetData(ctx, k, 4, &left, &need);
          if (data != NULL)
            *data = 0xA + k;
        }
        return finish(ext, ctx, need <= ctx->BufferSize ? SRB_STATUS_SUCCESS : SRB_STATUS_DATA_OVERRUN, need);
      }
      /* Single instance by name. */
      PWCHAR name = ScsiPortWmiGetInstanceName(ctx);
      ULONG which = 2;
      if (name != NULL) {
        USHORT length = *(USHORT*)name;
        for (ULONG k = 0; k < 2; ++k)
          if (length == 10 && memcmp(name + 1, names[k], 10) == 0)
            which = k;
      }
      if (which == 2)
        return finish(ext, ctx, SRB_STATUS_ERROR, 0);
      if (avail < 4)
        return finish(ext, ctx, SRB_STATUS_DATA_OVERRUN, 4);
      *(PULONG)buffer = 0xA + which;
      return finish(ext, ctx, SRB_STATUS_SUCCESS, 4);
    }
    default:
      return finish(ext, ctx, SRB_STATUS_ERROR, 0);
  }
  if (count != 1 || lengths == NULL || avail < size)
    return finish(ext, ctx, SRB_STATUS_DATA_OVERRUN, size);
  switch (guid) {
    case SCSI_TEST_ADAPTER_INFO:
      ((PULONG)buffer)[0] = ++ext->Counter;
      ((PULONG)buffer)[1] = ext->Setting;
      break;
    case SCSI_TEST_ADAPTER_METHOD:
      ((PULONG)buffer)[0] = ext->MethodCalls;
      ((PULONG)buffer)[1] = 0;
      break;
    case SCSI_TEST_ADAPTER_EXPENSIVE:
      *(PULONG)buffer = ext->CollectionEnables;
      break;
    case SCSI_TEST_ADAPTER_EXTRA:
      *(PULONG)buffer = 0xE;
      break;
    case SCSI_TEST_ADAPTER_BIG:
      for (ULONG k = 0; k < size; ++k)
        buffer[k] = (UCHAR)k;
      break;
  }
  lengths[0] = size;
  return finish(ext, ctx, SRB_STATUS_SUCCESS, size);
}

static BOOLEAN query_lu(HW_EXTENSION* ext, PSCSIWMI_REQUEST_CONTEXT ctx, ULONG guid, ULONG index, ULONG count,
                        PULONG lengths, ULONG avail, PUCHAR buffer) {
  PSCSI_WMI_REQUEST_BLOCK srb = ctx->UserContext;
  LU_EXTENSION* lu = ScsiPortGetLogicalUnit(ext, srb->PathId, srb->TargetId, srb->Lun);
  if (lu == NULL)
    return finish(ext, ctx, SRB_STATUS_NO_DEVICE, 0);
  if (guid == SCSI_TEST_LU_INFO) {
    if (avail < 8 || lengths == NULL)
      return finish(ext, ctx, SRB_STATUS_DATA_OVERRUN, 8);
    buffer[0] = lu->Address[0];
    buffer[1] = lu->Address[1];
    buffer[2] = lu->Address[2];
    buffer[3] = 0;
    memcpy(buffer + 4, &lu->Setting, 4);
    lengths[0] = 8;
    return finish(ext, ctx, SRB_STATUS_SUCCESS, 8);
  }
  if (guid == SCSI_TEST_LU_MULTI) {
    static const ULONG sizes[2] = {4, 12};
    ULONG need = 0;
    for (ULONG k = 0; k < count; ++k)
      need = ((need + 7) & ~7u) + sizes[index + k];
    if (lengths == NULL || avail < need)
      return finish(ext, ctx, SRB_STATUS_DATA_OVERRUN, need);
    ULONG at = 0;
    for (ULONG k = 0; k < count; ++k) {
      at = (at + 7) & ~7u;
      memset(buffer + at, (int)(0x40 + index + k), sizes[index + k]);
      lengths[k] = sizes[index + k];
      at += sizes[index + k];
    }
    return finish(ext, ctx, SRB_STATUS_SUCCESS, at);
  }
  return finish(ext, ctx, SRB_STATUS_ERROR, 0);
}

static BOOLEAN QueryDataBlock(PVOID Context, PSCSIWMI_REQUEST_CONTEXT DispatchContext, ULONG GuidIndex,
                              ULONG InstanceIndex, ULONG InstanceCount, PULONG InstanceLengthArray, ULONG BufferAvail,
                              PUCHAR Buffer) {
  if (is_lu(DispatchContext))
    return query_lu(Context, DispatchContext, GuidIndex, InstanceIndex, InstanceCount, InstanceLengthArray, BufferAvail,
                    Buffer);
  return query_adapter(Context, DispatchContext, GuidIndex, InstanceIndex, InstanceCount, InstanceLengthArray,
                       BufferAvail, Buffer);
}

static BOOLEAN SetDataBlock(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG GuidIndex,
                            ULONG InstanceIndex, ULONG BufferSize, PUCHAR Buffer) {
  HW_EXTENSION* ext = DeviceContext;
  (void)InstanceIndex;
  if (GuidIndex != SCSI_TEST_ADAPTER_INFO || BufferSize < 8)
    return finish(ext, RequestContext, SRB_STATUS_ERROR, 0);
  memcpy(&ext->Setting, Buffer + 4, 4); /* Counter is read-only: ignored */
  return finish(ext, RequestContext, SRB_STATUS_SUCCESS, 0);
}

static BOOLEAN SetDataItem(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG GuidIndex,
                           ULONG InstanceIndex, ULONG DataItemId, ULONG BufferSize, PUCHAR Buffer) {
  HW_EXTENSION* ext = DeviceContext;
  (void)InstanceIndex;
  if (GuidIndex != SCSI_TEST_ADAPTER_INFO || DataItemId != 2 || BufferSize != 4)
    return finish(ext, RequestContext, SRB_STATUS_ERROR, 0); /* item 1 (Counter) is read-only */
  memcpy(&ext->Setting, Buffer, 4);
  return finish(ext, RequestContext, SRB_STATUS_SUCCESS, 0);
}

static void toggle_extra(HW_EXTENSION* ext) {
  ext->AdapterWmi.GuidCount =
      ext->AdapterWmi.GuidCount == SCSI_TEST_ADAPTER_BLOCKS ? SCSI_TEST_ADAPTER_EXTRA : SCSI_TEST_ADAPTER_BLOCKS;
}

static BOOLEAN ExecuteMethod(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG GuidIndex,
                             ULONG InstanceIndex, ULONG MethodId, ULONG InBufferSize, ULONG OutBufferSize,
                             PUCHAR Buffer) {
  HW_EXTENSION* ext = DeviceContext;
  ULONG input = 0;
  (void)InstanceIndex;
  if (GuidIndex != SCSI_TEST_ADAPTER_METHOD || InBufferSize < 4)
    return finish(ext, RequestContext, SRB_STATUS_ERROR, 0);
  memcpy(&input, Buffer, 4);
  switch (MethodId) {
    case SCSI_TEST_METHOD_DOUBLE: {
      if (OutBufferSize < 8) /* checked before the side effect, so the retry counts once */
        return finish(ext, RequestContext, SRB_STATUS_DATA_OVERRUN, 8);
      ULONG out[2] = {input * 2, ++ext->MethodCalls};
      memcpy(Buffer, out, 8);
      return finish(ext, RequestContext, SRB_STATUS_SUCCESS, 8);
    }
    case SCSI_TEST_METHOD_FIRE:
      memset(ext->EventBuffer, 0xCC, 0x40); /* the library's reserved space: it overwrites it */
      memcpy(ext->EventBuffer + 0x40, &input, 4);
      if (input == 0) {
        ScsiPortWmiFireAdapterEvent(ext, (LPGUID)&kAdapterGuids[SCSI_TEST_ADAPTER_EVENT], 0, 4, ext->EventBuffer);
      } else {
        ScsiPortWmiFireLogicalUnitEvent(ext, 0, 1, 0, (LPGUID)&kLuGuids[SCSI_TEST_LU_EVENT], 0, 4, ext->EventBuffer);
      }
      return finish(ext, RequestContext, SRB_STATUS_SUCCESS, 0);
    case SCSI_TEST_METHOD_TOGGLE_EXTRA:
      toggle_extra(ext);
      ScsiPortNotification(WMIReregister, ext, 0xff);
      return finish(ext, RequestContext, SRB_STATUS_SUCCESS, 0);
    case SCSI_TEST_METHOD_LOG_ERROR:
      ScsiPortLogError(ext, NULL, 0xff, 0, 0, SP_INTERNAL_ADAPTER_ERROR, input);
      return finish(ext, RequestContext, SRB_STATUS_SUCCESS, 0);
    default:
      return finish(ext, RequestContext, SRB_STATUS_ERROR, 0);
  }
}

static BOOLEAN FunctionControl(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG GuidIndex,
                               SCSIWMI_ENABLE_DISABLE_CONTROL Function, BOOLEAN Enable) {
  HW_EXTENSION* ext = DeviceContext;
  (void)GuidIndex;
  __atomic_add_fetch(&ScsiTestStats.function_control[Function == ScsiWmiDataBlockControl][Enable ? 1 : 0], 1,
                     __ATOMIC_RELAXED);
  if (Function == ScsiWmiDataBlockControl && Enable)
    ++ext->CollectionEnables;
  return finish(ext, RequestContext, SRB_STATUS_SUCCESS, 0);
}

/* ---- HwStartIo ------------------------------------------------------------------------------------------------------
 */

static BOOLEAN present(UCHAR path, UCHAR target, UCHAR lun) {
  for (int i = 0; i < SCSI_TEST_UNITS; ++i)
    if (kUnits[i][0] == path && kUnits[i][1] == target && kUnits[i][2] == lun)
      return TRUE;
  return FALSE;
}

static BOOLEAN target_present(UCHAR path, UCHAR target) {
  for (int i = 0; i < SCSI_TEST_UNITS; ++i)
    if (kUnits[i][0] == path && kUnits[i][1] == target)
      return TRUE;
  return FALSE;
}

static void inquiry(HW_EXTENSION* ext, PSCSI_REQUEST_BLOCK srb) {
  __atomic_add_fetch(&ScsiTestStats.inquiries, 1, __ATOMIC_RELAXED);
  if (srb->TargetId == SCSI_TEST_INITIATOR_ID)
    __atomic_add_fetch(&ScsiTestStats.initiator_probed, 1, __ATOMIC_RELAXED);
  if (!target_present(srb->PathId, srb->TargetId)) {
    srb->SrbStatus = SRB_STATUS_SELECTION_TIMEOUT;
  } else if (!present(srb->PathId, srb->TargetId, srb->Lun)) {
    srb->SrbStatus = SRB_STATUS_INVALID_LUN;
  } else {
    PINQUIRYDATA data = srb->DataBuffer;
    LU_EXTENSION* lu = ScsiPortGetLogicalUnit(ext, srb->PathId, srb->TargetId, srb->Lun);
    memset(data, 0, srb->DataTransferLength);
    data->DeviceType = srb->Lun == 1 ? READ_ONLY_DIRECT_ACCESS_DEVICE : DIRECT_ACCESS_DEVICE;
    memcpy(data->VendorId, "WMIPORT ", 8);
    memcpy(data->ProductId, srb->Lun == 1 ? "TEST CD         " : "TESTDISK        ", 16);
    memcpy(data->ProductRevisionLevel, "0001", 4);
    if (lu != NULL) {
      lu->Address[0] = srb->PathId;
      lu->Address[1] = srb->TargetId;
      lu->Address[2] = srb->Lun;
      lu->Setting = 100u * srb->PathId + 10u * srb->TargetId + srb->Lun;
    }
    srb->SrbStatus = SRB_STATUS_SUCCESS;
  }
  ScsiPortNotification(RequestComplete, ext, srb);
  ScsiPortNotification(NextRequest, ext);
}

static void record_wmi_request(PSCSI_WMI_REQUEST_BLOCK srb) {
  ScsiTestStats.last_minor = srb->WMISubFunction;
  ScsiTestStats.last_flags = srb->WMIFlags;
  ScsiTestStats.last_path = srb->PathId;
  ScsiTestStats.last_target = srb->TargetId;
  ScsiTestStats.last_lun = srb->Lun;
  ScsiTestStats.last_srb_length = srb->Length;
  ScsiTestStats.last_data_length = srb->DataTransferLength;
  ScsiTestStats.last_data_path = (uint64_t)(ULONG_PTR)srb->DataPath;
  ScsiTestStats.last_original_request = (uint64_t)(ULONG_PTR)srb->OriginalRequest;
  ScsiTestStats.last_extension_aligned =
      ((ULONG_PTR)srb->SrbExtension % 8 == 0) && ((ULONG_PTR)srb->DataBuffer % 8 == 0);
  ULONG size = 0;
  if (srb->DataBuffer != NULL && srb->DataTransferLength >= 4 && srb->WMISubFunction != 8 &&
      srb->WMISubFunction != 0x0B)
    memcpy(&size, srb->DataBuffer, 4);
  if (size > srb->DataTransferLength)
    size = srb->DataTransferLength;
  if (size > SCSI_TEST_LAST_REQUEST_MAX)
    size = SCSI_TEST_LAST_REQUEST_MAX;
  if (size != 0)
    memcpy(ScsiTestStats.last_request, srb->DataBuffer, size);
  ScsiTestStats.last_request_size = size;
}

static BOOLEAN HwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) {
  HW_EXTENSION* ext = DeviceExtension;
  if (ext->InMiniport)
    __atomic_add_fetch(&ScsiTestStats.concurrent_startio, 1, __ATOMIC_RELAXED);
  ext->InMiniport = TRUE;
  if (Srb->Function == SRB_FUNCTION_EXECUTE_SCSI && Srb->Cdb[0] == SCSIOP_INQUIRY) {
    inquiry(ext, Srb);
  } else if (Srb->Function == SRB_FUNCTION_WMI) {
    PSCSI_WMI_REQUEST_BLOCK srb = (PSCSI_WMI_REQUEST_BLOCK)Srb;
    PSCSIWMI_REQUEST_CONTEXT ctx = &((SRB_EXTENSION*)srb->SrbExtension)->Context;
    __atomic_add_fetch(&ScsiTestStats.wmi_srbs, 1, __ATOMIC_RELAXED);
    record_wmi_request(srb);
    ctx->UserContext = srb;
    PSCSI_WMILIB_CONTEXT lib = (srb->WMIFlags & SRB_WMI_FLAGS_ADAPTER_REQUEST) ? &ext->AdapterWmi : &ext->LuWmi;
    BOOLEAN pending = ScsiPortWmiDispatchFunction(lib, srb->WMISubFunction, ext, ctx, srb->DataPath,
                                                  srb->DataTransferLength, srb->DataBuffer);
#if SCSI_TEST_SHAPE == 'd'
    (void)pending;
    complete_wmi_srb(ext, srb);
#elif SCSI_TEST_SHAPE == 'c'
    if (pending)
      ScsiPortNotification(RequestTimerCall, ext, HwTimer, 1000);
    else
      complete_wmi_srb(ext, srb);
#else
    if (!pending)
      complete_wmi_srb(ext, srb);
#endif
  } else {
    Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
    ScsiPortNotification(RequestComplete, ext, Srb);
    ScsiPortNotification(NextRequest, ext);
  }
  ext->InMiniport = FALSE;
  return TRUE;
}

/* ---- Initialisation
 * --------------------------------------------------------------------------------------------------- */

static ULONG HwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                           PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again) {
  HW_EXTENSION* ext = DeviceExtension;
  (void)HwContext;
  (void)BusInformation;
  __atomic_add_fetch(&ScsiTestStats.find_adapter_calls, 1, __ATOMIC_RELAXED);
  if (ArgumentString != NULL && strcmp(ArgumentString, "scsi_test=1") == 0)
    ScsiTestStats.had_argument_string = 1;
  ConfigInfo->NumberOfBuses = 2;
  ConfigInfo->MaximumNumberOfTargets = 4;
  ConfigInfo->MaximumNumberOfLogicalUnits = 2;
  ConfigInfo->InitiatorBusId[0] = SCSI_TEST_INITIATOR_ID;
  ConfigInfo->InitiatorBusId[1] = SCSI_TEST_INITIATOR_ID;
  ConfigInfo->WmiDataProvider = TRUE;
  for (ULONG i = 0; i < SCSI_TEST_ADAPTER_BLOCKS; ++i) {
    ext->AdapterGuidList[i].Guid = &kAdapterGuids[i];
    ext->AdapterGuidList[i].InstanceCount = 1;
    ext->AdapterGuidList[i].Flags = 0;
  }
  ext->AdapterGuidList[SCSI_TEST_ADAPTER_EVENT].Flags = WMIREG_FLAG_EVENT_ONLY_GUID;
  ext->AdapterGuidList[SCSI_TEST_ADAPTER_EXPENSIVE].Flags = WMIREG_FLAG_EXPENSIVE;
  ext->AdapterGuidList[SCSI_TEST_ADAPTER_DYNAMIC].InstanceCount = 0xffffffff;
  for (ULONG i = 0; i < SCSI_TEST_LU_BLOCKS; ++i) {
    ext->LuGuidList[i].Guid = &kLuGuids[i];
    ext->LuGuidList[i].InstanceCount = 1;
    ext->LuGuidList[i].Flags = 0;
  }
  ext->LuGuidList[SCSI_TEST_LU_EVENT].Flags = WMIREG_FLAG_EVENT_ONLY_GUID;
  ext->LuGuidList[SCSI_TEST_LU_MULTI].InstanceCount = 2;
  ext->AdapterWmi.GuidCount = SCSI_TEST_ADAPTER_EXTRA; /* EXTRA comes with SCSI_TEST_METHOD_TOGGLE_EXTRA */
  ext->AdapterWmi.GuidList = ext->AdapterGuidList;
  ext->AdapterWmi.QueryWmiRegInfo = QueryReginfo;
  ext->AdapterWmi.QueryWmiDataBlock = QueryDataBlock;
  ext->AdapterWmi.SetWmiDataBlock = SetDataBlock;
  ext->AdapterWmi.SetWmiDataItem = SetDataItem;
  ext->AdapterWmi.ExecuteWmiMethod = ExecuteMethod;
  ext->AdapterWmi.WmiFunctionControl = FunctionControl;
  /* Logical units: no set callbacks and no methods (the library answers those with SRB_STATUS_ERROR). */
  ext->LuWmi.GuidCount = SCSI_TEST_LU_BLOCKS;
  ext->LuWmi.GuidList = ext->LuGuidList;
  ext->LuWmi.QueryWmiRegInfo = QueryReginfo;
  ext->LuWmi.QueryWmiDataBlock = QueryDataBlock;
  ext->LuWmi.WmiFunctionControl = FunctionControl;
  ext->Setting = 7;
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
  init.SpecificLuExtensionSize = sizeof(LU_EXTENSION);
  init.SrbExtensionSize = sizeof(SRB_EXTENSION);
  init.NumberOfAccessRanges = 0;
  init.MapBuffers = TRUE;
  return ScsiPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
