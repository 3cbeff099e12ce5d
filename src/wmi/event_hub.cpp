#include "wmi/event_hub.h"

#include <algorithm>

namespace wmiport::wmi {

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
  bool wake = false;
  {
    std::lock_guard lock(mutex_);
    if (stopping_ || pending_.size() >= pending_capacity_)
      return false;
    event.sequence = next_sequence_++;
    pending_.push_back(std::move(event));
    // One notification per sleep: later posts find the flag cleared and make no system call.
    if (hub_idle_ || (hub_lingering_ && pending_.size() >= kChunk)) {
      hub_idle_ = hub_lingering_ = false;
      wake = true;
    }
  }
  if (wake)
    work_.notify_one();
  return true;
}

std::shared_ptr<SubscriberQueue> EventHub::subscribe(const Guid& guid, std::size_t capacity) {
  std::lock_guard lock(mutex_);
  auto queue = std::make_shared<SubscriberQueue>(guid, capacity, next_sequence_, pool_);
  auto next = std::make_shared<SubscriberList>(*subscribers_);
  next->push_back(queue);
  subscribers_ = std::move(next);
  return queue;
}

void EventHub::unsubscribe(const std::shared_ptr<SubscriberQueue>& queue) {
  queue->close();  // a batch the hub is delivering right now skips it from here on
  std::lock_guard lock(mutex_);
  auto next = std::make_shared<SubscriberList>(*subscribers_);
  std::erase(*next, queue);
  subscribers_ = std::move(next);
}

std::size_t EventHub::subscriber_count(const Guid& guid) const {
  std::lock_guard lock(mutex_);
  return static_cast<std::size_t>(
      std::count_if(subscribers_->begin(), subscribers_->end(), [&](const auto& s) { return s->guid() == guid; }));
}

void EventHub::drain() {
  std::unique_lock lock(mutex_);
  if (hub_lingering_) {
    drain_waiting_ = true;
    work_.notify_one();
  }
  idle_.wait(lock, [this] { return pending_.empty() && !delivering_; });
  drain_waiting_ = false;
}

void EventHub::deliver(std::span<PostedEvent> chunk, const SubscriberList& subscribers) {
  resolved_.clear();
  resolver_(chunk, resolved_);
  for (const auto& subscriber : subscribers) {
    bool pushed = false;
    for (std::size_t k = 0; k < chunk.size(); ++k) {
      // Re-read per event: unsubscribe may close the queue in the middle of a chunk.
      if (resolved_[k] == nullptr || chunk[k].guid != subscriber->guid() ||
          chunk[k].sequence < subscriber->first_sequence() || subscriber->closed())
        continue;
      subscriber->push(resolved_[k]);
      pushed = true;
    }
    if (pushed)
      subscriber->publish();
  }
  resolved_.clear();  // the subscriber queues hold the only references now
}

void EventHub::run() {
  std::vector<PostedEvent> batch;
  for (;;) {
    std::shared_ptr<const SubscriberList> subscribers;
    {
      std::unique_lock lock(mutex_);
      if (!stopping_ && pending_.empty()) {
        hub_idle_ = true;
        work_.wait(lock, [this] { return stopping_ || !pending_.empty(); });
        hub_idle_ = false;
        // Woken by a first event: give the driver a moment to post more, so they travel as one batch.
        if (!stopping_ && pending_.size() < kChunk && !drain_waiting_) {
          hub_lingering_ = true;
          work_.wait_for(lock, kLinger, [this] { return stopping_ || drain_waiting_ || pending_.size() >= kChunk; });
          hub_lingering_ = false;
        }
      }
      if (pending_.empty()) {  // stopping with nothing left
        idle_.notify_all();
        return;
      }
      batch.swap(pending_);  // every pending event at once; pending_ gets the last batch's (empty) capacity
      subscribers = subscribers_;
      delivering_ = true;
    }
    for (std::size_t first = 0; first < batch.size(); first += kChunk) {
      const std::size_t count = std::min(kChunk, batch.size() - first);
      deliver(std::span(batch).subspan(first, count), *subscribers);
    }
    batch.clear();
    {
      std::lock_guard lock(mutex_);
      delivering_ = false;
      if (pending_.empty())
        idle_.notify_all();
    }
  }
}

}  // namespace wmiport::wmi
