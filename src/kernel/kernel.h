// wmiport::kernel::Kernel: the process-wide emulated kernel (docs/core-design.md).
//
// A host creates one Kernel (one at a time; Kernel::current() is what the WDK routines use), loads drivers into
// it, and destroys it, which shuts everything down in order: REMOVE_DEVICE to every device stack, DriverUnload,
// the leak report, dlclose.
#pragma once

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <wdm.h>

#include "common/result.h"
#include "kernel/api.h"
#include "kernel/contract.h"
#include "kernel/driver.h"
#include "kernel/pool.h"
#include "kernel/protected.h"

namespace wmiport::kernel {

class WorkQueue;
class TimerQueue;

struct KernelOptions {
  // Upper bound of the worker threads running work items, DPCs and timer routines.
  std::size_t worker_threads = 4;
  // Where contract violations go; nullptr logs them to stderr.
  ContractHook* contract_hook = nullptr;
  // Receives DbgPrint/KdPrint output (driver name, formatted text); nullptr writes "[wmiport:<driver>] text"
  // to stderr.
  std::function<void(std::string_view driver, std::string_view text)> debug_output;
};

struct LoadOptions {
  // The service name (DriverObject->DriverName is \Driver\<name>, RegistryPath ends in Services\<name>). Empty:
  // the file name without directory, "lib" prefix and extension.
  std::string name;
  // Root-enumerated devices to create: one PDO each (ROOT\WMIPORT\NNNN), AddDevice, IRP_MN_START_DEVICE. Drivers
  // without AddDevice get none.
  unsigned devices = 1;
  // Send IRP_MN_SURPRISE_REMOVAL before IRP_MN_REMOVE_DEVICE when the devices are removed.
  bool surprise_removal = false;
};

class WMIPORT_KERNEL_API Kernel {
 public:
  // Fails when another Kernel exists in the process.
  static Result<std::unique_ptr<Kernel>> create(KernelOptions options = {});
  ~Kernel();  // shutdown()
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  // The Kernel of the process, or nullptr.
  static Kernel* current();

  // dlopen(RTLD_NOW | RTLD_LOCAL) of a shared object exporting DriverEntry, then DriverEntry, AddDevice and
  // START_DEVICE for options.devices root devices. On any failure nothing stays loaded, registered or allocated,
  // and the error names the cause (missing file, not a shared object, unresolved kernel symbol, no DriverEntry,
  // DriverEntry's NTSTATUS, AddDevice or START_DEVICE failing).
  Result<Driver*> load_driver(const std::filesystem::path& path, const LoadOptions& options = {});
  // The same for a DriverEntry linked into the host (tests, built-in drivers).
  Result<Driver*> register_driver(std::string_view name, PDRIVER_INITIALIZE entry, const LoadOptions& options = {});
  // One more root device for a loaded driver: a new PDO, AddDevice, START_DEVICE. Returns the PDO.
  Result<PDEVICE_OBJECT> add_device(Driver& driver);
  // Removes the driver's devices (SURPRISE_REMOVAL if asked, REMOVE_DEVICE), waits for its queued work, calls
  // DriverUnload, reports leaks (and frees them), dlcloses. The Driver is destroyed.
  Status unload_driver(Driver& driver);
  // Unloads every driver in reverse load order and stops the worker threads. Idempotent.
  void shutdown();

  std::vector<Driver*> drivers() const;
  Driver* find_driver(std::string_view name) const;

  // The device instance path of a root-enumerated PDO ("ROOT\WMIPORT\0000"), for PDO-based WMI instance names.
  Result<std::u16string> device_instance_path(PDEVICE_OBJECT pdo) const;
  // The PDO at the bottom of the stack `device` belongs to (nullptr when it is not in a root-enumerated stack).
  PDEVICE_OBJECT physical_device_of(PDEVICE_OBJECT device) const;

  // Waits until every queued work item, DPC and due timer routine has run. Not from a worker thread.
  void drain_work();
  // Leak reports of the drivers unloaded so far (empty reports are not kept).
  std::vector<LeakReport> leak_reports() const;

  void set_contract_hook(ContractHook* hook);

  // ---- Used by the WDK routines (not by hosts) ----
  void report(const ContractViolation& violation);
  void debug_print(std::string_view driver, std::string_view text);
  WorkQueue& work_queue();
  TimerQueue& timers();
  PDRIVER_OBJECT root_bus_driver();

 private:
  explicit Kernel(KernelOptions options);
  Result<Driver*> start_driver(std::unique_ptr<Driver> owned, PDRIVER_INITIALIZE entry, const LoadOptions& options);
  Result<PDEVICE_OBJECT> create_root_device(Driver& driver);
  void remove_device_stack(Driver& driver, PDEVICE_OBJECT pdo);
  void finish_unload(std::unique_ptr<Driver> driver);
  std::unique_ptr<Driver> take_driver(Driver& driver);

  KernelOptions options_;
  std::atomic<ContractHook*> hook_;
  std::unique_ptr<Driver> root_bus_;
  std::unique_ptr<WorkQueue> work_queue_;
  std::unique_ptr<TimerQueue> timers_;
  std::atomic<unsigned> next_instance_{0};
  // PnP operations (load, add_device, unload, shutdown) are serialised, as the PnP manager does.
  std::recursive_mutex pnp_lock_;
  Protected<std::vector<std::unique_ptr<Driver>>> drivers_;
  Protected<std::vector<LeakReport>> leak_reports_;
  std::mutex debug_output_lock_;  // serialises debug_output calls so lines do not interleave
  bool shut_down_ = false;        // guarded by pnp_lock_
};

}  // namespace wmiport::kernel
