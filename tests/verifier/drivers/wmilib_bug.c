/* See wmilib_bug.h. A small WmiLib function driver; each BUG value changes one thing from the correct code. */
#include <wdm.h>
#include <wmilib.h>
#include <wmistr.h>

#include "wmilib_bug.h"

#ifndef BUG
#define BUG BUG_NONE
#endif

#define BUG_TAG 'guBW'

static const GUID g_guid = WMILIB_BUG_GUID;
static UNICODE_STRING g_registry_path;
static PVOID g_leak;
static PIRP g_pending_irp;
static PDEVICE_OBJECT g_pending_device;

typedef struct _DEVICE_EXTENSION {
  PDEVICE_OBJECT LowerDevice;
  WMILIB_CONTEXT WmiLib;
  WMIGUIDREGINFO GuidList[1];
  ULONG Counter;
  ULONG Value;
  BOOLEAN EventsOn;
  BOOLEAN Registered;
  PIRP SystemControlIrp; /* the IRP DispatchSystemControl is handling (BUG_REGINFO_*COMPLETE use it) */
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

static NTSTATUS QueryRegInfo(PDEVICE_OBJECT DeviceObject, PULONG RegFlags, PUNICODE_STRING InstanceName,
                             PUNICODE_STRING* RegistryPath, PUNICODE_STRING MofResourceName, PDEVICE_OBJECT* Pdo) {
  static const WCHAR base[] = L"Bug";
  UNREFERENCED_PARAMETER(DeviceObject);
  UNREFERENCED_PARAMETER(MofResourceName);
  UNREFERENCED_PARAMETER(Pdo);
  *RegFlags = 0;
#if BUG == BUG_REGINFO_WMICOMPLETE
  /* The bug: completes the IRP WmiLib is answering (WmiLib refuses; the driver completes it below as usual). */
  WmiCompleteRequest(DeviceObject, ((PDEVICE_EXTENSION)DeviceObject->DeviceExtension)->SystemControlIrp,
                     STATUS_SUCCESS, 0, IO_NO_INCREMENT);
#elif BUG == BUG_REGINFO_IOCOMPLETE
  {
    /* The bug: completes the IRP WmiLib is answering, behind its back. */
    PIRP irp = ((PDEVICE_EXTENSION)DeviceObject->DeviceExtension)->SystemControlIrp;
    irp->IoStatus.Status = STATUS_UNSUCCESSFUL;
    irp->IoStatus.Information = 0;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
  }
#endif
#if BUG == BUG_REGINFO_PENDING
  return STATUS_PENDING;
#endif
  InstanceName->Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, sizeof(base), BUG_TAG);
  if (InstanceName->Buffer == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  RtlCopyMemory(InstanceName->Buffer, base, sizeof(base));
  InstanceName->Length = sizeof(base) - sizeof(WCHAR);
  InstanceName->MaximumLength = sizeof(base);
  *RegistryPath = &g_registry_path;
  return STATUS_SUCCESS;
}

static VOID FillInstance(PDEVICE_EXTENSION ext, PUCHAR Buffer) {
  ((PULONG)Buffer)[0] = ext->Counter;
  ((PULONG)Buffer)[1] = ext->Value;
}

/* Completes the IRP BUG_NEVER_COMPLETED left pending (the test calls it once the verifier has spoken). */
__attribute__((visibility("default"))) VOID WmilibBugCompletePending(void) {
  if (g_pending_irp != NULL) {
    PIRP irp = g_pending_irp;
    g_pending_irp = NULL;
    WmiCompleteRequest(g_pending_device, irp, STATUS_WMI_GUID_NOT_FOUND, 0, IO_NO_INCREMENT);
  }
}

static NTSTATUS QueryDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                               ULONG InstanceCount, PULONG InstanceLengthArray, ULONG BufferAvail, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  NTSTATUS status;
  UNREFERENCED_PARAMETER(GuidIndex);
  UNREFERENCED_PARAMETER(InstanceIndex);
  UNREFERENCED_PARAMETER(InstanceCount);
#if BUG == BUG_NEVER_COMPLETED
  g_pending_device = DeviceObject;
  g_pending_irp = Irp;
  IoMarkIrpPending(Irp);
  return STATUS_PENDING;
#endif
#if BUG == BUG_TOO_SMALL_INEXACT
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, BufferAvail + 8, IO_NO_INCREMENT);
#endif
#if BUG == BUG_INSTANCES_PACKED
  if (InstanceCount == 2) {
    ULONG k;
    if (InstanceLengthArray == NULL || BufferAvail < 16) {
      return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, 16, IO_NO_INCREMENT);
    }
    /* The bug: 6-byte instances {ULONG Counter; USHORT Value} at offsets 0 and 6; the second belongs at 8. */
    for (k = 0; k < 2; ++k) {
      USHORT value = (USHORT)ext->Value;
      RtlCopyMemory(Buffer + 6 * k, &ext->Counter, 4);
      RtlCopyMemory(Buffer + 6 * k + 4, &value, 2);
      InstanceLengthArray[k] = 6;
    }
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, 12, IO_NO_INCREMENT);
  }
#endif
  if (InstanceLengthArray == NULL || BufferAvail < 8) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, 8, IO_NO_INCREMENT);
  }
  FillInstance(ext, Buffer);
#if BUG == BUG_USED_TOO_LARGE
  InstanceLengthArray[0] = 8;
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, BufferAvail + 1, IO_NO_INCREMENT);
#endif
#if BUG != BUG_LENGTHS_UNFILLED
  InstanceLengthArray[0] = 8;
#endif
#if BUG == BUG_WRITE_PAST
  Buffer[BufferAvail] = 0xEE;
#endif
  status = WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, 8, IO_NO_INCREMENT);
#if BUG == BUG_DOUBLE_COMPLETE
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
#endif
  return status;
}

static NTSTATUS SetDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                             ULONG BufferSize, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  NTSTATUS status = STATUS_WMI_SET_FAILURE;
  UNREFERENCED_PARAMETER(GuidIndex);
  UNREFERENCED_PARAMETER(InstanceIndex);
  if (BufferSize == 8) {
    ext->Value = ((PULONG)Buffer)[1];
    status = STATUS_SUCCESS;
  }
  return WmiCompleteRequest(DeviceObject, Irp, status, 0, IO_NO_INCREMENT);
}

static NTSTATUS ExecuteMethod(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                              ULONG MethodId, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(GuidIndex);
  UNREFERENCED_PARAMETER(InstanceIndex);
  UNREFERENCED_PARAMETER(InBufferSize);
  switch (MethodId) {
    case WMILIB_BUG_METHOD_BUMP:
#if BUG == BUG_METHOD_SIDE_EFFECT
      ext->Counter += 1; /* the bug: the change happens before the size check */
#endif
      if (OutBufferSize < 8) {
        return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, 8, IO_NO_INCREMENT);
      }
#if BUG != BUG_METHOD_SIDE_EFFECT
      ext->Counter += 1;
#endif
      FillInstance(ext, Buffer);
      return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, 8, IO_NO_INCREMENT);

    case WMILIB_BUG_METHOD_FIRE: {
#if BUG != BUG_EVENT_NOT_ENABLED
      if (!ext->EventsOn) {
        return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
      }
#endif
      PUCHAR data = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, 8, BUG_TAG);
      if (data != NULL) {
        FillInstance(ext, data);
        WmiFireEvent(DeviceObject, (LPGUID)&g_guid, 0, 8, data);
      }
      return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
    }

#if BUG == BUG_DEREGISTER_IN_DISPATCH
    case WMILIB_BUG_METHOD_DEREGISTER:
      IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_DEREGISTER);
      ext->Registered = FALSE;
      return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
#endif

    default:
      return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_ITEMID_NOT_FOUND, 0, IO_NO_INCREMENT);
  }
}

static NTSTATUS FunctionControl(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                WMIENABLEDISABLECONTROL Function, BOOLEAN Enable) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(GuidIndex);
  if (Function == WmiEventControl) {
    ext->EventsOn = Enable;
  }
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
}

static NTSTATUS DispatchSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  SYSCTL_IRP_DISPOSITION disposition;
  NTSTATUS status;
#if BUG == BUG_FORWARD_LOWEST
  /* The bug: "not mine" for single-instance queries, passed to a lower device this stack does not have. */
  if (IoGetCurrentIrpStackLocation(Irp)->MinorFunction == IRP_MN_QUERY_SINGLE_INSTANCE) {
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->LowerDevice, Irp);
  }
#endif
  ext->SystemControlIrp = Irp;
  status = WmiSystemControl(&ext->WmiLib, DeviceObject, Irp, &disposition);
  ext->SystemControlIrp = NULL;
  switch (disposition) {
    case IrpProcessed:
      break;
    case IrpNotCompleted:
      IoCompleteRequest(Irp, IO_NO_INCREMENT);
      break;
    default:
      if (ext->LowerDevice == NULL) {
        /* Lowest in the stack: complete what nobody handled. */
        status = Irp->IoStatus.Status;
        IoCompleteRequest(Irp, IO_NO_INCREMENT);
        break;
      }
      IoSkipCurrentIrpStackLocation(Irp);
      status = IoCallDriver(ext->LowerDevice, Irp);
      break;
  }
  return status;
}

static NTSTATUS DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  NTSTATUS status;
  PDEVICE_OBJECT lower = ext->LowerDevice;
  if (stack->MinorFunction == IRP_MN_REMOVE_DEVICE) {
    if (ext->Registered) {
      IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_DEREGISTER);
      ext->Registered = FALSE;
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(lower, Irp);
    IoDetachDevice(lower);
    IoDeleteDevice(DeviceObject);
    return status;
  }
  if (stack->MinorFunction == IRP_MN_START_DEVICE) {
    Irp->IoStatus.Status = STATUS_SUCCESS;
  }
  IoSkipCurrentIrpStackLocation(Irp);
  return IoCallDriver(lower, Irp);
}

static NTSTATUS DispatchPassDown(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  IoSkipCurrentIrpStackLocation(Irp);
  return IoCallDriver(ext->LowerDevice, Irp);
}

static NTSTATUS AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject) {
  PDEVICE_OBJECT fdo;
  PDEVICE_EXTENSION ext;
  NTSTATUS status = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &fdo);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  ext = (PDEVICE_EXTENSION)fdo->DeviceExtension;
  RtlZeroMemory(ext, sizeof(*ext));
  ext->LowerDevice = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
  if (ext->LowerDevice == NULL) {
    IoDeleteDevice(fdo);
    return STATUS_NO_SUCH_DEVICE;
  }
  ext->GuidList[0].Guid = &g_guid;
  ext->GuidList[0].InstanceCount = BUG == BUG_INSTANCES_PACKED ? 2 : 1;
#if BUG == BUG_PDO_MISSING
  ext->GuidList[0].Flags = WMIREG_FLAG_INSTANCE_PDO; /* and QueryRegInfo never sets *Pdo */
#elif BUG == BUG_NO_NAMING_FLAG
  ext->GuidList[0].Flags = 0;
#else
  ext->GuidList[0].Flags = WMIREG_FLAG_INSTANCE_BASENAME;
#endif
  ext->WmiLib.GuidList = ext->GuidList;
  ext->WmiLib.GuidCount = 1;
  ext->WmiLib.QueryWmiRegInfo = QueryRegInfo;
  ext->WmiLib.QueryWmiDataBlock = QueryDataBlock;
  ext->WmiLib.SetWmiDataBlock = SetDataBlock;
  ext->WmiLib.ExecuteWmiMethod = ExecuteMethod;
  ext->WmiLib.WmiFunctionControl = FunctionControl;
  ext->Value = 7;
  status = IoWMIRegistrationControl(fdo, WMIREG_ACTION_REGISTER);
  if (!NT_SUCCESS(status)) {
    IoDetachDevice(ext->LowerDevice);
    IoDeleteDevice(fdo);
    return status;
  }
  ext->Registered = TRUE;
  fdo->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

#if BUG == BUG_FORWARD_LOWEST
/* System-control IRPs reach this device from the top of its stack; the stack has the device alone (it is created
 * here, not attached to a PDO), so its LowerDevice is NULL. */
static PDEVICE_OBJECT g_alone;
#endif

static VOID DriverUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
#if BUG == BUG_FORWARD_LOWEST
  if (g_alone != NULL) {
    IoWMIRegistrationControl(g_alone, WMIREG_ACTION_DEREGISTER);
    IoDeleteDevice(g_alone);
    g_alone = NULL;
  }
#endif
#if BUG != BUG_POOL_LEAK
  if (g_leak != NULL) {
    ExFreePoolWithTag(g_leak, BUG_TAG);
    g_leak = NULL;
  }
#endif
  if (g_registry_path.Buffer != NULL) {
    ExFreePoolWithTag(g_registry_path.Buffer, BUG_TAG);
    g_registry_path.Buffer = NULL;
  }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  ULONG i;
  g_registry_path.Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, RegistryPath->Length + sizeof(WCHAR), BUG_TAG);
  if (g_registry_path.Buffer == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  g_registry_path.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
  RtlCopyUnicodeString(&g_registry_path, RegistryPath);
  g_leak = ExAllocatePoolWithTag(NonPagedPoolNx, 24, BUG_TAG); /* freed at unload, except by BUG_POOL_LEAK */
  for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; ++i) {
    DriverObject->MajorFunction[i] = DispatchPassDown;
  }
  DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = DispatchSystemControl;
  DriverObject->MajorFunction[IRP_MJ_PNP] = DispatchPnp;
  DriverObject->DriverUnload = DriverUnload;
#if BUG == BUG_FORWARD_LOWEST
  (void)AddDevice;
  {
    PDEVICE_EXTENSION ext;
    NTSTATUS status =
        IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &g_alone);
    if (!NT_SUCCESS(status)) {
      return status;
    }
    ext = (PDEVICE_EXTENSION)g_alone->DeviceExtension;
    RtlZeroMemory(ext, sizeof(*ext));
    ext->GuidList[0].Guid = &g_guid;
    ext->GuidList[0].InstanceCount = 1;
    ext->GuidList[0].Flags = WMIREG_FLAG_INSTANCE_BASENAME;
    ext->WmiLib.GuidList = ext->GuidList;
    ext->WmiLib.GuidCount = 1;
    ext->WmiLib.QueryWmiRegInfo = QueryRegInfo;
    ext->WmiLib.QueryWmiDataBlock = QueryDataBlock;
    g_alone->Flags &= ~DO_DEVICE_INITIALIZING;
    return IoWMIRegistrationControl(g_alone, WMIREG_ACTION_REGISTER);
  }
#else
  DriverObject->DriverExtension->AddDevice = AddDevice;
  return STATUS_SUCCESS;
#endif
}
