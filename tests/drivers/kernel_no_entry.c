/* A shared object without DriverEntry (its entry point has another name). */
#include <wdm.h>

NTSTATUS NotTheDriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  UNREFERENCED_PARAMETER(DriverObject);
  UNREFERENCED_PARAMETER(RegistryPath);
  return STATUS_SUCCESS;
}
