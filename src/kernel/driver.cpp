#include "kernel/driver.h"

#include <fmt/format.h>

#include "kernel/device.h"
#include "kernel/irp.h"
#include "kernel/unicode.h"

namespace wmiport::kernel {

Driver::Driver(std::string name, void* library) : name_(std::move(name)), library_(library) {
  driver_name_ = to_u16string("\\Driver\\" + name_);
  service_name_ = to_u16string(name_);
  registry_path_ = to_u16string("\\Registry\\Machine\\System\\CurrentControlSet\\Services\\" + name_);
  registry_path_string_ = unicode_view(registry_path_);

  extension_.DriverObject = &object_;
  extension_.ServiceKeyName = unicode_view(service_name_);
  object_.Type = kIoTypeDriver;
  object_.Size = sizeof(DRIVER_OBJECT);
  object_.DriverExtension = &extension_;
  object_.DriverName = unicode_view(driver_name_);
  object_.DriverStart = library;
  // DriverSection is the loader's opaque pointer on Windows; here it leads back to this Driver.
  object_.DriverSection = this;
  // Every major function the driver does not handle fails with STATUS_INVALID_DEVICE_REQUEST, as the I/O
  // manager's default routine does.
  for (auto& dispatch : object_.MajorFunction)
    dispatch = complete_invalid_request;
  ObjectTable::instance().insert(&object_);
}

Driver::~Driver() {
  ObjectTable::instance().erase(&object_);
}

Driver* Driver::from_object(const DRIVER_OBJECT* object) {
  if (object == nullptr || !ObjectTable::instance().contains(object) || object->Type != kIoTypeDriver)
    return nullptr;
  return static_cast<Driver*>(object->DriverSection);
}

}  // namespace wmiport::kernel
