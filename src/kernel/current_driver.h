// The driver whose code is running on this thread.
//
// Every call from the kernel into driver code (DriverEntry, AddDevice, dispatch and completion routines, work
// items, DPCs, DriverUnload) is wrapped in a DriverScope, so pool allocations and contract violations are
// attributed to the driver that made them. nullptr means the host or the kernel itself.
#pragma once

namespace wmiport::kernel {

class Driver;

Driver* current_driver();

class DriverScope {
 public:
  explicit DriverScope(Driver* driver);
  ~DriverScope();
  DriverScope(const DriverScope&) = delete;
  DriverScope& operator=(const DriverScope&) = delete;

 private:
  Driver* previous_;
};

}  // namespace wmiport::kernel
