// The command's side of the verifier (--verifier=off|on|strict): the Host options that turn it on, each violation
// printed on stderr as it happens (text, or one JSON object per line with --json), the summary at exit, and the
// exit status (strict: 3 when anything was reported). stdout stays the command's own output.
#pragma once

#include <string>

#include "verifier/verifier.h"
#include "wmiport/host.h"

namespace wmiport::cli {

inline constexpr int kExitVerifierViolation = 3;

class VerifierReport {
 public:
  // `mode` is "off", "on" or "strict" (checked by the option parser).
  VerifierReport(std::string mode, bool json) : mode_(std::move(mode)), json_(json) {}
  VerifierReport(const VerifierReport&) = delete;
  VerifierReport& operator=(const VerifierReport&) = delete;

  // Options for the command's Host. The report must outlive the Host (violations arrive until it is destroyed:
  // pool leaks are found at unload).
  HostOptions host_options();
  // Call after the Host is gone: prints the summary when anything was reported, returns the exit status.
  int finish(int command_exit_code) const;

 private:
  std::string mode_;
  bool json_;
  verifier::Verifier collected_;
};

}  // namespace wmiport::cli
