/* wmi_buffer_probe: a WmiLib driver that records the buffer sizes its callbacks were given, so a test can check
 * that a <wmium.h> caller's buffer size reaches the driver (tests/client/wmium_buffer_test.c). One device, base
 * name "Probe" (instance "Probe0"), three blocks:
 *   DATA    {5A1E0B00-0000-4000-8000-0000000000B0}: 40 bytes 0x00..0x27; records BufferAvail of each query
 *   METHOD  {5A1E0B01-...-0000000000B1}: method 1 returns 24 bytes 0xA0..0xB7; records InBufferSize/OutBufferSize
 *   RECORD  {5A1E0B02-...-0000000000B2}: 12 bytes {last DATA BufferAvail, last InBufferSize, last OutBufferSize}
 *   MSWmi_MofData: the binary MOF of DATA and RECORD (tests/client/wmi_buffer_probe.mof, encoded at build time into
 *           wmi_buffer_probe_bmf.h), as a driver serves its schema when it has no MOF resource
 * A callback given too little answers STATUS_BUFFER_TOO_SMALL with the size it needs (WmiLib then writes the
 * WNODE_TOO_SMALL). */
#include <ntddk.h>
#include <wmilib.h>
#include <wmistr.h>

#include "wmi_buffer_probe_bmf.h" /* ProbeBmf[] */

#define PROBE_TAG 'bPmW'
#define PROBE_DATA_SIZE 40
#define PROBE_METHOD_OUT_SIZE 24
#define PROBE_RECORD_SIZE 12

enum { DataIndex = 0, MethodIndex = 1, RecordIndex = 2, MofDataIndex = 3, GuidCount = 4 };

static const GUID g_data_guid = {0x5a1e0b00u, 0x0000, 0x4000, {0x80, 0, 0, 0, 0, 0, 0, 0xb0}};
static const GUID g_method_guid = {0x5a1e0b01u, 0x0000, 0x4000, {0x80, 0, 0, 0, 0, 0, 0, 0xb1}};
static const GUID g_record_guid = {0x5a1e0b02u, 0x0000, 0x4000, {0x80, 0, 0, 0, 0, 0, 0, 0xb2}};
static const GUID g_mof_data_guid = {0x05901221u, 0xd566, 0x11d1, {0xb2, 0xf0, 0x00, 0xa0, 0xc9, 0x06, 0x29, 0x10}};

typedef struct _PROBE_EXTENSION {
  PDEVICE_OBJECT LowerDevice;
  WMILIB_CONTEXT WmiLib;
  WMIGUIDREGINFO GuidList[GuidCount];
  ULONG LastQueryAvail;
  ULONG LastMethodIn;
  ULONG LastMethodOut;
  BOOLEAN Registered;
} PROBE_EXTENSION, *PPROBE_EXTENSION;

static UNICODE_STRING g_registry_path;

static NTSTATUS QueryRegInfo(PDEVICE_OBJECT DeviceObject, PULONG RegFlags, PUNICODE_STRING InstanceName,
                             PUNICODE_STRING* RegistryPath, PUNICODE_STRING MofResourceName, PDEVICE_OBJECT* Pdo) {
  static const WCHAR base[] = L"Probe";
  UNREFERENCED_PARAMETER(DeviceObject);
  UNREFERENCED_PARAMETER(MofResourceName);
  UNREFERENCED_PARAMETER(Pdo);
  /* WMI frees the base name: it must come from pool. */
  InstanceName->Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, sizeof base, PROBE_TAG);
  if (InstanceName->Buffer == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  RtlCopyMemory(InstanceName->Buffer, base, sizeof base);
  InstanceName->Length = (USHORT)(sizeof base - sizeof(WCHAR));
  InstanceName->MaximumLength = (USHORT)sizeof base;
  *RegFlags = WMIREG_FLAG_INSTANCE_BASENAME;
  *RegistryPath = &g_registry_path;
  return STATUS_SUCCESS;
}

static NTSTATUS QueryDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                               ULONG InstanceCount, PULONG InstanceLengthArray, ULONG BufferAvail, PUCHAR Buffer) {
  PPROBE_EXTENSION ext = (PPROBE_EXTENSION)DeviceObject->DeviceExtension;
  ULONG i;
  if (InstanceIndex != 0 || InstanceCount != 1 || GuidIndex == MethodIndex) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_INSTANCE_NOT_FOUND, 0, IO_NO_INCREMENT);
  }
  if (GuidIndex == MofDataIndex) {
    if (InstanceLengthArray == NULL || BufferAvail < sizeof ProbeBmf) {
      return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, sizeof ProbeBmf, IO_NO_INCREMENT);
    }
    RtlCopyMemory(Buffer, ProbeBmf, sizeof ProbeBmf);
    InstanceLengthArray[0] = sizeof ProbeBmf;
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, sizeof ProbeBmf, IO_NO_INCREMENT);
  }
  if (GuidIndex == RecordIndex) {
    PULONG record = (PULONG)Buffer;
    if (InstanceLengthArray == NULL || BufferAvail < PROBE_RECORD_SIZE) {
      return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, PROBE_RECORD_SIZE, IO_NO_INCREMENT);
    }
    record[0] = ext->LastQueryAvail;
    record[1] = ext->LastMethodIn;
    record[2] = ext->LastMethodOut;
    InstanceLengthArray[0] = PROBE_RECORD_SIZE;
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, PROBE_RECORD_SIZE, IO_NO_INCREMENT);
  }
  ext->LastQueryAvail = BufferAvail;
  if (InstanceLengthArray == NULL || BufferAvail < PROBE_DATA_SIZE) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, PROBE_DATA_SIZE, IO_NO_INCREMENT);
  }
  for (i = 0; i < PROBE_DATA_SIZE; ++i) {
    Buffer[i] = (UCHAR)i;
  }
  InstanceLengthArray[0] = PROBE_DATA_SIZE;
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, PROBE_DATA_SIZE, IO_NO_INCREMENT);
}

static NTSTATUS ExecuteMethod(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                              ULONG MethodId, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer) {
  PPROBE_EXTENSION ext = (PPROBE_EXTENSION)DeviceObject->DeviceExtension;
  ULONG i;
  if (GuidIndex != MethodIndex || InstanceIndex != 0 || MethodId != 1) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_ITEMID_NOT_FOUND, 0, IO_NO_INCREMENT);
  }
  ext->LastMethodIn = InBufferSize;
  ext->LastMethodOut = OutBufferSize;
  if (OutBufferSize < PROBE_METHOD_OUT_SIZE) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, PROBE_METHOD_OUT_SIZE, IO_NO_INCREMENT);
  }
  for (i = 0; i < PROBE_METHOD_OUT_SIZE; ++i) {
    Buffer[i] = (UCHAR)(0xA0 + i);
  }
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, PROBE_METHOD_OUT_SIZE, IO_NO_INCREMENT);
}

static NTSTATUS DispatchSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PPROBE_EXTENSION ext = (PPROBE_EXTENSION)DeviceObject->DeviceExtension;
  SYSCTL_IRP_DISPOSITION disposition;
  NTSTATUS status = WmiSystemControl(&ext->WmiLib, DeviceObject, Irp, &disposition);
  switch (disposition) {
    case IrpProcessed:
      break;
    case IrpNotCompleted:
      IoCompleteRequest(Irp, IO_NO_INCREMENT);
      break;
    default:
      IoSkipCurrentIrpStackLocation(Irp);
      status = IoCallDriver(ext->LowerDevice, Irp);
      break;
  }
  return status;
}

static NTSTATUS DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PPROBE_EXTENSION ext = (PPROBE_EXTENSION)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  NTSTATUS status;
  if (stack->MinorFunction == IRP_MN_START_DEVICE && !ext->Registered) {
    ext->Registered = NT_SUCCESS(IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_REGISTER));
  } else if (stack->MinorFunction == IRP_MN_REMOVE_DEVICE || stack->MinorFunction == IRP_MN_SURPRISE_REMOVAL) {
    if (ext->Registered) {
      IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_DEREGISTER);
      ext->Registered = FALSE;
    }
    if (stack->MinorFunction == IRP_MN_REMOVE_DEVICE) {
      Irp->IoStatus.Status = STATUS_SUCCESS;
      IoSkipCurrentIrpStackLocation(Irp);
      status = IoCallDriver(ext->LowerDevice, Irp);
      IoDetachDevice(ext->LowerDevice);
      IoDeleteDevice(DeviceObject);
      return status;
    }
  }
  Irp->IoStatus.Status = STATUS_SUCCESS;
  IoSkipCurrentIrpStackLocation(Irp);
  return IoCallDriver(ext->LowerDevice, Irp);
}

static NTSTATUS AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject) {
  PDEVICE_OBJECT fdo;
  PPROBE_EXTENSION ext;
  NTSTATUS status = IoCreateDevice(DriverObject, sizeof(PROBE_EXTENSION), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &fdo);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  ext = (PPROBE_EXTENSION)fdo->DeviceExtension;
  RtlZeroMemory(ext, sizeof(*ext));
  ext->LowerDevice = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
  if (ext->LowerDevice == NULL) {
    IoDeleteDevice(fdo);
    return STATUS_NO_SUCH_DEVICE;
  }
  ext->GuidList[DataIndex].Guid = &g_data_guid;
  ext->GuidList[DataIndex].InstanceCount = 1;
  ext->GuidList[MethodIndex].Guid = &g_method_guid;
  ext->GuidList[MethodIndex].InstanceCount = 1;
  ext->GuidList[RecordIndex].Guid = &g_record_guid;
  ext->GuidList[RecordIndex].InstanceCount = 1;
  ext->GuidList[MofDataIndex].Guid = &g_mof_data_guid;
  ext->GuidList[MofDataIndex].InstanceCount = 1;
  ext->WmiLib.GuidCount = GuidCount;
  ext->WmiLib.GuidList = ext->GuidList;
  ext->WmiLib.QueryWmiRegInfo = QueryRegInfo;
  ext->WmiLib.QueryWmiDataBlock = QueryDataBlock;
  ext->WmiLib.ExecuteWmiMethod = ExecuteMethod;
  fdo->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

static VOID DriverUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  if (g_registry_path.Buffer != NULL) {
    ExFreePoolWithTag(g_registry_path.Buffer, PROBE_TAG);
    g_registry_path.Buffer = NULL;
  }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  g_registry_path.Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, RegistryPath->Length + sizeof(WCHAR), PROBE_TAG);
  if (g_registry_path.Buffer == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  RtlCopyMemory(g_registry_path.Buffer, RegistryPath->Buffer, RegistryPath->Length);
  g_registry_path.Buffer[RegistryPath->Length / sizeof(WCHAR)] = 0;
  g_registry_path.Length = RegistryPath->Length;
  g_registry_path.MaximumLength = (USHORT)(RegistryPath->Length + sizeof(WCHAR));
  DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = DispatchSystemControl;
  DriverObject->MajorFunction[IRP_MJ_PNP] = DispatchPnp;
  DriverObject->DriverExtension->AddDevice = AddDevice;
  DriverObject->DriverUnload = DriverUnload;
  return STATUS_SUCCESS;
}
