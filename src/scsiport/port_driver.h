// The port's view of one miniport driver (one DRIVER_OBJECT): the HW_INITIALIZATION_DATA it gave
// ScsiPortInitialize, its registry path, and the adapters created for its devices. The port's dispatch routines
// (AddDevice, PnP, power, system control) live in the miniport's DRIVER_OBJECT, as on Windows.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <wdm.h>

#include <srb.h>

#include "scsiport/adapter.h"

namespace wmiport::scsiport {

class PortDriver {
 public:
  PortDriver(PDRIVER_OBJECT object, std::string name, std::u16string registry_path);
  ~PortDriver();

  // The PortDriver of a DRIVER_OBJECT on which ScsiPortInitialize succeeded, or nullptr.
  static PortDriver* from_object(PDRIVER_OBJECT object);
  static std::vector<PortDriver*> all();

  PDRIVER_OBJECT object() const { return object_; }
  const std::string& name() const { return name_; }
  const std::u16string& registry_path() const { return registry_path_; }
  // The first registration (ScsiPortInitialize may be called once per bus type; one adapter per root device
  // takes them in order until HwFindAdapter finds one).
  struct Registration {
    HW_INITIALIZATION_DATA data{};
    PVOID hw_context = nullptr;
  };
  std::vector<Registration> registrations() const;
  void add_registration(const Registration& registration);

  Adapter* add_adapter(PDEVICE_OBJECT fdo, PDEVICE_OBJECT lower, PDEVICE_OBJECT pdo);
  std::vector<Adapter*> adapters() const;

  static NTSTATUS create(PDRIVER_OBJECT object, PUNICODE_STRING registry_path, PortDriver** out);

 private:
  PDRIVER_OBJECT object_;
  std::string name_;
  std::u16string registry_path_;
  mutable std::mutex lock_;
  std::vector<Registration> registrations_;         // guarded by lock_
  std::vector<std::unique_ptr<Adapter>> adapters_;  // guarded by lock_; destroyed with the driver
};

// The port's device extension of a device object, or nullptr when it is not one of the port's.
PortDeviceExtension* port_extension(PDEVICE_OBJECT device);

// Dispatch routines installed in the miniport's DRIVER_OBJECT.
NTSTATUS port_system_control(PDEVICE_OBJECT device, PIRP irp);

}  // namespace wmiport::scsiport
