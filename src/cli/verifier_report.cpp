#include "cli/verifier_report.h"

#include <cstdio>

namespace wmiport::cli {

HostOptions VerifierReport::host_options() {
  HostOptions options;
  options.verifier.enabled = mode_ != "off";
  options.verifier.on_violation = [this](const verifier::Violation& violation) {
    const std::string line = json_ ? verifier::to_json(violation) + "\n" : verifier::to_text(violation);
    std::fputs(line.c_str(), stderr);
    std::fflush(stderr);
    collected_.record(violation);
  };
  return options;
}

int VerifierReport::finish(int command_exit_code) const {
  if (mode_ == "off" || collected_.total() == 0)
    return command_exit_code;
  const std::string summary = json_ ? collected_.summary_json() + "\n" : collected_.summary();
  std::fputs(summary.c_str(), stderr);
  std::fflush(stderr);
  return mode_ == "strict" ? kExitVerifierViolation : command_exit_code;
}

}  // namespace wmiport::cli
