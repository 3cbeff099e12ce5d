#include "kernel/contract.h"

#include <cstdio>

#include "kernel/current_driver.h"
#include "kernel/driver.h"
#include "kernel/kernel.h"

namespace wmiport::kernel {

void report_violation(std::string_view rule, std::string message) {
  ContractViolation violation;
  violation.rule = std::string(rule);
  violation.message = std::move(message);
  report_violation(std::move(violation));
}

void report_violation(ContractViolation violation) {
  if (violation.driver.empty()) {
    Driver* driver = current_driver();
    violation.driver = driver != nullptr ? driver->name() : "";
  }
  if (Kernel* kernel = Kernel::current()) {
    kernel->report(violation);
    return;
  }
  std::fprintf(stderr, "wmiport: contract violation %s%s%s: %s\n", violation.rule.c_str(),
               violation.driver.empty() ? "" : " by ", violation.driver.c_str(), violation.message.c_str());
}

}  // namespace wmiport::kernel
