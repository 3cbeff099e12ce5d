/* A driver importing a kernel routine the emulated kernel does not provide: dlopen(RTLD_NOW) must refuse it. */
#include <wdm.h>

NTKERNELAPI NTSTATUS IoRoutineThatDoesNotExist(PDRIVER_OBJECT DriverObject);

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  UNREFERENCED_PARAMETER(RegistryPath);
  return IoRoutineThatDoesNotExist(DriverObject);
}
