// The Kernel: lifetime, drivers, root devices, PnP sequencing and shutdown order.
#include "kernel/kernel.h"

#include <cstdio>

#include <dlfcn.h>

#include <fmt/format.h>

#include "kernel/current_driver.h"
#include "kernel/device.h"
#include "kernel/irql.h"
#include "kernel/pnp.h"
#include "kernel/root_bus.h"
#include "kernel/timer.h"
#include "kernel/work_queue.h"

namespace wmiport::kernel {

namespace {

std::atomic<Kernel*> g_current{nullptr};

std::vector<PDEVICE_OBJECT> devices_of(PDRIVER_OBJECT driver) {
  std::scoped_lock lock(io_database_lock());
  std::vector<PDEVICE_OBJECT> devices;
  for (PDEVICE_OBJECT device = driver->DeviceObject; device != nullptr; device = device->NextDevice)
    devices.push_back(device);
  return devices;
}

}  // namespace

Result<std::unique_ptr<Kernel>> Kernel::create(KernelOptions options) {
  std::unique_ptr<Kernel> kernel(new Kernel(std::move(options)));
  Kernel* expected = nullptr;
  if (!g_current.compare_exchange_strong(expected, kernel.get())) {
    kernel->shut_down_ = true;
    return Error(ntstatus::unsuccessful, "a Kernel already exists in this process (one at a time)");
  }
  return kernel;
}

Kernel::Kernel(KernelOptions options)
    : options_(std::move(options)),
      hook_(options_.contract_hook),
      root_bus_(new Driver("WmiportRootBus", nullptr)),
      work_queue_(std::make_unique<WorkQueue>(options_.worker_threads)),
      timers_(std::make_unique<TimerQueue>()) {
  initialize_root_bus(root_bus_->object());
}

Kernel::~Kernel() {
  if (g_current.load() == this) {
    shutdown();
    g_current.store(nullptr);
  }
}

Kernel* Kernel::current() {
  return g_current.load();
}

void Kernel::set_contract_hook(ContractHook* hook) {
  hook_.store(hook);
}

void Kernel::report(const ContractViolation& violation) {
  if (ContractHook* hook = hook_.load()) {
    hook->violation(violation);
    return;
  }
  std::fprintf(stderr, "wmiport: contract violation %s%s%s: %s\n", violation.rule.c_str(),
               violation.driver.empty() ? "" : " by ", violation.driver.c_str(), violation.message.c_str());
}

void Kernel::debug_print(std::string_view driver, std::string_view text) {
  std::scoped_lock guard(debug_output_lock_);
  if (options_.debug_output) {
    options_.debug_output(driver, text);
    return;
  }
  const bool newline = !text.empty() && text.back() == '\n';
  std::fprintf(stderr, "[wmiport:%.*s] %.*s%s", static_cast<int>(driver.empty() ? 6 : driver.size()),
               driver.empty() ? "kernel" : driver.data(), static_cast<int>(text.size()), text.data(),
               newline ? "" : "\n");
}

WorkQueue& Kernel::work_queue() {
  return *work_queue_;
}
TimerQueue& Kernel::timers() {
  return *timers_;
}
PDRIVER_OBJECT Kernel::root_bus_driver() {
  return root_bus_->object();
}

void Kernel::drain_work() {
  work_queue_->drain();
}

std::vector<LeakReport> Kernel::leak_reports() const {
  return leak_reports_.with([](const auto& reports) { return reports; });
}

std::vector<Driver*> Kernel::drivers() const {
  return drivers_.with([](const auto& drivers) {
    std::vector<Driver*> out;
    for (const auto& driver : drivers)
      out.push_back(driver.get());
    return out;
  });
}

Driver* Kernel::find_driver(std::string_view name) const {
  return drivers_.with([&](const auto& drivers) -> Driver* {
    for (const auto& driver : drivers)
      if (driver->name() == name)
        return driver.get();
    return nullptr;
  });
}

Result<std::u16string> Kernel::device_instance_path(PDEVICE_OBJECT pdo) const {
  if (pdo == nullptr || !ObjectTable::instance().contains(pdo) || pdo->Type != kIoTypeDevice)
    return Error(ntstatus::invalid_parameter, "device_instance_path: not a live device object");
  const auto* state = static_cast<const DeviceState*>(pdo->Reserved);
  if (!state->is_pdo)
    return Error(ntstatus::invalid_parameter, "device_instance_path: not a root-enumerated PDO");
  return state->instance_path;
}

PDEVICE_OBJECT Kernel::physical_device_of(PDEVICE_OBJECT device) const {
  if (device == nullptr || !ObjectTable::instance().contains(device))
    return nullptr;
  std::scoped_lock lock(io_database_lock());
  auto* state = static_cast<DeviceState*>(device->Reserved);
  while (state->attached_to != nullptr)
    state = static_cast<DeviceState*>(state->attached_to->Reserved);
  return state->is_pdo ? &state->object : nullptr;
}

Result<Driver*> Kernel::register_driver(std::string_view name, PDRIVER_INITIALIZE entry, const LoadOptions& options) {
  if (entry == nullptr)
    return Error(ntstatus::invalid_parameter, "register_driver: no DriverEntry");
  if (name.empty())
    return Error(ntstatus::invalid_parameter, "register_driver: empty driver name");
  return start_driver(std::unique_ptr<Driver>(new Driver(std::string(name), nullptr)), entry, options);
}

Result<Driver*> Kernel::start_driver(std::unique_ptr<Driver> owned, PDRIVER_INITIALIZE entry,
                                     const LoadOptions& options) {
  std::scoped_lock pnp(pnp_lock_);
  Driver* driver = owned.get();
  if (shut_down_) {
    finish_unload(std::move(owned));
    return Error(ntstatus::unsuccessful, "the kernel is shut down");
  }
  if (find_driver(driver->name()) != nullptr) {
    const std::string name = driver->name();
    finish_unload(std::move(owned));
    return Error(static_cast<NtStatusCode>(STATUS_OBJECT_NAME_COLLISION),
                 fmt::format("a driver named {} is already loaded", name));
  }
  driver->object_.DriverInit = entry;
  driver->surprise_removal_ = options.surprise_removal;
  NTSTATUS status;
  {
    DriverScope scope(driver);
    IrqlScope passive(kPassiveLevel);
    status = entry(driver->object(), &driver->registry_path_string_);
  }
  if (!NT_SUCCESS(status)) {
    // As on Windows, a driver whose DriverEntry fails is unloaded without DriverUnload.
    const std::string name = driver->name();
    finish_unload(std::move(owned));
    return Error(status, fmt::format("DriverEntry of {} failed with {}", name, ntstatus_name(status)));
  }
  driver->initialized_ = true;
  // The I/O manager clears DO_DEVICE_INITIALIZING on the devices a driver creates in DriverEntry.
  for (PDEVICE_OBJECT device : devices_of(driver->object()))
    device->Flags &= ~static_cast<ULONG>(DO_DEVICE_INITIALIZING);
  drivers_.with([&](auto& drivers) { drivers.push_back(std::move(owned)); });

  if (driver->object()->DriverExtension->AddDevice != nullptr) {
    for (unsigned i = 0; i < options.devices; ++i) {
      auto pdo = create_root_device(*driver);
      if (!pdo.ok()) {
        Error error = std::move(pdo).error();
        (void)unload_driver(*driver);
        return error;
      }
    }
  }
  return driver;
}

Result<PDEVICE_OBJECT> Kernel::add_device(Driver& driver) {
  std::scoped_lock pnp(pnp_lock_);
  if (driver.object()->DriverExtension->AddDevice == nullptr)
    return Error(ntstatus::invalid_device_request, fmt::format("driver {} has no AddDevice routine", driver.name()));
  return create_root_device(driver);
}

Result<PDEVICE_OBJECT> Kernel::create_root_device(Driver& driver) {
  const unsigned number = next_instance_.fetch_add(1);
  PDEVICE_OBJECT pdo = nullptr;
  NTSTATUS status = create_root_pdo(root_bus_->object(), number, &pdo);
  if (!NT_SUCCESS(status))
    return Error(status, "cannot create a root PDO");
  {
    DriverScope scope(&driver);
    IrqlScope passive(kPassiveLevel);
    status = driver.object()->DriverExtension->AddDevice(driver.object(), pdo);
  }
  if (!NT_SUCCESS(status)) {
    // Whatever AddDevice attached before failing goes with the PDO.
    for (PDEVICE_OBJECT top = top_of_stack(pdo); top != pdo; top = top_of_stack(pdo)) {
      report_violation("add_device_left_device", "AddDevice failed but left a device attached to the PDO");
      delete_device(top);
    }
    IoDeleteDevice(pdo);
    return Error(status, fmt::format("AddDevice of {} failed with {}", driver.name(), ntstatus_name(status)));
  }
  for (PDEVICE_OBJECT device = pdo->AttachedDevice; device != nullptr; device = device->AttachedDevice) {
    if ((device->Flags & DO_DEVICE_INITIALIZING) != 0) {
      DriverScope scope(driver_of(device));
      report_violation("device_initializing_not_cleared",
                       "AddDevice returned without clearing DO_DEVICE_INITIALIZING on its device object");
      device->Flags &= ~static_cast<ULONG>(DO_DEVICE_INITIALIZING);
    }
  }
  driver.pdos_.push_back(pdo);
  status = send_pnp_irp(pdo, IRP_MN_START_DEVICE);
  if (!NT_SUCCESS(status)) {
    remove_device_stack(driver, pdo);
    return Error(status,
                 fmt::format("IRP_MN_START_DEVICE for {} failed with {}", driver.name(), ntstatus_name(status)));
  }
  return pdo;
}

void Kernel::remove_device_stack(Driver& driver, PDEVICE_OBJECT pdo) {
  if (driver.surprise_removal_)
    (void)send_pnp_irp(pdo, IRP_MN_SURPRISE_REMOVAL);
  (void)send_pnp_irp(pdo, IRP_MN_REMOVE_DEVICE);
  // A function driver detaches and deletes its device in IRP_MN_REMOVE_DEVICE; one that did not is reported and
  // its devices are deleted here, so that the stack is gone before the driver unloads.
  for (PDEVICE_OBJECT top = top_of_stack(pdo); top != pdo; top = top_of_stack(pdo)) {
    DriverScope scope(driver_of(top));
    report_violation("device_not_removed", "IRP_MN_REMOVE_DEVICE returned with the device still attached");
    delete_device(top);
  }
  std::erase(driver.pdos_, pdo);
  IoDeleteDevice(pdo);
}

std::unique_ptr<Driver> Kernel::take_driver(Driver& driver) {
  return drivers_.with([&](auto& drivers) -> std::unique_ptr<Driver> {
    for (auto it = drivers.begin(); it != drivers.end(); ++it) {
      if (it->get() == &driver) {
        auto owned = std::move(*it);
        drivers.erase(it);
        return owned;
      }
    }
    return nullptr;
  });
}

Status Kernel::unload_driver(Driver& driver) {
  std::scoped_lock pnp(pnp_lock_);
  auto owned = take_driver(driver);
  if (owned == nullptr)
    return Error(ntstatus::invalid_parameter, "unload_driver: the driver is not loaded");
  finish_unload(std::move(owned));
  return ok_status();
}

void Kernel::finish_unload(std::unique_ptr<Driver> owned) {
  Driver& driver = *owned;
  // 1. Remove the devices, newest first.
  while (!driver.pdos_.empty())
    remove_device_stack(driver, driver.pdos_.back());
  // 2. Let queued work items and DPCs finish: they run driver code and hold device references.
  work_queue_->drain();
  timers_->cancel_owned_by(&driver);
  // 3. DriverUnload (only after a successful DriverEntry).
  if (driver.initialized_ && driver.object_.DriverUnload != nullptr) {
    DriverScope scope(&driver);
    IrqlScope passive(kPassiveLevel);
    driver.object_.DriverUnload(driver.object());
  }
  work_queue_->drain();
  // 4. Devices the driver did not delete.
  for (PDEVICE_OBJECT device : devices_of(driver.object())) {
    DriverScope scope(&driver);
    report_violation("device_left_at_unload", "a device object of the driver still exists after DriverUnload");
    delete_device(device);
  }
  // 5. The leak report; the leaked memory is freed so the host's own leak checking stays meaningful.
  LeakReport report = PoolTracker::instance().reclaim(&driver, driver.name());
  if (!report.leaks.empty()) {
    {
      DriverScope scope(&driver);
      report_violation("pool_leak", report.to_string());
    }
    leak_reports_.with([&](auto& reports) { reports.push_back(std::move(report)); });
  }
  // 6. The image goes last: nothing of the driver's code can run any more.
  void* library = driver.library_;
  owned.reset();
  if (library != nullptr)
    dlclose(library);
}

void Kernel::shutdown() {
  std::scoped_lock pnp(pnp_lock_);
  if (shut_down_)
    return;
  shut_down_ = true;
  for (;;) {
    auto owned = drivers_.with([](auto& drivers) -> std::unique_ptr<Driver> {
      if (drivers.empty())
        return nullptr;
      auto last = std::move(drivers.back());
      drivers.pop_back();
      return last;
    });
    if (owned == nullptr)
      break;
    finish_unload(std::move(owned));
  }
  work_queue_->drain();
  PoolTracker::instance().reclaim(root_bus_.get(), root_bus_->name());
}

}  // namespace wmiport::kernel
