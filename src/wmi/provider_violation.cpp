#include "wmi/provider_violation.h"

#include <fmt/format.h>

#include "common/utf16.h"
#include "kernel/contract.h"

namespace wmiport::wmi {

std::string driver_name_of(PDEVICE_OBJECT device) {
  if (device == nullptr || device->DriverObject == nullptr || device->DriverObject->DriverName.Buffer == nullptr)
    return "";
  const UNICODE_STRING& name = device->DriverObject->DriverName;
  std::u16string_view text(reinterpret_cast<const char16_t*>(name.Buffer), name.Length / sizeof(WCHAR));
  constexpr std::u16string_view kPrefix = u"\\Driver\\";
  if (text.starts_with(kPrefix))
    text.remove_prefix(kPrefix.size());
  return utf16_to_utf8(text);
}

void report_provider_violation(const RequestPlace& place, std::string_view rule, std::string message) {
  kernel::ContractViolation violation;
  violation.rule = std::string(rule);
  violation.message = std::move(message);
  violation.driver = driver_name_of(place.device);
  if (place.guid != nullptr)
    violation.guid = place.guid->to_string();
  violation.minor = place.minor;
  violation.request = place.request;
  kernel::report_violation(std::move(violation));
}

Error provider_violation(const RequestPlace& place, std::string_view rule, std::string message) {
  std::string text = fmt::format("contract violation by provider {}: {}", place.provider_id, message);
  report_provider_violation(place, rule, std::move(message));
  return Error(STATUS_DRIVER_INTERNAL_ERROR, std::move(text));
}

}  // namespace wmiport::wmi
