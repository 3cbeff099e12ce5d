/* wmiport WDK-compatible headers: wmilib.h
 *
 * The WMI library for WDM drivers (spec wmi-interfaces.md §4): the driver describes its data blocks in a
 * WMILIB_CONTEXT and calls WmiSystemControl from its IRP_MJ_SYSTEM_CONTROL dispatch routine; the library calls the
 * DpWmiXxx callbacks, which finish with WmiCompleteRequest. WmiFireEvent sends an event. WMILIB_CONTEXT and
 * WMIGUIDREGINFO have natural alignment (x64: 64 and 16 bytes).
 */
#ifndef WMIPORT_WDK_WMILIB_H_
#define WMIPORT_WDK_WMILIB_H_

#ifndef _WMILIB_
#define _WMILIB_
#endif

#include "wdm.h"
#include "wmistr.h"

EXTERN_C_START

typedef struct _WMIGUIDREGINFO {
  LPCGUID Guid;
  ULONG InstanceCount;
  ULONG Flags; /* WMIREG_FLAG_*, OR-ed with the RegFlags of the QueryWmiRegInfo callback */
} WMIGUIDREGINFO, *PWMIGUIDREGINFO;
WMIPORT_ASSERT_SIZE(WMIGUIDREGINFO, 16);
WMIPORT_ASSERT_OFFSET(WMIGUIDREGINFO, InstanceCount, 8);
WMIPORT_ASSERT_OFFSET(WMIGUIDREGINFO, Flags, 12);

typedef enum _WMIENABLEDISABLECONTROL {
  WmiEventControl = 0,    /* enable or disable an event block */
  WmiDataBlockControl = 1 /* enable or disable collection of an expensive block */
} WMIENABLEDISABLECONTROL,
    *PWMIENABLEDISABLECONTROL;

typedef enum _SYSCTL_IRP_DISPOSITION {
  IrpProcessed = 0,    /* a callback ran; it (or WmiCompleteRequest) completes the IRP */
  IrpNotCompleted = 1, /* processed but not completed: the driver calls IoCompleteRequest */
  IrpNotWmi = 2,       /* not a WMI minor code: handle or forward */
  IrpForward = 3       /* for another provider (ProviderId mismatch): forward */
} SYSCTL_IRP_DISPOSITION,
    *PSYSCTL_IRP_DISPOSITION;

typedef NTSTATUS WMI_QUERY_REGINFO_CALLBACK(PDEVICE_OBJECT DeviceObject, PULONG RegFlags, PUNICODE_STRING InstanceName,
                                            PUNICODE_STRING* RegistryPath, PUNICODE_STRING MofResourceName,
                                            PDEVICE_OBJECT* Pdo);
typedef WMI_QUERY_REGINFO_CALLBACK* PWMI_QUERY_REGINFO;

typedef NTSTATUS WMI_QUERY_DATABLOCK_CALLBACK(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                              ULONG InstanceIndex, ULONG InstanceCount, PULONG InstanceLengthArray,
                                              ULONG BufferAvail, PUCHAR Buffer);
typedef WMI_QUERY_DATABLOCK_CALLBACK* PWMI_QUERY_DATABLOCK;

typedef NTSTATUS WMI_SET_DATABLOCK_CALLBACK(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                                            ULONG BufferSize, PUCHAR Buffer);
typedef WMI_SET_DATABLOCK_CALLBACK* PWMI_SET_DATABLOCK;

typedef NTSTATUS WMI_SET_DATAITEM_CALLBACK(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                                           ULONG DataItemId, ULONG BufferSize, PUCHAR Buffer);
typedef WMI_SET_DATAITEM_CALLBACK* PWMI_SET_DATAITEM;

typedef NTSTATUS WMI_EXECUTE_METHOD_CALLBACK(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                             ULONG InstanceIndex, ULONG MethodId, ULONG InBufferSize,
                                             ULONG OutBufferSize, PUCHAR Buffer);
typedef WMI_EXECUTE_METHOD_CALLBACK* PWMI_EXECUTE_METHOD;

typedef NTSTATUS WMI_FUNCTION_CONTROL_CALLBACK(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                               WMIENABLEDISABLECONTROL Function, BOOLEAN Enable);
typedef WMI_FUNCTION_CONTROL_CALLBACK* PWMI_FUNCTION_CONTROL;

typedef struct _WMILIB_CONTEXT {
  ULONG GuidCount;
  PWMIGUIDREGINFO GuidList;
  PWMI_QUERY_REGINFO QueryWmiRegInfo;       /* required */
  PWMI_QUERY_DATABLOCK QueryWmiDataBlock;   /* required */
  PWMI_SET_DATABLOCK SetWmiDataBlock;       /* optional: NULL -> STATUS_WMI_READ_ONLY */
  PWMI_SET_DATAITEM SetWmiDataItem;         /* optional: NULL -> STATUS_WMI_READ_ONLY */
  PWMI_EXECUTE_METHOD ExecuteWmiMethod;     /* optional: NULL -> STATUS_INVALID_DEVICE_REQUEST */
  PWMI_FUNCTION_CONTROL WmiFunctionControl; /* optional: NULL -> STATUS_SUCCESS */
} WMILIB_CONTEXT, *PWMILIB_CONTEXT;
WMIPORT_ASSERT_SIZE(WMILIB_CONTEXT, 64);
WMIPORT_ASSERT_OFFSET(WMILIB_CONTEXT, GuidList, 8);
WMIPORT_ASSERT_OFFSET(WMILIB_CONTEXT, QueryWmiRegInfo, 16);
WMIPORT_ASSERT_OFFSET(WMILIB_CONTEXT, QueryWmiDataBlock, 24);
WMIPORT_ASSERT_OFFSET(WMILIB_CONTEXT, SetWmiDataBlock, 32);
WMIPORT_ASSERT_OFFSET(WMILIB_CONTEXT, SetWmiDataItem, 40);
WMIPORT_ASSERT_OFFSET(WMILIB_CONTEXT, ExecuteWmiMethod, 48);
WMIPORT_ASSERT_OFFSET(WMILIB_CONTEXT, WmiFunctionControl, 56);

/* The WMI library is linked into the driver's host (WMILIB.SYS on Windows). */
#define WMILIBAPI extern __attribute__((visibility("default")))

WMILIBAPI NTSTATUS WmiSystemControl(PWMILIB_CONTEXT WmiLibInfo, PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                    PSYSCTL_IRP_DISPOSITION IrpDisposition);

/* BufferUsed: bytes written on success, bytes needed with STATUS_BUFFER_TOO_SMALL (then a WNODE_TOO_SMALL is
 * returned with STATUS_SUCCESS). Returns the status the driver's dispatch routine must return. */
WMILIBAPI NTSTATUS WmiCompleteRequest(PDEVICE_OBJECT DeviceObject, PIRP Irp, NTSTATUS Status, ULONG BufferUsed,
                                      CCHAR PriorityBoost);

/* EventData: nonpaged pool, owned and freed by WMI (NULL with EventDataSize 0 for an event without data). */
WMILIBAPI NTSTATUS WmiFireEvent(PDEVICE_OBJECT DeviceObject, LPCGUID Guid, ULONG InstanceIndex, ULONG EventDataSize,
                                PVOID EventData);

EXTERN_C_END

#endif /* WMIPORT_WDK_WMILIB_H_ */
