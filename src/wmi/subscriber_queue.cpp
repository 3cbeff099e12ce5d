#include "wmi/subscriber_queue.h"

#include <algorithm>

namespace wmiport::wmi {

SubscriberQueue::SubscriberQueue(Guid guid, std::size_t capacity, std::uint64_t first_sequence,
                                 std::shared_ptr<EventPool> pool)
    : guid_(guid), capacity_(capacity), first_sequence_(first_sequence), pool_(std::move(pool)), slots_(capacity) {}

void SubscriberQueue::push(const SharedEvent& event) {
  if (written_ - head_seen_ >= capacity_) {
    // Looks full: let the consumer have what is written, and see how far it got.
    publish();
    head_seen_ = head_.load(std::memory_order_acquire);
    if (written_ - head_seen_ >= capacity_) {
      ++lost_pending_;
      lost_total_.fetch_add(1, std::memory_order_relaxed);
      return;
    }
  }
  Slot& slot = slots_[written_ % capacity_];
  if (lost_pending_ != 0) {
    slot.event = with_count_lost(*event, lost_pending_);
    slot.count_lost = lost_pending_;
    lost_pending_ = 0;
  } else {
    slot.event = event;
    slot.count_lost = 0;
  }
  ++written_;
}

void SubscriberQueue::publish() {
  // seq_cst store then seq_cst load, against the consumer's increment of sleepers_ then load of tail_: either
  // the consumer sees the new tail or the hub sees the sleeper (no lost wake-up).
  if (tail_.load(std::memory_order_relaxed) == written_)
    return;
  tail_.store(written_, std::memory_order_seq_cst);
  if (sleepers_.load(std::memory_order_seq_cst) != 0 && !notified_.exchange(true, std::memory_order_seq_cst)) {
    std::lock_guard lock(sleep_mutex_);
    wake_.notify_all();
  }
}

bool SubscriberQueue::wait_for_events(std::chrono::steady_clock::time_point deadline) {
  std::unique_lock lock(sleep_mutex_);
  // Cleared before the check below, so a publish after the check notifies again.
  notified_.store(false, std::memory_order_seq_cst);
  sleepers_.fetch_add(1, std::memory_order_seq_cst);
  const bool ready = wake_.wait_until(lock, deadline, [this] {
    return tail_.load(std::memory_order_seq_cst) != head_.load(std::memory_order_seq_cst);
  });
  sleepers_.fetch_sub(1, std::memory_order_relaxed);
  return ready;
}

std::size_t SubscriberQueue::next_batch(const Callback& callback, std::chrono::milliseconds timeout,
                                        std::size_t max_events) {
  std::optional<std::chrono::steady_clock::time_point> deadline;
  for (;;) {
    {
      std::lock_guard lock(consumer_mutex_);
      std::uint64_t head = head_.load(std::memory_order_relaxed);
      const std::uint64_t tail = tail_.load(std::memory_order_acquire);
      if (tail != head) {
        const std::uint64_t end = head + std::min<std::uint64_t>(tail - head, max_events);
        std::size_t ran = 0;
        for (; head != end; ++head, ++ran) {
          Slot& slot = slots_[head % capacity_];
          const SharedEvent event = std::move(slot.event);  // the slot holds no reference once consumed
          const std::uint32_t count_lost = slot.count_lost;
          // Consumed (the hub may reuse the slot) before the callback runs, so an exception from it cannot make
          // the event run twice.
          head_.store(head + 1, std::memory_order_release);
          callback(event->view(count_lost));
        }
        return ran;
      }
    }
    if (!deadline)
      deadline = std::chrono::steady_clock::now() + timeout;
    if (!wait_for_events(*deadline))
      return 0;
  }
}

std::optional<EventRecord> SubscriberQueue::wait_next(std::chrono::milliseconds timeout) {
  std::optional<EventRecord> record;
  next_batch([&record](const EventView& event) { record = event.to_record(); }, timeout, 1);
  return record;
}

}  // namespace wmiport::wmi
