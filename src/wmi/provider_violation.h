// How the WMI core reports a provider's contract violation: once, to the kernel's contract hook (the verifier
// when a Host runs one), with where it happened (driver, GUID, minor code, request), and as the Error the
// consumer's call fails with. Every detector in the core goes through here (one place per rule).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <wdm.h>

#include "common/guid.h"
#include "common/result.h"

namespace wmiport::wmi {

struct RequestPlace {
  PDEVICE_OBJECT device = nullptr;  // the registered device (its driver is named in the report)
  std::uint32_t provider_id = 0;
  int minor = -1;
  const Guid* guid = nullptr;  // nullptr: no block (registration)
  std::string request;         // e.g. "buffer 4096 bytes"
};

// The service name of the driver owning `device` (DriverObject->DriverName without "\Driver\").
std::string driver_name_of(PDEVICE_OBJECT device);

void report_provider_violation(const RequestPlace& place, std::string_view rule, std::string message);
// Reports, and returns STATUS_DRIVER_INTERNAL_ERROR "contract violation by provider N: <message>".
Error provider_violation(const RequestPlace& place, std::string_view rule, std::string message);

}  // namespace wmiport::wmi
