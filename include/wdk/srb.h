/* wmiport WDK-compatible headers: srb.h
 *
 * The SCSI port / miniport interface: SCSI request blocks (including the WMI overlay SCSI_WMI_REQUEST_BLOCK of spec
 * wmi-interfaces.md §3.2), the extended-SRB WMI data block (§3.3), SRB functions, statuses and flags,
 * PORT_CONFIGURATION_INFORMATION, HW_INITIALIZATION_DATA with the HwScsi* callback types, ScsiPortNotification
 * and the other ScsiPort* routines (declared here; wmiport's SCSI port driver defines them and exports them to
 * miniport shared objects).
 *
 * Natural alignment; the x64 layouts are asserted after each definition. srb.h brings in miniport.h and scsi.h.
 */
#ifndef WMIPORT_WDK_SRB_H_
#define WMIPORT_WDK_SRB_H_

#ifndef _NTSRB_
#define _NTSRB_
#endif

#include "miniport.h"
#include "scsi.h"

EXTERN_C_START

/* ---- Limits and addressing --------------------------------------------------------------------------------------- */

#define SCSI_MAXIMUM_BUSES 8
#define SCSI_MAXIMUM_TARGETS_PER_BUS 128
#define SCSI_MAXIMUM_LOGICAL_UNITS 8
#define SCSI_MAXIMUM_TARGETS 8
#define SCSI_MAXIMUM_LUNS_PER_TARGET 255
#define SCSI_MINIMUM_PHYSICAL_BREAKS 16
#define SCSI_MAXIMUM_PHYSICAL_BREAKS 255

#define SP_UNINITIALIZED_VALUE ((ULONG)~0)
/* PathId/TargetId/Lun wildcard ("all"); as PathId of an event or reregistration: the adapter itself. */
#define SP_UNTAGGED ((UCHAR)~0)

typedef PHYSICAL_ADDRESS SCSI_PHYSICAL_ADDRESS, *PSCSI_PHYSICAL_ADDRESS;

typedef struct _ACCESS_RANGE {
  SCSI_PHYSICAL_ADDRESS RangeStart;
  ULONG RangeLength;
  BOOLEAN RangeInMemory;
} ACCESS_RANGE, *PACCESS_RANGE;
WMIPORT_ASSERT_SIZE_ALL(ACCESS_RANGE, 16);

/* ---- PORT_CONFIGURATION_INFORMATION ------------------------------------------------------------------------------ */

typedef struct _PORT_CONFIGURATION_INFORMATION {
  ULONG Length;
  ULONG SystemIoBusNumber;
  INTERFACE_TYPE AdapterInterfaceType;
  ULONG BusInterruptLevel;
  ULONG BusInterruptVector;
  KINTERRUPT_MODE InterruptMode;
  ULONG MaximumTransferLength;
  ULONG NumberOfPhysicalBreaks;
  ULONG DmaChannel;
  ULONG DmaPort;
  DMA_WIDTH DmaWidth;
  DMA_SPEED DmaSpeed;
  ULONG AlignmentMask;
  ULONG NumberOfAccessRanges;
  ACCESS_RANGE (*AccessRanges)[];
  PVOID Reserved;
  UCHAR NumberOfBuses;
  CCHAR InitiatorBusId[8];
  BOOLEAN ScatterGather;
  BOOLEAN Master;
  BOOLEAN CachesData;
  BOOLEAN AdapterScansDown;
  BOOLEAN AtdiskPrimaryClaimed;
  BOOLEAN AtdiskSecondaryClaimed;
  BOOLEAN Dma32BitAddresses;
  BOOLEAN DemandMode;
  BOOLEAN MapBuffers;
  BOOLEAN NeedPhysicalAddresses;
  BOOLEAN TaggedQueuing;
  BOOLEAN AutoRequestSense;
  BOOLEAN MultipleRequestPerLu;
  BOOLEAN ReceiveEvent;
  BOOLEAN RealModeInitialized;
  BOOLEAN BufferAccessScsiPortControlled;
  UCHAR MaximumNumberOfTargets;
  UCHAR ReservedUchars[2];
  ULONG SlotNumber;
  ULONG BusInterruptLevel2;
  ULONG BusInterruptVector2;
  KINTERRUPT_MODE InterruptMode2;
  ULONG DmaChannel2;
  ULONG DmaPort2;
  DMA_WIDTH DmaWidth2;
  DMA_SPEED DmaSpeed2;
  ULONG DeviceExtensionSize;
  ULONG SpecificLuExtensionSize;
  ULONG SrbExtensionSize;
  UCHAR Dma64BitAddresses;
  BOOLEAN ResetTargetSupported;
  UCHAR MaximumNumberOfLogicalUnits;
  BOOLEAN WmiDataProvider; /* TRUE: the miniport receives SRB_FUNCTION_WMI requests */
} PORT_CONFIGURATION_INFORMATION, *PPORT_CONFIGURATION_INFORMATION;
WMIPORT_ASSERT_OFFSET(PORT_CONFIGURATION_INFORMATION, AccessRanges, 56);
WMIPORT_ASSERT_OFFSET(PORT_CONFIGURATION_INFORMATION, NumberOfBuses, 72);
WMIPORT_ASSERT_OFFSET(PORT_CONFIGURATION_INFORMATION, SlotNumber, 100);
WMIPORT_ASSERT_OFFSET(PORT_CONFIGURATION_INFORMATION, WmiDataProvider, 147);
WMIPORT_ASSERT_SIZE(PORT_CONFIGURATION_INFORMATION, 152);

#define CONFIG_INFO_VERSION_2 sizeof(PORT_CONFIGURATION_INFORMATION)

/* HwFindAdapter results. */
#define SP_RETURN_NOT_FOUND 0
#define SP_RETURN_FOUND 1
#define SP_RETURN_ERROR 2
#define SP_RETURN_BAD_CONFIG 3

/* ---- SCSI_REQUEST_BLOCK ------------------------------------------------------------------------------------------ */

typedef struct _SCSI_REQUEST_BLOCK {
  USHORT Length;
  UCHAR Function;
  UCHAR SrbStatus;
  UCHAR ScsiStatus;
  UCHAR PathId;
  UCHAR TargetId;
  UCHAR Lun;
  UCHAR QueueTag;
  UCHAR QueueAction;
  UCHAR CdbLength;
  UCHAR SenseInfoBufferLength;
  ULONG SrbFlags;
  ULONG DataTransferLength;
  ULONG TimeOutValue;
  PVOID DataBuffer;
  PVOID SenseInfoBuffer;
  struct _SCSI_REQUEST_BLOCK* NextSrb;
  PVOID OriginalRequest;
  PVOID SrbExtension;
  union {
    ULONG InternalStatus;
    ULONG QueueSortKey;
    ULONG LinkTimeoutValue;
  } DUMMYUNIONNAME;
#ifdef _WIN64
  ULONG Reserved;
#endif
  UCHAR Cdb[16];
} SCSI_REQUEST_BLOCK, *PSCSI_REQUEST_BLOCK;
WMIPORT_ASSERT_SIZE(SCSI_REQUEST_BLOCK, 88);
WMIPORT_ASSERT_OFFSET(SCSI_REQUEST_BLOCK, SrbFlags, 12);
WMIPORT_ASSERT_OFFSET(SCSI_REQUEST_BLOCK, DataBuffer, 24);
WMIPORT_ASSERT_OFFSET(SCSI_REQUEST_BLOCK, SenseInfoBuffer, 32);
WMIPORT_ASSERT_OFFSET(SCSI_REQUEST_BLOCK, OriginalRequest, 48);
WMIPORT_ASSERT_OFFSET(SCSI_REQUEST_BLOCK, SrbExtension, 56);
WMIPORT_ASSERT_OFFSET(SCSI_REQUEST_BLOCK, InternalStatus, 64);
WMIPORT_ASSERT_OFFSET(SCSI_REQUEST_BLOCK, Reserved, 68);
WMIPORT_ASSERT_OFFSET(SCSI_REQUEST_BLOCK, Cdb, 72);
#define SCSI_REQUEST_BLOCK_SIZE sizeof(SCSI_REQUEST_BLOCK)

/* The WMI view of an SRB with Function == SRB_FUNCTION_WMI (§3.2); same size as SCSI_REQUEST_BLOCK. */
typedef struct _SCSI_WMI_REQUEST_BLOCK {
  USHORT Length;
  UCHAR Function; /* SRB_FUNCTION_WMI */
  UCHAR SrbStatus;
  UCHAR WMISubFunction; /* the IRP_MN_* WMI minor code */
  UCHAR PathId;
  UCHAR TargetId;
  UCHAR Lun;
  UCHAR Reserved1;
  UCHAR WMIFlags; /* SRB_WMI_FLAGS_ADAPTER_REQUEST, or 0 for the logical unit at PathId/TargetId/Lun */
  UCHAR Reserved2[2];
  ULONG SrbFlags;
  ULONG DataTransferLength; /* the WNODE buffer size; the miniport replaces it by the returned size */
  ULONG TimeOutValue;
  PVOID DataBuffer; /* the WNODE buffer */
  PVOID DataPath;   /* the GUID, or WMIREGISTER/WMIUPDATE for the reginfo minors */
  PVOID Reserved3;
  PVOID OriginalRequest;
  PVOID SrbExtension;
  ULONG Reserved4;
#ifdef _WIN64
  ULONG Reserved6;
#endif
  UCHAR Reserved5[16];
} SCSI_WMI_REQUEST_BLOCK, *PSCSI_WMI_REQUEST_BLOCK;
WMIPORT_ASSERT_SIZE(SCSI_WMI_REQUEST_BLOCK, 88);
WMIPORT_ASSERT_OFFSET(SCSI_WMI_REQUEST_BLOCK, WMISubFunction, 4);
WMIPORT_ASSERT_OFFSET(SCSI_WMI_REQUEST_BLOCK, WMIFlags, 9);
WMIPORT_ASSERT_OFFSET(SCSI_WMI_REQUEST_BLOCK, SrbFlags, 12);
WMIPORT_ASSERT_OFFSET(SCSI_WMI_REQUEST_BLOCK, DataTransferLength, 16);
WMIPORT_ASSERT_OFFSET(SCSI_WMI_REQUEST_BLOCK, DataBuffer, 24);
WMIPORT_ASSERT_OFFSET(SCSI_WMI_REQUEST_BLOCK, DataPath, 32);
WMIPORT_ASSERT_OFFSET(SCSI_WMI_REQUEST_BLOCK, Reserved3, 40);
WMIPORT_ASSERT_OFFSET(SCSI_WMI_REQUEST_BLOCK, OriginalRequest, 48);
WMIPORT_ASSERT_OFFSET(SCSI_WMI_REQUEST_BLOCK, SrbExtension, 56);
WMIPORT_ASSERT_OFFSET(SCSI_WMI_REQUEST_BLOCK, Reserved4, 64);
WMIPORT_ASSERT_OFFSET(SCSI_WMI_REQUEST_BLOCK, Reserved6, 68);
WMIPORT_ASSERT_OFFSET(SCSI_WMI_REQUEST_BLOCK, Reserved5, 72);
WMIPORT_STATIC_ASSERT(sizeof(SCSI_WMI_REQUEST_BLOCK) == sizeof(SCSI_REQUEST_BLOCK),
                      "SCSI_WMI_REQUEST_BLOCK overlays SCSI_REQUEST_BLOCK");

/* ---- SRB functions ----------------------------------------------------------------------------------------------- */

#define SRB_FUNCTION_EXECUTE_SCSI 0x00
#define SRB_FUNCTION_CLAIM_DEVICE 0x01
#define SRB_FUNCTION_IO_CONTROL 0x02
#define SRB_FUNCTION_RECEIVE_EVENT 0x03
#define SRB_FUNCTION_RELEASE_QUEUE 0x04
#define SRB_FUNCTION_ATTACH_DEVICE 0x05
#define SRB_FUNCTION_RELEASE_DEVICE 0x06
#define SRB_FUNCTION_SHUTDOWN 0x07
#define SRB_FUNCTION_FLUSH 0x08
#define SRB_FUNCTION_ABORT_COMMAND 0x10
#define SRB_FUNCTION_RELEASE_RECOVERY 0x11
#define SRB_FUNCTION_RESET_BUS 0x12
#define SRB_FUNCTION_RESET_DEVICE 0x13
#define SRB_FUNCTION_TERMINATE_IO 0x14
#define SRB_FUNCTION_FLUSH_QUEUE 0x15
#define SRB_FUNCTION_REMOVE_DEVICE 0x16
#define SRB_FUNCTION_WMI 0x17
#define SRB_FUNCTION_LOCK_QUEUE 0x18
#define SRB_FUNCTION_UNLOCK_QUEUE 0x19
#define SRB_FUNCTION_QUIESCE_DEVICE 0x1a
#define SRB_FUNCTION_RESET_LOGICAL_UNIT 0x20
#define SRB_FUNCTION_SET_LINK_TIMEOUT 0x21
#define SRB_FUNCTION_LINK_TIMEOUT_OCCURRED 0x22
#define SRB_FUNCTION_LINK_TIMEOUT_COMPLETE 0x23
#define SRB_FUNCTION_POWER 0x24
#define SRB_FUNCTION_PNP 0x25
#define SRB_FUNCTION_DUMP_POINTERS 0x26
#define SRB_FUNCTION_FREE_DUMP_POINTERS 0x27
#define SRB_FUNCTION_STORAGE_REQUEST_BLOCK 0x28
#define SRB_FUNCTION_CRYPTO_OPERATION 0x29
#define SRB_FUNCTION_GET_DUMP_INFO 0x2a
#define SRB_FUNCTION_FREE_DUMP_INFO 0x2b

/* ---- SRB status -------------------------------------------------------------------------------------------------- */

#define SRB_STATUS_PENDING 0x00
#define SRB_STATUS_SUCCESS 0x01
#define SRB_STATUS_ABORTED 0x02
#define SRB_STATUS_ABORT_FAILED 0x03
#define SRB_STATUS_ERROR 0x04
#define SRB_STATUS_BUSY 0x05
#define SRB_STATUS_INVALID_REQUEST 0x06
#define SRB_STATUS_INVALID_PATH_ID 0x07
#define SRB_STATUS_NO_DEVICE 0x08
#define SRB_STATUS_TIMEOUT 0x09
#define SRB_STATUS_SELECTION_TIMEOUT 0x0A
#define SRB_STATUS_COMMAND_TIMEOUT 0x0B
#define SRB_STATUS_MESSAGE_REJECTED 0x0D
#define SRB_STATUS_BUS_RESET 0x0E
#define SRB_STATUS_PARITY_ERROR 0x0F
#define SRB_STATUS_REQUEST_SENSE_FAILED 0x10
#define SRB_STATUS_NO_HBA 0x11
#define SRB_STATUS_DATA_OVERRUN 0x12
#define SRB_STATUS_UNEXPECTED_BUS_FREE 0x13
#define SRB_STATUS_PHASE_SEQUENCE_FAILURE 0x14
#define SRB_STATUS_BAD_SRB_BLOCK_LENGTH 0x15
#define SRB_STATUS_REQUEST_FLUSHED 0x16
#define SRB_STATUS_INVALID_LUN 0x20
#define SRB_STATUS_INVALID_TARGET_ID 0x21
#define SRB_STATUS_BAD_FUNCTION 0x22
#define SRB_STATUS_ERROR_RECOVERY 0x23
#define SRB_STATUS_NOT_POWERED 0x24
#define SRB_STATUS_LINK_DOWN 0x25
#define SRB_STATUS_INSUFFICIENT_RESOURCES 0x26
#define SRB_STATUS_THROTTLED_REQUEST 0x27
#define SRB_STATUS_INTERNAL_ERROR 0x30
/* Bits OR-ed into the status. */
#define SRB_STATUS_QUEUE_FROZEN 0x40
#define SRB_STATUS_AUTOSENSE_VALID 0x80
/* The status without the QUEUE_FROZEN and AUTOSENSE_VALID bits. */
#define SRB_STATUS(Status) ((Status) & ~(SRB_STATUS_AUTOSENSE_VALID | SRB_STATUS_QUEUE_FROZEN))

/* ---- SRB flags and queue actions --------------------------------------------------------------------------------- */

#define SRB_FLAGS_QUEUE_ACTION_ENABLE 0x00000002
#define SRB_FLAGS_DISABLE_DISCONNECT 0x00000004
#define SRB_FLAGS_DISABLE_SYNCH_TRANSFER 0x00000008
#define SRB_FLAGS_BYPASS_FROZEN_QUEUE 0x00000010
#define SRB_FLAGS_DISABLE_AUTOSENSE 0x00000020
#define SRB_FLAGS_DATA_IN 0x00000040
#define SRB_FLAGS_DATA_OUT 0x00000080
#define SRB_FLAGS_NO_DATA_TRANSFER 0x00000000
#define SRB_FLAGS_UNSPECIFIED_DIRECTION (SRB_FLAGS_DATA_IN | SRB_FLAGS_DATA_OUT)
#define SRB_FLAGS_NO_QUEUE_FREEZE 0x00000100
#define SRB_FLAGS_ADAPTER_CACHE_ENABLE 0x00000200
#define SRB_FLAGS_FREE_SENSE_BUFFER 0x00000400
#define SRB_FLAGS_IS_ACTIVE 0x00010000
#define SRB_FLAGS_ALLOCATED_FROM_ZONE 0x00020000
#define SRB_FLAGS_SGLIST_FROM_POOL 0x00040000
#define SRB_FLAGS_BYPASS_LOCKED_QUEUE 0x00080000
#define SRB_FLAGS_NO_KEEP_AWAKE 0x00100000
#define SRB_FLAGS_PORT_DRIVER_ALLOCSENSE 0x00200000
#define SRB_FLAGS_PORT_DRIVER_SENSEHASPORT 0x00400000
#define SRB_FLAGS_DONT_START_NEXT_PACKET 0x00800000
#define SRB_FLAGS_PORT_DRIVER_RESERVED 0x0F000000
#define SRB_FLAGS_CLASS_DRIVER_RESERVED 0xF0000000

#define SRB_SIMPLE_TAG_REQUEST 0x20
#define SRB_HEAD_OF_QUEUE_TAG_REQUEST 0x21
#define SRB_ORDERED_QUEUE_TAG_REQUEST 0x22

#define SRB_WMI_FLAGS_ADAPTER_REQUEST 0x0001
#define SRB_POWER_FLAGS_ADAPTER_REQUEST 0x0001
#define SRB_PNP_FLAGS_ADAPTER_REQUEST 0x0001

/* ---- Error-log codes for ScsiPortLogError ------------------------------------------------------------------------ */

#define SP_BUS_PARITY_ERROR 0x0001
#define SP_UNEXPECTED_DISCONNECT 0x0002
#define SP_INVALID_RESELECTION 0x0003
#define SP_BUS_TIME_OUT 0x0004
#define SP_PROTOCOL_ERROR 0x0005
#define SP_INTERNAL_ADAPTER_ERROR 0x0006
#define SP_REQUEST_TIMEOUT 0x0007
#define SP_IRQ_NOT_RESPONDING 0x0008
#define SP_BAD_FW_WARNING 0x0009
#define SP_BAD_FW_ERROR 0x000a
#define SP_LOST_WMI_MINIPORT_REQUEST 0x000b
#define SP_VER_TRACE_SUPPORT 0x0010

/* ---- Extended SRB: the WMI data block (§3.3) --------------------------------------------------------------------- */

#ifdef _WIN64
#define SRB_ALIGN DECLSPEC_ALIGN(8)
#define POINTER_ALIGN DECLSPEC_ALIGN(8)
#else
#define SRB_ALIGN
#define POINTER_ALIGN
#endif

typedef enum _SRBEXDATATYPE {
  SrbExDataTypeUnknown = 0,
  SrbExDataTypeBidirectional,
  SrbExDataTypeScsiCdb16 = 0x40,
  SrbExDataTypeScsiCdb32,
  SrbExDataTypeScsiCdbVar,
  SrbExDataTypeWmi = 0x60,
  SrbExDataTypePower,
  SrbExDataTypePnP,
  SrbExDataTypeIoInfo = 0x80,
  SrbExDataTypeMSReservedStart = 0xf0000000,
  SrbExDataTypeReserved = 0xffffffff
} SRBEXDATATYPE,
    *PSRBEXDATATYPE;
WMIPORT_STATIC_ASSERT(sizeof(SRBEXDATATYPE) == 4, "SRBEXDATATYPE is 32-bit");

typedef struct SRB_ALIGN _SRBEX_DATA {
  SRBEXDATATYPE Type;
  ULONG Length;
  UCHAR Data[ANYSIZE_ARRAY];
} SRBEX_DATA, *PSRBEX_DATA;

#define SRBEX_DATA_WMI_LENGTH ((4 * sizeof(UCHAR)) + sizeof(ULONG) + sizeof(PVOID))

typedef struct SRB_ALIGN _SRBEX_DATA_WMI {
  SRBEXDATATYPE Type; /* SrbExDataTypeWmi */
  ULONG Length;       /* SRBEX_DATA_WMI_LENGTH */
  UCHAR WMISubFunction;
  UCHAR WMIFlags;
  UCHAR Reserved[2];
  ULONG Reserved1;
  PVOID POINTER_ALIGN DataPath;
} SRBEX_DATA_WMI, *PSRBEX_DATA_WMI;
WMIPORT_ASSERT_SIZE(SRBEX_DATA_WMI, 24);
WMIPORT_ASSERT_OFFSET_ALL(SRBEX_DATA_WMI, WMISubFunction, 8);
WMIPORT_ASSERT_OFFSET_ALL(SRBEX_DATA_WMI, Reserved1, 12);
WMIPORT_ASSERT_OFFSET(SRBEX_DATA_WMI, DataPath, 16);
WMIPORT_ASSERT_X64(SRBEX_DATA_WMI_LENGTH == 16);

/* ---- Miniport callbacks and HW_INITIALIZATION_DATA --------------------------------------------------------------- */

typedef enum _SCSI_ADAPTER_CONTROL_TYPE {
  ScsiQuerySupportedControlTypes = 0,
  ScsiStopAdapter,
  ScsiRestartAdapter,
  ScsiSetBootConfig,
  ScsiSetRunningConfig,
  ScsiAdapterControlMax,
  MakeAdapterControlTypeSizeOfUlong = 0xffffffff
} SCSI_ADAPTER_CONTROL_TYPE,
    *PSCSI_ADAPTER_CONTROL_TYPE;

typedef enum _SCSI_ADAPTER_CONTROL_STATUS {
  ScsiAdapterControlSuccess = 0,
  ScsiAdapterControlUnsuccessful
} SCSI_ADAPTER_CONTROL_STATUS,
    *PSCSI_ADAPTER_CONTROL_STATUS;

typedef struct _SCSI_SUPPORTED_CONTROL_TYPE_LIST {
  ULONG MaxControlType;
  BOOLEAN SupportedTypeList[0];
} SCSI_SUPPORTED_CONTROL_TYPE_LIST, *PSCSI_SUPPORTED_CONTROL_TYPE_LIST;

typedef BOOLEAN HW_INITIALIZE(PVOID DeviceExtension);
typedef HW_INITIALIZE* PHW_INITIALIZE;
typedef BOOLEAN HW_STARTIO(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
typedef HW_STARTIO* PHW_STARTIO;
typedef BOOLEAN HW_INTERRUPT(PVOID DeviceExtension);
typedef HW_INTERRUPT* PHW_INTERRUPT;
typedef VOID HW_TIMER(PVOID DeviceExtension);
typedef HW_TIMER* PHW_TIMER;
typedef VOID HW_DMA_STARTED(PVOID DeviceExtension);
typedef HW_DMA_STARTED* PHW_DMA_STARTED;
typedef ULONG HW_FIND_ADAPTER(PVOID DeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again);
typedef HW_FIND_ADAPTER* PHW_FIND_ADAPTER;
typedef BOOLEAN HW_RESET_BUS(PVOID DeviceExtension, ULONG PathId);
typedef HW_RESET_BUS* PHW_RESET_BUS;
typedef BOOLEAN HW_ADAPTER_STATE(PVOID DeviceExtension, PVOID Context, BOOLEAN SaveState);
typedef HW_ADAPTER_STATE* PHW_ADAPTER_STATE;
typedef SCSI_ADAPTER_CONTROL_STATUS HW_ADAPTER_CONTROL(PVOID DeviceExtension, SCSI_ADAPTER_CONTROL_TYPE ControlType,
                                                       PVOID Parameters);
typedef HW_ADAPTER_CONTROL* PHW_ADAPTER_CONTROL;

typedef struct _HW_INITIALIZATION_DATA {
  ULONG HwInitializationDataSize; /* sizeof(HW_INITIALIZATION_DATA) */
  INTERFACE_TYPE AdapterInterfaceType;
  PHW_INITIALIZE HwInitialize;
  PHW_STARTIO HwStartIo;
  PHW_INTERRUPT HwInterrupt;
  PHW_FIND_ADAPTER HwFindAdapter;
  PHW_RESET_BUS HwResetBus;
  PHW_DMA_STARTED HwDmaStarted;
  PHW_ADAPTER_STATE HwAdapterState;
  ULONG DeviceExtensionSize;
  ULONG SpecificLuExtensionSize;
  ULONG SrbExtensionSize;
  ULONG NumberOfAccessRanges;
  PVOID Reserved;
  BOOLEAN MapBuffers;
  BOOLEAN NeedPhysicalAddresses;
  BOOLEAN TaggedQueuing;
  BOOLEAN AutoRequestSense;
  BOOLEAN MultipleRequestPerLu;
  BOOLEAN ReceiveEvent;
  USHORT VendorIdLength;
  PVOID VendorId;
  union {
    USHORT ReservedUshort;
    USHORT PortVersionFlags;
  } DUMMYUNIONNAME;
  USHORT DeviceIdLength;
  PVOID DeviceId;
  PHW_ADAPTER_CONTROL HwAdapterControl;
} HW_INITIALIZATION_DATA, *PHW_INITIALIZATION_DATA;
WMIPORT_ASSERT_SIZE(HW_INITIALIZATION_DATA, 128);
WMIPORT_ASSERT_OFFSET(HW_INITIALIZATION_DATA, HwInitialize, 8);
WMIPORT_ASSERT_OFFSET(HW_INITIALIZATION_DATA, HwAdapterState, 56);
WMIPORT_ASSERT_OFFSET(HW_INITIALIZATION_DATA, DeviceExtensionSize, 64);
WMIPORT_ASSERT_OFFSET(HW_INITIALIZATION_DATA, Reserved, 80);
WMIPORT_ASSERT_OFFSET(HW_INITIALIZATION_DATA, VendorId, 96);
WMIPORT_ASSERT_OFFSET(HW_INITIALIZATION_DATA, HwAdapterControl, 120);

/* ---- ScsiPortNotification ---------------------------------------------------------------------------------------- */

typedef enum _SCSI_NOTIFICATION_TYPE {
  RequestComplete = 0,       /* (ext, PSCSI_REQUEST_BLOCK) */
  NextRequest = 1,           /* (ext) */
  NextLuRequest = 2,         /* (ext, PathId, TargetId, Lun) */
  ResetDetected = 3,         /* (ext) */
  CallDisableInterrupts = 4, /* (ext, PHW_INTERRUPT) */
  CallEnableInterrupts = 5,  /* (ext, PHW_INTERRUPT) */
  RequestTimerCall = 6,      /* (ext, PHW_TIMER, ULONG microseconds) */
  BusChangeDetected = 7,     /* (ext, PathId) */
  WMIEvent = 8,              /* (ext, PWNODE_EVENT_ITEM, PathId[, TargetId, Lun]) */
  WMIReregister = 9,         /* (ext, PathId[, TargetId, Lun]) */
  LinkUp = 10,
  LinkDown = 11,
  QueryTickCount = 12,
  BufferOverrunDetected = 13,
  TraceNotification = 14
} SCSI_NOTIFICATION_TYPE,
    *PSCSI_NOTIFICATION_TYPE;

/* ---- ScsiPort* routines ------------------------------------------------------------------------------------------ */

/* Exported by the port driver (wmiport's host) to the miniport shared object. */
#define SCSIPORT_API extern __attribute__((visibility("default")))

SCSIPORT_API ULONG ScsiPortInitialize(PVOID Argument1, PVOID Argument2,
                                      struct _HW_INITIALIZATION_DATA* HwInitializationData, PVOID HwContext);
SCSIPORT_API VOID ScsiPortNotification(SCSI_NOTIFICATION_TYPE NotificationType, PVOID HwDeviceExtension, ...);
SCSIPORT_API VOID ScsiPortCompleteRequest(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun,
                                          UCHAR SrbStatus);
SCSIPORT_API PVOID ScsiPortGetLogicalUnit(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun);
SCSIPORT_API PSCSI_REQUEST_BLOCK ScsiPortGetSrb(PVOID DeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun,
                                                LONG QueueTag);
SCSIPORT_API VOID ScsiPortLogError(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb, UCHAR PathId, UCHAR TargetId,
                                   UCHAR Lun, ULONG ErrorCode, ULONG UniqueId);
SCSIPORT_API VOID ScsiPortMoveMemory(PVOID WriteBuffer, PVOID ReadBuffer, ULONG Length);
SCSIPORT_API PVOID ScsiPortGetDeviceBase(PVOID HwDeviceExtension, INTERFACE_TYPE BusType, ULONG SystemIoBusNumber,
                                         SCSI_PHYSICAL_ADDRESS IoAddress, ULONG NumberOfBytes, BOOLEAN InIoSpace);
SCSIPORT_API VOID ScsiPortFreeDeviceBase(PVOID HwDeviceExtension, PVOID MappedAddress);
SCSIPORT_API ULONG ScsiPortGetBusData(PVOID DeviceExtension, ULONG BusDataType, ULONG SystemIoBusNumber,
                                      ULONG SlotNumber, PVOID Buffer, ULONG Length);
SCSIPORT_API ULONG ScsiPortSetBusDataByOffset(PVOID DeviceExtension, ULONG BusDataType, ULONG SystemIoBusNumber,
                                              ULONG SlotNumber, PVOID Buffer, ULONG Offset, ULONG Length);
SCSIPORT_API SCSI_PHYSICAL_ADDRESS ScsiPortGetPhysicalAddress(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb,
                                                              PVOID VirtualAddress, ULONG* Length);
SCSIPORT_API PVOID ScsiPortGetVirtualAddress(PVOID HwDeviceExtension, SCSI_PHYSICAL_ADDRESS PhysicalAddress);
SCSIPORT_API PVOID ScsiPortGetUncachedExtension(PVOID HwDeviceExtension, PPORT_CONFIGURATION_INFORMATION ConfigInfo,
                                                ULONG NumberOfBytes);
SCSIPORT_API VOID ScsiPortFlushDma(PVOID DeviceExtension);
SCSIPORT_API VOID ScsiPortIoMapTransfer(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb, PVOID LogicalAddress,
                                        ULONG Length);
SCSIPORT_API BOOLEAN ScsiPortValidateRange(PVOID HwDeviceExtension, INTERFACE_TYPE BusType, ULONG SystemIoBusNumber,
                                           SCSI_PHYSICAL_ADDRESS IoAddress, ULONG NumberOfBytes, BOOLEAN InIoSpace);
SCSIPORT_API SCSI_PHYSICAL_ADDRESS ScsiPortConvertUlongToPhysicalAddress(ULONG_PTR UlongAddress);
#define ScsiPortConvertPhysicalAddressToUlong(Address) ((Address).LowPart)
#define ScsiPortConvertPhysicalAddressToULongPtr(Address) ((ULONG_PTR)((Address).QuadPart))
SCSIPORT_API VOID ScsiPortStallExecution(ULONG Delay);
SCSIPORT_API VOID ScsiPortQuerySystemTime(PLARGE_INTEGER CurrentTime);
SCSIPORT_API VOID ScsiDebugPrint(ULONG DebugPrintLevel, PCCHAR DebugMessage, ...);

SCSIPORT_API UCHAR ScsiPortReadPortUchar(PUCHAR Port);
SCSIPORT_API USHORT ScsiPortReadPortUshort(PUSHORT Port);
SCSIPORT_API ULONG ScsiPortReadPortUlong(PULONG Port);
SCSIPORT_API VOID ScsiPortReadPortBufferUchar(PUCHAR Port, PUCHAR Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortReadPortBufferUshort(PUSHORT Port, PUSHORT Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortReadPortBufferUlong(PULONG Port, PULONG Buffer, ULONG Count);
SCSIPORT_API UCHAR ScsiPortReadRegisterUchar(PUCHAR Register);
SCSIPORT_API USHORT ScsiPortReadRegisterUshort(PUSHORT Register);
SCSIPORT_API ULONG ScsiPortReadRegisterUlong(PULONG Register);
SCSIPORT_API VOID ScsiPortReadRegisterBufferUchar(PUCHAR Register, PUCHAR Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortReadRegisterBufferUshort(PUSHORT Register, PUSHORT Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortReadRegisterBufferUlong(PULONG Register, PULONG Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortWritePortUchar(PUCHAR Port, UCHAR Value);
SCSIPORT_API VOID ScsiPortWritePortUshort(PUSHORT Port, USHORT Value);
SCSIPORT_API VOID ScsiPortWritePortUlong(PULONG Port, ULONG Value);
SCSIPORT_API VOID ScsiPortWritePortBufferUchar(PUCHAR Port, PUCHAR Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortWritePortBufferUshort(PUSHORT Port, PUSHORT Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortWritePortBufferUlong(PULONG Port, PULONG Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortWriteRegisterUchar(PUCHAR Register, UCHAR Value);
SCSIPORT_API VOID ScsiPortWriteRegisterUshort(PUSHORT Register, USHORT Value);
SCSIPORT_API VOID ScsiPortWriteRegisterUlong(PULONG Register, ULONG Value);
SCSIPORT_API VOID ScsiPortWriteRegisterBufferUchar(PUCHAR Register, PUCHAR Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortWriteRegisterBufferUshort(PUSHORT Register, PUSHORT Buffer, ULONG Count);
SCSIPORT_API VOID ScsiPortWriteRegisterBufferUlong(PULONG Register, PULONG Buffer, ULONG Count);

EXTERN_C_END

#endif /* WMIPORT_WDK_SRB_H_ */
