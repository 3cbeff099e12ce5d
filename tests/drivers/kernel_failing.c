/* DriverEntry fails after creating a device and allocating pool: the kernel must leave nothing behind. */
#include <wdm.h>

static VOID DriverUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  DbgPrint("DriverUnload must not run after a failed DriverEntry");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  PDEVICE_OBJECT device = NULL;
  UNREFERENCED_PARAMETER(RegistryPath);
  DriverObject->DriverUnload = DriverUnload;
  (void)ExAllocatePoolWithTag(NonPagedPool, 32, 'liaF');
  (void)IoCreateDevice(DriverObject, 8, NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
  return STATUS_INSUFFICIENT_RESOURCES;
}
