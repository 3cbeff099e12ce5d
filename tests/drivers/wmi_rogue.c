/* See wmi_rogue.h. A driver that builds its own WMIREGINFO and WNODEs, as drivers without WmiLib do. */
#include <wdm.h>
#include <wmistr.h>

#include "wmi_rogue.h"
/* The sample driver's VAR block: registered here too with the same base name, to collide with it. */
#include "wmi_sample.h"

static const GUID g_guids[WMI_ROGUE_BLOCKS] = {WMI_ROGUE_GUID(0), WMI_ROGUE_GUID(1), WMI_ROGUE_GUID(2),
                                               WMI_ROGUE_GUID(3), WMI_ROGUE_GUID(4)};
static const GUID g_sample_var = WMI_SAMPLE_GUID(1);

static WCHAR g_registry_path[256];
static USHORT g_registry_path_bytes;

typedef struct _DEVICE_EXTENSION {
  PDEVICE_OBJECT LowerDevice;
  BOOLEAN Registered;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

/* ---- A tiny writer for counted strings ------------------------------------------------------------------------- */

static ULONG PutCounted(PUCHAR base, ULONG offset, const WCHAR* text, USHORT bytes) {
  *(USHORT*)(base + offset) = bytes;
  RtlCopyMemory(base + offset + 2, text, bytes);
  return offset + 2 + bytes;
}

#define TEXT_BYTES(s) ((USHORT)(sizeof(s) - sizeof(WCHAR)))

static const WCHAR kRogue[] = L"Rogue";
static const WCHAR kLiar[] = L"Liar";
static const WCHAR kGarbage[] = L"Garbage";
static const WCHAR kAlpha[] = L"alpha";
static const WCHAR kBeta[] = L"beta";
static const WCHAR kSampleVar[] = L"WmiSampleVar";
static const WCHAR kDynA[] = L"dynA";
static const WCHAR kDynB[] = L"dynB";

/* WMIREGINFO: 24-byte header, 6 WMIREGGUIDs of 32 bytes, then the strings. */
#define REG_GUIDS 6
static ULONG BuildRegInfo(PUCHAR out, ULONG size) {
  const ULONG strings = sizeof(WMIREGINFO) + REG_GUIDS * sizeof(WMIREGGUID);
  ULONG needed = strings + 2 + g_registry_path_bytes + 2 + TEXT_BYTES(kRogue) + 2 + TEXT_BYTES(kLiar) + 2 +
                 TEXT_BYTES(kGarbage) + 2 + TEXT_BYTES(kAlpha) + 2 + TEXT_BYTES(kBeta) + 2 + TEXT_BYTES(kSampleVar);
  PWMIREGINFO info = (PWMIREGINFO)out;
  ULONG at = strings;
  ULONG i;
  if (size < needed) {
    return needed;
  }
  RtlZeroMemory(out, needed);
  info->BufferSize = needed;
  info->GuidCount = REG_GUIDS;
  info->RegistryPath = at;
  at = PutCounted(out, at, g_registry_path, g_registry_path_bytes);
  for (i = 0; i < REG_GUIDS; ++i) {
    info->WmiRegGuid[i].Guid = i < WMI_ROGUE_BLOCKS ? g_guids[i] : g_sample_var;
    info->WmiRegGuid[i].InstanceCount = 1;
  }
  info->WmiRegGuid[WMI_ROGUE_TWICE].Flags = WMIREG_FLAG_INSTANCE_BASENAME;
  info->WmiRegGuid[WMI_ROGUE_TWICE].BaseNameOffset = at;
  at = PutCounted(out, at, kRogue, TEXT_BYTES(kRogue));
  info->WmiRegGuid[WMI_ROGUE_LIAR].Flags = WMIREG_FLAG_INSTANCE_BASENAME;
  info->WmiRegGuid[WMI_ROGUE_LIAR].BaseNameOffset = at;
  at = PutCounted(out, at, kLiar, TEXT_BYTES(kLiar));
  info->WmiRegGuid[WMI_ROGUE_GARBAGE].Flags = WMIREG_FLAG_INSTANCE_BASENAME;
  info->WmiRegGuid[WMI_ROGUE_GARBAGE].BaseNameOffset = at;
  at = PutCounted(out, at, kGarbage, TEXT_BYTES(kGarbage));
  info->WmiRegGuid[WMI_ROGUE_DYNAMIC].Flags = 0;
  info->WmiRegGuid[WMI_ROGUE_DYNAMIC].InstanceCount = 2;
  info->WmiRegGuid[WMI_ROGUE_LIST].Flags = WMIREG_FLAG_INSTANCE_LIST;
  info->WmiRegGuid[WMI_ROGUE_LIST].InstanceCount = 2;
  info->WmiRegGuid[WMI_ROGUE_LIST].InstanceNameList = at;
  at = PutCounted(out, at, kAlpha, TEXT_BYTES(kAlpha));
  at = PutCounted(out, at, kBeta, TEXT_BYTES(kBeta));
  info->WmiRegGuid[5].Flags = WMIREG_FLAG_INSTANCE_BASENAME;
  info->WmiRegGuid[5].InstanceCount = 2;
  info->WmiRegGuid[5].BaseNameOffset = at;
  at = PutCounted(out, at, kSampleVar, TEXT_BYTES(kSampleVar));
  return at;
}

/* ---- Replies --------------------------------------------------------------------------------------------------- */

static NTSTATUS TooSmall(PUCHAR buffer, ULONG size, ULONG needed, PIRP Irp) {
  PWNODE_TOO_SMALL small = (PWNODE_TOO_SMALL)buffer;
  if (size < sizeof(WNODE_TOO_SMALL)) {
    return STATUS_BUFFER_TOO_SMALL;
  }
  small->WnodeHeader.BufferSize = sizeof(WNODE_TOO_SMALL);
  small->WnodeHeader.Flags = WNODE_FLAG_TOO_SMALL;
  small->SizeNeeded = needed;
  Irp->IoStatus.Information = sizeof(WNODE_TOO_SMALL);
  return STATUS_SUCCESS;
}

/* Two dynamic instances: OffsetInstanceDataAndLength[2] at 60, name offsets at 76, names at 84 and 94, data at
 * 104 and 112; BufferSize 116. */
static NTSTATUS DynamicAllData(PUCHAR buffer, ULONG size, PIRP Irp) {
  PWNODE_ALL_DATA all = (PWNODE_ALL_DATA)buffer;
  PULONG name_offsets;
  if (size < 116) {
    return TooSmall(buffer, size, 116, Irp);
  }
  all->WnodeHeader.BufferSize = 116;
  all->WnodeHeader.Flags &= ~(WNODE_FLAG_STATIC_INSTANCE_NAMES | WNODE_FLAG_FIXED_INSTANCE_SIZE);
  KeQuerySystemTime(&all->WnodeHeader.TimeStamp);
  all->InstanceCount = 2;
  all->DataBlockOffset = 104;
  all->OffsetInstanceNameOffsets = 76;
  all->OffsetInstanceDataAndLength[0].OffsetInstanceData = 104;
  all->OffsetInstanceDataAndLength[0].LengthInstanceData = 4;
  all->OffsetInstanceDataAndLength[1].OffsetInstanceData = 112;
  all->OffsetInstanceDataAndLength[1].LengthInstanceData = 4;
  name_offsets = (PULONG)(buffer + 76);
  name_offsets[0] = 84;
  name_offsets[1] = 94;
  PutCounted(buffer, 84, kDynA, TEXT_BYTES(kDynA));
  PutCounted(buffer, 94, kDynB, TEXT_BYTES(kDynB));
  RtlFillMemory(buffer + 104, 8, 0);
  RtlFillMemory(buffer + 104, 4, 0x11);
  RtlFillMemory(buffer + 112, 4, 0x22);
  Irp->IoStatus.Information = 116;
  return STATUS_SUCCESS;
}

static NTSTATUS AllData(ULONG block, PUCHAR buffer, ULONG size, PIRP Irp) {
  PWNODE_ALL_DATA all = (PWNODE_ALL_DATA)buffer;
  switch (block) {
    case WMI_ROGUE_TWICE:
      return TooSmall(buffer, size, size + 64, Irp); /* never satisfied */
    case WMI_ROGUE_LIAR:
      Irp->IoStatus.Information = (ULONG_PTR)size + 100;
      return STATUS_SUCCESS;
    case WMI_ROGUE_GARBAGE:
      all->WnodeHeader.BufferSize = sizeof(WNODE_ALL_DATA);
      all->InstanceCount = 1000; /* no OffsetInstanceDataAndLength entries follow */
      all->DataBlockOffset = sizeof(WNODE_ALL_DATA);
      Irp->IoStatus.Information = sizeof(WNODE_ALL_DATA);
      return STATUS_SUCCESS;
    case WMI_ROGUE_DYNAMIC:
      return DynamicAllData(buffer, size, Irp);
    default: { /* LIST and the sample's VAR GUID: fixed-size ULONG instances */
      ULONG count = 2;
      ULONG total = 64 + 8 * count;
      ULONG k;
      if (size < total) {
        return TooSmall(buffer, size, total, Irp);
      }
      all->WnodeHeader.BufferSize = total;
      all->WnodeHeader.Flags |= WNODE_FLAG_FIXED_INSTANCE_SIZE;
      all->InstanceCount = count;
      all->DataBlockOffset = 64;
      all->FixedInstanceSize = 4;
      for (k = 0; k < count; ++k) {
        *(PULONG)(buffer + 64 + 8 * k) = 0x100 + k;
      }
      Irp->IoStatus.Information = total;
      return STATUS_SUCCESS;
    }
  }
}

static BOOLEAN NameIs(PUCHAR buffer, ULONG size, ULONG offset, const WCHAR* text, USHORT bytes) {
  if (offset == 0 || offset + 2 > size || offset + 2 + *(USHORT*)(buffer + offset) > size) {
    return FALSE;
  }
  return *(USHORT*)(buffer + offset) == bytes && RtlEqualMemory(buffer + offset + 2, text, bytes);
}

static NTSTATUS SingleInstance(ULONG block, PUCHAR buffer, ULONG size, PIRP Irp) {
  PWNODE_SINGLE_INSTANCE single = (PWNODE_SINGLE_INSTANCE)buffer;
  ULONG value;
  if (size < sizeof(WNODE_SINGLE_INSTANCE) || single->DataBlockOffset > size) {
    return STATUS_INVALID_PARAMETER;
  }
  if (block == WMI_ROGUE_DYNAMIC) {
    if (single->WnodeHeader.Flags & WNODE_FLAG_STATIC_INSTANCE_NAMES) {
      return STATUS_WMI_INSTANCE_NOT_FOUND;
    }
    if (NameIs(buffer, size, single->OffsetInstanceName, kDynA, TEXT_BYTES(kDynA))) {
      value = 0x11111111;
    } else if (NameIs(buffer, size, single->OffsetInstanceName, kDynB, TEXT_BYTES(kDynB))) {
      value = 0x22222222;
    } else {
      return STATUS_WMI_INSTANCE_NOT_FOUND;
    }
  } else if (block == WMI_ROGUE_LIST) {
    if (single->InstanceIndex >= 2) {
      return STATUS_WMI_INSTANCE_NOT_FOUND;
    }
    value = 0x100 + single->InstanceIndex;
  } else {
    return STATUS_INVALID_DEVICE_REQUEST;
  }
  if (size - single->DataBlockOffset < sizeof(ULONG)) {
    return TooSmall(buffer, size, single->DataBlockOffset + sizeof(ULONG), Irp);
  }
  *(PULONG)(buffer + single->DataBlockOffset) = value;
  single->SizeDataBlock = sizeof(ULONG);
  single->WnodeHeader.BufferSize = single->DataBlockOffset + sizeof(ULONG);
  Irp->IoStatus.Information = single->WnodeHeader.BufferSize;
  return STATUS_SUCCESS;
}

static LONG FindBlock(const GUID* guid) {
  LONG i;
  for (i = 0; i < WMI_ROGUE_BLOCKS; ++i) {
    if (RtlEqualMemory(guid, &g_guids[i], sizeof(GUID))) {
      return i;
    }
  }
  if (RtlEqualMemory(guid, &g_sample_var, sizeof(GUID))) {
    return WMI_ROGUE_BLOCKS;
  }
  return -1;
}

static NTSTATUS DispatchSystemControl(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  PUCHAR buffer = (PUCHAR)stack->Parameters.WMI.Buffer;
  ULONG size = stack->Parameters.WMI.BufferSize;
  NTSTATUS status;
  LONG block;
  if (stack->Parameters.WMI.ProviderId != (ULONG_PTR)IoWMIDeviceObjectToProviderId(DeviceObject) ||
      stack->MinorFunction == IRP_MN_REGINFO_EX) {
    /* Not ours, or the XP-era minor this Windows 2000-style driver does not know: pass it down. The bus
     * driver completes it unchanged (STATUS_NOT_SUPPORTED), which tells WMI to fall back to IRP_MN_REGINFO. */
    IoSkipCurrentIrpStackLocation(Irp);
    return IoCallDriver(ext->LowerDevice, Irp);
  }
  Irp->IoStatus.Information = 0;
  switch (stack->MinorFunction) {
    case IRP_MN_REGINFO: {
      ULONG needed = BuildRegInfo(buffer, size);
      if (needed > size) {
        /* KMDF's convention (spec §4.4): success with Information == sizeof(ULONG). */
        *(PULONG)buffer = needed;
        Irp->IoStatus.Information = sizeof(ULONG);
      } else {
        Irp->IoStatus.Information = needed;
      }
      status = STATUS_SUCCESS;
      break;
    }
    case IRP_MN_QUERY_ALL_DATA:
      block = FindBlock((const GUID*)stack->Parameters.WMI.DataPath);
      status = block < 0 ? STATUS_WMI_GUID_NOT_FOUND : AllData((ULONG)block, buffer, size, Irp);
      break;
    case IRP_MN_QUERY_SINGLE_INSTANCE:
      block = FindBlock((const GUID*)stack->Parameters.WMI.DataPath);
      status = block < 0 ? STATUS_WMI_GUID_NOT_FOUND : SingleInstance((ULONG)block, buffer, size, Irp);
      break;
    case IRP_MN_ENABLE_EVENTS:
    case IRP_MN_DISABLE_EVENTS:
    case IRP_MN_ENABLE_COLLECTION:
    case IRP_MN_DISABLE_COLLECTION:
      status = STATUS_SUCCESS;
      break;
    default:
      status = STATUS_INVALID_DEVICE_REQUEST;
      break;
  }
  Irp->IoStatus.Status = status;
  IoCompleteRequest(Irp, IO_NO_INCREMENT);
  return status;
}

static NTSTATUS DispatchPnp(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(Irp);
  NTSTATUS status;
  if (stack->MinorFunction == IRP_MN_REMOVE_DEVICE) {
    if (ext->Registered) {
      IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_DEREGISTER);
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
  NTSTATUS status = IoCreateDevice(DriverObject, sizeof(DEVICE_EXTENSION), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &fdo);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  ext = (PDEVICE_EXTENSION)fdo->DeviceExtension;
  ext->LowerDevice = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
  ext->Registered = NT_SUCCESS(IoWMIRegistrationControl(fdo, WMIREG_ACTION_REGISTER));
  fdo->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  ULONG i;
  g_registry_path_bytes = RegistryPath->Length < sizeof(g_registry_path) ? RegistryPath->Length : 0;
  RtlCopyMemory(g_registry_path, RegistryPath->Buffer, g_registry_path_bytes);
  for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; ++i) {
    DriverObject->MajorFunction[i] = DispatchPassDown;
  }
  DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = DispatchSystemControl;
  DriverObject->MajorFunction[IRP_MJ_PNP] = DispatchPnp;
  DriverObject->DriverExtension->AddDevice = AddDevice;
  return STATUS_SUCCESS;
}
