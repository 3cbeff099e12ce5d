// One subscriber's bounded queue of delivered events: a ring of `capacity` slots written by the event hub's thread
// only and read by the subscriber's consumer thread(s). The hub fills slots and publishes them in batches (one
// release store and, only when a consumer sleeps, one wake-up per batch); a consumer takes every published event
// at once and runs its callback over them without a lock per event. When the ring holds `capacity` events not
// yet consumed, a new event is dropped for this subscriber and counted; the next event it does receive carries
// the count (EventView::count_lost, and WnodeHeader.CountLost in a private copy of the WNODE).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "common/guid.h"
#include "wmi/consumer_types.h"
#include "wmi/delivered_event.h"
#include "wmi/event_pool.h"

namespace wmiport::wmi {

class SubscriberQueue {
 public:
  using Callback = std::function<void(const EventView&)>;

  // `pool`: where the events it will hold come from, kept alive until they are released (may be null for events
  // of their own heap blocks).
  SubscriberQueue(Guid guid, std::size_t capacity, std::uint64_t first_sequence,
                  std::shared_ptr<EventPool> pool = nullptr);

  const Guid& guid() const { return guid_; }
  // Events posted before the subscription (a lower sequence number) are not delivered to it.
  std::uint64_t first_sequence() const { return first_sequence_; }

  // ---- The hub's side (its thread only) ----
  // Queues `event` (not yet visible to the consumer), or drops and counts it when the ring is full.
  void push(const SharedEvent& event);
  // Makes every event pushed so far visible, waking a sleeping consumer.
  void publish();
  // Unsubscribed: the hub stops pushing to this queue.
  void close() { closed_.store(true, std::memory_order_relaxed); }
  bool closed() const { return closed_.load(std::memory_order_relaxed); }

  // ---- The consumer's side (any thread; concurrent consumers take turns) ----
  // Waits up to `timeout` for an event, then runs `callback` over every published event (at most `max_events`),
  // in the order they were posted. Returns how many it ran. `callback` must not consume from this queue.
  std::size_t next_batch(const Callback& callback, std::chrono::milliseconds timeout,
                         std::size_t max_events = SIZE_MAX);
  std::optional<EventRecord> wait_next(std::chrono::milliseconds timeout);
  std::optional<EventRecord> try_next() { return wait_next(std::chrono::milliseconds(0)); }
  std::uint64_t total_lost() const { return lost_total_.load(std::memory_order_relaxed); }

 private:
  struct Slot {
    SharedEvent event;
    std::uint32_t count_lost = 0;
  };
  bool wait_for_events(std::chrono::steady_clock::time_point deadline);

  const Guid guid_;
  const std::size_t capacity_;
  const std::uint64_t first_sequence_;
  const std::shared_ptr<EventPool> pool_;  // before slots_: outlives the events they hold
  // Slot k % capacity_ holds event k. [head_, tail_) belong to the consumers, the rest to the hub.
  std::vector<Slot> slots_;

  // The hub's own counters (hub thread only).
  std::uint64_t written_ = 0;       // events pushed
  std::uint64_t head_seen_ = 0;     // head_ as last read: re-read only when the ring looks full
  std::uint32_t lost_pending_ = 0;  // dropped since the last event queued

  alignas(64) std::atomic<std::uint64_t> tail_{0};  // events published (written by the hub)
  alignas(64) std::atomic<std::uint64_t> head_{0};  // events consumed (written by consumers under consumer_mutex_)
  std::atomic<std::uint64_t> lost_total_{0};
  std::atomic<bool> closed_{false};

  std::mutex consumer_mutex_;
  // Sleeping consumers: counted so that the hub takes sleep_mutex_ and notifies only when someone sleeps.
  std::atomic<int> sleepers_{0};
  // Set by the hub when it notifies, cleared by a consumer that woke: one notification per sleep.
  std::atomic<bool> notified_{false};
  std::mutex sleep_mutex_;
  std::condition_variable wake_;
};

}  // namespace wmiport::wmi
