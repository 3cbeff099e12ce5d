/* A WDM function driver using WmiLib, written as the WDK documentation describes one (spec wmi-interfaces.md §4):
 * DriverEntry stores RegistryPath, AddDevice creates an FDO, attaches it to the PDO and registers with WMI;
 * IRP_MJ_SYSTEM_CONTROL goes to WmiSystemControl and the disposition decides who completes or forwards;
 * REMOVE_DEVICE deregisters. Blocks: see wmi_sample.h. */
#include <wdm.h>
#include <wmilib.h>
#include <wmistr.h>

#include "wmi_sample.h"

#define SAMPLE_TAG 'pmaS'

static const GUID g_guids[WMI_SAMPLE_BLOCKS] = {WMI_SAMPLE_GUID(0), WMI_SAMPLE_GUID(1), WMI_SAMPLE_GUID(2),
                                                WMI_SAMPLE_GUID(3), WMI_SAMPLE_GUID(4), WMI_SAMPLE_GUID(5),
                                                WMI_SAMPLE_GUID(6)};

WMI_SAMPLE_STATS WmiSampleStats;
static KSPIN_LOCK g_stats_lock; /* guards last_request, last_request_size, last_minor */

static UNICODE_STRING g_registry_path;

typedef struct _DEVICE_EXTENSION {
  PDEVICE_OBJECT Self;
  PDEVICE_OBJECT Pdo;
  PDEVICE_OBJECT LowerDevice;
  WMILIB_CONTEXT WmiLib;
  WMIGUIDREGINFO GuidList[WMI_SAMPLE_BLOCKS];
  ULONG Counter[2];
  ULONG Setting[2];
  BOOLEAN EventsOn[WMI_SAMPLE_BLOCKS];
  BOOLEAN CollectionOn[WMI_SAMPLE_BLOCKS];
  /* EXTRA is always in GuidList (so GuidCount never changes under WmiLib's feet) and reported with
   * WMIREG_FLAG_REMOVE_GUID while it should not be registered. Methods only set ExtraWanted; QueryRegInfo, which
   * WmiLib calls before it reads GuidList, applies it: GuidList changes only on the WMI registration thread. */
  KSPIN_LOCK Lock;
  BOOLEAN ExtraWanted; /* guarded by Lock */
  BOOLEAN Registered;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

typedef struct _PENDING_QUERY {
  PIRP Irp;
  PIO_WORKITEM WorkItem;
  PUCHAR Buffer;
  ULONG BufferAvail;
  PULONG InstanceLengthArray;
} PENDING_QUERY, *PPENDING_QUERY;

static const ULONG g_var_sizes[3] = {4, 12, 6};

static ULONG AlignUp8(ULONG value) {
  return (value + 7) & ~7u;
}

static ULONG VarSize(ULONG index) {
  if (index == 0 && WmiSampleStats.var_big_size != 0) {
    return WmiSampleStats.var_big_size;
  }
  return g_var_sizes[index];
}

static void FillVar(PUCHAR out, ULONG index, ULONG size) {
  ULONG i;
  for (i = 0; i < size; ++i) {
    out[i] = (UCHAR)(0x10 * (index + 1) + i);
  }
}

/* ---- WMI callbacks ---------------------------------------------------------------------------------------------- */

static NTSTATUS QueryRegInfo(PDEVICE_OBJECT DeviceObject, PULONG RegFlags, PUNICODE_STRING InstanceName,
                             PUNICODE_STRING* RegistryPath, PUNICODE_STRING MofResourceName, PDEVICE_OBJECT* Pdo) {
  static const WCHAR base[] = L"WmiSampleVar";
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  KIRQL irql;
  /* The block list may change between registrations: update it here, as the docs allow. */
  KeAcquireSpinLock(&ext->Lock, &irql);
  if (ext->ExtraWanted) {
    ext->GuidList[WMI_SAMPLE_EXTRA].Flags &= ~WMIREG_FLAG_REMOVE_GUID;
  } else {
    ext->GuidList[WMI_SAMPLE_EXTRA].Flags |= WMIREG_FLAG_REMOVE_GUID;
  }
  KeReleaseSpinLock(&ext->Lock, irql);
  *RegFlags = 0; /* per-block naming flags */
  InstanceName->Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, sizeof(base), SAMPLE_TAG);
  if (InstanceName->Buffer == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  RtlCopyMemory(InstanceName->Buffer, base, sizeof(base));
  InstanceName->Length = sizeof(base) - sizeof(WCHAR);
  InstanceName->MaximumLength = sizeof(base);
  *RegistryPath = &g_registry_path;
  RtlInitUnicodeString(MofResourceName, L"WmiSampleMof");
  *Pdo = ext->Pdo;
  return STATUS_SUCCESS;
}

static VOID CompletePendingQuery(PDEVICE_OBJECT DeviceObject, PVOID Context) {
  PPENDING_QUERY pending = (PPENDING_QUERY)Context;
  NTSTATUS status;
  ULONG used = 16;
  if (pending->BufferAvail < used) {
    status = STATUS_BUFFER_TOO_SMALL;
  } else {
    ULONG i;
    for (i = 0; i < used; ++i) {
      pending->Buffer[i] = (UCHAR)(0xA0 + i);
    }
    pending->InstanceLengthArray[0] = used;
    status = STATUS_SUCCESS;
  }
  IoFreeWorkItem(pending->WorkItem);
  WmiCompleteRequest(DeviceObject, pending->Irp, status, used, IO_NO_INCREMENT);
  ExFreePoolWithTag(pending, SAMPLE_TAG);
}

static NTSTATUS QueryDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                               ULONG InstanceCount, PULONG InstanceLengthArray, ULONG BufferAvail, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  ULONG needed = 0;
  ULONG i;
  switch (GuidIndex) {
    case WMI_SAMPLE_DATA:
      needed = AlignUp8(8) * (InstanceCount - 1) + 8;
      if (InstanceLengthArray == NULL || BufferAvail < needed) {
        return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, needed, IO_NO_INCREMENT);
      }
      for (i = 0; i < InstanceCount; ++i) {
        PULONG item = (PULONG)(Buffer + 8 * i);
        item[0] = (ULONG)InterlockedIncrement((volatile LONG*)&ext->Counter[InstanceIndex + i]);
        item[1] = ext->Setting[InstanceIndex + i];
        InstanceLengthArray[i] = 8;
      }
      return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, needed, IO_NO_INCREMENT);

    case WMI_SAMPLE_VAR: {
      ULONG offset = 0;
      for (i = 0; i < InstanceCount; ++i) {
        offset = AlignUp8(offset);
        offset += VarSize(InstanceIndex + i);
      }
      needed = offset;
      if (InstanceLengthArray == NULL || BufferAvail < needed) {
        return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, needed, IO_NO_INCREMENT);
      }
      offset = 0;
      for (i = 0; i < InstanceCount; ++i) {
        ULONG size = VarSize(InstanceIndex + i);
        offset = AlignUp8(offset);
        FillVar(Buffer + offset, InstanceIndex + i, size);
        InstanceLengthArray[i] = size;
        offset += size;
      }
      return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, needed, IO_NO_INCREMENT);
    }

    case WMI_SAMPLE_EXPENSIVE:
    case WMI_SAMPLE_METHOD:
    case WMI_SAMPLE_EXTRA:
      needed = 4;
      if (InstanceLengthArray == NULL || BufferAvail < needed) {
        return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, needed, IO_NO_INCREMENT);
      }
      *(PULONG)Buffer = ext->CollectionOn[GuidIndex] ? 0xC011EC7u : 0x1D1Eu;
      InstanceLengthArray[0] = needed;
      return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, needed, IO_NO_INCREMENT);

    case WMI_SAMPLE_PENDING: {
      PPENDING_QUERY pending = (PPENDING_QUERY)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(*pending), SAMPLE_TAG);
      if (pending == NULL) {
        return WmiCompleteRequest(DeviceObject, Irp, STATUS_INSUFFICIENT_RESOURCES, 0, IO_NO_INCREMENT);
      }
      pending->Irp = Irp;
      pending->Buffer = Buffer;
      pending->BufferAvail = InstanceLengthArray == NULL ? 0 : BufferAvail;
      pending->InstanceLengthArray = InstanceLengthArray;
      pending->WorkItem = IoAllocateWorkItem(DeviceObject);
      if (pending->WorkItem == NULL) {
        ExFreePoolWithTag(pending, SAMPLE_TAG);
        return WmiCompleteRequest(DeviceObject, Irp, STATUS_INSUFFICIENT_RESOURCES, 0, IO_NO_INCREMENT);
      }
      IoMarkIrpPending(Irp);
      IoQueueWorkItem(pending->WorkItem, CompletePendingQuery, DelayedWorkQueue, pending);
      return STATUS_PENDING;
    }

    default:
      return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_GUID_NOT_FOUND, 0, IO_NO_INCREMENT);
  }
}

static NTSTATUS SetDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                             ULONG BufferSize, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  NTSTATUS status;
  if (GuidIndex != WMI_SAMPLE_DATA) {
    status = STATUS_WMI_READ_ONLY;
  } else if (BufferSize != 8) {
    status = STATUS_WMI_SET_FAILURE;
  } else {
    /* Counter is read-only: only Setting changes. */
    ext->Setting[InstanceIndex] = ((PULONG)Buffer)[1];
    status = STATUS_SUCCESS;
  }
  return WmiCompleteRequest(DeviceObject, Irp, status, 0, IO_NO_INCREMENT);
}

static NTSTATUS SetDataItem(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                            ULONG DataItemId, ULONG BufferSize, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  NTSTATUS status;
  if (GuidIndex != WMI_SAMPLE_DATA) {
    status = STATUS_WMI_READ_ONLY;
  } else if (DataItemId == 1) {
    status = STATUS_WMI_READ_ONLY; /* Counter */
  } else if (DataItemId != 2) {
    status = STATUS_WMI_ITEMID_NOT_FOUND;
  } else if (BufferSize != sizeof(ULONG)) {
    status = STATUS_BUFFER_TOO_SMALL; /* WmiCompleteRequest turns this into STATUS_WMI_SET_FAILURE */
  } else {
    ext->Setting[InstanceIndex] = *(PULONG)Buffer;
    status = STATUS_SUCCESS;
  }
  return WmiCompleteRequest(DeviceObject, Irp, status, 0, IO_NO_INCREMENT);
}

static NTSTATUS FireEventReference(PDEVICE_OBJECT DeviceObject) {
  PWNODE_EVENT_REFERENCE wnode =
      (PWNODE_EVENT_REFERENCE)ExAllocatePoolWithTag(NonPagedPoolNx, sizeof(WNODE_EVENT_REFERENCE), SAMPLE_TAG);
  NTSTATUS status;
  if (wnode == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  RtlZeroMemory(wnode, sizeof(*wnode));
  wnode->WnodeHeader.BufferSize = sizeof(WNODE_EVENT_REFERENCE);
  wnode->WnodeHeader.ProviderId = IoWMIDeviceObjectToProviderId(DeviceObject);
  wnode->WnodeHeader.Guid = g_guids[WMI_SAMPLE_EVENT];
  wnode->WnodeHeader.Flags = WNODE_FLAG_EVENT_REFERENCE | WNODE_FLAG_STATIC_INSTANCE_NAMES;
  KeQuerySystemTime(&wnode->WnodeHeader.TimeStamp);
  wnode->TargetGuid = g_guids[WMI_SAMPLE_DATA];
  wnode->TargetDataBlockSize = 8;
  wnode->TargetInstanceIndex = 1;
  status = IoWMIWriteEvent(wnode);
  if (!NT_SUCCESS(status)) {
    ExFreePoolWithTag(wnode, SAMPLE_TAG);
  }
  return status;
}

static NTSTATUS ExecuteMethod(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                              ULONG MethodId, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  ULONG i;
  UNREFERENCED_PARAMETER(InstanceIndex);
  if (GuidIndex != WMI_SAMPLE_METHOD) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_INVALID_DEVICE_REQUEST, 0, IO_NO_INCREMENT);
  }
  switch (MethodId) {
    case WMI_SAMPLE_METHOD_ECHO:
      if (OutBufferSize < InBufferSize) {
        return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, InBufferSize, IO_NO_INCREMENT);
      }
      for (i = 0; i < InBufferSize / 2; ++i) {
        UCHAR t = Buffer[i];
        Buffer[i] = Buffer[InBufferSize - 1 - i];
        Buffer[InBufferSize - 1 - i] = t;
      }
      return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, InBufferSize, IO_NO_INCREMENT);

    case WMI_SAMPLE_METHOD_FIRE: {
      ULONG size;
      PUCHAR data = NULL;
      if (InBufferSize < sizeof(ULONG)) {
        return WmiCompleteRequest(DeviceObject, Irp, STATUS_INVALID_PARAMETER, 0, IO_NO_INCREMENT);
      }
      size = *(PULONG)Buffer;
      if (size != 0) {
        data = (PUCHAR)ExAllocatePoolWithTag(NonPagedPoolNx, size, SAMPLE_TAG);
        if (data == NULL) {
          return WmiCompleteRequest(DeviceObject, Irp, STATUS_INSUFFICIENT_RESOURCES, 0, IO_NO_INCREMENT);
        }
        for (i = 0; i < size; ++i) {
          data[i] = (UCHAR)i;
        }
      }
      /* EventData is owned (and freed) by WMI whatever the outcome. */
      WmiSampleStats.last_fire_status = WmiFireEvent(DeviceObject, &g_guids[WMI_SAMPLE_EVENT], 0, size, data);
      return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
    }

    case WMI_SAMPLE_METHOD_TOGGLE_EXTRA:
      /* Add the EXTRA block, or report it once more flagged for removal (spec §5.4 WMIREG_FLAG_REMOVE_GUID).
       * The update is processed later on a WMI thread, never inside this dispatch. */
      {
        KIRQL irql;
        KeAcquireSpinLock(&ext->Lock, &irql);
        ext->ExtraWanted = !ext->ExtraWanted;
        KeReleaseSpinLock(&ext->Lock, irql);
      }
      IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_UPDATE_GUIDS);
      return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);

    case WMI_SAMPLE_METHOD_NEEDS: {
      ULONG needed;
      if (InBufferSize < sizeof(ULONG)) {
        return WmiCompleteRequest(DeviceObject, Irp, STATUS_INVALID_PARAMETER, 0, IO_NO_INCREMENT);
      }
      needed = *(PULONG)Buffer;
      /* Size check before any side effect, so the retry with the right size behaves the same. */
      if (OutBufferSize < needed) {
        return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, needed, IO_NO_INCREMENT);
      }
      for (i = 0; i < needed; ++i) {
        Buffer[i] = (UCHAR)(0xFF - (i & 0xFF));
      }
      return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, needed, IO_NO_INCREMENT);
    }

    case WMI_SAMPLE_METHOD_FIRE_REF:
      WmiSampleStats.last_fire_status = FireEventReference(DeviceObject);
      return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);

    case WMI_SAMPLE_METHOD_DEREGISTER:
      WmiSampleStats.last_deregister_status = IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_DEREGISTER);
      ext->Registered = FALSE;
      return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);

    default:
      return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_ITEMID_NOT_FOUND, 0, IO_NO_INCREMENT);
  }
}

static NTSTATUS FunctionControl(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                WMIENABLEDISABLECONTROL Function, BOOLEAN Enable) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  if (GuidIndex < WMI_SAMPLE_BLOCKS) {
    BOOLEAN* state = Function == WmiEventControl ? &ext->EventsOn[GuidIndex] : &ext->CollectionOn[GuidIndex];
    volatile int32_t* counter =
        Function == WmiEventControl
            ? (Enable ? &WmiSampleStats.events_enabled[GuidIndex] : &WmiSampleStats.events_disabled[GuidIndex])
            : (Enable ? &WmiSampleStats.collection_enabled[GuidIndex] : &WmiSampleStats.collection_disabled[GuidIndex]);
    if (Enable && *state) {
      InterlockedIncrement((volatile LONG*)&WmiSampleStats.double_enables);
    }
    if (!Enable && !*state) {
      InterlockedIncrement((volatile LONG*)&WmiSampleStats.double_disables);
    }
    *state = Enable;
    InterlockedIncrement((volatile LONG*)counter);
  }
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
}

/* ---- Dispatch routines ----------------------------------------------------------------------------------------- */

static VOID RecordRequest(PIRP Irp) {
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  UCHAR minor = stack->MinorFunction;
  if (minor < 12) {
    InterlockedIncrement((volatile LONG*)&WmiSampleStats.irps_by_minor[minor]);
  }
  if (minor != IRP_MN_REGINFO && minor != IRP_MN_REGINFO_EX && stack->Parameters.WMI.Buffer != NULL) {
    KIRQL irql;
    ULONG size = ((PWNODE_HEADER)stack->Parameters.WMI.Buffer)->BufferSize;
    if (size > WMI_SAMPLE_LAST_REQUEST_MAX) {
      size = WMI_SAMPLE_LAST_REQUEST_MAX;
    }
    if (size > stack->Parameters.WMI.BufferSize) {
      size = stack->Parameters.WMI.BufferSize;
    }
    KeAcquireSpinLock(&g_stats_lock, &irql);
    RtlCopyMemory(WmiSampleStats.last_request, stack->Parameters.WMI.Buffer, size);
    WmiSampleStats.last_request_size = size;
    WmiSampleStats.last_minor = minor;
    KeReleaseSpinLock(&g_stats_lock, irql);
  }
}

static NTSTATUS DispatchSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  SYSCTL_IRP_DISPOSITION disposition;
  NTSTATUS status;
  RecordRequest(Irp);
  status = WmiSystemControl(&ext->WmiLib, DeviceObject, Irp, &disposition);
  switch (disposition) {
    case IrpProcessed:
      break;
    case IrpNotCompleted:
      IoCompleteRequest(Irp, IO_NO_INCREMENT);
      break;
    case IrpForward:
    case IrpNotWmi:
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
  /* START and everything else: the bus driver below handles it. */
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
  status = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &fdo);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  ext = (PDEVICE_EXTENSION)fdo->DeviceExtension;
  RtlZeroMemory(ext, sizeof(*ext));
  ext->Self = fdo;
  ext->Pdo = PhysicalDeviceObject;
  ext->LowerDevice = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
  if (ext->LowerDevice == NULL) {
    IoDeleteDevice(fdo);
    return STATUS_NO_SUCH_DEVICE;
  }
  for (i = 0; i < WMI_SAMPLE_BLOCKS; ++i) {
    ext->GuidList[i].Guid = &g_guids[i];
    ext->GuidList[i].InstanceCount = 1;
    ext->GuidList[i].Flags = WMIREG_FLAG_INSTANCE_PDO;
  }
  ext->GuidList[WMI_SAMPLE_DATA].InstanceCount = 2;
  ext->GuidList[WMI_SAMPLE_VAR].InstanceCount = 3;
  ext->GuidList[WMI_SAMPLE_VAR].Flags = WMIREG_FLAG_INSTANCE_BASENAME;
  ext->GuidList[WMI_SAMPLE_EXPENSIVE].Flags |= WMIREG_FLAG_EXPENSIVE;
  ext->GuidList[WMI_SAMPLE_EVENT].Flags |= WMIREG_FLAG_EVENT_ONLY_GUID;
  ext->GuidList[WMI_SAMPLE_EXTRA].Flags = WMIREG_FLAG_INSTANCE_BASENAME | WMIREG_FLAG_REMOVE_GUID;
  ext->WmiLib.GuidList = ext->GuidList;
  ext->WmiLib.GuidCount = WMI_SAMPLE_BLOCKS;
  KeInitializeSpinLock(&ext->Lock);
  ext->WmiLib.QueryWmiRegInfo = QueryRegInfo;
  ext->WmiLib.QueryWmiDataBlock = QueryDataBlock;
  ext->WmiLib.SetWmiDataBlock = SetDataBlock;
  ext->WmiLib.SetWmiDataItem = SetDataItem;
  ext->WmiLib.ExecuteWmiMethod = ExecuteMethod;
  ext->WmiLib.WmiFunctionControl = FunctionControl;
  ext->Setting[0] = 100;
  ext->Setting[1] = 200;
  status = IoWMIRegistrationControl(fdo, WMIREG_ACTION_REGISTER);
  if (!NT_SUCCESS(status)) {
    IoDetachDevice(ext->LowerDevice);
    IoDeleteDevice(fdo);
    return status;
  }
  ext->Registered = TRUE;
  fdo->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

static VOID DriverUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  if (g_registry_path.Buffer != NULL) {
    ExFreePoolWithTag(g_registry_path.Buffer, SAMPLE_TAG);
    g_registry_path.Buffer = NULL;
  }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  ULONG i;
  /* Keep a copy of the registry path: WMI asks for it in every registration. */
  g_registry_path.Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, RegistryPath->Length + sizeof(WCHAR), SAMPLE_TAG);
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
  KeInitializeSpinLock(&g_stats_lock);
  return STATUS_SUCCESS;
}
