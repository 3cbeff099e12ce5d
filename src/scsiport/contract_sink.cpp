// The sink the SCSI Port WMI library reports broken miniport contracts to (scsiwmi_contract.h): each one is
// recorded for the miniport it came from (the driver whose code is running), and reported to the kernel's
// contract hook (the verifier) under the verifier's rule id, with the request it happened in.
#include <fmt/format.h>

#include "common/guid.h"
#include "kernel/contract.h"
#include "kernel/current_driver.h"
#include "kernel/driver.h"
#include "scsiport/records.h"
#include "scsiwmi_contract.h"

namespace {

// The verifier's rule id (src/verifier/rules.cpp) of each library rule.
const char* verifier_rule(SCSIWMI_RULE rule) {
  switch (rule) {
    case ScsiWmiRuleNullArgument:
      return "null_argument";
    case ScsiWmiRuleRequiredCallbackMissing:
      return "required_callback_missing";
    case ScsiWmiRuleMissingPostProcess:
      return "postprocess_missing";
    case ScsiWmiRulePostProcessTwice:
      return "postprocess_twice";
    case ScsiWmiRulePostProcessInReginfo:
      return "reginfo_postprocess";
    case ScsiWmiRulePostProcessPendingStatus:
      return "postprocess_pending_status";
    case ScsiWmiRuleBufferUsedTooLarge:
      return "size_exceeds_buffer";
    case ScsiWmiRuleInstanceLengthsInconsistent:
      return "instance_lengths";
    case ScsiWmiRuleOverrunSizeFits:
      return "too_small_not_exact";
    case ScsiWmiRuleReginfoFlags:
      return "reginfo_flags";
    case ScsiWmiRuleReginfoGuidList:
      return "reginfo_guid_list";
    case ScsiWmiRuleReginfoMofName:
      return "reginfo_mof_name";
    case ScsiWmiRuleDynamicNameProtocol:
      return "dynamic_name_protocol";
    case ScsiWmiRuleEventArguments:
      return "event_arguments";
    case ScsiWmiRuleWnodeCorrupted:
      return "wnode_corrupted";
    case ScsiWmiRuleInstanceCountTooLarge:
      return "instance_count_too_large";
    case ScsiWmiRuleInstancesNotAligned:
      return "instance_not_aligned";
  }
  return "scsiport_contract";
}

// The block's GUID from the request's WNODE header (WnodeHeader.Guid, which WMI sets in every data request), or ""
// for the registration minors and requests without a WNODE.
std::string wnode_guid(const SCSIWMI_REQUEST_CONTEXT& context) {
  constexpr std::size_t kGuidOffset = 24;  // WNODE_HEADER.Guid
  const bool has_wnode = context.MinorFunction != IRP_MN_REGINFO && context.MinorFunction != IRP_MN_REGINFO_EX &&
                         context.Buffer != nullptr && context.BufferSize >= kGuidOffset + 16;
  if (!has_wnode)
    return "";
  return wmiport::Guid::load(wmiport::Bytes(static_cast<const std::uint8_t*>(context.Buffer), context.BufferSize),
                             kGuidOffset)
      .to_string();
}

}  // namespace

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

  wmiport::kernel::ContractViolation violation;
  violation.rule = verifier_rule(Rule);
  violation.message =
      fmt::format("the SCSI Port WMI library detected SCSIWMI_RULE {} (detail {})", static_cast<int>(Rule), Detail);
  if (RequestContext != nullptr) {
    violation.minor = RequestContext->MinorFunction;
    violation.request = fmt::format("buffer {} bytes", RequestContext->BufferSize);
    violation.guid = wnode_guid(*RequestContext);
  }
  add_record(std::move(r));
  wmiport::kernel::report_violation(std::move(violation));
}
