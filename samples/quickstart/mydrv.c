/* mydrv.c: the driver of the README walk-through. A WDM driver with one WMI block, MyDrv_Info (mydrv.mof):
 * Temperature (read-only) and Limit (writable with set-item). Built with cc and `wmiport config`, loaded with
 * `wmiport --driver ./mydrv.so --mof mydrv.mof ...`. */
#include <wdm.h>
#include <wmilib.h>
#include <wmistr.h>

static const GUID MyDrvInfoGuid = {0x8a7f3c10, 0x5d2e, 0x4b6a, {0x9e, 0x41, 0x0c, 0x3d, 0x7b, 0x2a, 0x6f, 0x51}};
static WMIGUIDREGINFO MyDrvGuids[] = {{&MyDrvInfoGuid, 1, 0}};
static WCHAR MyDrvRegistryPathBuffer[256];
static UNICODE_STRING MyDrvRegistryPath = {0, sizeof(MyDrvRegistryPathBuffer), MyDrvRegistryPathBuffer};

typedef struct {
  PDEVICE_OBJECT Pdo, Lower;
  WMILIB_CONTEXT Wmi;
  ULONG Temperature, Limit;
} MYDRV_EXTENSION, *PMYDRV_EXTENSION;

static NTSTATUS QueryRegInfo(PDEVICE_OBJECT Device, PULONG RegFlags, PUNICODE_STRING InstanceName,
                             PUNICODE_STRING* RegistryPath, PUNICODE_STRING MofResourceName, PDEVICE_OBJECT* Pdo) {
  UNREFERENCED_PARAMETER(InstanceName);
  UNREFERENCED_PARAMETER(MofResourceName);
  *RegFlags = WMIREG_FLAG_INSTANCE_PDO; /* instance names come from the PDO: ROOT\WMIPORT\0000_0 */
  *RegistryPath = &MyDrvRegistryPath;
  *Pdo = ((PMYDRV_EXTENSION)Device->DeviceExtension)->Pdo;
  return STATUS_SUCCESS;
}

static NTSTATUS QueryDataBlock(PDEVICE_OBJECT Device, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex,
                               ULONG InstanceCount, PULONG InstanceLengthArray, ULONG BufferAvail, PUCHAR Buffer) {
  PMYDRV_EXTENSION ext = (PMYDRV_EXTENSION)Device->DeviceExtension;
  UNREFERENCED_PARAMETER(GuidIndex);
  UNREFERENCED_PARAMETER(InstanceIndex);
  UNREFERENCED_PARAMETER(InstanceCount);
  if (InstanceLengthArray == NULL || BufferAvail < 8) {
    return WmiCompleteRequest(Device, Irp, STATUS_BUFFER_TOO_SMALL, 8, IO_NO_INCREMENT);
  }
  ((PULONG)Buffer)[0] = ext->Temperature;
  ((PULONG)Buffer)[1] = ext->Limit;
  InstanceLengthArray[0] = 8;
  return WmiCompleteRequest(Device, Irp, STATUS_SUCCESS, 8, IO_NO_INCREMENT);
}

static NTSTATUS SetDataItem(PDEVICE_OBJECT Device, PIRP Irp, ULONG GuidIndex, ULONG InstanceIndex, ULONG DataItemId,
                            ULONG BufferSize, PUCHAR Buffer) {
  PMYDRV_EXTENSION ext = (PMYDRV_EXTENSION)Device->DeviceExtension;
  NTSTATUS status = STATUS_WMI_READ_ONLY;
  UNREFERENCED_PARAMETER(GuidIndex);
  UNREFERENCED_PARAMETER(InstanceIndex);
  if (DataItemId == 2) { /* Limit */
    status = BufferSize == sizeof(ULONG) ? STATUS_SUCCESS : STATUS_INFO_LENGTH_MISMATCH;
    if (NT_SUCCESS(status)) {
      ext->Limit = *(PULONG)Buffer;
    }
  }
  return WmiCompleteRequest(Device, Irp, status, 0, IO_NO_INCREMENT);
}

static NTSTATUS DispatchSystemControl(PDEVICE_OBJECT Device, PIRP Irp) {
  PMYDRV_EXTENSION ext = (PMYDRV_EXTENSION)Device->DeviceExtension;
  SYSCTL_IRP_DISPOSITION disposition;
  NTSTATUS status = WmiSystemControl(&ext->Wmi, Device, Irp, &disposition);
  if (disposition == IrpNotCompleted) {
    IoCompleteRequest(Irp, IO_NO_INCREMENT);
  } else if (disposition != IrpProcessed) {
    IoSkipCurrentIrpStackLocation(Irp);
    status = IoCallDriver(ext->Lower, Irp);
  }
  return status;
}

static NTSTATUS DispatchPnp(PDEVICE_OBJECT Device, PIRP Irp) {
  PMYDRV_EXTENSION ext = (PMYDRV_EXTENSION)Device->DeviceExtension;
  PDEVICE_OBJECT lower = ext->Lower;
  NTSTATUS status;
  UCHAR minor = IoGetCurrentIrpStackLocation(Irp)->MinorFunction;
  if (minor == IRP_MN_START_DEVICE) {
    IoWMIRegistrationControl(Device, WMIREG_ACTION_REGISTER);
  } else if (minor == IRP_MN_REMOVE_DEVICE) {
    IoWMIRegistrationControl(Device, WMIREG_ACTION_DEREGISTER);
  }
  Irp->IoStatus.Status = STATUS_SUCCESS;
  IoSkipCurrentIrpStackLocation(Irp);
  status = IoCallDriver(lower, Irp);
  if (minor == IRP_MN_REMOVE_DEVICE) {
    IoDetachDevice(lower);
    IoDeleteDevice(Device);
  }
  return status;
}

static NTSTATUS AddDevice(PDRIVER_OBJECT Driver, PDEVICE_OBJECT Pdo) {
  PDEVICE_OBJECT fdo;
  PMYDRV_EXTENSION ext;
  NTSTATUS status = IoCreateDevice(Driver, sizeof(MYDRV_EXTENSION), NULL, FILE_DEVICE_UNKNOWN, 0, FALSE, &fdo);
  if (!NT_SUCCESS(status)) {
    return status;
  }
  ext = (PMYDRV_EXTENSION)fdo->DeviceExtension;
  RtlZeroMemory(ext, sizeof(*ext));
  ext->Pdo = Pdo;
  ext->Lower = IoAttachDeviceToDeviceStack(fdo, Pdo);
  ext->Temperature = 41;
  ext->Limit = 80;
  ext->Wmi.GuidCount = 1;
  ext->Wmi.GuidList = MyDrvGuids;
  ext->Wmi.QueryWmiRegInfo = QueryRegInfo;
  ext->Wmi.QueryWmiDataBlock = QueryDataBlock;
  ext->Wmi.SetWmiDataItem = SetDataItem;
  fdo->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

NTSTATUS DriverEntry(PDRIVER_OBJECT Driver, PUNICODE_STRING RegistryPath) {
  RtlCopyUnicodeString(&MyDrvRegistryPath, RegistryPath); /* RegistryPath lives only during DriverEntry */
  Driver->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = DispatchSystemControl;
  Driver->MajorFunction[IRP_MJ_PNP] = DispatchPnp;
  Driver->DriverExtension->AddDevice = AddDevice;
  return STATUS_SUCCESS;
}
