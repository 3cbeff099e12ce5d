// The host primitives behind the opaque dispatcher objects of wdm.h (KEVENT, FAST_MUTEX, KTIMER).
//
// Each object is constructed in place in the driver's storage by its Initialize routine; a tag in the first word
// tells the objects apart (KeWaitForSingleObject takes any of them) and catches use before initialisation.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>

#include <wdm.h>

namespace wmiport::kernel {

inline constexpr std::uint32_t kEventTag = 0x7645574b;      // "KWEv"
inline constexpr std::uint32_t kFastMutexTag = 0x784d574b;  // "KWMx"
inline constexpr std::uint32_t kTimerTag = 0x6d54574b;      // "KWTm"

struct EventObject {
  std::uint32_t tag = kEventTag;
  EVENT_TYPE type = NotificationEvent;
  std::mutex lock;  // guards signaled
  std::condition_variable changed;
  bool signaled = false;
};
static_assert(sizeof(EventObject) <= sizeof(KEVENT) && alignof(EventObject) <= alignof(KEVENT));

struct FastMutexObject {
  std::uint32_t tag = kFastMutexTag;
  std::mutex mutex;
  // The owning thread's marker: written by the owner while holding `mutex`, read by anyone for the ownership
  // checks (atomic, so that a check from another thread is not a data race).
  std::atomic<const void*> owner{nullptr};
  std::uint8_t old_irql = 0;  // the IRQL to restore at release (set by the owner)
};
static_assert(sizeof(FastMutexObject) <= sizeof(FAST_MUTEX) && alignof(FastMutexObject) <= alignof(FAST_MUTEX));

// A marker unique to the calling thread (the address of a thread-local), for owner checks.
const void* this_thread_marker();

// Deadline of a WDK timeout: nullptr waits forever, negative is relative (100 ns units), positive is an
// absolute system time, zero polls.
std::optional<std::chrono::steady_clock::time_point> deadline_of(const LARGE_INTEGER* timeout);

// Waits on `event` until signaled or the deadline; consumes the signal of a synchronization event.
NTSTATUS wait_for_event(EventObject& event, std::optional<std::chrono::steady_clock::time_point> deadline);

EventObject* event_object(PVOID object);  // nullptr when `object` is not an initialised KEVENT

}  // namespace wmiport::kernel
