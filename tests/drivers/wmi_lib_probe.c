/* See wmi_lib_probe.h. No SetWmiDataBlock, SetWmiDataItem, ExecuteWmiMethod or WmiFunctionControl: the
 * library's documented defaults answer for them. Not registered with WMI: the tests talk to it directly. */
#include <wdm.h>
#include <wmilib.h>

#include "wmi_lib_probe.h"

static const GUID g_guids[WMI_PROBE_BLOCKS] = {WMI_PROBE_GUID(0), WMI_PROBE_GUID(1)};
static WMIGUIDREGINFO g_guid_list[WMI_PROBE_BLOCKS];
static WMILIB_CONTEXT g_wmilib;
static PDEVICE_OBJECT g_lower;
/* A short registry path so that the REGINFO golden bytes stay readable (a real driver reports the one it got). */
static UNICODE_STRING g_registry_path = RTL_CONSTANT_STRING(L"\\R");

WMI_PROBE_STATE WmiProbeState;

static NTSTATUS QueryRegInfo(PDEVICE_OBJECT DeviceObject, PULONG RegFlags, PUNICODE_STRING InstanceName,
                             PUNICODE_STRING* RegistryPath, PUNICODE_STRING MofResourceName, PDEVICE_OBJECT* Pdo) {
  static const WCHAR base[] = L"Pb";
  UNREFERENCED_PARAMETER(DeviceObject);
  *RegFlags = WMIREG_FLAG_INSTANCE_BASENAME;
  InstanceName->Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, sizeof(base), 'borP');
  if (InstanceName->Buffer == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  RtlCopyMemory(InstanceName->Buffer, base, sizeof(base));
  InstanceName->Length = sizeof(base) - sizeof(WCHAR);
  InstanceName->MaximumLength = sizeof(base);
  *RegistryPath = &g_registry_path;
  RtlInitUnicodeString(MofResourceName, L"M");
  *Pdo = (PDEVICE_OBJECT)WmiProbeState.pdo;
  return STATUS_SUCCESS;
}

static NTSTATUS QueryDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                               ULONG InstanceCount, PULONG InstanceLengthArray, ULONG BufferAvail, PUCHAR Buffer) {
  ULONG i;
  ULONG needed = 8 * InstanceCount;
  InterlockedIncrement((volatile LONG*)&WmiProbeState.query_calls);
  WmiProbeState.last_buffer_avail = BufferAvail;
  WmiProbeState.last_lengths_null = InstanceLengthArray == NULL;
  if (GuidIndex == WMI_PROBE_LIAR) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, BufferAvail + 8, IO_NO_INCREMENT);
  }
  if (WmiProbeState.named_variable) {
    ULONG offset = 0;
    for (i = 0; i < InstanceCount; ++i) {
      offset = ((offset + 7) & ~7u) + (5 * (InstanceIndex + i)) % 19;
    }
    if (InstanceLengthArray == NULL || BufferAvail < offset) {
      return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, offset, IO_NO_INCREMENT);
    }
    needed = offset;
    offset = 0;
    for (i = 0; i < InstanceCount; ++i) {
      ULONG size = (5 * (InstanceIndex + i)) % 19;
      offset = (offset + 7) & ~7u;
      RtlFillMemory(Buffer + offset, size, (UCHAR)(InstanceIndex + i + 1));
      InstanceLengthArray[i] = size;
      offset += size;
    }
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, needed, IO_NO_INCREMENT);
  }
  if (InstanceLengthArray == NULL || BufferAvail < needed) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, needed, IO_NO_INCREMENT);
  }
  for (i = 0; i < InstanceCount; ++i) {
    ((PULONG)(Buffer + 8 * i))[0] = InstanceIndex + i;
    ((PULONG)(Buffer + 8 * i))[1] = 0x5A5A5A5A;
    InstanceLengthArray[i] = 8;
  }
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, needed, IO_NO_INCREMENT);
}

static NTSTATUS DispatchSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  SYSCTL_IRP_DISPOSITION disposition = IrpProcessed;
  NTSTATUS status = WmiSystemControl(&g_wmilib, DeviceObject, Irp, &disposition);
  WmiProbeState.disposition = (int32_t)disposition;
  WmiProbeState.status = status;
  switch (disposition) {
    case IrpProcessed:
      return status;
    case IrpNotCompleted:
      IoCompleteRequest(Irp, IO_NO_INCREMENT);
      return status;
    default:
      IoSkipCurrentIrpStackLocation(Irp);
      return IoCallDriver(g_lower, Irp);
  }
}

static NTSTATUS DispatchPassDown(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  UNREFERENCED_PARAMETER(DeviceObject);
  if (IoGetCurrentIrpStackLocation(Irp)->MajorFunction == IRP_MJ_PNP) {
    UCHAR minor = IoGetCurrentIrpStackLocation(Irp)->MinorFunction;
    if (minor == IRP_MN_START_DEVICE) {
      Irp->IoStatus.Status = STATUS_SUCCESS;
    } else if (minor == IRP_MN_REMOVE_DEVICE) {
      NTSTATUS status;
      Irp->IoStatus.Status = STATUS_SUCCESS;
      IoSkipCurrentIrpStackLocation(Irp);
      status = IoCallDriver(g_lower, Irp);
      IoDetachDevice(g_lower);
      IoDeleteDevice(DeviceObject);
      return status;
    }
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
  WmiProbeState.device = fdo;
  WmiProbeState.pdo = PhysicalDeviceObject;
  fdo->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  ULONG i;
  UNREFERENCED_PARAMETER(RegistryPath);
  for (i = 0; i < WMI_PROBE_BLOCKS; ++i) {
    g_guid_list[i].Guid = &g_guids[i];
    g_guid_list[i].InstanceCount = 1;
  }
  g_guid_list[WMI_PROBE_NAMED].InstanceCount = 2;
  WmiProbeState.named_instance_count = (volatile uint32_t*)&g_guid_list[WMI_PROBE_NAMED].InstanceCount;
  g_guid_list[WMI_PROBE_LIAR].Flags = WMIREG_FLAG_INSTANCE_PDO | WMIREG_FLAG_EXPENSIVE;
  g_wmilib.GuidCount = WMI_PROBE_BLOCKS;
  g_wmilib.GuidList = g_guid_list;
  g_wmilib.QueryWmiRegInfo = QueryRegInfo;
  g_wmilib.QueryWmiDataBlock = QueryDataBlock;
  for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; ++i) {
    DriverObject->MajorFunction[i] = DispatchPassDown;
  }
  DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = DispatchSystemControl;
  DriverObject->DriverExtension->AddDevice = AddDevice;
  return STATUS_SUCCESS;
}
