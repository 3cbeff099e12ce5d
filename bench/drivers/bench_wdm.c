/* The WDM bench driver: a WmiLib function driver like tests/drivers/wmi_sample.c, with blocks shaped for the
 * benchmarks (bench_driver.h). Each device takes the shape BenchWdmControl asks for when it is added, so one loaded
 * driver can carry a single-instance block, million-instance blocks and thousands of routing devices. */
#include <wdm.h>
#include <wmilib.h>
#include <wmistr.h>
#if defined(__x86_64__) && defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "bench_driver.h"

#define BENCH_TAG 'hcnB'

static const ULONG kMixedSizes[BENCH_MIXED_KINDS] = BENCH_MIXED_SIZES;
static UNICODE_STRING g_registry_path;

typedef struct _DEVICE_EXTENSION {
  PDEVICE_OBJECT LowerDevice;
  ULONG Serial;
  ULONG Instances;
  ULONG MixedBlockBytes; /* MixedBytes(0, Instances), kept as a driver keeps the size of its block */
  WMILIB_CONTEXT WmiLib;
  WMIGUIDREGINFO GuidList[BENCH_MAX_BLOCKS];
  GUID Guids[BENCH_MAX_BLOCKS];
  BOOLEAN Registered;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

static void FillSingle(uint8_t* buffer, uint32_t serial);
static uint32_t FireEvents(uint32_t count, uint32_t size);
static uint32_t FillInstances(uint32_t kind, uint8_t* buffer, uint32_t* lengths, uint32_t first, uint32_t count);

__attribute__((visibility("default"))) BENCH_WDM_CONTROL BenchWdmControl = {10, 1, 64, 0, NULL, FillSingle, FireEvents,
                                                                         FillInstances};

static ULONG AlignUp8(ULONG value) {
  return (value + 7) & ~7u;
}

/* The driver's counters, as a real driver keeps them in its extension and copies them out for each instance: one
 * record per instance kind, the largest 200 bytes (BENCH_MIXED_SIZES), set once in DriverEntry. Every instance gets
 * its kind's record with its own number in the first word. */
static ULONG64 g_counters[200 / sizeof(ULONG64)];

/* The driver's work for BENCH_SINGLE: 64 bytes of "counters" (what the single-instance direct-call limit,
 * BM_Single_DirectCall_WdmFill, calls; unchanged: 64 bytes that the consumer reads back at once). */
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

/* Bytes of `count` mixed instances from `first`, each at an 8-byte boundary (what QUERY_ALL_DATA needs). */
static ULONG MixedBytes(ULONG first, ULONG count) {
  ULONG offset = 0;
  ULONG i;
  for (i = 0; i < count; ++i) {
    offset = AlignUp8(offset) + MixedSize(first + i);
  }
  return offset;
}

/* A block larger than this is written with streaming (non-temporal) stores, as memcpy writes a copy that size:
 * nothing reads it back on this side, and a write that bypasses the caches does not first read each line. */
#define BENCH_STREAM_BYTES (4u << 20)

/* One instance's record: `qwords` 8-byte words of its kind's counters, the first carrying the instance number.
 * `out` is 8-aligned (instances sit at 8-byte boundaries). */
static void StoreRecord(PUCHAR out, ULONG index, ULONG qwords, BOOLEAN stream) {
  ULONG64 first = (g_counters[0] & 0xFFFFFFFF00000000ull) | index;
  ULONG j;
#if defined(__x86_64__) && defined(__SSE2__)
  if (stream) {
    _mm_stream_si64((long long*)out, (long long)first);
    for (j = 1; j < qwords; ++j) {
      _mm_stream_si64((long long*)out + j, (long long)g_counters[j]);
    }
    return;
  }
#endif
  UNREFERENCED_PARAMETER(stream);
  RtlCopyMemory(out, &first, sizeof(first));
  for (j = 1; j < qwords; ++j) {
    RtlCopyMemory(out + 8 * j, &g_counters[j], sizeof(ULONG64));
  }
}

/* The driver's work for BENCH_ALL64 and BENCH_ALL_MIXED: instances `first`.. `first + count - 1` into `buffer`, each
 * at an 8-byte boundary, their lengths into `lengths`; returns the bytes used. Also what the all-data direct-call
 * limit (BM_AllData_DirectCall) calls. */
static uint32_t FillInstances(uint32_t kind, uint8_t* buffer, uint32_t* lengths, uint32_t first, uint32_t count) {
  SIZE_T offset = 0;
  ULONG i;
  BOOLEAN stream;
  if (kind == BENCH_ALL64) {
    stream = (uint64_t)count * BENCH_BLOCK_SIZE >= BENCH_STREAM_BYTES;
    for (i = 0; i < count; ++i) {
      StoreRecord(buffer + (SIZE_T)BENCH_BLOCK_SIZE * i, first + i, BENCH_BLOCK_SIZE / 8, stream);
      lengths[i] = BENCH_BLOCK_SIZE;
    }
    offset = (SIZE_T)BENCH_BLOCK_SIZE * count;
  } else {
    stream = (uint64_t)count * 74 >= BENCH_STREAM_BYTES;
    for (i = 0; i < count; ++i) {
      ULONG index = first + i;
      offset = (offset + 7) & ~(SIZE_T)7;
      switch (index % BENCH_MIXED_KINDS) { /* constant sizes: each kind's record is a fixed run of stores */
        case 0:
          StoreRecord(buffer + offset, index, 1, stream);
          break;
        case 1:
          StoreRecord(buffer + offset, index, 3, stream);
          break;
        case 2:
          StoreRecord(buffer + offset, index, 8, stream);
          break;
        default:
          StoreRecord(buffer + offset, index, 25, stream);
          break;
      }
      lengths[i] = MixedSize(index);
      offset += lengths[i];
    }
  }
#if defined(__x86_64__) && defined(__SSE2__)
  if (stream) {
    _mm_sfence(); /* the streamed stores are visible before the request completes */
  }
#endif
  return (uint32_t)offset;
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
      FillInstances(BENCH_ALL64, Buffer, InstanceLengthArray, InstanceIndex, InstanceCount);
      break;

    case BENCH_ALL_MIXED:
      needed = InstanceIndex == 0 && InstanceCount == ext->Instances ? ext->MixedBlockBytes
                                                                     : MixedBytes(InstanceIndex, InstanceCount);
      if (InstanceLengthArray == NULL || BufferAvail < needed) {
        return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, needed, IO_NO_INCREMENT);
      }
      FillInstances(BENCH_ALL_MIXED, Buffer, InstanceLengthArray, InstanceIndex, InstanceCount);
      break;

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
  ext->MixedBlockBytes = MixedBytes(0, ext->Instances);
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
  for (i = 0; i < sizeof(g_counters) / sizeof(g_counters[0]); ++i) {
    g_counters[i] = 0x0100000001000000ull * i + 2 * i + 1;
  }
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
