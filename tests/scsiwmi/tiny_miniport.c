/* tests/scsiwmi/tiny_miniport.c - a tiny SCSI miniport using the SCSI Port WMI library exactly as a Windows one
 * does: a counter block, an event block and a method block for the adapter, the context in the SRB extension,
 * L"..." literals (so it needs -fshort-wchar, or falls back to u"..."). */
#include "tiny_miniport.h"

#include <scsiwmi.h>

#if defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2
#define TINY_TEXT(s) L##s
#else
#define TINY_TEXT(s) u##s
#endif

/* {01234567-89ab-cdef-0123-456789abcdef}: the counter (one ULONG, one instance). */
static const GUID TinyCounterGuid = {0x01234567, 0x89ab, 0xcdef, {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}};
/* {fedcba98-7654-3210-fedc-ba9876543210}: methods (1: read and reset the counter). */
static const GUID TinyMethodGuid = {0xfedcba98, 0x7654, 0x3210, {0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10}};
/* {11111111-2222-3333-4444-555555555555}: the counter event. */
static const GUID TinyEventGuid = {0x11111111, 0x2222, 0x3333, {0x44, 0x44, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55}};

enum { TinyCounterIndex = 0, TinyMethodIndex = 1, TinyEventIndex = 2 };
#define TINY_EVENT_GAP 0x40

typedef struct _TINY_EXTENSION {
  SCSI_WMILIB_CONTEXT WmiLib;
  SCSIWMIGUIDREGINFO Guids[3];
  ULONG Counter;
  BOOLEAN EventEnabled;
  UCHAR EventBuffer[TINY_EVENT_GAP + sizeof(ULONG)];
} TINY_EXTENSION, *PTINY_EXTENSION;

typedef struct _TINY_SRB_EXTENSION {
  SCSIWMI_REQUEST_CONTEXT WmiContext;
} TINY_SRB_EXTENSION;

static WCHAR TinyMofName[] = TINY_TEXT("TinyMof");

static UCHAR TinyQueryRegInfo(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext, PWCHAR* MofResourceName) {
  UNREFERENCED_PARAMETER(DeviceContext);
  UNREFERENCED_PARAMETER(RequestContext);
  *MofResourceName = TinyMofName;
  return SRB_STATUS_SUCCESS;
}

static BOOLEAN TinyQueryDataBlock(PVOID Context, PSCSIWMI_REQUEST_CONTEXT DispatchContext, ULONG GuidIndex,
                                  ULONG InstanceIndex, ULONG InstanceCount, PULONG InstanceLengthArray,
                                  ULONG BufferAvail, PUCHAR Buffer) {
  PTINY_EXTENSION ext = (PTINY_EXTENSION)Context;
  UCHAR status = SRB_STATUS_ERROR;
  ULONG size = 0;
  UNREFERENCED_PARAMETER(InstanceIndex);
  UNREFERENCED_PARAMETER(InstanceCount);
  if (GuidIndex == TinyCounterIndex || GuidIndex == TinyMethodIndex) {
    size = sizeof(ULONG);
    if (InstanceLengthArray == NULL || BufferAvail < size) {
      status = SRB_STATUS_DATA_OVERRUN;
    } else {
      ScsiPortMoveMemory(Buffer, &ext->Counter, size);
      InstanceLengthArray[0] = size;
      status = SRB_STATUS_SUCCESS;
    }
  }
  ScsiPortWmiPostProcess(DispatchContext, status, size);
  return status;
}

static BOOLEAN TinyExecuteMethod(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG GuidIndex,
                                 ULONG InstanceIndex, ULONG MethodId, ULONG InBufferSize, ULONG OutBufferSize,
                                 PUCHAR Buffer) {
  PTINY_EXTENSION ext = (PTINY_EXTENSION)DeviceContext;
  UCHAR status = SRB_STATUS_INVALID_REQUEST;
  ULONG used = 0;
  UNREFERENCED_PARAMETER(InstanceIndex);
  UNREFERENCED_PARAMETER(InBufferSize);
  if (GuidIndex == TinyMethodIndex && MethodId == 1) {
    used = sizeof(ULONG);
    if (OutBufferSize < used) {
      status = SRB_STATUS_DATA_OVERRUN; /* before the side effect, so a retry sees the same counter */
    } else {
      ScsiPortMoveMemory(Buffer, &ext->Counter, used);
      ext->Counter = 0;
      status = SRB_STATUS_SUCCESS;
    }
  }
  ScsiPortWmiPostProcess(RequestContext, status, used);
  return status;
}

static BOOLEAN TinyFunctionControl(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG GuidIndex,
                                   SCSIWMI_ENABLE_DISABLE_CONTROL Function, BOOLEAN Enable) {
  PTINY_EXTENSION ext = (PTINY_EXTENSION)DeviceContext;
  if (Function == ScsiWmiEventControl && GuidIndex == TinyEventIndex) {
    ext->EventEnabled = Enable;
  }
  ScsiPortWmiPostProcess(RequestContext, SRB_STATUS_SUCCESS, 0);
  return SRB_STATUS_SUCCESS;
}

ULONG TinyDeviceExtensionSize(void) {
  return sizeof(TINY_EXTENSION);
}
ULONG TinySrbExtensionSize(void) {
  return sizeof(TINY_SRB_EXTENSION);
}

VOID TinyInitialize(PVOID DeviceExtension) {
  PTINY_EXTENSION ext = (PTINY_EXTENSION)DeviceExtension;
  RtlZeroMemory(ext, sizeof(*ext));
  ext->Guids[TinyCounterIndex].Guid = &TinyCounterGuid;
  ext->Guids[TinyCounterIndex].InstanceCount = 1;
  ext->Guids[TinyMethodIndex].Guid = &TinyMethodGuid;
  ext->Guids[TinyMethodIndex].InstanceCount = 1;
  ext->Guids[TinyEventIndex].Guid = &TinyEventGuid;
  ext->Guids[TinyEventIndex].InstanceCount = 1;
  ext->Guids[TinyEventIndex].Flags = WMIREG_FLAG_EVENT_ONLY_GUID;
  ext->WmiLib.GuidCount = 3;
  ext->WmiLib.GuidList = ext->Guids;
  ext->WmiLib.QueryWmiRegInfo = TinyQueryRegInfo;
  ext->WmiLib.QueryWmiDataBlock = TinyQueryDataBlock;
  ext->WmiLib.ExecuteWmiMethod = TinyExecuteMethod;
  ext->WmiLib.WmiFunctionControl = TinyFunctionControl;
  ext->Counter = 41;
}

BOOLEAN TinyHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) {
  PTINY_EXTENSION ext = (PTINY_EXTENSION)DeviceExtension;
  PSCSI_WMI_REQUEST_BLOCK wmi = (PSCSI_WMI_REQUEST_BLOCK)Srb;
  if (Srb->Function != SRB_FUNCTION_WMI) {
    ext->Counter++;
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
  } else if (!(wmi->WMIFlags & SRB_WMI_FLAGS_ADAPTER_REQUEST)) {
    Srb->DataTransferLength = 0; /* no logical-unit blocks */
    Srb->SrbStatus = SRB_STATUS_SUCCESS;
  } else {
    PSCSIWMI_REQUEST_CONTEXT ctx = &((TINY_SRB_EXTENSION*)Srb->SrbExtension)->WmiContext;
    ctx->UserContext = Srb;
    if (ScsiPortWmiDispatchFunction(&ext->WmiLib, wmi->WMISubFunction, ext, ctx, wmi->DataPath, wmi->DataTransferLength,
                                    wmi->DataBuffer)) {
      return TRUE; /* pending: completed later */
    }
    Srb->DataTransferLength = ScsiPortWmiGetReturnSize(ctx);
    Srb->SrbStatus = ScsiPortWmiGetReturnStatus(ctx);
  }
  ScsiPortNotification(RequestComplete, DeviceExtension, Srb);
  ScsiPortNotification(NextRequest, DeviceExtension, NULL);
  return TRUE;
}

BOOLEAN TinyFireCounterEvent(PVOID DeviceExtension) {
  PTINY_EXTENSION ext = (PTINY_EXTENSION)DeviceExtension;
  if (!ext->EventEnabled) {
    return FALSE;
  }
  ScsiPortMoveMemory(ext->EventBuffer + TINY_EVENT_GAP, &ext->Counter, sizeof(ULONG));
  ScsiPortWmiFireAdapterEvent(ext, (LPGUID)&TinyEventGuid, 0, sizeof(ULONG), ext->EventBuffer);
  return TRUE;
}
