// What a fuzz run finds, gathered in ONE place: collect_findings(). Today it drains the WMI core's reports
// (Host::wmi_reports), the emulated kernel's contract violations (a ContractHook) and the SCSI port's records of
// miniport rule breaches; the verifier's violations join here too. Crashes are added by whoever saw the process
// die (the `wmiport fuzz` parent).
#pragma once

#include <cstddef>
#include <mutex>
#include <string>
#include <vector>

#include "kernel/contract.h"
#include "wmiport/host.h"

namespace wmiport::fuzzing {

struct Finding {
  std::string kind;  // "crash", "hang", "wmi_core", "kernel", "scsiport"
  std::string rule;  // short stable id
  std::string message;
};

// Install as HostOptions::kernel.contract_hook before the Host is created; it must outlive the Host.
class FindingCollector final : public kernel::ContractHook {
 public:
  void violation(const kernel::ContractViolation& violation) override;

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
