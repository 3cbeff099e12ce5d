// KTIMER: timers with optional period and DPC, expired by one timer thread per Kernel.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <thread>

#include <wdm.h>

#include "kernel/dispatcher.h"

namespace wmiport::kernel {

class Driver;

// Lives in the KTIMER storage; every field but `tag` is guarded by the TimerQueue lock.
struct TimerObject {
  std::uint32_t tag = kTimerTag;
  TIMER_TYPE type = NotificationTimer;
  bool signaled = false;
  bool armed = false;
  std::uint64_t generation = 0;  // bumped by every set and cancel, so a stale expiry is ignored
  LONG period_ms = 0;
  PKDPC dpc = nullptr;
  Driver* owner = nullptr;
};
static_assert(sizeof(TimerObject) <= sizeof(KTIMER) && alignof(TimerObject) <= alignof(KTIMER));

TimerObject* timer_object(PVOID object);  // nullptr when `object` is not an initialised KTIMER

// Waits for a timer to be signaled (through the current Kernel's timer queue).
NTSTATUS wait_for_timer(TimerObject& timer, std::optional<std::chrono::steady_clock::time_point> deadline);

// Queues a DPC to run on a worker thread at DISPATCH_LEVEL, attributed to `owner`. False if already queued.
bool queue_dpc(PKDPC dpc, PVOID argument1, PVOID argument2, Driver* owner);

class TimerQueue {
 public:
  TimerQueue() = default;
  ~TimerQueue();
  TimerQueue(const TimerQueue&) = delete;
  TimerQueue& operator=(const TimerQueue&) = delete;

  // Arms (or re-arms) the timer; true when it was already armed.
  bool set(TimerObject& timer, std::chrono::steady_clock::time_point due, LONG period_ms, PKDPC dpc, Driver* owner);
  // Disarms; true when it was armed.
  bool cancel(TimerObject& timer);
  bool signaled(TimerObject& timer);
  NTSTATUS wait(TimerObject& timer, std::optional<std::chrono::steady_clock::time_point> deadline);
  // Disarms every timer `owner` set (its storage goes away with the driver).
  void cancel_owned_by(const Driver* owner);

 private:
  using Clock = std::chrono::steady_clock;
  void run();
  void arm_locked(TimerObject& timer, Clock::time_point due);

  std::mutex lock_;  // guards every TimerObject's fields, due_, stopping_
  std::condition_variable signaled_;
  std::condition_variable wake_;
  std::multimap<Clock::time_point, std::pair<TimerObject*, std::uint64_t>> due_;
  std::thread thread_;
  bool stopping_ = false;
};

}  // namespace wmiport::kernel
