/* The WDM bench driver: a WmiLib function driver like tests/drivers/wmi_sample.c, with blocks shaped for the
 * benchmarks (bench_driver.h). Each device takes the shape BenchWdmControl asks for when it is added, so one loaded
 * driver can carry a single-instance block, million-instance blocks and thousands of routing devices. */
#include <wdm.h>
#include <wmilib.h>
#include <wmistr.h>

#include "bench_driver.h"

#define BENCH_TAG 'hcnB'

static const ULONG kMixedSizes[BENCH_MIXED_KINDS] = BENCH_MIXED_SIZES;
static UNICODE_STRING g_registry_path;

typedef struct _DEVICE_EXTENSION {
  PDEVICE_OBJECT LowerDevice;
  ULONG Serial;
  ULONG Instances;
  WMILIB_CONTEXT WmiLib;
  WMIGUIDREGINFO GuidList[BENCH_MAX_BLOCKS];
  GUID Guids[BENCH_MAX_BLOCKS];
  BOOLEAN Registered;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

static void FillSingle(uint8_t* buffer, uint32_t serial);
static uint32_t FireEvents(uint32_t count, uint32_t size);

__attribute__((visibility("default"))) BENCH_WDM_CONTROL BenchWdmControl = {10, 1, 64, 0, NULL, FillSingle, FireEvents};

static ULONG AlignUp8(ULONG value) {
  return (value + 7) & ~7u;
}

/* The driver's work for BENCH_SINGLE: 64 bytes of "counters". */
static void FillSingle(uint8_t* buffer, uint32_t serial) {
  ULONG* words = (ULONG*)buffer;
  ULONG i;
  for (i = 0; i < BENCH_BLOCK_SIZE / sizeof(ULONG); ++i) {
    words[i] = serial + i;
  }
}

static ULONG MixedSize(ULONG index) {
  return kMixedSizes[index % BENCH_MIXED_KINDS];
}

static NTSTATUS QueryRegInfo(PDEVICE_OBJECT DeviceObject, PULONG RegFlags, PUNICODE_STRING InstanceName,
                             PUNICODE_STRING* RegistryPath, PUNICODE_STRING MofResourceName, PDEVICE_OBJECT* Pdo) {
  static const WCHAR base[] = L"B";
  UNREFERENCED_PARAMETER(DeviceObject);
  *RegFlags = WMIREG_FLAG_INSTANCE_BASENAME;
  InstanceName->Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, sizeof(base), BENCH_TAG);
  if (InstanceName->Buffer == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  RtlCopyMemory(InstanceName->Buffer, base, sizeof(base));
  InstanceName->Length = sizeof(base) - sizeof(WCHAR);
  InstanceName->MaximumLength = sizeof(base);
  *RegistryPath = &g_registry_path;
  RtlInitUnicodeString(MofResourceName, L"BenchMof");
  *Pdo = NULL;
  return STATUS_SUCCESS;
}

static NTSTATUS QueryDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                               ULONG InstanceCount, PULONG InstanceLengthArray, ULONG BufferAvail, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  ULONG needed = 0;
  ULONG i;
  switch (GuidIndex) {
    case BENCH_SINGLE:
      needed = BENCH_BLOCK_SIZE;
      if (InstanceLengthArray == NULL || BufferAvail < needed) {
        return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, needed, IO_NO_INCREMENT);
      }
      FillSingle(Buffer, ext->Serial);
      InstanceLengthArray[0] = needed;
      break;

    case BENCH_ALL64:
      needed = BENCH_BLOCK_SIZE * InstanceCount;
      if (InstanceLengthArray == NULL || BufferAvail < needed) {
        return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, needed, IO_NO_INCREMENT);
      }
      for (i = 0; i < InstanceCount; ++i) {
        FillSingle(Buffer + BENCH_BLOCK_SIZE * i, InstanceIndex + i);
        InstanceLengthArray[i] = BENCH_BLOCK_SIZE;
      }
      break;

    case BENCH_ALL_MIXED: {
      ULONG offset = 0;
      for (i = 0; i < InstanceCount; ++i) {
        offset = AlignUp8(offset) + MixedSize(InstanceIndex + i);
      }
      needed = offset;
      if (InstanceLengthArray == NULL || BufferAvail < needed) {
        return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, needed, IO_NO_INCREMENT);
      }
      offset = 0;
      for (i = 0; i < InstanceCount; ++i) {
        ULONG size = MixedSize(InstanceIndex + i);
        offset = AlignUp8(offset);
        RtlFillMemory(Buffer + offset, size, (UCHAR)(InstanceIndex + i));
        InstanceLengthArray[i] = size;
        offset += size;
      }
      break;
    }

    case BENCH_SIZED:
      needed = BenchWdmControl.sized_bytes;
      if (InstanceLengthArray == NULL || BufferAvail < needed) {
        return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, needed, IO_NO_INCREMENT);
      }
      RtlFillMemory(Buffer, needed, 0x5A);
      InstanceLengthArray[0] = needed;
      break;

    default:
      if (GuidIndex < BENCH_KINDS) {
        return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_GUID_NOT_FOUND, 0, IO_NO_INCREMENT);
      }
      needed = sizeof(ULONG);
      if (InstanceLengthArray == NULL || BufferAvail < needed) {
        return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, needed, IO_NO_INCREMENT);
      }
      *(PULONG)Buffer = ext->Serial;
      InstanceLengthArray[0] = needed;
      break;
  }
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, needed, IO_NO_INCREMENT);
}

static NTSTATUS FunctionControl(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                WMIENABLEDISABLECONTROL Function, BOOLEAN Enable) {
  UNREFERENCED_PARAMETER(GuidIndex);
  UNREFERENCED_PARAMETER(Function);
  UNREFERENCED_PARAMETER(Enable);
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
}

/* Fires from the calling thread, as a driver fires from its own DPC or thread. */
static uint32_t FireEvents(uint32_t count, uint32_t size) {
  PDEVICE_OBJECT device = (PDEVICE_OBJECT)BenchWdmControl.first_device;
  PDEVICE_EXTENSION ext;
  uint32_t fired = 0;
  uint32_t i;
  if (device == NULL) {
    return 0;
  }
  ext = (PDEVICE_EXTENSION)device->DeviceExtension;
  for (i = 0; i < count; ++i) {
    PUCHAR data = NULL;
    if (size != 0) {
      data = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, size, BENCH_TAG);
      if (data == NULL) {
        break;
      }
      RtlFillMemory(data, size, (UCHAR)i);
    }
    /* EventData belongs to WMI whatever the outcome. */
    if (NT_SUCCESS(WmiFireEvent(device, &ext->Guids[BENCH_EVENT], 0, size, data))) {
      ++fired;
    }
  }
  return fired;
}

static NTSTATUS DispatchSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
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
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  NTSTATUS status;
  if (stack->MinorFunction == IRP_MN_REMOVE_DEVICE) {
    if (ext->Registered) {
      IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_DEREGISTER);
      ext->Registered = FALSE;
    }
    Irp->IoStatus.Status = STATUS_SUCCESS;
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->LowerDevice, Irp);
    IoDetachDevice(ext->LowerDevice);
    IoDeleteDevice(DeviceObject);
    return status;
  }
  if (stack->MinorFunction == IRP_MN_START_DEVICE) {
    Irp->IoStatus.Status = STATUS_SUCCESS;
  }
  IoSkipCurrentIrpStackLocation(Irp);
  return IoCallDriver(ext->LowerDevice, Irp);
}

static NTSTATUS DispatchPassDown(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  IoSkipCurrentIrpStackLocation(Irp);
  return IoCallDriver(ext->LowerDevice, Irp);
}

static NTSTATUS AddDevice(PDRIVER_OBJECT DriverObject, PDEVICE_OBJECT PhysicalDeviceObject) {
  PDEVICE_OBJECT fdo;
  PDEVICE_EXTENSION ext;
  NTSTATUS status;
  ULONG i;
  ULONG blocks = BenchWdmControl.block_count;
  if (blocks == 0 || blocks > BENCH_MAX_BLOCKS) {
    return STATUS_INVALID_PARAMETER;
  }
  status = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &fdo);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  ext = (PDEVICE_EXTENSION)fdo->DeviceExtension;
  RtlZeroMemory(ext, sizeof(*ext));
  ext->LowerDevice = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
  if (ext->LowerDevice == NULL) {
    IoDeleteDevice(fdo);
    return STATUS_NO_SUCH_DEVICE;
  }
  ext->Serial = BenchWdmControl.devices;
  ext->Instances = BenchWdmControl.instances;
  for (i = 0; i < blocks; ++i) {
    GUID* guid = &ext->Guids[i];
    guid->Data1 = BENCH_GUID_DATA1(i);
    guid->Data2 = (USHORT)(ext->Serial >> 16);
    guid->Data3 = (USHORT)ext->Serial;
    RtlZeroMemory(guid->Data4, sizeof(guid->Data4));
    guid->Data4[0] = 0x80;
    ext->GuidList[i].Guid = guid;
    ext->GuidList[i].InstanceCount = 1;
    ext->GuidList[i].Flags = 0;
  }
  if (blocks > BENCH_ALL64) {
    ext->GuidList[BENCH_ALL64].InstanceCount = ext->Instances;
  }
  if (blocks > BENCH_ALL_MIXED) {
    ext->GuidList[BENCH_ALL_MIXED].InstanceCount = ext->Instances;
  }
  if (blocks > BENCH_EVENT) {
    ext->GuidList[BENCH_EVENT].Flags = WMIREG_FLAG_EVENT_ONLY_GUID;
  }
  ext->WmiLib.GuidList = ext->GuidList;
  ext->WmiLib.GuidCount = blocks;
  ext->WmiLib.QueryWmiRegInfo = QueryRegInfo;
  ext->WmiLib.QueryWmiDataBlock = QueryDataBlock;
  ext->WmiLib.WmiFunctionControl = FunctionControl;
  status = IoWMIRegistrationControl(fdo, WMIREG_ACTION_REGISTER);
  if (!NT_SUCCESS(status)) {
    IoDetachDevice(ext->LowerDevice);
    IoDeleteDevice(fdo);
    return status;
  }
  ext->Registered = TRUE;
  if (BenchWdmControl.first_device == NULL) {
    BenchWdmControl.first_device = fdo;
  }
  ++BenchWdmControl.devices;
  fdo->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

static VOID DriverUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  if (g_registry_path.Buffer != NULL) {
    ExFreePoolWithTag(g_registry_path.Buffer, BENCH_TAG);
    g_registry_path.Buffer = NULL;
  }
  BenchWdmControl.first_device = NULL;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  ULONG i;
  g_registry_path.Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, RegistryPath->Length + sizeof(WCHAR), BENCH_TAG);
  if (g_registry_path.Buffer == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  g_registry_path.MaximumLength = RegistryPath->Length + sizeof(WCHAR);
  RtlCopyUnicodeString(&g_registry_path, RegistryPath);
  for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; ++i) {
    DriverObject->MajorFunction[i] = DispatchPassDown;
  }
  DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = DispatchSystemControl;
  DriverObject->MajorFunction[IRP_MJ_PNP] = DispatchPnp;
  DriverObject->DriverExtension->AddDevice = AddDevice;
  DriverObject->DriverUnload = DriverUnload;
  return STATUS_SUCCESS;
}
