// How WmiLib reports a driver's broken contract to the verifier: the rule, the driver owning the device, and the
// request it happened in (minor code, the block's GUID when DataPath names one, the buffer size).
#include <cstring>

#include <fmt/format.h>

#include "common/guid.h"
#include "kernel/contract.h"
#include "kernel/driver.h"
#include "wmilib/irp_request.h"

namespace wmiport::wmilib {

void report_violation(const IrpRequest& request, std::string_view rule, std::string message) {
  kernel::ContractViolation violation;
  violation.rule = std::string(rule);
  violation.message = std::move(message);
  if (request.device != nullptr)
    if (const kernel::Driver* driver = kernel::Driver::from_object(request.device->DriverObject))
      violation.driver = driver->name();
  violation.minor = request.minor;
  const bool names_a_guid = request.minor != IRP_MN_REGINFO && request.minor != IRP_MN_REGINFO_EX;
  if (names_a_guid && request.stack->Parameters.WMI.DataPath != nullptr) {
    std::uint8_t bytes[16];
    std::memcpy(bytes, request.stack->Parameters.WMI.DataPath, sizeof bytes);
    violation.guid = Guid::load(Bytes(bytes, sizeof bytes), 0).to_string();
  }
  violation.request = fmt::format("buffer {} bytes", request.size());
  kernel::report_violation(std::move(violation));
}

}  // namespace wmiport::wmilib
