/* wdmdev: a WDM function driver that serves WMI through WmiLib, written as the WDK documentation describes one
 * (shared/spec/wmi-interfaces.md §4). Its schema is wdmdev.mof, attached to the image as the MOF resource
 * "WdmDevMof"; wdmdev_wmi.h is generated from it at build time (wmiport mof header -m -u), as a WDK build
 * generates a header with wmimofck.
 *
 * Blocks, one instance per device, named after the PDO:
 *   WdmDev_Settings        SerialNumber and FriendlyName read-only, BlinkRate/Threshold/Enabled writable
 *                          (CHANGE_SINGLE_INSTANCE sets the writable items, CHANGE_SINGLE_ITEM refuses read-only ones)
 *   WdmDev_Methods         ScaleBlinkRate(Factor) -> OldBlinkRate, NewBlinkRate
 *   WdmDev_SettingChanged  event fired (WmiFireEvent, only while enabled) after every successful change */
#include <ntddk.h>
#include <wmilib.h>
#include <wmistr.h>

#include <initguid.h>

#include "wdmdev_wmi.h"

#define WDMDEV_TAG 'vDmW'
#define WDMDEV_MOF_RESOURCE L"WdmDevMof"

enum { SettingsIndex = 0, MethodsIndex = 1, SettingChangedIndex = 2, GuidCount = 3 };

/* The data block as WMI carries it: every item up to the end of the FriendlyName slot (no tail padding). */
#define WDMDEV_SETTINGS_SIZE (FIELD_OFFSET(WdmDev_Settings, FriendlyName) + sizeof(WCHAR) * (31 + 1))

typedef struct _DEVICE_EXTENSION {
  PDEVICE_OBJECT Self;
  PDEVICE_OBJECT Pdo;
  PDEVICE_OBJECT LowerDevice;
  WMILIB_CONTEXT WmiLib;
  WMIGUIDREGINFO GuidList[GuidCount];
  KSPIN_LOCK Lock;
  ULONG SerialNumber;
  ULONG BlinkRate;
  ULONGLONG Threshold;
  BOOLEAN Enabled;
  BOOLEAN ChangeEventEnabled;
  BOOLEAN Registered;
} DEVICE_EXTENSION, *PDEVICE_EXTENSION;

static UNICODE_STRING g_registry_path;
static ULONG g_next_serial = 0x5E00;
static const WCHAR g_friendly_name[] = L"wmiport sample device";

/* ---- helpers ---------------------------------------------------------------------------------------------------- */

/* A MaxLen string in the fixed-slot convention (spec mof-and-layout §3.4): the count covers the whole slot. */
static VOID CopySlotString(PWCHAR slot, ULONG max_len, const WCHAR* text) {
  ULONG i;
  RtlZeroMemory(slot, sizeof(WCHAR) * (max_len + 1));
  slot[0] = (WCHAR)(sizeof(WCHAR) * max_len);
  for (i = 0; i < max_len && text[i] != 0; ++i) {
    slot[1 + i] = text[i];
  }
}

/* Fires WdmDev_SettingChanged when a consumer enabled it. WMI owns (and frees) the event data. */
static VOID FireSettingChanged(PDEVICE_EXTENSION ext, ULONG item_id) {
  PWdmDev_SettingChanged event;
  KIRQL irql;
  if (!ext->ChangeEventEnabled) {
    return;
  }
  event = (PWdmDev_SettingChanged)ExAllocatePoolWithTag(NonPagedPoolNx, WdmDev_SettingChanged_SIZE, WDMDEV_TAG);
  if (event == NULL) {
    return;
  }
  KeAcquireSpinLock(&ext->Lock, &irql);
  event->ItemId = item_id;
  event->BlinkRate = ext->BlinkRate;
  event->Threshold = ext->Threshold;
  KeReleaseSpinLock(&ext->Lock, irql);
  (VOID) WmiFireEvent(ext->Self, &WdmDev_SettingChanged_GUID, 0, WdmDev_SettingChanged_SIZE, event);
}

/* ---- WmiLib callbacks ------------------------------------------------------------------------------------------- */

static NTSTATUS QueryRegInfo(PDEVICE_OBJECT DeviceObject, PULONG RegFlags, PUNICODE_STRING InstanceName,
                             PUNICODE_STRING* RegistryPath, PUNICODE_STRING MofResourceName, PDEVICE_OBJECT* Pdo) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  UNREFERENCED_PARAMETER(InstanceName);
  *RegFlags = WMIREG_FLAG_INSTANCE_PDO;
  *RegistryPath = &g_registry_path;
  RtlInitUnicodeString(MofResourceName, WDMDEV_MOF_RESOURCE);
  *Pdo = ext->Pdo;
  return STATUS_SUCCESS;
}

static NTSTATUS QueryDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                               ULONG InstanceCount, PULONG InstanceLengthArray, ULONG BufferAvail, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  PWdmDev_Settings settings;
  KIRQL irql;
  if (GuidIndex != SettingsIndex) {
    /* WdmDev_Methods has no data items; the event block is event-only. */
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_GUID_NOT_FOUND, 0, IO_NO_INCREMENT);
  }
  if (InstanceIndex != 0 || InstanceCount != 1) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_INSTANCE_NOT_FOUND, 0, IO_NO_INCREMENT);
  }
  if (InstanceLengthArray == NULL || BufferAvail < WDMDEV_SETTINGS_SIZE) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, WDMDEV_SETTINGS_SIZE, IO_NO_INCREMENT);
  }
  settings = (PWdmDev_Settings)Buffer;
  KeAcquireSpinLock(&ext->Lock, &irql);
  settings->SerialNumber = ext->SerialNumber;
  settings->BlinkRate = ext->BlinkRate;
  settings->Threshold = ext->Threshold;
  settings->Enabled = ext->Enabled;
  KeReleaseSpinLock(&ext->Lock, irql);
  CopySlotString(settings->FriendlyName, 31, g_friendly_name);
  InstanceLengthArray[0] = WDMDEV_SETTINGS_SIZE;
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, WDMDEV_SETTINGS_SIZE, IO_NO_INCREMENT);
}

static NTSTATUS SetDataBlock(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                             ULONG BufferSize, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  PWdmDev_Settings settings = (PWdmDev_Settings)Buffer;
  KIRQL irql;
  if (GuidIndex != SettingsIndex) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_READ_ONLY, 0, IO_NO_INCREMENT);
  }
  if (InstanceIndex != 0) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_INSTANCE_NOT_FOUND, 0, IO_NO_INCREMENT);
  }
  /* The whole block must be there; the read-only items in it (SerialNumber, FriendlyName) are ignored. */
  if (BufferSize < FIELD_OFFSET(WdmDev_Settings, FriendlyName)) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_SET_FAILURE, 0, IO_NO_INCREMENT);
  }
  KeAcquireSpinLock(&ext->Lock, &irql);
  ext->BlinkRate = settings->BlinkRate;
  ext->Threshold = settings->Threshold;
  ext->Enabled = settings->Enabled != 0;
  KeReleaseSpinLock(&ext->Lock, irql);
  FireSettingChanged(ext, 0);
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
}

static NTSTATUS SetDataItem(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                            ULONG DataItemId, ULONG BufferSize, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  NTSTATUS status = STATUS_SUCCESS;
  KIRQL irql;
  if (GuidIndex != SettingsIndex) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_READ_ONLY, 0, IO_NO_INCREMENT);
  }
  if (InstanceIndex != 0) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_INSTANCE_NOT_FOUND, 0, IO_NO_INCREMENT);
  }
  KeAcquireSpinLock(&ext->Lock, &irql);
  switch (DataItemId) {
    case WdmDev_Settings_SerialNumber_ID:
    case WdmDev_Settings_FriendlyName_ID:
      status = STATUS_WMI_READ_ONLY;
      break;
    case WdmDev_Settings_BlinkRate_ID:
      if (BufferSize != WdmDev_Settings_BlinkRate_SIZE) {
        status = STATUS_WMI_SET_FAILURE;
      } else {
        RtlCopyMemory(&ext->BlinkRate, Buffer, sizeof(ext->BlinkRate));
      }
      break;
    case WdmDev_Settings_Threshold_ID:
      if (BufferSize != WdmDev_Settings_Threshold_SIZE) {
        status = STATUS_WMI_SET_FAILURE;
      } else {
        RtlCopyMemory(&ext->Threshold, Buffer, sizeof(ext->Threshold));
      }
      break;
    case WdmDev_Settings_Enabled_ID:
      if (BufferSize != WdmDev_Settings_Enabled_SIZE) {
        status = STATUS_WMI_SET_FAILURE;
      } else {
        ext->Enabled = Buffer[0] != 0;
      }
      break;
    default:
      status = STATUS_WMI_ITEMID_NOT_FOUND;
      break;
  }
  KeReleaseSpinLock(&ext->Lock, irql);
  if (NT_SUCCESS(status)) {
    FireSettingChanged(ext, DataItemId);
  }
  return WmiCompleteRequest(DeviceObject, Irp, status, 0, IO_NO_INCREMENT);
}

static NTSTATUS ExecuteMethod(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                              ULONG MethodId, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  ULONG factor;
  ULONG old_rate;
  KIRQL irql;
  PScaleBlinkRate_OUT out;
  if (GuidIndex != MethodsIndex) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_INVALID_DEVICE_REQUEST, 0, IO_NO_INCREMENT);
  }
  if (InstanceIndex != 0) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_INSTANCE_NOT_FOUND, 0, IO_NO_INCREMENT);
  }
  if (MethodId != ScaleBlinkRate) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_WMI_ITEMID_NOT_FOUND, 0, IO_NO_INCREMENT);
  }
  if (InBufferSize < ScaleBlinkRate_IN_SIZE) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_INVALID_PARAMETER, 0, IO_NO_INCREMENT);
  }
  /* Output size first, before the side effect, so the retry with the exact size does the work once. */
  if (OutBufferSize < ScaleBlinkRate_OUT_SIZE) {
    return WmiCompleteRequest(DeviceObject, Irp, STATUS_BUFFER_TOO_SMALL, ScaleBlinkRate_OUT_SIZE, IO_NO_INCREMENT);
  }
  factor = ((PScaleBlinkRate_IN)Buffer)->Factor;
  KeAcquireSpinLock(&ext->Lock, &irql);
  old_rate = ext->BlinkRate;
  ext->BlinkRate = old_rate * factor;
  out = (PScaleBlinkRate_OUT)Buffer;
  out->OldBlinkRate = old_rate;
  out->NewBlinkRate = ext->BlinkRate;
  KeReleaseSpinLock(&ext->Lock, irql);
  FireSettingChanged(ext, WdmDev_Settings_BlinkRate_ID);
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, ScaleBlinkRate_OUT_SIZE, IO_NO_INCREMENT);
}

static NTSTATUS FunctionControl(PDEVICE_OBJECT DeviceObject, PIRP Irp, ULONG GuidIndex,
                                WMIENABLEDISABLECONTROL Function, BOOLEAN Enable) {
  PDEVICE_EXTENSION ext = (PDEVICE_EXTENSION)DeviceObject->DeviceExtension;
  if (Function == WmiEventControl && GuidIndex == SettingChangedIndex) {
    ext->ChangeEventEnabled = Enable;
  }
  return WmiCompleteRequest(DeviceObject, Irp, STATUS_SUCCESS, 0, IO_NO_INCREMENT);
}

/* ---- dispatch routines ------------------------------------------------------------------------------------------ */

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
  switch (stack->MinorFunction) {
    case IRP_MN_START_DEVICE:
      /* Register once the device runs (a real driver would first let the bus driver start it). */
      if (!ext->Registered && NT_SUCCESS(IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_REGISTER))) {
        ext->Registered = TRUE;
      }
      Irp->IoStatus.Status = STATUS_SUCCESS;
      break;
    case IRP_MN_SURPRISE_REMOVAL:
    case IRP_MN_REMOVE_DEVICE:
      if (ext->Registered) {
        IoWMIRegistrationControl(DeviceObject, WMIREG_ACTION_DEREGISTER);
        ext->Registered = FALSE;
      }
      Irp->IoStatus.Status = STATUS_SUCCESS;
      if (stack->MinorFunction == IRP_MN_REMOVE_DEVICE) {
        IoSkipCurrentIrpStackLocation(Irp);
        status = IoCallDriver(ext->LowerDevice, Irp);
        IoDetachDevice(ext->LowerDevice);
        IoDeleteDevice(DeviceObject);
        return status;
      }
      break;
    default:
      break;
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
  RtlZeroMemory(ext, sizeof(*ext));
  ext->Self = fdo;
  ext->Pdo = PhysicalDeviceObject;
  ext->LowerDevice = IoAttachDeviceToDeviceStack(fdo, PhysicalDeviceObject);
  if (ext->LowerDevice == NULL) {
    IoDeleteDevice(fdo);
    return STATUS_NO_SUCH_DEVICE;
  }
  KeInitializeSpinLock(&ext->Lock);
  ext->SerialNumber = g_next_serial++;
  ext->BlinkRate = 2;
  ext->Threshold = 1000;
  ext->Enabled = TRUE;

  ext->GuidList[SettingsIndex].Guid = &WdmDev_Settings_GUID;
  ext->GuidList[SettingsIndex].InstanceCount = 1;
  ext->GuidList[MethodsIndex].Guid = &WdmDev_Methods_GUID;
  ext->GuidList[MethodsIndex].InstanceCount = 1;
  ext->GuidList[SettingChangedIndex].Guid = &WdmDev_SettingChanged_GUID;
  ext->GuidList[SettingChangedIndex].InstanceCount = 1;
  ext->GuidList[SettingChangedIndex].Flags = WMIREG_FLAG_EVENT_ONLY_GUID;
  ext->WmiLib.GuidCount = GuidCount;
  ext->WmiLib.GuidList = ext->GuidList;
  ext->WmiLib.QueryWmiRegInfo = QueryRegInfo;
  ext->WmiLib.QueryWmiDataBlock = QueryDataBlock;
  ext->WmiLib.SetWmiDataBlock = SetDataBlock;
  ext->WmiLib.SetWmiDataItem = SetDataItem;
  ext->WmiLib.ExecuteWmiMethod = ExecuteMethod;
  ext->WmiLib.WmiFunctionControl = FunctionControl;
  fdo->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

static VOID DriverUnload(PDRIVER_OBJECT DriverObject) {
  UNREFERENCED_PARAMETER(DriverObject);
  if (g_registry_path.Buffer != NULL) {
    ExFreePoolWithTag(g_registry_path.Buffer, WDMDEV_TAG);
    g_registry_path.Buffer = NULL;
  }
}

NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {
  ULONG i;
  g_registry_path.Buffer = (PWCH)ExAllocatePoolWithTag(PagedPool, RegistryPath->Length + sizeof(WCHAR), WDMDEV_TAG);
  if (g_registry_path.Buffer == NULL) {
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  g_registry_path.Length = 0;
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
