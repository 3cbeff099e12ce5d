#include "fuzzing/findings.h"

#include "scsiport/scsiport.h"

namespace wmiport::fuzzing {

namespace {

// Port records that say a miniport broke a rule and that reach no verifier rule: an event the port could not
// deliver. Library violations and port contract breaches are reported to the verifier (and arrive through
// record()); ScsiPortLogError entries and configuration notes are the driver's own business.
bool is_rule_breach(scsiport::RecordKind kind) { return kind == scsiport::RecordKind::event_rejected; }

}  // namespace

void FindingCollector::violation(const kernel::ContractViolation& violation) {
  std::lock_guard lock(mutex_);
  std::string message = violation.message;
  if (!violation.driver.empty())
    message = violation.driver + ": " + message;
  violations_.push_back({"kernel", violation.rule, std::move(message)});
}

void FindingCollector::record(const verifier::Violation& violation) {
  std::lock_guard lock(mutex_);
  std::string message = violation.message;
  if (!violation.driver.empty())
    message = violation.driver + ": " + message;
  if (violation.minor >= 0)
    message += " [" + verifier::minor_name(violation.minor) + " " + violation.guid + " " + violation.request + "]";
  violations_.push_back({"verifier", violation.rule, std::move(message)});
}

// The one place every finding source is gathered (the verifier's violations are added here as well).
std::vector<Finding> FindingCollector::collect_findings(Host* host) {
  std::vector<Finding> out;
  {
    std::lock_guard lock(mutex_);
    out.swap(violations_);
  }
  if (host == nullptr)
    return out;
  const auto reports = host->wmi_reports();
  for (std::size_t i = wmi_reports_seen_; i < reports.size(); ++i)
    out.push_back({"wmi_core", "wmi_core_report", reports[i]});
  wmi_reports_seen_ = reports.size();
  const auto records = scsiport::records();
  for (std::size_t i = port_records_seen_; i < records.size(); ++i)
    if (is_rule_breach(records[i].kind))
      out.push_back(
          {"scsiport", scsiport::record_kind_name(records[i].kind), records[i].driver + ": " + records[i].text});
  port_records_seen_ = records.size();
  return out;
}

}  // namespace wmiport::fuzzing
