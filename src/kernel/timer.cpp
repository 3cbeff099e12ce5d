// KeInitializeTimer(Ex), KeSetTimer(Ex), KeCancelTimer, KeReadStateTimer and the timer thread.
#include "kernel/timer.h"

#include <new>
#include <vector>

#include <fmt/format.h>

#include "kernel/contract.h"
#include "kernel/current_driver.h"
#include "kernel/kernel.h"

namespace wmiport::kernel {

TimerObject* timer_object(PVOID object) {
  auto* timer = static_cast<TimerObject*>(object);
  return timer != nullptr && timer->tag == kTimerTag ? timer : nullptr;
}

NTSTATUS wait_for_timer(TimerObject& timer, std::optional<std::chrono::steady_clock::time_point> deadline) {
  Kernel* kernel = Kernel::current();
  if (kernel == nullptr) {
    report_violation("no_kernel", "KeWaitForSingleObject on a timer with no Kernel running");
    return STATUS_INVALID_PARAMETER;
  }
  return kernel->timers().wait(timer, deadline);
}

TimerQueue::~TimerQueue() {
  {
    std::scoped_lock guard(lock_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable())
    thread_.join();
}

void TimerQueue::arm_locked(TimerObject& timer, Clock::time_point due) {
  timer.armed = true;
  due_.emplace(due, std::make_pair(&timer, timer.generation));
  if (!thread_.joinable())
    thread_ = std::thread([this] { run(); });
}

bool TimerQueue::set(TimerObject& timer, Clock::time_point due, LONG period_ms, PKDPC dpc, Driver* owner) {
  std::unique_lock guard(lock_);
  const bool was_armed = timer.armed;
  ++timer.generation;
  timer.signaled = false;  // setting a timer resets it
  timer.period_ms = period_ms;
  timer.dpc = dpc;
  timer.owner = owner;
  arm_locked(timer, due);
  guard.unlock();
  wake_.notify_all();
  return was_armed;
}

bool TimerQueue::cancel(TimerObject& timer) {
  std::scoped_lock guard(lock_);
  const bool was_armed = timer.armed;
  ++timer.generation;
  timer.armed = false;
  // Drop the queue entries now: the driver may free the KTIMER right after cancelling it.
  std::erase_if(due_, [&](const auto& entry) { return entry.second.first == &timer; });
  return was_armed;
}

bool TimerQueue::signaled(TimerObject& timer) {
  std::scoped_lock guard(lock_);
  return timer.signaled;
}

NTSTATUS TimerQueue::wait(TimerObject& timer, std::optional<Clock::time_point> deadline) {
  std::unique_lock guard(lock_);
  auto ready = [&] { return timer.signaled; };
  if (deadline) {
    if (!signaled_.wait_until(guard, *deadline, ready))
      return STATUS_TIMEOUT;
  } else {
    signaled_.wait(guard, ready);
  }
  if (timer.type == SynchronizationTimer)
    timer.signaled = false;
  return STATUS_SUCCESS;
}

void TimerQueue::cancel_owned_by(const Driver* owner) {
  std::scoped_lock guard(lock_);
  std::erase_if(due_, [&](const auto& entry) {
    TimerObject* timer = entry.second.first;
    if (timer->owner != owner)
      return false;
    timer->armed = false;
    ++timer->generation;
    return true;
  });
}

void TimerQueue::run() {
  std::unique_lock guard(lock_);
  while (!stopping_) {
    if (due_.empty()) {
      wake_.wait(guard);
      continue;
    }
    const auto next = due_.begin()->first;
    if (Clock::now() < next) {
      wake_.wait_until(guard, next);
      continue;
    }
    auto [timer, generation] = due_.begin()->second;
    due_.erase(due_.begin());
    if (timer->generation != generation || !timer->armed)
      continue;
    timer->signaled = true;
    timer->armed = false;
    if (timer->period_ms > 0)
      arm_locked(*timer, next + std::chrono::milliseconds(timer->period_ms));
    signaled_.notify_all();
    // Queued with the lock held, so that once KeCancelTimer returns no DPC of this timer can be queued any more
    // (the driver then removes or waits for one already queued, as on Windows). The DPC lock and the work queue
    // lock are never held while taking this one. Windows passes the expiry time in SystemArgument1; drivers
    // rarely read it, and it is NULL here.
    if (timer->dpc != nullptr)
      queue_dpc(timer->dpc, nullptr, nullptr, timer->owner);
  }
}

}  // namespace wmiport::kernel

using namespace wmiport::kernel;

namespace {

TimerQueue* queue_for(const char* routine) {
  Kernel* kernel = Kernel::current();
  if (kernel == nullptr)
    report_violation("no_kernel", fmt::format("{} with no Kernel running", routine));
  return kernel != nullptr ? &kernel->timers() : nullptr;
}

TimerObject* checked_timer(PKTIMER timer, const char* routine) {
  TimerObject* object = timer_object(timer);
  if (object == nullptr)
    report_violation("timer_uninitialized",
                     fmt::format("{} on {} before KeInitializeTimer", routine, static_cast<const void*>(timer)));
  return object;
}

}  // namespace

extern "C" {

VOID KeInitializeTimer(PKTIMER Timer) {
  KeInitializeTimerEx(Timer, NotificationTimer);
}

VOID KeInitializeTimerEx(PKTIMER Timer, TIMER_TYPE Type) {
  auto* object = new (Timer) TimerObject;
  object->type = Type;
}

BOOLEAN KeSetTimerEx(PKTIMER Timer, LARGE_INTEGER DueTime, LONG Period, PKDPC Dpc) {
  TimerObject* object = checked_timer(Timer, "KeSetTimerEx");
  TimerQueue* queue = queue_for("KeSetTimerEx");
  if (object == nullptr || queue == nullptr)
    return FALSE;
  const auto due = deadline_of(&DueTime);
  return queue->set(*object, *due, Period < 0 ? 0 : Period, Dpc, current_driver()) ? TRUE : FALSE;
}

BOOLEAN KeSetTimer(PKTIMER Timer, LARGE_INTEGER DueTime, PKDPC Dpc) {
  return KeSetTimerEx(Timer, DueTime, 0, Dpc);
}

BOOLEAN KeCancelTimer(PKTIMER Timer) {
  TimerObject* object = checked_timer(Timer, "KeCancelTimer");
  TimerQueue* queue = queue_for("KeCancelTimer");
  return object != nullptr && queue != nullptr && queue->cancel(*object) ? TRUE : FALSE;
}

BOOLEAN KeReadStateTimer(PKTIMER Timer) {
  TimerObject* object = checked_timer(Timer, "KeReadStateTimer");
  TimerQueue* queue = queue_for("KeReadStateTimer");
  return object != nullptr && queue != nullptr && queue->signaled(*object) ? TRUE : FALSE;
}

}  // extern "C"
