// The sink the SCSI Port WMI library reports broken miniport contracts to (scsiwmi_contract.h): each one is
// recorded for the miniport it came from (the driver whose code is running), for the verifier to surface.
#include <fmt/format.h>

#include "kernel/current_driver.h"
#include "kernel/driver.h"
#include "scsiport/records.h"
#include "scsiwmi_contract.h"

extern "C" __attribute__((visibility("default"))) VOID WmiPortScsiWmiContractViolation(
    SCSIWMI_RULE Rule, PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG Detail) {
  using namespace wmiport::scsiport;
  PortRecord r;
  auto* driver = wmiport::kernel::current_driver();
  r.driver = driver != nullptr ? driver->name() : "?";
  r.kind = RecordKind::library_violation;
  r.code = static_cast<std::uint32_t>(Rule);
  r.detail = Detail;
  r.text = fmt::format("SCSIWMI_RULE {} (detail {}, minor {})", static_cast<int>(Rule), Detail,
                       RequestContext != nullptr ? static_cast<int>(RequestContext->MinorFunction) : -1);
  add_record(std::move(r));
}
