/* DriverEntry fails (after setting up its dispatch table): the host must report the status and keep nothing. */
#include <wdm.h>

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  UNREFERENCED_PARAMETER(DriverObject);
  UNREFERENCED_PARAMETER(RegistryPath);
  return STATUS_DEVICE_CONFIGURATION_ERROR;
}
