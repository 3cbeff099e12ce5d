/* tests/wdk/miniport_sample.c - a SCSI miniport exposing WMI blocks through the SCSI Port WMI library, written as for
 * the WDK. It is only compiled (never linked): the compile tests build it as C11 and C++20, with and without
 * -fshort-wchar, with GCC and Clang, to prove that miniport.h + srb.h + scsi.h + scsiwmi.h accept real miniport
 * code unchanged. */
#include <miniport.h>
#include <scsi.h>
#include <srb.h>

#include <initguid.h>  /* defines the GUIDs of this file */

#include <scsiwmi.h>

#if defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2
#define SAMPLE_TEXT(s) L##s
#else
#define SAMPLE_TEXT(s) u##s
#endif

DEFINE_GUID(SampleAdapterStatistics_GUID, 0x3f1e0a10, 0x8c2b, 0x4d6e, 0xa1, 0x0b, 0x5e, 0x77, 0x21, 0x90, 0x3c, 0x01);
DEFINE_GUID(SampleAdapterEvent_GUID, 0x3f1e0a11, 0x8c2b, 0x4d6e, 0xa1, 0x0b, 0x5e, 0x77, 0x21, 0x90, 0x3c, 0x01);
DEFINE_GUID(SampleAdapterMethods_GUID, 0x3f1e0a12, 0x8c2b, 0x4d6e, 0xa1, 0x0b, 0x5e, 0x77, 0x21, 0x90, 0x3c, 0x01);
DEFINE_GUID(SamplePorts_GUID, 0x3f1e0a13, 0x8c2b, 0x4d6e, 0xa1, 0x0b, 0x5e, 0x77, 0x21, 0x90, 0x3c, 0x01);

#define SampleStatisticsIndex 0
#define SampleEventIndex 1
#define SampleMethodsIndex 2
#define SamplePortsIndex 3
#define SampleResetStatistics 1
/* ScsiPortWmiFire*Event: 0x40 bytes reserved for the library before the payload. */
#define SAMPLE_EVENT_HEADER_SIZE 0x40

typedef struct _SAMPLE_STATISTICS {
  ULONGLONG Requests;
  ULONGLONG Errors;
  ULONG Resets;
  ULONG Reserved;
} SAMPLE_STATISTICS, *PSAMPLE_STATISTICS;

typedef struct _HW_DEVICE_EXTENSION {
  SCSI_WMILIB_CONTEXT WmiLibContext;
  SAMPLE_STATISTICS Statistics;
  BOOLEAN EventEnabled;
  UCHAR EventBuffer[SAMPLE_EVENT_HEADER_SIZE + sizeof(ULONG)];
} HW_DEVICE_EXTENSION, *PHW_DEVICE_EXTENSION;

/* The per-SRB extension holds the WMI request context so that a request could pend. */
typedef struct _SAMPLE_SRB_EXTENSION {
  SCSIWMI_REQUEST_CONTEXT WmiRequestContext;
} SAMPLE_SRB_EXTENSION, *PSAMPLE_SRB_EXTENSION;

EXTERN_C ULONG DriverEntry(PVOID DriverObject, PVOID Argument2);
static HW_INITIALIZE SampleHwInitialize;
static HW_STARTIO SampleHwStartIo;
static HW_INTERRUPT SampleHwInterrupt;
static HW_FIND_ADAPTER SampleHwFindAdapter;
static HW_RESET_BUS SampleHwResetBus;
static HW_ADAPTER_CONTROL SampleHwAdapterControl;
static HW_TIMER SampleHwTimer;

static SCSIWMIGUIDREGINFO SampleGuidList[] = {
    {&SampleAdapterStatistics_GUID, 1, 0},
    {&SampleAdapterEvent_GUID, 1, WMIREG_FLAG_EVENT_ONLY_GUID},
    {&SampleAdapterMethods_GUID, 1, WMIREG_FLAG_EXPENSIVE},
    {&SamplePorts_GUID, 0xffffffff, WMIREG_FLAG_CALL_BY_NAME}, /* dynamic instance names */
};

static UCHAR SampleQueryWmiRegInfo(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext,
                                   PWCHAR* MofResourceName) {
  UNREFERENCED_PARAMETER(DeviceContext);
  UNREFERENCED_PARAMETER(RequestContext);
#ifdef __cplusplus
  static WCHAR mofName[] = SAMPLE_TEXT("MofResource");
  *MofResourceName = mofName;
#else
  *MofResourceName = SAMPLE_TEXT("MofResource");
#endif
  return SRB_STATUS_SUCCESS;
}

/* A block with dynamic instance names, answered with the helpers (QUERY_ALL_DATA only). */
static BOOLEAN SampleQueryDynamicNames(PSCSIWMI_REQUEST_CONTEXT DispatchContext) {
  ULONG avail = 0;
  ULONG needed = 0;
  ULONG i;
  if (!ScsiPortWmiIsQueryAllData(DispatchContext) ||
      !ScsiPortWmiSetInstanceCount(DispatchContext, 2, &avail, &needed)) {
    ScsiPortWmiPostProcess(DispatchContext, SRB_STATUS_ERROR, 0);
    return SRB_STATUS_ERROR;
  }
  for (i = 0; i < 2; i++) {
    PWCHAR name = ScsiPortWmiSetInstanceName(DispatchContext, i, sizeof(USHORT) + 4 * sizeof(WCHAR), &avail, &needed);
    PULONG data = (PULONG)ScsiPortWmiSetData(DispatchContext, i, sizeof(ULONG), &avail, &needed);
    if (name != NULL) {
      name[0] = 4 * sizeof(WCHAR); /* the USHORT count, then the characters */
      name[1] = 'P';
      name[2] = 'o';
      name[3] = 'r';
      name[4] = (WCHAR)('0' + i);
    }
    if (data != NULL) {
      *data = i;
    }
  }
  if (avail == 0) {
    ScsiPortWmiPostProcess(DispatchContext, SRB_STATUS_DATA_OVERRUN, needed);
    return SRB_STATUS_DATA_OVERRUN;
  }
  ScsiPortWmiPostProcess(DispatchContext, SRB_STATUS_SUCCESS, needed);
  return SRB_STATUS_SUCCESS;
}

static BOOLEAN SampleQueryWmiDataBlock(PVOID Context, PSCSIWMI_REQUEST_CONTEXT DispatchContext, ULONG GuidIndex,
                                       ULONG InstanceIndex, ULONG InstanceCount, PULONG InstanceLengthArray,
                                       ULONG BufferAvail, PUCHAR Buffer) {
  PHW_DEVICE_EXTENSION ext = (PHW_DEVICE_EXTENSION)Context;
  UCHAR status = SRB_STATUS_SUCCESS;
  ULONG size = 0;
  UNREFERENCED_PARAMETER(InstanceIndex);
  UNREFERENCED_PARAMETER(InstanceCount);

  switch (GuidIndex) {
    case SampleStatisticsIndex:
      size = sizeof(SAMPLE_STATISTICS);
      if (BufferAvail < size || InstanceLengthArray == NULL) {
        status = SRB_STATUS_DATA_OVERRUN;
        break;
      }
      ScsiPortMoveMemory(Buffer, &ext->Statistics, size);
      InstanceLengthArray[0] = size;
      break;
    case SamplePortsIndex:
      return SampleQueryDynamicNames(DispatchContext);
    default:
      status = SRB_STATUS_ERROR;
      break;
  }
  ScsiPortWmiPostProcess(DispatchContext, status, size);
  return status;
}

static BOOLEAN SampleExecuteWmiMethod(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG GuidIndex,
                                      ULONG InstanceIndex, ULONG MethodId, ULONG InBufferSize, ULONG OutBufferSize,
                                      PUCHAR Buffer) {
  PHW_DEVICE_EXTENSION ext = (PHW_DEVICE_EXTENSION)DeviceContext;
  UCHAR status = SRB_STATUS_ERROR;
  ULONG used = 0;
  UNREFERENCED_PARAMETER(InstanceIndex);
  UNREFERENCED_PARAMETER(InBufferSize);
  if (GuidIndex == SampleMethodsIndex && MethodId == SampleResetStatistics) {
    used = sizeof(ULONG);
    if (OutBufferSize < used) {
      status = SRB_STATUS_DATA_OVERRUN; /* before any side effect */
    } else {
      *(PULONG)Buffer = ext->Statistics.Resets;
      ext->Statistics.Requests = 0;
      ext->Statistics.Errors = 0;
      ext->Statistics.Resets++;
      status = SRB_STATUS_SUCCESS;
    }
  }
  ScsiPortWmiPostProcess(RequestContext, status, used);
  return status;
}

static BOOLEAN SampleWmiFunctionControl(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext,
                                        ULONG GuidIndex, SCSIWMI_ENABLE_DISABLE_CONTROL Function, BOOLEAN Enable) {
  PHW_DEVICE_EXTENSION ext = (PHW_DEVICE_EXTENSION)DeviceContext;
  if (Function == ScsiWmiEventControl && GuidIndex == SampleEventIndex) {
    ext->EventEnabled = Enable;
  }
  ScsiPortWmiPostProcess(RequestContext, SRB_STATUS_SUCCESS, 0);
  return SRB_STATUS_SUCCESS;
}

ULONG DriverEntry(PVOID DriverObject, PVOID Argument2) {
  HW_INITIALIZATION_DATA hwInitData;
  RtlZeroMemory(&hwInitData, sizeof(hwInitData));
  hwInitData.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
  hwInitData.AdapterInterfaceType = Internal;
  hwInitData.HwInitialize = SampleHwInitialize;
  hwInitData.HwStartIo = SampleHwStartIo;
  hwInitData.HwInterrupt = SampleHwInterrupt;
  hwInitData.HwFindAdapter = SampleHwFindAdapter;
  hwInitData.HwResetBus = SampleHwResetBus;
  hwInitData.HwAdapterControl = SampleHwAdapterControl;
  hwInitData.DeviceExtensionSize = sizeof(HW_DEVICE_EXTENSION);
  hwInitData.SpecificLuExtensionSize = 0;
  hwInitData.SrbExtensionSize = sizeof(SAMPLE_SRB_EXTENSION);
  hwInitData.NumberOfAccessRanges = 0;
  hwInitData.MapBuffers = TRUE;
  hwInitData.TaggedQueuing = FALSE;
  hwInitData.AutoRequestSense = TRUE;
  hwInitData.MultipleRequestPerLu = FALSE;
  return ScsiPortInitialize(DriverObject, Argument2, &hwInitData, NULL);
}

static ULONG SampleHwFindAdapter(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation,
                                 PCHAR ArgumentString, PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again) {
  PHW_DEVICE_EXTENSION ext = (PHW_DEVICE_EXTENSION)DeviceExtension;
  UNREFERENCED_PARAMETER(HwContext);
  UNREFERENCED_PARAMETER(BusInformation);
  UNREFERENCED_PARAMETER(ArgumentString);

  ConfigInfo->MaximumTransferLength = 0x10000;
  ConfigInfo->NumberOfPhysicalBreaks = SCSI_MINIMUM_PHYSICAL_BREAKS;
  ConfigInfo->NumberOfBuses = 1;
  ConfigInfo->MaximumNumberOfTargets = 4;
  ConfigInfo->MaximumNumberOfLogicalUnits = 2;
  ConfigInfo->InitiatorBusId[0] = 7;
  ConfigInfo->ScatterGather = TRUE;
  ConfigInfo->Master = TRUE;
  ConfigInfo->CachesData = FALSE;
  ConfigInfo->WmiDataProvider = TRUE;

  ext->WmiLibContext = (SCSI_WMILIB_CONTEXT){
      .GuidCount = sizeof(SampleGuidList) / sizeof(SampleGuidList[0]),
      .GuidList = SampleGuidList,
      .QueryWmiRegInfo = SampleQueryWmiRegInfo,
      .QueryWmiDataBlock = SampleQueryWmiDataBlock,
      .SetWmiDataBlock = NULL,
      .SetWmiDataItem = NULL,
      .ExecuteWmiMethod = SampleExecuteWmiMethod,
      .WmiFunctionControl = SampleWmiFunctionControl,
  };
  *Again = FALSE;
  return SP_RETURN_FOUND;
}

static BOOLEAN SampleHwInitialize(PVOID DeviceExtension) {
  ScsiPortNotification(RequestTimerCall, DeviceExtension, SampleHwTimer, 1000000);
  return TRUE;
}

static BOOLEAN SampleHwInterrupt(PVOID DeviceExtension) {
  UNREFERENCED_PARAMETER(DeviceExtension);
  return FALSE;
}

static BOOLEAN SampleHwResetBus(PVOID DeviceExtension, ULONG PathId) {
  ScsiPortCompleteRequest(DeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
  ScsiPortNotification(ResetDetected, DeviceExtension);
  return TRUE;
}

static SCSI_ADAPTER_CONTROL_STATUS SampleHwAdapterControl(PVOID DeviceExtension,
                                                          SCSI_ADAPTER_CONTROL_TYPE ControlType, PVOID Parameters) {
  UNREFERENCED_PARAMETER(DeviceExtension);
  if (ControlType == ScsiQuerySupportedControlTypes) {
    PSCSI_SUPPORTED_CONTROL_TYPE_LIST list = (PSCSI_SUPPORTED_CONTROL_TYPE_LIST)Parameters;
    if (list->MaxControlType > ScsiStopAdapter) {
      list->SupportedTypeList[ScsiQuerySupportedControlTypes] = TRUE;
      list->SupportedTypeList[ScsiStopAdapter] = TRUE;
    }
  }
  return ScsiAdapterControlSuccess;
}

/* Fires the adapter event when enabled, and asks for re-registration. */
static VOID SampleHwTimer(PVOID DeviceExtension) {
  PHW_DEVICE_EXTENSION ext = (PHW_DEVICE_EXTENSION)DeviceExtension;
  if (ext->EventEnabled) {
    *(PULONG)(ext->EventBuffer + SAMPLE_EVENT_HEADER_SIZE) = ext->Statistics.Resets;
    ScsiPortWmiFireAdapterEvent(ext, (LPGUID)&SampleAdapterEvent_GUID, 0, sizeof(ULONG), ext->EventBuffer);
    ScsiPortWmiFireLogicalUnitEvent(ext, 0, 1, 0, (LPGUID)&SampleAdapterEvent_GUID, 0, sizeof(ULONG),
                                    ext->EventBuffer);
  }
  ScsiPortNotification(WMIReregister, DeviceExtension, SP_UNTAGGED);
  ScsiPortNotification(RequestTimerCall, DeviceExtension, SampleHwTimer, 1000000);
}

static UCHAR SampleHandleWmiSrb(PHW_DEVICE_EXTENSION ext, PSCSI_WMI_REQUEST_BLOCK Srb) {
  PSCSIWMI_REQUEST_CONTEXT ctx;
  BOOLEAN pending;

  if (Srb->Function != SRB_FUNCTION_WMI) {
    return SRB_STATUS_INVALID_REQUEST;
  }
  if (!(Srb->WMIFlags & SRB_WMI_FLAGS_ADAPTER_REQUEST)) {
    Srb->DataTransferLength = 0; /* no logical-unit blocks */
    return SRB_STATUS_SUCCESS;
  }
  ctx = &((PSAMPLE_SRB_EXTENSION)Srb->SrbExtension)->WmiRequestContext;
  ctx->UserContext = Srb;
  pending = ScsiPortWmiDispatchFunction(&ext->WmiLibContext, Srb->WMISubFunction, ext, ctx, Srb->DataPath,
                                        Srb->DataTransferLength, Srb->DataBuffer);
  if (pending) {
    return SRB_STATUS_PENDING;
  }
  Srb->DataTransferLength = ScsiPortWmiGetReturnSize(ctx);
  return ScsiPortWmiGetReturnStatus(ctx);
}

static UCHAR SampleExecuteScsi(PHW_DEVICE_EXTENSION ext, PSCSI_REQUEST_BLOCK Srb) {
  PCDB cdb = (PCDB)Srb->Cdb;
  ext->Statistics.Requests++;
  switch (cdb->CDB6GENERIC.OperationCode) {
    case SCSIOP_TEST_UNIT_READY:
      return SRB_STATUS_SUCCESS;
    case SCSIOP_INQUIRY: {
      PINQUIRYDATA inquiry = (PINQUIRYDATA)Srb->DataBuffer;
      if (Srb->DataTransferLength < INQUIRYDATABUFFERSIZE) {
        return SRB_STATUS_DATA_OVERRUN;
      }
      RtlZeroMemory(inquiry, INQUIRYDATABUFFERSIZE);
      inquiry->DeviceType = DIRECT_ACCESS_DEVICE;
      inquiry->DeviceTypeQualifier = DEVICE_CONNECTED;
      inquiry->Versions = 5;
      inquiry->ResponseDataFormat = 2;
      inquiry->AdditionalLength = INQUIRYDATABUFFERSIZE - 5;
      inquiry->CommandQueue = 1;
      ScsiPortMoveMemory(inquiry->VendorId, (PVOID) "WMIPORT ", 8);
      ScsiPortMoveMemory(inquiry->ProductId, (PVOID) "SAMPLE DISK     ", 16);
      ScsiPortMoveMemory(inquiry->ProductRevisionLevel, (PVOID) "0001", 4);
      Srb->DataTransferLength = INQUIRYDATABUFFERSIZE;
      return SRB_STATUS_SUCCESS;
    }
    default: {
      PSENSE_DATA sense = (PSENSE_DATA)Srb->SenseInfoBuffer;
      ext->Statistics.Errors++;
      Srb->ScsiStatus = SCSISTAT_CHECK_CONDITION;
      if (sense != NULL && Srb->SenseInfoBufferLength >= sizeof(SENSE_DATA)) {
        RtlZeroMemory(sense, sizeof(SENSE_DATA));
        sense->ErrorCode = SCSI_SENSE_ERRORCODE_FIXED_CURRENT;
        sense->SenseKey = SCSI_SENSE_ILLEGAL_REQUEST;
        sense->AdditionalSenseCode = SCSI_ADSENSE_ILLEGAL_COMMAND;
        sense->AdditionalSenseLength = sizeof(SENSE_DATA) - 8;
        return SRB_STATUS_ERROR | SRB_STATUS_AUTOSENSE_VALID;
      }
      return SRB_STATUS_ERROR;
    }
  }
}

static BOOLEAN SampleHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb) {
  PHW_DEVICE_EXTENSION ext = (PHW_DEVICE_EXTENSION)DeviceExtension;
  UCHAR status;

  switch (Srb->Function) {
    case SRB_FUNCTION_WMI:
      status = SampleHandleWmiSrb(ext, (PSCSI_WMI_REQUEST_BLOCK)Srb);
      if (status == SRB_STATUS_PENDING) {
        return TRUE; /* completed later, after ScsiPortWmiPostProcess */
      }
      break;
    case SRB_FUNCTION_EXECUTE_SCSI:
      status = SampleExecuteScsi(ext, Srb);
      break;
    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_RESET_LOGICAL_UNIT:
      status = SRB_STATUS_SUCCESS;
      break;
    default:
      ScsiPortLogError(DeviceExtension, Srb, Srb->PathId, Srb->TargetId, Srb->Lun, SP_INTERNAL_ADAPTER_ERROR, 1);
      status = SRB_STATUS_INVALID_REQUEST;
      break;
  }
  Srb->SrbStatus = status;
  ScsiPortNotification(RequestComplete, DeviceExtension, Srb);
  ScsiPortNotification(NextRequest, DeviceExtension, NULL);
  return TRUE;
}

C_ASSERT(sizeof(SCSI_WMI_REQUEST_BLOCK) == sizeof(SCSI_REQUEST_BLOCK));
C_ASSERT(SRB_FUNCTION_WMI == 0x17 && SP_UNTAGGED == 0xff);
C_ASSERT(WMIREG_FLAG_CALL_BY_NAME == 0x40000000);
