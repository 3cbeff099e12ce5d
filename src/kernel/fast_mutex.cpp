// Fast mutexes: a host mutex constructed in the FAST_MUTEX storage; acquiring raises to APC_LEVEL and the
// release restores the IRQL saved at acquisition, as on Windows.
#include <new>

#include <fmt/format.h>

#include <wdm.h>

#include "kernel/contract.h"
#include "kernel/dispatcher.h"
#include "kernel/irql.h"

namespace {

using wmiport::kernel::FastMutexObject;
using wmiport::kernel::report_violation;

FastMutexObject* fast_mutex(PFAST_MUTEX mutex, const char* routine) {
  auto* object = reinterpret_cast<FastMutexObject*>(mutex);
  if (object->tag != wmiport::kernel::kFastMutexTag) {
    report_violation("fast_mutex_uninitialized",
                     fmt::format("{} on {} before ExInitializeFastMutex", routine, static_cast<const void*>(mutex)));
    return nullptr;
  }
  return object;
}

bool check_irql(const char* routine) {
  const auto irql = wmiport::kernel::current_irql();
  if (irql > APC_LEVEL) {
    report_violation("fast_mutex_irql", fmt::format("{} at IRQL {} (above APC_LEVEL)", routine, irql));
    return false;
  }
  return true;
}

void take(FastMutexObject& object) {
  object.owner = wmiport::kernel::this_thread_marker();
  object.old_irql = wmiport::kernel::current_irql();
  wmiport::kernel::set_irql(APC_LEVEL);
}

}  // namespace

extern "C" {

VOID ExInitializeFastMutex(PFAST_MUTEX FastMutex) {
  new (FastMutex) FastMutexObject;
}

VOID ExAcquireFastMutex(PFAST_MUTEX FastMutex) {
  FastMutexObject* object = fast_mutex(FastMutex, "ExAcquireFastMutex");
  if (object == nullptr || !check_irql("ExAcquireFastMutex"))
    return;
  if (object->owner == wmiport::kernel::this_thread_marker()) {
    report_violation("fast_mutex_recursive", "ExAcquireFastMutex by the thread that holds it (deadlock on Windows)");
    return;
  }
  object->mutex.lock();
  take(*object);
}

BOOLEAN ExTryToAcquireFastMutex(PFAST_MUTEX FastMutex) {
  FastMutexObject* object = fast_mutex(FastMutex, "ExTryToAcquireFastMutex");
  if (object == nullptr || !check_irql("ExTryToAcquireFastMutex") || !object->mutex.try_lock())
    return FALSE;
  take(*object);
  return TRUE;
}

VOID ExReleaseFastMutex(PFAST_MUTEX FastMutex) {
  FastMutexObject* object = fast_mutex(FastMutex, "ExReleaseFastMutex");
  if (object == nullptr)
    return;
  if (object->owner != wmiport::kernel::this_thread_marker()) {
    report_violation("fast_mutex_not_owner", "ExReleaseFastMutex by a thread that does not hold it");
    return;
  }
  const KIRQL restore = object->old_irql;
  object->owner = nullptr;
  object->mutex.unlock();
  KeLowerIrql(restore);
}

}  // extern "C"
