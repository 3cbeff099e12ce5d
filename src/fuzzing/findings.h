// What a fuzz run finds, gathered in ONE place: collect_findings(). It drains the verifier's violations (forwarded
// to record() by the Host's verifier, including those of the shutdown such as pool leaked at unload), the WMI
// core's reports (Host::wmi_reports), the emulated kernel's contract violations when the verifier is off (a
// ContractHook), and the SCSI port's records of events it could not deliver. Crashes are added by whoever saw the
// process die (the `wmiport fuzz` parent).
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

#include "kernel/contract.h"
#include "verifier/violation.h"
#include "wmiport/host.h"

namespace wmiport::fuzzing {

struct Finding {
  std::string kind;  // "crash", "hang", "verifier", "wmi_core", "kernel", "scsiport"
  std::string rule;  // short stable id
  std::string message;
};

// Install before the Host is created, as HostOptions::verifier.on_violation (calling record()) and as
// HostOptions::kernel.contract_hook (used when the verifier is off); it must outlive the Host.
class FindingCollector final : public kernel::ContractHook {
 public:
  void violation(const kernel::ContractViolation& violation) override;
  void record(const verifier::Violation& violation);

  // Everything new since the last call. `host` may be null (after the Host is gone, only the kernel violations
  // of the shutdown, such as pool leaked at unload, are left to gather).
  std::vector<Finding> collect_findings(Host* host);

 private:
  std::mutex mutex_;
  std::vector<Finding> violations_;  // guarded by mutex_
  std::size_t wmi_reports_seen_ = 0;
  std::size_t port_records_seen_ = 0;
};

}  // namespace wmiport::fuzzing
