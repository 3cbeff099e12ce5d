// IoGetDeviceProperty for root-enumerated PDOs: the properties a driver reads to name its device.
#include <cstring>
#include <string>
#include <variant>

#include <fmt/format.h>

#include <ntddk.h>

#include "kernel/device.h"
#include "kernel/driver.h"
#include "kernel/unicode.h"

namespace {

using namespace wmiport::kernel;

// The System setup class: root-enumerated devices without an INF class belong to it.
constexpr char16_t kSystemClassGuid[] = u"{4d36e97d-e325-11ce-bfc1-08002be10318}";

// A REG_SZ (with NUL) or REG_MULTI_SZ (double NUL) value, or a ULONG.
std::variant<std::u16string, ULONG, std::monostate> property_of(const DeviceState& pdo,
                                                                DEVICE_REGISTRY_PROPERTY property) {
  const std::u16string number = to_u16string(fmt::format("{:04}", pdo.instance_number));
  switch (property) {
    case DevicePropertyPhysicalDeviceObjectName:
      return pdo.name + u'\0';
    case DevicePropertyDriverKeyName:
      return std::u16string(kSystemClassGuid) + u"\\" + number + u'\0';
    case DevicePropertyClassGuid:
      return std::u16string(kSystemClassGuid) + u'\0';
    case DevicePropertyClassName:
      return std::u16string(u"System") + u'\0';
    case DevicePropertyHardwareID:
      return std::u16string(u"ROOT\\WMIPORT") + u'\0' + u'\0';
    case DevicePropertyEnumeratorName:
      return std::u16string(u"ROOT") + u'\0';
    case DevicePropertyDeviceDescription:
    case DevicePropertyFriendlyName: {
      const PDEVICE_OBJECT function = pdo.object.AttachedDevice;
      Driver* driver = function != nullptr ? driver_of(function) : nullptr;
      return (driver != nullptr ? to_u16string(driver->name()) : std::u16string(u"wmiport root device")) + u'\0';
    }
    case DevicePropertyLocationInformation:
      return std::u16string(u"wmiport root bus") + u'\0';
    case DevicePropertyBusNumber:
      return ULONG{0};
    case DevicePropertyAddress:
    case DevicePropertyUINumber:
      return ULONG{pdo.instance_number};
    default:
      return std::monostate{};
  }
}

}  // namespace

extern "C" {

NTSTATUS IoGetDeviceProperty(PDEVICE_OBJECT DeviceObject, DEVICE_REGISTRY_PROPERTY DeviceProperty, ULONG BufferLength,
                             PVOID PropertyBuffer, PULONG ResultLength) {
  DeviceState* state = device_state(DeviceObject, "IoGetDeviceProperty");
  if (state == nullptr || ResultLength == nullptr)
    return STATUS_INVALID_PARAMETER;
  if (!state->is_pdo)
    return STATUS_INVALID_DEVICE_REQUEST;  // properties are asked of the PDO
  const auto value = property_of(*state, DeviceProperty);
  const void* data = nullptr;
  ULONG size = 0;
  ULONG number = 0;
  if (const auto* text = std::get_if<std::u16string>(&value)) {
    data = text->data();
    size = static_cast<ULONG>(text->size() * sizeof(WCHAR));
  } else if (const auto* integer = std::get_if<ULONG>(&value)) {
    number = *integer;
    data = &number;
    size = sizeof number;
  } else {
    return STATUS_INVALID_PARAMETER_2;
  }
  *ResultLength = size;
  if (BufferLength < size || PropertyBuffer == nullptr)
    return STATUS_BUFFER_TOO_SMALL;
  std::memcpy(PropertyBuffer, data, size);
  return STATUS_SUCCESS;
}

}  // extern "C"
