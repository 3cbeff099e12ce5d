/* Built by a test from the shell with `cc $(wmiport config --cflags) ... $(wmiport config --libs wdm)`. */
#include <wdm.h>

static VOID DriverUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  DbgPrint("config driver unloaded");
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  UNICODE_STRING greeting;
  RtlInitUnicodeString(&greeting, L"built with wmiport config");
  DbgPrint("%wZ (%u bytes), registry %wZ", &greeting, (ULONG)greeting.Length, RegistryPath);
  DriverObject->DriverUnload = DriverUnload;
  return STATUS_SUCCESS;
}
