#include "wmi/control_sequence.h"

#include <fmt/format.h>

namespace wmiport::wmi {

namespace {

bool is_enable(std::uint8_t minor) {
  return minor == IRP_MN_ENABLE_EVENTS || minor == IRP_MN_ENABLE_COLLECTION;
}

}  // namespace

ControlSequence::Key ControlSequence::key_of(PDEVICE_OBJECT device, const Guid& guid, std::uint8_t minor) {
  return {device, guid, minor == IRP_MN_ENABLE_COLLECTION || minor == IRP_MN_DISABLE_COLLECTION};
}

bool ControlSequence::before_send(const RequestPlace& place, const Guid& guid, std::uint8_t minor) {
  if (!is_enable(minor))
    return true;
  {
    std::lock_guard lock(mutex_);
    auto it = enabled_.find(key_of(place.device, guid, minor));
    if (it == enabled_.end() || !it->second)
      return true;
  }
  report_provider_violation(
      place, "enable_twice",
      fmt::format("wmiport was about to send {} for {} a second time without a disable in "
                  "between (a wmiport bug)",
                  minor == IRP_MN_ENABLE_EVENTS ? "IRP_MN_ENABLE_EVENTS" : "IRP_MN_ENABLE_COLLECTION",
                  guid.to_string()));
  return false;
}

void ControlSequence::after_send(PDEVICE_OBJECT device, const Guid& guid, std::uint8_t minor, bool succeeded) {
  std::lock_guard lock(mutex_);
  bool& enabled = enabled_[key_of(device, guid, minor)];
  if (is_enable(minor))
    enabled = enabled || succeeded;
  else
    enabled = false;
}

void ControlSequence::forget(PDEVICE_OBJECT device, const Guid& guid) {
  std::lock_guard lock(mutex_);
  std::erase_if(enabled_, [&](const auto& entry) {
    return std::get<0>(entry.first) == device && std::get<1>(entry.first) == guid;
  });
}

void ControlSequence::forget(PDEVICE_OBJECT device) {
  std::lock_guard lock(mutex_);
  std::erase_if(enabled_, [&](const auto& entry) { return std::get<0>(entry.first) == device; });
}

}  // namespace wmiport::wmi
