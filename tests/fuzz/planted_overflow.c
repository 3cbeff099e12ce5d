/* fuzz_planted_overflow: a WmiLib driver with one planted bug for `wmiport fuzz` to find (tests/fuzz).
 *
 * One block, three instances named after the PDO; instance k's data is 16 + 8k bytes of a counter pattern.
 * The size check for instance 2 is off by one (BufferAvail < size - 1), so a QUERY_SINGLE_INSTANCE of instance 2
 * whose buffer holds exactly one byte less than the data writes one byte past BufferAvail. Every other
 * instance, size and request is handled correctly. */
#include <ntddk.h>
#include <wmilib.h>
#include <wmistr.h>

#define PLANTED_TAG 'tlpW'
#define PLANTED_INSTANCES 3

/* {5c0ffee0-9a1b-4c2d-8e3f-a0b1c2d3e4f5} */
static const GUID PlantedBlockGuid = {0x5c0ffee0, 0x9a1b, 0x4c2d, {0x8e, 0x3f, 0xa0, 0xb1, 0xc2, 0xd3, 0xe4, 0xf5}};

typedef struct _DEVICE_EXTENSION {
  PDEVICE_OBJECT Pdo;
  PDEVICE_OBJECT LowerDevice;
  WMILIB_CONTEXT WmiLib;
  WMIGUIDREGINFO GuidList[1];
  BOOLEAN Registered;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

static UNICODE_STRING g_registry_path;

static ULONG InstanceSize(ULONG instance) {
  return 16 + 8 * instance;
}

static NTSTATUS QueryRegInfo(PDEVICE_OBJECT DeviceObject, PULONG RegFlags, PUNICODE_STRING InstanceName,
                             PUNICODE_STRING* RegistryPath, PUNICODE_STRING MofResourceName, PDEVICE_OBJECT* Pdo) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(InstanceName);
  UNREFERENCED_PARAMETER(MofResourceName);
  *RegFlags = WMIREG_FLAG_INSTANCE_PDO;
  *RegistryPath = &g_registry_path;
  *Pdo = ext->Pdo;
  return STATUS_SUCCESS;
}

static NTSTATUS QueryDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                               ULONG InstanceCount, PULONG InstanceLengthArray, ULONG BufferAvail, PUCHAR Buffer) {
  ULONG total = 0;
  ULONG k;
  ULONG i;
  UNREFERENCED_PARAMETER(GuidIndex);
  if (InstanceIndex + InstanceCount > PLANTED_INSTANCES) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_INSTANCE_NOT_FOUND, 0, IO_NO_INCREMENT);
  }
  for (k = 0; k < InstanceCount; ++k) {
    total = (total + 7) & ~7u;
    total += InstanceSize(InstanceIndex + k);
  }
  /* THE PLANTED BUG: instance 2 alone is checked against one byte less than it writes. */
  if (InstanceLengthArray == NULL || BufferAvail < (InstanceCount == 1 && InstanceIndex == 2 ? total - 1 : total)) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, total, IO_NO_INCREMENT);
  }
  total = 0;
  for (k = 0; k < InstanceCount; ++k) {
    const ULONG size = InstanceSize(InstanceIndex + k);
    total = (total + 7) & ~7u;
    for (i = 0; i < size; ++i) {
      Buffer[total + i] = (UCHAR)(InstanceIndex + k + i);
    }
    InstanceLengthArray[k] = size;
    total += size;
  }
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, total, IO_NO_INCREMENT);
}

static NTSTATUS DispatchSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  SYSCTL_IRP_DISPOSITION disposition;
  NTSTATUS status = WmiSystemControl(&ext->WmiLib, DeviceObject, Irp, &disposition);
  if (disposition == IrpNotCompleted) {
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
  } else if (disposition != IrpProcessed) {
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->LowerDevice, Irp);
  }
  return status;
}

static NTSTATUS DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  NTSTATUS status;
  if (stack->MinorFunction == IRP_MN_START_DEVICE && !ext->Registered) {
    ext->Registered = NT_SUCCESS(IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_REGISTER));
  } else if (stack->MinorFunction == IRP_MN_REMOVE_DEVICE) {
    if (ext->Registered) {
      IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_DEREGISTER);
      ext->Registered = FALSE;
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->LowerDevice, Irp);
    IoDetachDevice(ext->LowerDevice);
    IoDeleteDevice(DeviceObject);
    return status;
  }
  Irp->IoStatus.Status = STATUS_SUCCESS;
  IoSkipCurrentIrpStackLocation(Irp);
  return IoCallDriver(ext->LowerDevice, Irp);
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
  ext->Pdo = PhysicalDeviceObject;
  ext->LowerDevice = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
  if (ext->LowerDevice == NULL) {
    IoDeleteDevice(fdo);
    return STATUS_NO_SUCH_DEVICE;
  }
  ext->GuidList[0].Guid = &PlantedBlockGuid;
  ext->GuidList[0].InstanceCount = PLANTED_INSTANCES;
  ext->WmiLib.GuidCount = 1;
  ext->WmiLib.GuidList = ext->GuidList;
  ext->WmiLib.QueryWmiRegInfo = QueryRegInfo;
  ext->WmiLib.QueryWmiDataBlock = QueryDataBlock;
  fdo->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

static VOID DriverUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  if (g_registry_path.Buffer != NULL) {
    ExFreePoolWithTag(g_registry_path.Buffer, PLANTED_TAG);
    g_registry_path.Buffer = NULL;
  }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  ULONG i;
  g_registry_path.Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, RegistryPath->Length + sizeof(WCHAR), PLANTED_TAG);
  if (g_registry_path.Buffer == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  g_registry_path.Length = 0;
  g_registry_path.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
  RtlCopyUnicodeString(&g_registry_path, RegistryPath);
  for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; ++i) {
    DriverObject->MajorFunction[i] = DispatchPassDown;
  }
  DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = DispatchSystemControl;
  DriverObject->MajorFunction[IRP_MJ_PNP] = DispatchPnp;
  DriverObject->DriverExtension->AddDevice = AddDevice;
  DriverObject->DriverUnload = DriverUnload;
  return STATUS_SUCCESS;
}
