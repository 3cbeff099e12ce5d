/* A shared object without DriverEntry: loading it must fail with a clear error. */
#include <wdm.h>

NTSTATUS NotTheDriverEntry(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  return STATUS_SUCCESS;
}
