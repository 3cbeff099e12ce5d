// Driver-contract violations the emulated kernel detects (double completion, bad pool frees, IRQL misuse, leaks).
//
// Windows bugchecks on most of these; wmiport reports them and keeps its own state intact, so that a host (and
// later the verifier) can show the rule a driver broke. Reports go to the hook installed on the current Kernel,
// and to stderr when no hook is installed.
#pragma once

#include <string>
#include <string_view>

#include "kernel/api.h"

namespace wmiport::kernel {

struct ContractViolation {
  std::string rule;     // short stable identifier, e.g. "irp_double_completion", "pool_double_free"
  std::string message;  // what happened, with the values involved
  std::string driver;   // the driver whose code was running ("" for the host or the kernel itself)
  // Where the violation happened, when it happened inside a WMI request (filled by the WMI core and the SCSI
  // port; the verifier shows them): the block's GUID as text, the IRP_MN_* minor code, and a description of
  // the request (buffer size, instance, item or method id).
  std::string guid;
  int minor = -1;  // -1: not inside a WMI request
  std::string request;
};

// Implemented by the verifier and by tests. Called on the thread that detected the violation, possibly with
// kernel locks NOT held (never re-enter the kernel expecting a particular lock state).
class ContractHook {
 public:
  virtual ~ContractHook() = default;
  virtual void violation(const ContractViolation& violation) = 0;
};

// Reports a violation attributed to the driver whose code is running on this thread.
WMIPORT_KERNEL_API void report_violation(std::string_view rule, std::string message);
// Reports a violation built by the caller; an empty `driver` is filled with the driver running on this thread.
WMIPORT_KERNEL_API void report_violation(ContractViolation violation);

}  // namespace wmiport::kernel
