// DPCs: KeInitializeDpc, KeInsertQueueDpc, KeRemoveQueueDpc. A queued DPC runs once on a kernel worker thread at
// DISPATCH_LEVEL (there are no per-processor DPC queues to emulate; see docs/decisions.md).
#include <cstdint>
#include <optional>
#include <unordered_map>

#include <wdm.h>

#include "kernel/contract.h"
#include "kernel/current_driver.h"
#include "kernel/irql.h"
#include "kernel/kernel.h"
#include "kernel/protected.h"
#include "kernel/timer.h"
#include "kernel/work_queue.h"

namespace wmiport::kernel {

namespace {

struct QueuedDpc {
  std::uint64_t serial;  // identifies the pending run (a DPC removed and queued again gets a new one)
  PVOID argument1;
  PVOID argument2;
};

struct QueuedDpcs {
  std::unordered_map<PKDPC, QueuedDpc> queued;
  std::uint64_t next_serial = 0;
};

Protected<QueuedDpcs>& queued_dpcs() {
  static auto* dpcs = new Protected<QueuedDpcs>;
  return *dpcs;
}

}  // namespace

bool queue_dpc(PKDPC dpc, PVOID argument1, PVOID argument2, Driver* owner) {
  Kernel* kernel = Kernel::current();
  if (kernel == nullptr) {
    report_violation("no_kernel", "KeInsertQueueDpc with no Kernel running");
    return false;
  }
  std::uint64_t serial = 0;
  const bool inserted = queued_dpcs().with([&](QueuedDpcs& dpcs) {
    serial = ++dpcs.next_serial;
    return dpcs.queued.emplace(dpc, QueuedDpc{serial, argument1, argument2}).second;
  });
  if (!inserted)
    return false;
  const bool queued = kernel->work_queue().enqueue([dpc, serial, owner] {
    // Run only if this queuing is still current (not removed by KeRemoveQueueDpc, not already run). The
    // arguments are taken with the entry: the DPC may be queued again (with others) as soon as it is dequeued.
    std::optional<QueuedDpc> run = queued_dpcs().with([&](QueuedDpcs& dpcs) -> std::optional<QueuedDpc> {
      const auto it = dpcs.queued.find(dpc);
      if (it == dpcs.queued.end() || it->second.serial != serial)
        return std::nullopt;
      QueuedDpc entry = it->second;
      dpcs.queued.erase(it);
      return entry;
    });
    if (!run)
      return;
    DriverScope scope(owner);
    IrqlScope irql(kDispatchLevel);
    dpc->DeferredRoutine(dpc, dpc->DeferredContext, run->argument1, run->argument2);
  });
  if (!queued)
    queued_dpcs().with([&](QueuedDpcs& dpcs) { dpcs.queued.erase(dpc); });
  return queued;
}

}  // namespace wmiport::kernel

extern "C" {

VOID KeInitializeDpc(PRKDPC Dpc, PKDEFERRED_ROUTINE DeferredRoutine, PVOID DeferredContext) {
  *Dpc = KDPC{};
  Dpc->Type = 19;       // DpcObject
  Dpc->Importance = 1;  // MediumImportance
  Dpc->DeferredRoutine = DeferredRoutine;
  Dpc->DeferredContext = DeferredContext;
}

BOOLEAN KeInsertQueueDpc(PRKDPC Dpc, PVOID SystemArgument1, PVOID SystemArgument2) {
  return wmiport::kernel::queue_dpc(Dpc, SystemArgument1, SystemArgument2, wmiport::kernel::current_driver()) ? TRUE
                                                                                                              : FALSE;
}

BOOLEAN KeRemoveQueueDpc(PRKDPC Dpc) {
  return wmiport::kernel::queued_dpcs().with([&](auto& dpcs) { return dpcs.queued.erase(Dpc) != 0; }) ? TRUE : FALSE;
}

}  // extern "C"
