/* A provider whose registration never fits: every IRP_MN_REGINFO_EX answer asks for 100 bytes more than the
 * buffer it got (KMDF's convention: STATUS_SUCCESS, Information == sizeof(ULONG)). WMI must give up after one
 * retry, register nothing and say why. */
#include <wdm.h>

static PDEVICE_OBJECT g_lower;

static NTSTATUS DispatchSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  if (stack->MinorFunction != IRP_MN_REGINFO_EX ||
      stack->Parameters.WMI.ProviderId != (ULONG_PTR)IoWMIDeviceObjectToProviderId(DeviceObject) ||
      stack->Parameters.WMI.BufferSize < sizeof(ULONG)) {
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(g_lower, Irp);
  }
  *(PULONG)stack->Parameters.WMI.Buffer = stack->Parameters.WMI.BufferSize + 100;
  Irp->IoStatus.Information = sizeof(ULONG);
  Irp->IoStatus.Status = STATUS_SUCCESS;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return STATUS_SUCCESS;
}

static NTSTATUS DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  NTSTATUS status;
  if (stack->MinorFunction == IRP_MN_REMOVE_DEVICE) {
    IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_DEREGISTER);
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(g_lower, Irp);
    IoDetachDevice(g_lower);
    IoDeleteDevice(DeviceObject);
    return status;
  }
  if (stack->MinorFunction == IRP_MN_START_DEVICE) {
    Irp->IoStatus.Status = STATUS_SUCCESS;
  }
  IoSkipCurrentIrpStackLocation(Irp);
  return IoCallDriver(g_lower, Irp);
}

static NTSTATUS AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject) {
  PDEVICE_OBJECT fdo;
  NTSTATUS status = IoCreateDevice(DriverObject, 0, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &fdo);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  g_lower = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
  IoWMIRegistrationControl(fdo, WMIREG_ACTION_REGISTER);
  fdo->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  UNREFERENCED_PARAMETER(RegistryPath);
  DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = DispatchSystemControl;
  DriverObject->MajorFunction[IRP_MJ_PNP] = DispatchPnp;
  DriverObject->DriverExtension->AddDevice = AddDevice;
  return STATUS_SUCCESS;
}
