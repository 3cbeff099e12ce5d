// The emulated IRQL: a per-thread value (see docs/decisions.md, "IRQL emulation").
//
// Nothing masks interrupts on a host thread; the value exists so that drivers see the IRQL their code runs at on
// Windows (DISPATCH_LEVEL under a spin lock, in DPCs and completion routines called there) and so that the
// kernel can report the IRQL rules drivers break (waiting at DISPATCH_LEVEL, lowering above the current level).
#pragma once

#include <cstdint>

namespace wmiport::kernel {

using Irql = std::uint8_t;
inline constexpr Irql kPassiveLevel = 0;
inline constexpr Irql kApcLevel = 1;
inline constexpr Irql kDispatchLevel = 2;
inline constexpr Irql kHighLevel = 15;

Irql current_irql();
// Sets this thread's IRQL without checks (the Ke routines check before calling it).
void set_irql(Irql irql);

// Runs a scope at `irql` (raising or lowering without the contract checks: the kernel uses it to put a worker
// thread at DISPATCH_LEVEL for a DPC, or at PASSIVE_LEVEL for a work item) and restores the previous value.
class IrqlScope {
 public:
  explicit IrqlScope(Irql irql);
  ~IrqlScope();
  IrqlScope(const IrqlScope&) = delete;
  IrqlScope& operator=(const IrqlScope&) = delete;

 private:
  Irql previous_;
};

}  // namespace wmiport::kernel
