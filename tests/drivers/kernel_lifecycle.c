/* A minimal WDM function driver, written as for Windows: DriverEntry, AddDevice (create, attach, clear
 * DO_DEVICE_INITIALIZING), IRP_MJ_PNP (START forwarded and completed on the way back up, REMOVE forwarded then
 * detach and delete), DriverUnload. Each step is announced with DbgPrint so the test can observe the sequence. */
#include <wdm.h>

#define LIFECYCLE_TAG 'cfiL'

typedef struct _DEVICE_EXTENSION {
  PDEVICE_OBJECT Self;
  PDEVICE_OBJECT LowerDevice;
  PVOID Scratch;
  BOOLEAN Started;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

static PVOID g_driver_buffer;

static NTSTATUS StartCompletion(PDEVICE_OBJECT DeviceObject, PIRP Irp, PVOID Context) {
  UNREFERENCED_PARAMETER(DeviceObject);
  UNREFERENCED_PARAMETER(Irp);
  KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);
  return STATUS_MORE_PROCESSING_REQUIRED;
}

static NTSTATUS DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION extension = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  NTSTATUS status;
  KEVENT event;

  switch (stack->MinorFunction) {
    case IRP_MN_START_DEVICE:
      /* The bus driver starts the hardware first: send the IRP down and finish on the way back up. */
      KeInitializeEvent(&event, NotificationEvent, FALSE);
      IoCopyCurrentIrpStackLocationToNext(Irp);
      IoSetCompletionRoutine(Irp, StartCompletion, &event, TRUE, TRUE, TRUE);
      status = IoCallDriver(extension->LowerDevice, Irp);
      if (status == STATUS_PENDING) {
        KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, NULL);
      }
      status = Irp->IoStatus.Status;
      if (NT_SUCCESS(status)) {
        extension->Started = TRUE;
        DbgPrint("START_DEVICE irql=%d", (int)KeGetCurrentIrql());
      }
      IoCompleteRequest(Irp, IO_NO_INCREMENT);
      return status;

    case IRP_MN_SURPRISE_REMOVAL:
      DbgPrint("SURPRISE_REMOVAL");
      Irp->IoStatus.Status = STATUS_SUCCESS;
      IoSkipCurrentIrpStackLocation(Irp);
      return IoCallDriver(extension->LowerDevice, Irp);

    case IRP_MN_REMOVE_DEVICE:
      DbgPrint("REMOVE_DEVICE");
      Irp->IoStatus.Status = STATUS_SUCCESS;
      IoSkipCurrentIrpStackLocation(Irp);
      status = IoCallDriver(extension->LowerDevice, Irp);
      ExFreePoolWithTag(extension->Scratch, LIFECYCLE_TAG);
      IoDetachDevice(extension->LowerDevice);
      IoDeleteDevice(DeviceObject);
      return status;

    default:
      IoSkipCurrentIrpStackLocation(Irp);
      return IoCallDriver(extension->LowerDevice, Irp);
  }
}

static NTSTATUS AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject) {
  PDEVICE_OBJECT device = NULL;
  PDEVICE_EXTENSION extension;
  NTSTATUS status = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), NULL, FILE_DEVICE_UNKNOWN,
                                   FILE_DEVICE_SECURE_OPEN, FALSE, &device);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  extension = (PDEVICE_EXTENSION)device->DeviceExtension;
  extension->Self = device;
  extension->Scratch = ExAllocatePool2(POOL_FLAG_NON_PAGED, 64, LIFECYCLE_TAG);
  extension->LowerDevice = IoAttachDeviceToDeviceStack(device, PhysicalDeviceObject);
  if (extension->LowerDevice == NULL || extension->Scratch == NULL) {
    if (extension->Scratch != NULL) {
      ExFreePoolWithTag(extension->Scratch, LIFECYCLE_TAG);
    }
    IoDeleteDevice(device);
    return STATUS_NO_SUCH_DEVICE;
  }
  device->Flags &= ~DO_DEVICE_INITIALIZING;
  DbgPrint("AddDevice stack=%d", (int)device->StackSize);
  return STATUS_SUCCESS;
}

static VOID DriverUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  ExFreePoolWithTag(g_driver_buffer, LIFECYCLE_TAG);
  DbgPrint("DriverUnload");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  DbgPrint("DriverEntry %wZ", RegistryPath);
  g_driver_buffer = ExAllocatePoolWithTag(NonPagedPool, 16, LIFECYCLE_TAG);
  if (g_driver_buffer == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  DriverObject->DriverExtension->AddDevice = AddDevice;
  DriverObject->MajorFunction[IRP_MJ_PNP] = DispatchPnp;
  DriverObject->DriverUnload = DriverUnload;
  return STATUS_SUCCESS;
}
