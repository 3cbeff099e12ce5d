// KeGetCurrentIrql, KfRaiseIrql, KeLowerIrql, KeRaiseIrqlToDpcLevel over a thread-local IRQL.
#include "kernel/irql.h"

#include <fmt/format.h>

#include <wdm.h>

#include "kernel/contract.h"

namespace wmiport::kernel {

namespace {
thread_local Irql t_irql = kPassiveLevel;
}

Irql current_irql() {
  return t_irql;
}

void set_irql(Irql irql) {
  t_irql = irql;
}

IrqlScope::IrqlScope(Irql irql) : previous_(t_irql) {
  t_irql = irql;
}

IrqlScope::~IrqlScope() {
  t_irql = previous_;
}

}  // namespace wmiport::kernel

using wmiport::kernel::current_irql;
using wmiport::kernel::report_violation;
using wmiport::kernel::set_irql;

extern "C" {

KIRQL KeGetCurrentIrql(void) {
  return current_irql();
}

KIRQL KfRaiseIrql(KIRQL NewIrql) {
  const KIRQL old = current_irql();
  if (NewIrql < old) {
    // Windows bugchecks (IRQL_NOT_GREATER_OR_EQUAL); report and keep the current level.
    report_violation("irql_raise_below_current",
                     fmt::format("KeRaiseIrql to {} while at {}: raising must not lower the IRQL", NewIrql, old));
    return old;
  }
  set_irql(NewIrql);
  return old;
}

VOID KeLowerIrql(KIRQL NewIrql) {
  const KIRQL now = current_irql();
  if (NewIrql > now) {
    report_violation("irql_lower_above_current",
                     fmt::format("KeLowerIrql to {} while at {}: lowering must not raise the IRQL", NewIrql, now));
    return;
  }
  set_irql(NewIrql);
}

KIRQL KeRaiseIrqlToDpcLevel(void) {
  return KfRaiseIrql(DISPATCH_LEVEL);
}

}  // extern "C"
