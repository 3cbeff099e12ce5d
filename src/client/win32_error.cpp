#include "wmiport/win32_error.h"

#include <utility>

namespace wmiport {

namespace {

constexpr std::pair<NtStatusCode, std::uint32_t> kWin32Errors[] = {
    {ntstatus::success, 0},
    {ntstatus::unsuccessful, 31},           // ERROR_GEN_FAILURE
    {ntstatus::invalid_device_request, 1},  // ERROR_INVALID_FUNCTION
    {ntstatus::insufficient_resources, 8},  // ERROR_NOT_ENOUGH_MEMORY (as WMI reports it)
    {ntstatus::not_supported, 50},          // ERROR_NOT_SUPPORTED
    {ntstatus::wmi_not_supported, 50},      // ERROR_NOT_SUPPORTED
    {ntstatus::invalid_parameter, 87},      // ERROR_INVALID_PARAMETER
    {ntstatus::buffer_too_small, 122},      // ERROR_INSUFFICIENT_BUFFER
    {ntstatus::buffer_overflow, 122},       // ERROR_INSUFFICIENT_BUFFER (WMI's too-small reply)
    {ntstatus::wmi_guid_not_found, 4200},   // ERROR_WMI_GUID_NOT_FOUND
    {ntstatus::wmi_instance_not_found, 4201},
    {ntstatus::wmi_itemid_not_found, 4202},
    {ntstatus::wmi_try_again, 4203},
    {ntstatus::wmi_read_only, 4213},
    {ntstatus::wmi_set_failure, 4214},
    {ntstatus::wmi_guid_disconnected, 4207},  // ERROR_WMI_GUID_DISCONNECTED
    {ntstatus::wmi_already_disabled, 4212},   // ERROR_WMI_ALREADY_DISABLED
    {ntstatus::wmi_already_enabled, 4206},    // ERROR_WMI_ALREADY_ENABLED
};

}  // namespace

std::uint32_t win32_error_from_ntstatus(NtStatusCode status) {
  for (const auto& [code, win32] : kWin32Errors) {
    if (code == status)
      return win32;
  }
  return 31;
}

}  // namespace wmiport
