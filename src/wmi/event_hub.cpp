#include "wmi/event_hub.h"

#include <algorithm>
#include <cstdio>

#include "common/byte_io.h"

namespace wmiport::wmi {

void stamp_count_lost(std::vector<std::uint8_t>& wnode, std::uint32_t count_lost) {
  constexpr std::size_t kCountLost = 16;
  if (wnode.size() >= kCountLost + sizeof(std::uint32_t))
    store_u32(MutableBytes{wnode}, kCountLost, count_lost);
}

void SubscriberQueue::push(EventRecord record) {
  {
    std::lock_guard lock(mutex_);
    if (queue_.size() >= capacity_) {
      ++lost_pending_;
      ++lost_total_;
      return;
    }
    record.count_lost = lost_pending_;
    if (lost_pending_ != 0)
      stamp_count_lost(record.wnode, lost_pending_);
    lost_pending_ = 0;
    queue_.push_back(std::move(record));
  }
  ready_.notify_one();
}

std::optional<EventRecord> SubscriberQueue::wait_next(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!ready_.wait_for(lock, timeout, [this] { return !queue_.empty(); }))
    return std::nullopt;
  EventRecord record = std::move(queue_.front());
  queue_.pop_front();
  return record;
}

std::optional<EventRecord> SubscriberQueue::try_next() {
  return wait_next(std::chrono::milliseconds(0));
}

std::uint64_t SubscriberQueue::total_lost() const {
  std::lock_guard lock(mutex_);
  return lost_total_;
}

EventHub::EventHub(std::size_t pending_capacity, Resolver resolver)
    : pending_capacity_(pending_capacity), resolver_(std::move(resolver)), thread_([this] { run(); }) {}

EventHub::~EventHub() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  work_.notify_all();
  thread_.join();
}

bool EventHub::post(PostedEvent event) {
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || pending_.size() >= pending_capacity_)
      return false;
    event.sequence = next_sequence_++;
    pending_.push_back(std::move(event));
  }
  work_.notify_one();
  return true;
}

std::shared_ptr<SubscriberQueue> EventHub::subscribe(const Guid& guid, std::size_t capacity) {
  std::lock_guard lock(mutex_);
  auto queue = std::make_shared<SubscriberQueue>(guid, capacity, next_sequence_);
  subscribers_.push_back(queue);
  return queue;
}

void EventHub::unsubscribe(const std::shared_ptr<SubscriberQueue>& queue) {
  std::lock_guard lock(mutex_);
  std::erase(subscribers_, queue);
}

std::size_t EventHub::subscriber_count(const Guid& guid) const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(
      std::count_if(subscribers_.begin(), subscribers_.end(), [&](const auto& s) { return s->guid() == guid; }));
}

std::vector<std::shared_ptr<SubscriberQueue>> EventHub::subscribers_of(const Guid& guid) const {
  std::lock_guard lock(mutex_);
  std::vector<std::shared_ptr<SubscriberQueue>> out;
  for (const auto& s : subscribers_)
    if (s->guid() == guid)
      out.push_back(s);
  return out;
}

void EventHub::drain() {
  std::unique_lock lock(mutex_);
  idle_.wait(lock, [this] { return pending_.empty() && !delivering_; });
}

void EventHub::run() {
  for (;;) {
    PostedEvent event;
    {
      std::unique_lock lock(mutex_);
      work_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
      if (pending_.empty()) {  // stopping with nothing left
        idle_.notify_all();
        return;
      }
      event = std::move(pending_.front());
      pending_.pop_front();
      delivering_ = true;
    }
    auto record = resolver_(event);
    if (record.ok()) {
      for (const auto& subscriber : subscribers_of(event.guid))
        if (subscriber->first_sequence() <= event.sequence)
          subscriber->push(*record);
    } else {
      std::fprintf(stderr, "wmiport: event %s from provider %u dropped: %s\n", event.guid.to_string().c_str(),
                   event.provider_id, record.error().to_string().c_str());
    }
    {
      std::lock_guard lock(mutex_);
      delivering_ = false;
      if (pending_.empty())
        idle_.notify_all();
    }
  }
}

}  // namespace wmiport::wmi
