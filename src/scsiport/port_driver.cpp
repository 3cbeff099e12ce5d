// ScsiPortInitialize and the port's PnP side: the per-driver record, AddDevice (the adapter FDO over the root
// PDO), START_DEVICE / REMOVE_DEVICE, power and create/close pass-through, DriverUnload.
#include "scsiport/port_driver.h"

#include <algorithm>

#include <fmt/format.h>

#include "kernel/driver.h"
#include "kernel/protected.h"
#include "scsiport/records.h"

namespace wmiport::scsiport {

namespace {

constexpr ULONG kMaxDeviceExtensionSize = 16u << 20;
constexpr ULONG kMaxLuOrSrbExtensionSize = 1u << 20;
constexpr ULONG kMaxAccessRanges = 64;

kernel::Protected<std::map<PDRIVER_OBJECT, std::unique_ptr<PortDriver>>>& port_drivers() {
  static kernel::Protected<std::map<PDRIVER_OBJECT, std::unique_ptr<PortDriver>>> drivers;
  return drivers;
}

std::string driver_name(PDRIVER_OBJECT object) {
  if (auto* driver = kernel::Driver::from_object(object))
    return driver->name();
  return "?";
}

void record_configuration(PDRIVER_OBJECT object, std::string text) {
  PortRecord r;
  r.driver = driver_name(object);
  r.kind = RecordKind::configuration;
  r.text = std::move(text);
  add_record(std::move(r));
}

// ---- Dispatch routines in the miniport's DRIVER_OBJECT ----

NTSTATUS complete_irp(PIRP irp, NTSTATUS status, ULONG_PTR information = 0) {
  irp->IoStatus.Status = status;
  irp->IoStatus.Information = information;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  return status;
}

NTSTATUS on_lower_completed(PDEVICE_OBJECT, PIRP, PVOID context) {
  KeSetEvent(static_cast<PKEVENT>(context), IO_NO_INCREMENT, FALSE);
  return STATUS_MORE_PROCESSING_REQUIRED;
}

// Sends the IRP down and waits for it (START_DEVICE goes to the bus first).
NTSTATUS forward_and_wait(PDEVICE_OBJECT lower, PIRP irp) {
  KEVENT done;
  KeInitializeEvent(&done, NotificationEvent, FALSE);
  IoCopyCurrentIrpStackLocationToNext(irp);
  IoSetCompletionRoutine(irp, on_lower_completed, &done, TRUE, TRUE, TRUE);
  NTSTATUS status = IoCallDriver(lower, irp);
  if (status == STATUS_PENDING) {
    KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, nullptr);
    status = irp->IoStatus.Status;
  }
  return status;
}

NTSTATUS port_add_device(PDRIVER_OBJECT object, PDEVICE_OBJECT pdo) {
  PortDriver* port = PortDriver::from_object(object);
  if (port == nullptr)
    return STATUS_INVALID_DEVICE_REQUEST;
  PDEVICE_OBJECT fdo = nullptr;
  NTSTATUS status =
      IoCreateDevice(object, sizeof(PortDeviceExtension), nullptr, FILE_DEVICE_CONTROLLER, 0, FALSE, &fdo);
  if (!NT_SUCCESS(status))
    return status;
  PDEVICE_OBJECT lower = IoAttachDeviceToDeviceStack(fdo, pdo);
  if (lower == nullptr) {
    IoDeleteDevice(fdo);
    return STATUS_NO_SUCH_DEVICE;
  }
  Adapter* adapter = port->add_adapter(fdo, lower, pdo);
  auto* ext = new (fdo->DeviceExtension) PortDeviceExtension{};
  ext->adapter = adapter;
  ext->wmi = &adapter->adapter_wmi();
  ext->is_fdo = true;
  fdo->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

NTSTATUS port_pnp(PDEVICE_OBJECT device, PIRP irp) {
  PortDeviceExtension* ext = port_extension(device);
  if (ext == nullptr || !ext->is_fdo)  // a LU PDO: nothing below it, nothing to do
    return complete_irp(irp, irp->IoStatus.Status, irp->IoStatus.Information);
  Adapter& adapter = *ext->adapter;
  switch (IoGetCurrentIrpStackLocation(irp)->MinorFunction) {
    case IRP_MN_START_DEVICE: {
      NTSTATUS status = forward_and_wait(adapter.lower(), irp);
      if (NT_SUCCESS(status))
        status = adapter.start();
      if (!NT_SUCCESS(status))
        adapter.remove();  // nothing stays registered; REMOVE_DEVICE follows
      return complete_irp(irp, status);
    }
    case IRP_MN_SURPRISE_REMOVAL:
      adapter.remove();  // deregister here, not again at REMOVE_DEVICE (spec §5.5)
      irp->IoStatus.Status = STATUS_SUCCESS;
      IoSkipCurrentIrpStackLocation(irp);
      return IoCallDriver(adapter.lower(), irp);
    case IRP_MN_REMOVE_DEVICE: {
      adapter.remove();
      irp->IoStatus.Status = STATUS_SUCCESS;
      IoSkipCurrentIrpStackLocation(irp);
      PDEVICE_OBJECT lower = adapter.lower();
      const NTSTATUS status = IoCallDriver(lower, irp);
      IoDetachDevice(lower);
      IoDeleteDevice(device);
      return status;
    }
    default:
      IoSkipCurrentIrpStackLocation(irp);
      return IoCallDriver(adapter.lower(), irp);
  }
}

NTSTATUS port_power(PDEVICE_OBJECT device, PIRP irp) {
  PortDeviceExtension* ext = port_extension(device);
  PoStartNextPowerIrp(irp);
  if (ext == nullptr || !ext->is_fdo)
    return complete_irp(irp, STATUS_SUCCESS);
  IoSkipCurrentIrpStackLocation(irp);
  return PoCallDriver(ext->adapter->lower(), irp);
}

NTSTATUS port_create_close(PDEVICE_OBJECT, PIRP irp) {
  return complete_irp(irp, STATUS_SUCCESS);
}

VOID port_unload(PDRIVER_OBJECT object) {
  // The kernel removed every device and drained DPCs and work items before DriverUnload: the adapters (their
  // timers, extensions) can go.
  std::unique_ptr<PortDriver> gone = port_drivers().with([&](auto& drivers) {
    std::unique_ptr<PortDriver> out;
    auto it = drivers.find(object);
    if (it != drivers.end()) {
      out = std::move(it->second);
      drivers.erase(it);
    }
    return out;
  });
}

NTSTATUS validate(PDRIVER_OBJECT object, const HW_INITIALIZATION_DATA* hw) {
  if (hw->HwInitializationDataSize != sizeof(HW_INITIALIZATION_DATA)) {
    record_configuration(object, fmt::format("HwInitializationDataSize {} is not sizeof(HW_INITIALIZATION_DATA) {}",
                                             hw->HwInitializationDataSize, sizeof(HW_INITIALIZATION_DATA)));
    return STATUS_REVISION_MISMATCH;
  }
  if (hw->HwInitialize == nullptr || hw->HwStartIo == nullptr || hw->HwFindAdapter == nullptr ||
      hw->HwResetBus == nullptr) {
    record_configuration(object, "HwInitialize, HwStartIo, HwFindAdapter and HwResetBus are required");
    return STATUS_INVALID_PARAMETER;
  }
  if (hw->DeviceExtensionSize > kMaxDeviceExtensionSize || hw->SpecificLuExtensionSize > kMaxLuOrSrbExtensionSize ||
      hw->SrbExtensionSize > kMaxLuOrSrbExtensionSize || hw->NumberOfAccessRanges > kMaxAccessRanges) {
    record_configuration(object, fmt::format("extension sizes or access ranges out of bounds (device {}, LU {}, "
                                             "SRB {}, ranges {})",
                                             hw->DeviceExtensionSize, hw->SpecificLuExtensionSize, hw->SrbExtensionSize,
                                             hw->NumberOfAccessRanges));
    return STATUS_INVALID_PARAMETER;
  }
  return STATUS_SUCCESS;
}

}  // namespace

PortDeviceExtension* port_extension(PDEVICE_OBJECT device) {
  if (device == nullptr || device->DeviceExtension == nullptr || device->DriverObject == nullptr)
    return nullptr;
  // A driver object whose system-control dispatch is the port's went through ScsiPortInitialize, which installs it
  // only once its PortDriver exists (and devices are gone before the unload that drops it): no lookup then. A
  // miniport that replaced the dispatch is looked up.
  if (device->DriverObject->MajorFunction[IRP_MJ_SYSTEM_CONTROL] != port_system_control &&
      PortDriver::from_object(device->DriverObject) == nullptr)
    return nullptr;
  auto* ext = static_cast<PortDeviceExtension*>(device->DeviceExtension);
  return ext->magic == PortDeviceExtension::kMagic ? ext : nullptr;
}

PortDriver::PortDriver(PDRIVER_OBJECT object, std::string name, std::u16string registry_path)
    : object_(object), name_(std::move(name)), registry_path_(std::move(registry_path)) {}

PortDriver::~PortDriver() = default;

PortDriver* PortDriver::from_object(PDRIVER_OBJECT object) {
  return port_drivers().with([&](const auto& drivers) -> PortDriver* {
    auto it = drivers.find(object);
    return it == drivers.end() ? nullptr : it->second.get();
  });
}

std::vector<PortDriver*> PortDriver::all() {
  return port_drivers().with([](const auto& drivers) {
    std::vector<PortDriver*> out;
    for (const auto& [object, driver] : drivers)
      out.push_back(driver.get());
    return out;
  });
}

std::vector<PortDriver::Registration> PortDriver::registrations() const {
  std::scoped_lock guard(lock_);
  return registrations_;
}

void PortDriver::add_registration(const Registration& registration) {
  std::scoped_lock guard(lock_);
  registrations_.push_back(registration);
}

Adapter* PortDriver::add_adapter(PDEVICE_OBJECT fdo, PDEVICE_OBJECT lower, PDEVICE_OBJECT pdo) {
  auto adapter = std::make_unique<Adapter>(*this, fdo, lower, pdo);
  Adapter* raw = adapter.get();
  std::scoped_lock guard(lock_);
  adapters_.push_back(std::move(adapter));
  return raw;
}

std::vector<Adapter*> PortDriver::adapters() const {
  std::scoped_lock guard(lock_);
  std::vector<Adapter*> out;
  for (const auto& adapter : adapters_)
    out.push_back(adapter.get());
  return out;
}

NTSTATUS PortDriver::create(PDRIVER_OBJECT object, PUNICODE_STRING registry_path, PortDriver** out) {
  std::u16string path;
  if (registry_path != nullptr && registry_path->Buffer != nullptr)
    path.assign(reinterpret_cast<const char16_t*>(registry_path->Buffer), registry_path->Length / sizeof(WCHAR));
  *out = port_drivers().with([&](auto& drivers) {
    auto& slot = drivers[object];
    if (!slot)
      slot = std::make_unique<PortDriver>(object, driver_name(object), std::move(path));
    return slot.get();
  });
  return STATUS_SUCCESS;
}

std::vector<AdapterInfo> adapters() {
  std::vector<AdapterInfo> out;
  for (PortDriver* driver : PortDriver::all()) {
    for (Adapter* adapter : driver->adapters()) {
      if (!adapter->accepting())
        continue;
      AdapterInfo info;
      info.driver = driver->name();
      info.fdo = adapter->fdo();
      info.pdo = adapter->pdo();
      info.wmi_data_provider = adapter->config().WmiDataProvider != FALSE;
      info.inquiries_sent = adapter->inquiries_sent();
      for (const auto& unit : adapter->logical_units())
        info.logical_units.push_back(LogicalUnitInfo{unit->address.path_id, unit->address.target_id, unit->address.lun,
                                                     unit->pdo, unit->instance_path});
      out.push_back(std::move(info));
    }
  }
  return out;
}

}  // namespace wmiport::scsiport

using namespace wmiport::scsiport;

extern "C" ULONG ScsiPortInitialize(PVOID Argument1, PVOID Argument2,
                                    struct _HW_INITIALIZATION_DATA* HwInitializationData, PVOID HwContext) {
  auto* object = static_cast<PDRIVER_OBJECT>(Argument1);
  if (object == nullptr || HwInitializationData == nullptr)
    return static_cast<ULONG>(STATUS_INVALID_PARAMETER);
  if (NTSTATUS status = validate(object, HwInitializationData); !NT_SUCCESS(status))
    return static_cast<ULONG>(status);
  PortDriver* port = nullptr;
  PortDriver::create(object, static_cast<PUNICODE_STRING>(Argument2), &port);
  port->add_registration(PortDriver::Registration{*HwInitializationData, HwContext});
  // The port owns the miniport's driver object, as SCSI Port does: every IRP reaches the port first.
  object->DriverExtension->AddDevice = port_add_device;
  object->MajorFunction[IRP_MJ_PNP] = port_pnp;
  object->MajorFunction[IRP_MJ_POWER] = port_power;
  object->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = port_system_control;
  object->MajorFunction[IRP_MJ_CREATE] = port_create_close;
  object->MajorFunction[IRP_MJ_CLOSE] = port_create_close;
  object->DriverUnload = port_unload;
  return static_cast<ULONG>(STATUS_SUCCESS);
}
