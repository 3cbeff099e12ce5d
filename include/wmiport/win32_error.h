// NTSTATUS → Win32 error code, as the user-mode WMI functions report a provider's or the core's status.
#pragma once

#include <cstdint>

#include "common/result.h"

namespace wmiport {

// One table (win32_error.cpp); a status it does not list becomes ERROR_GEN_FAILURE (31).
std::uint32_t win32_error_from_ntstatus(NtStatusCode status);

}  // namespace wmiport
