/* A driver that forgets to free its pool: two 24-byte allocations tagged 'Leak' and one 100-byte 'Lk2 '. */
#include <wdm.h>

static VOID DriverUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  UNREFERENCED_PARAMETER(RegistryPath);
  (void)ExAllocatePoolWithTag(NonPagedPool, 24, 'kaeL');
  (void)ExAllocatePoolWithTag(NonPagedPool, 24, 'kaeL');
  (void)ExAllocatePool2(POOL_FLAG_PAGED, 100, ' 2kL');
  DriverObject->DriverUnload = DriverUnload;
  return STATUS_SUCCESS;
}
