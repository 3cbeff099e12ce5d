/* tests/wdk/wdm_driver_sample.c - a WDM driver using WmiLib, written as for the WDK. It is only compiled (never
 * linked): the compile tests build it as C11 and C++20, with and without -fshort-wchar, with GCC and Clang, to prove
 * that ntddk.h + wmilib.h + wmistr.h accept real driver code unchanged. */
#include <initguid.h>  /* this file owns the GUID definitions below */

#include <ntddk.h>
#include <wmiguid.h>
#include <wmilib.h>
#include <wmistr.h>

/* Drivers write L"..." (compiled with -fshort-wchar); without it the 16-bit literal is u"...". */
#if defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2
#define SAMPLE_TEXT(s) L##s
#else
#define SAMPLE_TEXT(s) u##s
#endif

/* As wmimofck generates them. */
#define SampleDeviceInfoGuid {0x6e1c3d20, 0x57a0, 0x4f3c, {0x9b, 0x41, 0x2a, 0x1d, 0x6c, 0x77, 0x10, 0x01}}
DEFINE_GUID(SampleDeviceInfo_GUID, 0x6e1c3d20, 0x57a0, 0x4f3c, 0x9b, 0x41, 0x2a, 0x1d, 0x6c, 0x77, 0x10, 0x01);
DEFINE_GUID(SampleEvent_GUID, 0x6e1c3d21, 0x57a0, 0x4f3c, 0x9b, 0x41, 0x2a, 0x1d, 0x6c, 0x77, 0x10, 0x01);
DEFINE_GUID(SampleMethods_GUID, 0x6e1c3d22, 0x57a0, 0x4f3c, 0x9b, 0x41, 0x2a, 0x1d, 0x6c, 0x77, 0x10, 0x01);

#define SAMPLE_POOL_TAG 0x706d6153U /* 'Samp' */
#define SampleDeviceInfoIndex 0
#define SampleEventIndex 1
#define SampleMethodsIndex 2
#define SampleResetCounter 1

typedef struct _SAMPLE_DEVICE_INFO {
  ULONG Counter;
  ULONG Flags;
  ULONGLONG LastReset;
} SAMPLE_DEVICE_INFO, *PSAMPLE_DEVICE_INFO;

typedef struct _DEVICE_EXTENSION {
  PDEVICE_OBJECT Self;
  PDEVICE_OBJECT LowerDevice;
  PDEVICE_OBJECT Pdo;
  WMILIB_CONTEXT WmiLibInfo;
  SAMPLE_DEVICE_INFO Info;
  volatile LONG OutstandingIo;
  BOOLEAN EventEnabled;
  BOOLEAN Registered;
  KSPIN_LOCK Lock;
  FAST_MUTEX Mutex;
  KEVENT StartEvent;
  PIO_WORKITEM WorkItem;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

static UNICODE_STRING SampleRegistryPath;

EXTERN_C DRIVER_INITIALIZE DriverEntry;
static DRIVER_ADD_DEVICE SampleAddDevice;
static DRIVER_UNLOAD SampleUnload;
_Dispatch_type_(IRP_MJ_CREATE) _Dispatch_type_(IRP_MJ_CLOSE) static DRIVER_DISPATCH SampleCreateClose;
_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL) static DRIVER_DISPATCH SampleSystemControl;
_Dispatch_type_(IRP_MJ_PNP) static DRIVER_DISPATCH SamplePnp;
_Dispatch_type_(IRP_MJ_POWER) static DRIVER_DISPATCH SamplePower;
static IO_COMPLETION_ROUTINE SampleSignalCompletion;
static IO_WORKITEM_ROUTINE SampleWorkItem;
static WMI_QUERY_REGINFO_CALLBACK SampleQueryWmiRegInfo;
static WMI_QUERY_DATABLOCK_CALLBACK SampleQueryWmiDataBlock;
static WMI_SET_DATABLOCK_CALLBACK SampleSetWmiDataBlock;
static WMI_SET_DATAITEM_CALLBACK SampleSetWmiDataItem;
static WMI_EXECUTE_METHOD_CALLBACK SampleExecuteWmiMethod;
static WMI_FUNCTION_CONTROL_CALLBACK SampleWmiFunctionControl;

static WMIGUIDREGINFO SampleGuidList[] = {
    {&SampleDeviceInfo_GUID, 1, 0},
    {&SampleEvent_GUID, 1, WMIREG_FLAG_EVENT_ONLY_GUID},
    {&SampleMethods_GUID, 1, WMIREG_FLAG_EXPENSIVE},
};

_Use_decl_annotations_ NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  ULONG i;
  SampleRegistryPath.MaximumLength = (USHORT)(RegistryPath->Length + sizeof(UNICODE_NULL));
  SampleRegistryPath.Length = 0;
  SampleRegistryPath.Buffer =
      (PWCH)ExAllocatePoolWithTag(PagedPool, SampleRegistryPath.MaximumLength, SAMPLE_POOL_TAG);
  if (SampleRegistryPath.Buffer == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  RtlCopyUnicodeString(&SampleRegistryPath, RegistryPath);

  for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++) {
    DriverObject->MajorFunction[i] = SampleCreateClose;
  }
  DriverObject->MajorFunction[IRP_MJ_CREATE] = SampleCreateClose;
  DriverObject->MajorFunction[IRP_MJ_CLOSE] = SampleCreateClose;
  DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = SampleSystemControl;
  DriverObject->MajorFunction[IRP_MJ_PNP] = SamplePnp;
  DriverObject->MajorFunction[IRP_MJ_POWER] = SamplePower;
  DriverObject->DriverExtension->AddDevice = SampleAddDevice;
  DriverObject->DriverUnload = SampleUnload;
  KdPrint(("Sample: DriverEntry %wZ\n", RegistryPath));
  return STATUS_SUCCESS;
}

_Use_decl_annotations_ static VOID SampleUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  ExFreePoolWithTag(SampleRegistryPath.Buffer, SAMPLE_POOL_TAG);
}

_Use_decl_annotations_ static NTSTATUS SampleAddDevice(PDRIVER_OBJECT DriverObject,
                                                      PDEVICE_OBJECT PhysicalDeviceObject) {
  PDEVICE_OBJECT device = NULL;
  PDEVICE_EXTENSION ext;
  UNICODE_STRING name;
  NTSTATUS status;

  RtlInitUnicodeString(&name, SAMPLE_TEXT("\\Device\\WmiSample"));
  status = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), &name, FILE_DEVICE_UNKNOWN,
                          FILE_DEVICE_SECURE_OPEN, FALSE, &device);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  ext = (PDEVICE_EXTENSION)device->DeviceExtension;
  RtlZeroMemory(ext, sizeof(*ext));
  ext->Self = device;
  ext->Pdo = PhysicalDeviceObject;
  ext->LowerDevice = IoAttachDeviceToDeviceStack(device, PhysicalDeviceObject);
  if (ext->LowerDevice == NULL) {
    IoDeleteDevice(device);
    return STATUS_NO_SUCH_DEVICE;
  }
  KeInitializeSpinLock(&ext->Lock);
  ExInitializeFastMutex(&ext->Mutex);
  KeInitializeEvent(&ext->StartEvent, NotificationEvent, FALSE);
  ext->WorkItem = IoAllocateWorkItem(device);

  ext->WmiLibInfo = (WMILIB_CONTEXT){
      .GuidCount = ARRAYSIZE(SampleGuidList),
      .GuidList = SampleGuidList,
      .QueryWmiRegInfo = SampleQueryWmiRegInfo,
      .QueryWmiDataBlock = SampleQueryWmiDataBlock,
      .SetWmiDataBlock = SampleSetWmiDataBlock,
      .SetWmiDataItem = SampleSetWmiDataItem,
      .ExecuteWmiMethod = SampleExecuteWmiMethod,
      .WmiFunctionControl = SampleWmiFunctionControl,
  };

  device->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;
  device->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

_Use_decl_annotations_ static NTSTATUS SampleCreateClose(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  UNREFERENCED_PARAMETER(DeviceObject);
  Irp->IoStatus.Status = STATUS_SUCCESS;
  Irp->IoStatus.Information = 0;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return STATUS_SUCCESS;
}

_Use_decl_annotations_ static NTSTATUS SampleSignalCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                                             PVOID Context) {
  UNREFERENCED_PARAMETER(DeviceObject);
  if (Irp->PendingReturned) {
    KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
  }
  return STATUS_MORE_PROCESSING_REQUIRED;
}

_Use_decl_annotations_ static NTSTATUS SamplePnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  NTSTATUS status;

  switch (stack->MinorFunction) {
    case IRP_MN_START_DEVICE:
      IoCopyCurrentIrpStackLocationToNext(Irp);
      IoSetCompletionRoutine(Irp, SampleSignalCompletion, &ext->StartEvent, TRUE, TRUE, TRUE);
      status = IoCallDriver(ext->LowerDevice, Irp);
      if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&ext->StartEvent, Executive, KernelMode, FALSE, NULL);
        status = Irp->IoStatus.Status;
      }
      if (NT_SUCCESS(status)) {
        status = IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_REGISTER);
        ext->Registered = NT_SUCCESS(status);
      }
      Irp->IoStatus.Status = status;
      IoCompleteRequest(Irp, IO_NO_INCREMENT);
      return status;

    case IRP_MN_SURPRISE_REMOVAL:
      if (ext->Registered) {
        IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_DEREGISTER);
        ext->Registered = FALSE;
      }
      Irp->IoStatus.Status = STATUS_SUCCESS;
      break;

    case IRP_MN_REMOVE_DEVICE:
      if (ext->Registered) {
        IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_DEREGISTER);
      }
      Irp->IoStatus.Status = STATUS_SUCCESS;
      IoSkipCurrentIrpStackLocation(Irp);
      status = IoCallDriver(ext->LowerDevice, Irp);
      IoFreeWorkItem(ext->WorkItem);
      IoDetachDevice(ext->LowerDevice);
      IoDeleteDevice(DeviceObject);
      return status;

    case IRP_MN_QUERY_REMOVE_DEVICE:
    case IRP_MN_CANCEL_REMOVE_DEVICE:
    case IRP_MN_QUERY_STOP_DEVICE:
    case IRP_MN_CANCEL_STOP_DEVICE:
    case IRP_MN_STOP_DEVICE:
      Irp->IoStatus.Status = STATUS_SUCCESS;
      break;

    default:
      break;
  }
  IoSkipCurrentIrpStackLocation(Irp);
  return IoCallDriver(ext->LowerDevice, Irp);
}

_Use_decl_annotations_ static NTSTATUS SamplePower(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  PoStartNextPowerIrp(Irp);
  IoSkipCurrentIrpStackLocation(Irp);
  return PoCallDriver(ext->LowerDevice, Irp);
}

_Use_decl_annotations_ static NTSTATUS SampleSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  SYSCTL_IRP_DISPOSITION disposition;
  NTSTATUS status;

  InterlockedIncrement(&ext->OutstandingIo);
  status = WmiSystemControl(&ext->WmiLibInfo, DeviceObject, Irp, &disposition);
  switch (disposition) {
    case IrpProcessed:
      break;
    case IrpNotCompleted:
      IoCompleteRequest(Irp, IO_NO_INCREMENT);
      break;
    case IrpForward:
    case IrpNotWmi:
      IoSkipCurrentIrpStackLocation(Irp);
      status = IoCallDriver(ext->LowerDevice, Irp);
      break;
    default:
      ASSERT(FALSE);
      IoSkipCurrentIrpStackLocation(Irp);
      status = IoCallDriver(ext->LowerDevice, Irp);
      break;
  }
  InterlockedDecrement(&ext->OutstandingIo);
  return status;
}

_Use_decl_annotations_ static NTSTATUS SampleQueryWmiRegInfo(PDEVICE_OBJECT DeviceObject, PULONG RegFlags,
                                                            PUNICODE_STRING InstanceName,
                                                            PUNICODE_STRING* RegistryPath,
                                                            PUNICODE_STRING MofResourceName, PDEVICE_OBJECT* Pdo) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(InstanceName);
  *RegFlags = WMIREG_FLAG_INSTANCE_PDO;
  *RegistryPath = &SampleRegistryPath;
  *Pdo = ext->Pdo;
  RtlInitUnicodeString(MofResourceName, SAMPLE_TEXT("MofResource"));
  return STATUS_SUCCESS;
}

_Use_decl_annotations_ static NTSTATUS SampleQueryWmiDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                                              ULONG GuidIndex, ULONG InstanceIndex,
                                                              ULONG InstanceCount, PULONG InstanceLengthArray,
                                                              ULONG BufferAvail, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  NTSTATUS status;
  ULONG size = 0;
  KIRQL irql;

  ASSERT(InstanceIndex == 0 && InstanceCount == 1);
  UNREFERENCED_PARAMETER(InstanceIndex);
  UNREFERENCED_PARAMETER(InstanceCount);
  switch (GuidIndex) {
    case SampleDeviceInfoIndex:
      size = sizeof(SAMPLE_DEVICE_INFO);
      if (BufferAvail < size) {
        status = STATUS_BUFFER_TOO_SMALL;
        break;
      }
      KeAcquireSpinLock(&ext->Lock, &irql);
      RtlCopyMemory(Buffer, &ext->Info, sizeof(SAMPLE_DEVICE_INFO));
      KeReleaseSpinLock(&ext->Lock, irql);
      *InstanceLengthArray = size;
      status = STATUS_SUCCESS;
      break;
    default:
      status = STATUS_WMI_GUID_NOT_FOUND;
      break;
  }
  return WmiCompleteRequest(DeviceObject, Irp, status, size, IO_NO_INCREMENT);
}

_Use_decl_annotations_ static NTSTATUS SampleSetWmiDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                                            ULONG GuidIndex, ULONG InstanceIndex, ULONG BufferSize,
                                                            PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  NTSTATUS status = STATUS_WMI_READ_ONLY;
  UNREFERENCED_PARAMETER(InstanceIndex);
  if (GuidIndex == SampleDeviceInfoIndex) {
    if (BufferSize < sizeof(SAMPLE_DEVICE_INFO)) {
      status = STATUS_WMI_SET_FAILURE;
    } else {
      ExAcquireFastMutex(&ext->Mutex);
      ext->Info.Flags = ((PSAMPLE_DEVICE_INFO)Buffer)->Flags;
      ExReleaseFastMutex(&ext->Mutex);
      status = STATUS_SUCCESS;
    }
  }
  return WmiCompleteRequest(DeviceObject, Irp, status, 0, IO_NO_INCREMENT);
}

_Use_decl_annotations_ static NTSTATUS SampleSetWmiDataItem(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                                           ULONG InstanceIndex, ULONG DataItemId, ULONG BufferSize,
                                                           PUCHAR Buffer) {
  UNREFERENCED_PARAMETER(GuidIndex);
  UNREFERENCED_PARAMETER(InstanceIndex);
  UNREFERENCED_PARAMETER(DataItemId);
  UNREFERENCED_PARAMETER(BufferSize);
  UNREFERENCED_PARAMETER(Buffer);
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_READ_ONLY, 0, IO_NO_INCREMENT);
}

_Use_decl_annotations_ static NTSTATUS SampleExecuteWmiMethod(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                                             ULONG GuidIndex, ULONG InstanceIndex, ULONG MethodId,
                                                             ULONG InBufferSize, ULONG OutBufferSize,
                                                             PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  NTSTATUS status = STATUS_WMI_ITEMID_NOT_FOUND;
  ULONG used = 0;
  LARGE_INTEGER now;
  UNREFERENCED_PARAMETER(InstanceIndex);
  UNREFERENCED_PARAMETER(InBufferSize);
  if (GuidIndex == SampleMethodsIndex && MethodId == SampleResetCounter) {
    used = sizeof(ULONG);
    if (OutBufferSize < used) {
      status = STATUS_BUFFER_TOO_SMALL; /* checked before the side effect */
    } else {
      KeQuerySystemTime(&now);
      *(PULONG)Buffer = (ULONG)InterlockedExchange((volatile LONG*)&ext->Info.Counter, 0);
      ext->Info.LastReset = (ULONGLONG)now.QuadPart;
      status = STATUS_SUCCESS;
    }
  }
  return WmiCompleteRequest(DeviceObject, Irp, status, used, IO_NO_INCREMENT);
}

_Use_decl_annotations_ static NTSTATUS SampleWmiFunctionControl(PDEVICE_OBJECT DeviceObject, PIRP Irp,
                                                               ULONG GuidIndex, WMIENABLEDISABLECONTROL Function,
                                                               BOOLEAN Enable) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  if (Function == WmiEventControl && GuidIndex == SampleEventIndex) {
    ext->EventEnabled = Enable;
    if (Enable) {
      IoQueueWorkItem(ext->WorkItem, SampleWorkItem, DelayedWorkQueue, ext);
    }
  }
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
}

/* Fires the event twice: through WmiFireEvent, and with a hand-built WNODE through IoWMIWriteEvent. */
_Use_decl_annotations_ static VOID SampleWorkItem(PDEVICE_OBJECT DeviceObject, PVOID Context) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)Context;
  PULONG data;
  PWNODE_SINGLE_INSTANCE wnode;
  ULONG size = sizeof(WNODE_SINGLE_INSTANCE) + sizeof(ULONG);

  if (!ext->EventEnabled) {
    return;
  }
  data = (PULONG)ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(ULONG), SAMPLE_POOL_TAG);
  if (data != NULL) {
    *data = ext->Info.Counter;
    if (!NT_SUCCESS(WmiFireEvent(DeviceObject, &SampleEvent_GUID, 0, sizeof(ULONG), data))) {
      DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "Sample: WmiFireEvent failed\n");
    }
  }

  wnode = (PWNODE_SINGLE_INSTANCE)ExAllocatePoolWithTag(NonPagedPoolNx, size, SAMPLE_POOL_TAG);
  if (wnode == NULL) {
    return;
  }
  RtlZeroMemory(wnode, size);
  wnode->WnodeHeader.BufferSize = size;
  wnode->WnodeHeader.ProviderId = IoWMIDeviceObjectToProviderId(DeviceObject);
  wnode->WnodeHeader.Guid = SampleEvent_GUID;
  wnode->WnodeHeader.Flags = WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_STATIC_INSTANCE_NAMES;
  KeQuerySystemTime(&wnode->WnodeHeader.TimeStamp);
  wnode->InstanceIndex = 0;
  wnode->DataBlockOffset = FIELD_OFFSET(WNODE_SINGLE_INSTANCE, VariableData);
  wnode->SizeDataBlock = sizeof(ULONG);
  *(PULONG)wnode->VariableData = ext->Info.Counter;
  if (!NT_SUCCESS(IoWMIWriteEvent(wnode))) {
    ExFreePool(wnode);
  }
}

/* Header-only checks that belong with real usage. */
C_ASSERT(sizeof(WNODE_ALL_DATA) == 64);
C_ASSERT(FIELD_OFFSET(WNODE_SINGLE_INSTANCE, VariableData) == 0x40);
C_ASSERT(IRP_MJ_SYSTEM_CONTROL == 0x17 && IRP_MN_REGINFO_EX == 0x0b);
EXTERN_C const GUID SampleGuidInitializer;
const GUID SampleGuidInitializer = SampleDeviceInfoGuid;
C_ASSERT(sizeof(SampleGuidInitializer) == 16);
