// KEVENT (notification and synchronization events) and KeWaitForSingleObject.
#include <new>

#include <fmt/format.h>

#include <wdm.h>

#include "kernel/contract.h"
#include "kernel/dispatcher.h"
#include "kernel/irql.h"
#include "kernel/timer.h"

namespace wmiport::kernel {

const void* this_thread_marker() {
  thread_local char marker;
  return &marker;
}

std::optional<std::chrono::steady_clock::time_point> deadline_of(const LARGE_INTEGER* timeout) {
  if (timeout == nullptr)
    return std::nullopt;
  const auto now = std::chrono::steady_clock::now();
  using Ticks = std::chrono::duration<long long, std::ratio<1, 10'000'000>>;  // 100 ns
  if (timeout->QuadPart <= 0)
    return now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(Ticks(-timeout->QuadPart));
  LARGE_INTEGER system_now;
  KeQuerySystemTime(&system_now);
  return now + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                   Ticks(timeout->QuadPart - system_now.QuadPart));
}

NTSTATUS wait_for_event(EventObject& event, std::optional<std::chrono::steady_clock::time_point> deadline) {
  std::unique_lock guard(event.lock);
  if (deadline) {
    if (!event.changed.wait_until(guard, *deadline, [&] { return event.signaled; }))
      return STATUS_TIMEOUT;
  } else {
    event.changed.wait(guard, [&] { return event.signaled; });
  }
  if (event.type == SynchronizationEvent)
    event.signaled = false;  // a synchronization event releases one waiter and resets itself
  return STATUS_SUCCESS;
}

EventObject* event_object(PVOID object) {
  auto* event = static_cast<EventObject*>(object);
  return event != nullptr && event->tag == kEventTag ? event : nullptr;
}

}  // namespace wmiport::kernel

using namespace wmiport::kernel;

namespace {

EventObject* checked_event(PRKEVENT event, const char* routine) {
  EventObject* object = event_object(event);
  if (object == nullptr)
    report_violation("event_uninitialized",
                     fmt::format("{} on {} before KeInitializeEvent", routine, static_cast<const void*>(event)));
  return object;
}

}  // namespace

extern "C" {

VOID KeInitializeEvent(PRKEVENT Event, EVENT_TYPE Type, BOOLEAN State) {
  auto* object = new (Event) EventObject;
  object->type = Type;
  object->signaled = State != FALSE;
}

LONG KeSetEvent(PRKEVENT Event, KPRIORITY Increment, BOOLEAN Wait) {
  (void)Increment;
  (void)Wait;  // Wait=TRUE promises a wait call next; nothing to keep between the two calls here
  EventObject* object = checked_event(Event, "KeSetEvent");
  if (object == nullptr)
    return 0;
  std::scoped_lock guard(object->lock);
  const bool previous = object->signaled;
  object->signaled = true;
  if (object->type == SynchronizationEvent)
    object->changed.notify_one();
  else
    object->changed.notify_all();
  return previous ? 1 : 0;
}

VOID KeClearEvent(PRKEVENT Event) {
  (void)KeResetEvent(Event);
}

LONG KeResetEvent(PRKEVENT Event) {
  EventObject* object = checked_event(Event, "KeResetEvent");
  if (object == nullptr)
    return 0;
  std::scoped_lock guard(object->lock);
  const bool previous = object->signaled;
  object->signaled = false;
  return previous ? 1 : 0;
}

LONG KeReadStateEvent(PRKEVENT Event) {
  EventObject* object = checked_event(Event, "KeReadStateEvent");
  if (object == nullptr)
    return 0;
  std::scoped_lock guard(object->lock);
  return object->signaled ? 1 : 0;
}

NTSTATUS KeWaitForSingleObject(PVOID Object, KWAIT_REASON WaitReason, KPROCESSOR_MODE WaitMode, BOOLEAN Alertable,
                               PLARGE_INTEGER Timeout) {
  (void)WaitReason;
  (void)WaitMode;
  (void)Alertable;  // no APCs are delivered to host threads, so an alertable wait is never alerted
  const KIRQL irql = current_irql();
  const bool polls = Timeout != nullptr && Timeout->QuadPart == 0;
  if (irql > DISPATCH_LEVEL || (irql == DISPATCH_LEVEL && !polls)) {
    report_violation("wait_irql", fmt::format("KeWaitForSingleObject at IRQL {} with a non-zero timeout", irql));
    return STATUS_INVALID_PARAMETER;
  }
  const auto deadline = deadline_of(Timeout);
  if (EventObject* event = event_object(Object))
    return wait_for_event(*event, deadline);
  if (TimerObject* timer = timer_object(Object))
    return wait_for_timer(*timer, deadline);
  report_violation("wait_unknown_object",
                   fmt::format("KeWaitForSingleObject on {}: not an initialised KEVENT or KTIMER", Object));
  return STATUS_INVALID_PARAMETER;
}

}  // extern "C"
