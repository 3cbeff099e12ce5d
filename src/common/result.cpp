#include "common/result.h"

#include <array>
#include <utility>

#include <fmt/format.h>

namespace wmiport {

namespace {

struct NamedStatus {
  NtStatusCode code;
  const char* name;
};

constexpr std::array kNamedStatuses{
    NamedStatus{ntstatus::success, "STATUS_SUCCESS"},
    NamedStatus{ntstatus::pending, "STATUS_PENDING"},
    NamedStatus{ntstatus::buffer_overflow, "STATUS_BUFFER_OVERFLOW"},
    NamedStatus{ntstatus::unsuccessful, "STATUS_UNSUCCESSFUL"},
    NamedStatus{ntstatus::invalid_parameter, "STATUS_INVALID_PARAMETER"},
    NamedStatus{ntstatus::invalid_device_request, "STATUS_INVALID_DEVICE_REQUEST"},
    NamedStatus{ntstatus::buffer_too_small, "STATUS_BUFFER_TOO_SMALL"},
    NamedStatus{ntstatus::insufficient_resources, "STATUS_INSUFFICIENT_RESOURCES"},
    NamedStatus{ntstatus::not_supported, "STATUS_NOT_SUPPORTED"},
    NamedStatus{ntstatus::wmi_guid_not_found, "STATUS_WMI_GUID_NOT_FOUND"},
    NamedStatus{ntstatus::wmi_instance_not_found, "STATUS_WMI_INSTANCE_NOT_FOUND"},
    NamedStatus{ntstatus::wmi_itemid_not_found, "STATUS_WMI_ITEMID_NOT_FOUND"},
    NamedStatus{ntstatus::wmi_try_again, "STATUS_WMI_TRY_AGAIN"},
    NamedStatus{ntstatus::wmi_read_only, "STATUS_WMI_READ_ONLY"},
    NamedStatus{ntstatus::wmi_set_failure, "STATUS_WMI_SET_FAILURE"},
    NamedStatus{ntstatus::wmi_not_supported, "STATUS_WMI_NOT_SUPPORTED"},
    NamedStatus{ntstatus::wmi_guid_disconnected, "STATUS_WMI_GUID_DISCONNECTED"},
    NamedStatus{ntstatus::wmi_already_disabled, "STATUS_WMI_ALREADY_DISABLED"},
    NamedStatus{ntstatus::wmi_already_enabled, "STATUS_WMI_ALREADY_ENABLED"},
};

}  // namespace

std::string ntstatus_name(NtStatusCode code) {
  for (const auto& named : kNamedStatuses) {
    if (named.code == code)
      return named.name;
  }
  return fmt::format("0x{:08X}", static_cast<std::uint32_t>(code));
}

std::string Error::to_string() const { return fmt::format("{}: {}", ntstatus_name(code_), message_); }

}  // namespace wmiport
