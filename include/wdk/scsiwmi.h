/* wmiport WDK-compatible headers: scsiwmi.h
 *
 * The SCSI Port WMI library (spec wmi-interfaces.md §1): a miniport describes its WMI blocks in a
 * SCSI_WMILIB_CONTEXT, hands each SRB_FUNCTION_WMI request to ScsiPortWmiDispatchFunction, answers in its HwScsiWmi*
 * callbacks through ScsiPortWmiPostProcess, and completes the SRB with ScsiPortWmiGetReturnStatus/Size.
 *
 * Natural alignment, as in the WDK (no pack(4), unlike ReactOS/mingw-w64: spec §10 item 4). The routines form a
 * static library linked into the miniport (scsiwmi.lib on Windows), so they are plain C declarations.
 */
#ifndef WMIPORT_WDK_SCSIWMI_H_
#define WMIPORT_WDK_SCSIWMI_H_

#ifndef _SCSIWMI_
#define _SCSIWMI_
#endif

#include "srb.h"
#include "wmistr.h"

EXTERN_C_START

/* scsiwmi.h only: the block uses dynamic instance names. */
#define WMIREG_FLAG_CALL_BY_NAME 0x40000000

/* Per-request context. The miniport owns UserContext; the other fields belong to the library. Must stay valid
 * from ScsiPortWmiDispatchFunction until the final ScsiPortWmiPostProcess (in the SRB extension if it may pend). */
typedef struct {
  PVOID UserContext;
  ULONG BufferSize;
  PUCHAR Buffer;
  UCHAR MinorFunction;
  UCHAR ReturnStatus; /* valid after ScsiPortWmiPostProcess */
  ULONG ReturnSize;   /* valid after ScsiPortWmiPostProcess */
} SCSIWMI_REQUEST_CONTEXT, *PSCSIWMI_REQUEST_CONTEXT;
WMIPORT_ASSERT_SIZE(SCSIWMI_REQUEST_CONTEXT, 32);
WMIPORT_ASSERT_OFFSET(SCSIWMI_REQUEST_CONTEXT, BufferSize, 8);
WMIPORT_ASSERT_OFFSET(SCSIWMI_REQUEST_CONTEXT, Buffer, 16);
WMIPORT_ASSERT_OFFSET(SCSIWMI_REQUEST_CONTEXT, MinorFunction, 24);
WMIPORT_ASSERT_OFFSET(SCSIWMI_REQUEST_CONTEXT, ReturnStatus, 25);
WMIPORT_ASSERT_OFFSET(SCSIWMI_REQUEST_CONTEXT, ReturnSize, 28);

#define ScsiPortWmiGetReturnStatus(RequestContext) ((RequestContext)->ReturnStatus)
#define ScsiPortWmiGetReturnSize(RequestContext) ((RequestContext)->ReturnSize)
/* TRUE when the current request is a QUERY_ALL_DATA (the dynamic-name helpers apply). */
#define ScsiPortWmiIsQueryAllData(RequestContext) ((RequestContext)->MinorFunction == WMI_GET_ALL_DATA)

/* One entry per data or event block. InstanceCount 0xffffffff: dynamic instance names. */
typedef struct {
  LPCGUID Guid;
  ULONG InstanceCount;
  ULONG Flags; /* the miniport may set WMIREG_FLAG_EVENT_ONLY_GUID, _EXPENSIVE, _REMOVE_GUID */
} SCSIWMIGUIDREGINFO, *PSCSIWMIGUIDREGINFO;
WMIPORT_ASSERT_SIZE(SCSIWMIGUIDREGINFO, 16);
WMIPORT_ASSERT_OFFSET(SCSIWMIGUIDREGINFO, InstanceCount, 8);
WMIPORT_ASSERT_OFFSET(SCSIWMIGUIDREGINFO, Flags, 12);

typedef enum {
  ScsiWmiEventControl = 0,    /* enable/disable an event block */
  ScsiWmiDataBlockControl = 1 /* enable/disable collection for an expensive block */
} SCSIWMI_ENABLE_DISABLE_CONTROL;

/* The HwScsiWmi* callbacks. Each returns SRB_STATUS_PENDING (0) when it pends and otherwise the SRB status it passed
 * to ScsiPortWmiPostProcess (spec §1.4); QueryWmiRegInfo always returns SRB_STATUS_SUCCESS. */
typedef _Must_inspect_result_ UCHAR (*PSCSIWMI_QUERY_REGINFO)(PVOID DeviceContext,
                                                              PSCSIWMI_REQUEST_CONTEXT RequestContext,
                                                              PWCHAR* MofResourceName);

typedef _Must_inspect_result_ BOOLEAN (*PSCSIWMI_QUERY_DATABLOCK)(PVOID Context,
                                                                  PSCSIWMI_REQUEST_CONTEXT DispatchContext,
                                                                  ULONG GuidIndex, ULONG InstanceIndex,
                                                                  ULONG InstanceCount, PULONG InstanceLengthArray,
                                                                  ULONG BufferAvail, PUCHAR Buffer);

typedef _Must_inspect_result_ BOOLEAN (*PSCSIWMI_SET_DATABLOCK)(PVOID DeviceContext,
                                                                PSCSIWMI_REQUEST_CONTEXT RequestContext,
                                                                ULONG GuidIndex, ULONG InstanceIndex, ULONG BufferSize,
                                                                PUCHAR Buffer);

typedef _Must_inspect_result_ BOOLEAN (*PSCSIWMI_SET_DATAITEM)(PVOID DeviceContext,
                                                               PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG GuidIndex,
                                                               ULONG InstanceIndex, ULONG DataItemId, ULONG BufferSize,
                                                               PUCHAR Buffer);

typedef _Must_inspect_result_ BOOLEAN (*PSCSIWMI_EXECUTE_METHOD)(PVOID DeviceContext,
                                                                 PSCSIWMI_REQUEST_CONTEXT RequestContext,
                                                                 ULONG GuidIndex, ULONG InstanceIndex, ULONG MethodId,
                                                                 ULONG InBufferSize, ULONG OutBufferSize,
                                                                 PUCHAR Buffer);

typedef _Must_inspect_result_ BOOLEAN (*PSCSIWMI_FUNCTION_CONTROL)(PVOID DeviceContext,
                                                                   PSCSIWMI_REQUEST_CONTEXT RequestContext,
                                                                   ULONG GuidIndex,
                                                                   SCSIWMI_ENABLE_DISABLE_CONTROL Function,
                                                                   BOOLEAN Enable);

typedef struct _SCSIWMILIB_CONTEXT {
  ULONG GuidCount;
  PSCSIWMIGUIDREGINFO GuidList;
  PSCSIWMI_QUERY_REGINFO QueryWmiRegInfo;       /* required */
  PSCSIWMI_QUERY_DATABLOCK QueryWmiDataBlock;   /* required */
  PSCSIWMI_SET_DATABLOCK SetWmiDataBlock;       /* optional: NULL -> SRB_STATUS_ERROR */
  PSCSIWMI_SET_DATAITEM SetWmiDataItem;         /* optional: NULL -> SRB_STATUS_ERROR */
  PSCSIWMI_EXECUTE_METHOD ExecuteWmiMethod;     /* optional: NULL -> SRB_STATUS_ERROR */
  PSCSIWMI_FUNCTION_CONTROL WmiFunctionControl; /* optional: NULL -> SRB_STATUS_SUCCESS */
} SCSI_WMILIB_CONTEXT, *PSCSI_WMILIB_CONTEXT;
WMIPORT_ASSERT_SIZE(SCSI_WMILIB_CONTEXT, 64);
WMIPORT_ASSERT_OFFSET(SCSI_WMILIB_CONTEXT, GuidList, 8);
WMIPORT_ASSERT_OFFSET(SCSI_WMILIB_CONTEXT, QueryWmiRegInfo, 16);
WMIPORT_ASSERT_OFFSET(SCSI_WMILIB_CONTEXT, QueryWmiDataBlock, 24);
WMIPORT_ASSERT_OFFSET(SCSI_WMILIB_CONTEXT, SetWmiDataBlock, 32);
WMIPORT_ASSERT_OFFSET(SCSI_WMILIB_CONTEXT, SetWmiDataItem, 40);
WMIPORT_ASSERT_OFFSET(SCSI_WMILIB_CONTEXT, ExecuteWmiMethod, 48);
WMIPORT_ASSERT_OFFSET(SCSI_WMILIB_CONTEXT, WmiFunctionControl, 56);

/* Returns TRUE if the request pends (the callback returned SRB_STATUS_PENDING), FALSE if it has completed: then
 * set Srb->DataTransferLength = ScsiPortWmiGetReturnSize(ctx), Srb->SrbStatus = ScsiPortWmiGetReturnStatus(ctx)
 * and complete the SRB. */
_Must_inspect_result_ BOOLEAN ScsiPortWmiDispatchFunction(PSCSI_WMILIB_CONTEXT WmiLibInfo, UCHAR MinorFunction,
                                                          PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext,
                                                          PVOID DataPath, ULONG BufferSize, PVOID Buffer);

/* SrbStatus SUCCESS: BufferUsed = bytes written. SRB_STATUS_DATA_OVERRUN: BufferUsed = bytes needed (exact). */
VOID ScsiPortWmiPostProcess(PSCSIWMI_REQUEST_CONTEXT RequestContext, UCHAR SrbStatus, ULONG BufferUsed);

/* EventData: 0x40 bytes reserved for the library, then EventDataSize bytes of payload. PathId 0xff: the adapter. */
VOID ScsiPortWmiFireLogicalUnitEvent(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun, LPGUID Guid,
                                     ULONG InstanceIndex, ULONG EventDataSize, PVOID EventData);
#define ScsiPortWmiFireAdapterEvent(HwDeviceExtension, Guid, InstanceIndex, EventDataSize, EventData) \
  ScsiPortWmiFireLogicalUnitEvent(HwDeviceExtension, 0xff, 0, 0, Guid, InstanceIndex, EventDataSize, EventData)

/* Dynamic instance names (QUERY_ALL_DATA only): SetInstanceCount once, then SetInstanceName / SetData per
 * instance, each taking and updating the BufferAvail of the previous call; SizeNeeded accumulates. */
PWCHAR ScsiPortWmiGetInstanceName(PSCSIWMI_REQUEST_CONTEXT RequestContext);
BOOLEAN ScsiPortWmiSetInstanceCount(PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG InstanceCount, PULONG BufferAvail,
                                    PULONG SizeNeeded);
PWCHAR ScsiPortWmiSetInstanceName(PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG InstanceIndex,
                                  ULONG InstanceNameLength, PULONG BufferAvail, PULONG SizeNeeded);
PVOID ScsiPortWmiSetData(PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG InstanceIndex, ULONG DataLength,
                         PULONG BufferAvail, PULONG SizeNeeded);

EXTERN_C_END

#endif /* WMIPORT_WDK_SCSIWMI_H_ */
