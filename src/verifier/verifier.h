// wmiport::verifier::Verifier: where every driver-contract violation of a Host ends up (docs/decisions.md,
// "Verifier (src/verifier)"). The detectors stay where the facts are (the emulated kernel, the WMI core, the SCSI
// port and the SCSI Port WMI library); each reports through kernel::report_violation, and the Verifier, installed
// as the kernel's ContractHook, turns the report into a Violation with its documented requirement and keeps it.
//
// A Host creates one unless HostOptions::verifier.enabled is false; read it with Host::violations() (a copy) or
// Host::take_violations() (drains: what a fuzzer calls after each input).
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "kernel/contract.h"
#include "verifier/violation.h"

namespace wmiport::verifier {

class WMIPORT_VERIFIER_API Verifier : public kernel::ContractHook {
 public:
  // `forward` (optional) also receives every violation, e.g. to print it as it happens.
  explicit Verifier(std::function<void(const Violation&)> forward = {}) : forward_(std::move(forward)) {}

  void violation(const kernel::ContractViolation& violation) override;
  // Keeps a violation that is already converted (a command collecting what its Host's verifier forwarded).
  void record(Violation violation);

  std::vector<Violation> violations() const;
  std::vector<Violation> take();  // returns and forgets what was kept (the counts in summary() remain)
  std::size_t total() const;      // every violation seen, taken or not
  // "wmiport verifier: N violation(s): rule ×count, ..." or "wmiport verifier: no violations".
  std::string summary() const;
  // {"verifier":"summary","violations":N,"rules":{"id":count,...}}
  std::string summary_json() const;

  // What the kernel's report becomes: the rule's requirement from the catalog (a generic one for rules outside it).
  static Violation from_contract(const kernel::ContractViolation& violation);

 private:
  std::function<void(const Violation&)> forward_;
  mutable std::mutex mutex_;
  std::vector<Violation> kept_;                // guarded by mutex_
  std::map<std::string, std::size_t> counts_;  // guarded by mutex_
};

}  // namespace wmiport::verifier
