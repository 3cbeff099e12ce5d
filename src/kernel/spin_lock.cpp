// Spin locks: a test-and-set on the KSPIN_LOCK word that holds the owner's thread marker. Acquiring raises to
// DISPATCH_LEVEL as on Windows. See docs/decisions.md, "Spin locks".
#include <atomic>
#include <thread>

#include <fmt/format.h>

#include <wdm.h>

#include "kernel/contract.h"
#include "kernel/dispatcher.h"
#include "kernel/irql.h"

namespace {

using wmiport::kernel::report_violation;

ULONG_PTR marker() {
  return reinterpret_cast<ULONG_PTR>(wmiport::kernel::this_thread_marker());
}

void acquire(PKSPIN_LOCK lock) {
  std::atomic_ref<ULONG_PTR> word(*lock);
  const ULONG_PTR me = marker();
  if (word.load(std::memory_order_relaxed) == me) {
    // On Windows this deadlocks the processor; report it and carry on without taking the lock again.
    report_violation("spin_lock_recursive",
                     fmt::format("spin lock {} acquired again by its owner", static_cast<const void*>(lock)));
    return;
  }
  for (unsigned spins = 0;; ++spins) {
    ULONG_PTR expected = 0;
    if (word.compare_exchange_weak(expected, me, std::memory_order_acquire, std::memory_order_relaxed))
      return;
    // Host threads can be preempted while holding the lock (no IRQL masks the scheduler): yield after a while.
    if (spins >= 64)
      std::this_thread::yield();
  }
}

void release(PKSPIN_LOCK lock) {
  std::atomic_ref<ULONG_PTR> word(*lock);
  const ULONG_PTR held_by = word.load(std::memory_order_relaxed);
  if (held_by != marker()) {
    report_violation("spin_lock_not_owner", fmt::format("spin lock {} released by a thread that does not hold it ({})",
                                                        static_cast<const void*>(lock),
                                                        held_by == 0 ? "it is free" : "another thread holds it"));
    return;
  }
  word.store(0, std::memory_order_release);
}

}  // namespace

extern "C" {

VOID KeInitializeSpinLock(PKSPIN_LOCK SpinLock) {
  std::atomic_ref<ULONG_PTR>(*SpinLock).store(0);
}

KIRQL KeAcquireSpinLockRaiseToDpc(PKSPIN_LOCK SpinLock) {
  const KIRQL old = wmiport::kernel::current_irql();
  if (old > DISPATCH_LEVEL)
    report_violation("spin_lock_irql", fmt::format("KeAcquireSpinLock at IRQL {} (above DISPATCH_LEVEL)", old));
  else
    wmiport::kernel::set_irql(DISPATCH_LEVEL);
  acquire(SpinLock);
  return old;
}

VOID KeReleaseSpinLock(PKSPIN_LOCK SpinLock, KIRQL NewIrql) {
  release(SpinLock);
  KeLowerIrql(NewIrql);
}

VOID KeAcquireSpinLockAtDpcLevel(PKSPIN_LOCK SpinLock) {
  const KIRQL irql = wmiport::kernel::current_irql();
  if (irql < DISPATCH_LEVEL)
    report_violation("spin_lock_irql", fmt::format("KeAcquireSpinLockAtDpcLevel at IRQL {}", irql));
  acquire(SpinLock);
}

VOID KeReleaseSpinLockFromDpcLevel(PKSPIN_LOCK SpinLock) {
  release(SpinLock);
}

}  // extern "C"
