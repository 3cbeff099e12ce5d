// A loaded driver: its DRIVER_OBJECT (with the driver extension, names and registry path) and what the kernel
// keeps about it (the shared object handle, the root PDOs created for it).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <wdm.h>

#include "kernel/api.h"

namespace wmiport::kernel {

class WMIPORT_KERNEL_API Driver {
 public:
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;
  ~Driver();

  // The service name (the registry key under ...\Services).
  const std::string& name() const { return name_; }
  PDRIVER_OBJECT object() { return &object_; }
  const DRIVER_OBJECT* object() const { return &object_; }
  // The root-enumerated PDOs created for this driver, in creation order (AddDevice was called with each).
  const std::vector<PDEVICE_OBJECT>& pdos() const { return pdos_; }
  // The driver a DRIVER_OBJECT belongs to (DRIVER_OBJECT.DriverSection points back), nullptr when unknown.
  static Driver* from_object(const DRIVER_OBJECT* object);

 private:
  friend class Kernel;
  Driver(std::string name, void* library);

  std::string name_;
  std::u16string driver_name_;    // \Driver\<name>
  std::u16string service_name_;   // <name>
  std::u16string registry_path_;  // \Registry\Machine\System\CurrentControlSet\Services\<name>
  UNICODE_STRING registry_path_string_{};
  DRIVER_EXTENSION extension_{};
  DRIVER_OBJECT object_{};
  void* library_ = nullptr;   // dlopen handle, or nullptr for a DriverEntry linked into the host
  bool initialized_ = false;  // DriverEntry succeeded: DriverUnload is due at unload
  bool surprise_removal_ = false;
  std::vector<PDEVICE_OBJECT> pdos_;
};

}  // namespace wmiport::kernel
