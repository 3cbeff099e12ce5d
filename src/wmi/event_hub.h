// Event delivery (spec §5.5 IoWMIWriteEvent): events are posted by drivers (any thread, IRQL <= DISPATCH) into
// a bounded pending queue and delivered by the hub's own thread, never on the driver's stack. The hub takes every
// pending event at once, resolves them (one call per chunk), and pushes each chunk to every subscriber queue of
// the event's GUID as one shared DeliveredEvent, publishing (and waking) each subscriber once per chunk. Each
// subscriber has a bounded queue (SubscriberQueue); when it is full the event is dropped for that subscriber and
// counted, and the next event it does receive carries the count in WnodeHeader.CountLost (and count_lost).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <thread>
#include <vector>

#include "common/guid.h"
#include "wmi/delivered_event.h"
#include "wmi/event_pool.h"
#include "wmi/subscriber_queue.h"

namespace wmiport::wmi {

struct PostedEvent {
  // The driver's WNODE, copied once into the event's block (the driver's pool block is already freed) and checked
  // there: for a WNODE_EVENT_ITEM its data and a dynamic name already point into it, and this same block is
  // delivered. Not yet shared: the resolver may still fill it in.
  SharedEvent event;
  Guid guid;
  std::uint32_t provider_id = 0;
  std::uint64_t sequence = 0;  // assigned by EventHub::post
  // A WNODE_EVENT_REFERENCE, to be resolved by querying the referenced instance.
  bool reference = false;
  // A WNODE_EVENT_ITEM naming a static instance by index: the resolver attaches the name.
  std::optional<std::uint32_t> static_index;
};

class EventHub {
 public:
  // Turns posted WNODEs into what subscribers get: resolved[k] for events[k], nullptr to drop it (the resolver
  // reports why). Runs on the hub thread (it may send requests, e.g. to resolve a WNODE_EVENT_REFERENCE).
  using Resolver = std::function<void(std::span<PostedEvent> events, std::vector<SharedEvent>& resolved)>;
  // Events resolved and published to subscribers at a time: subscribers start consuming a large burst before
  // the hub has resolved all of it.
  static constexpr std::size_t kChunk = 256;
  // How long the hub, woken by a first event, waits for more (or for a full chunk) before delivering: without
  // it a hub faster than the driver wakes, and wakes the subscribers, once per event (a system call and a
  // context switch each). Bounds the added delivery latency.
  static constexpr std::chrono::microseconds kLinger{200};

  EventHub(std::size_t pending_capacity, Resolver resolver);
  ~EventHub();
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  // Where posted events' blocks come from (any thread): recycled, kept alive by the hub and every subscriber queue.
  EventPool& pool() { return *pool_; }
  // False when the pending queue is full (the caller keeps ownership of its WNODE).
  bool post(PostedEvent event);
  std::shared_ptr<SubscriberQueue> subscribe(const Guid& guid, std::size_t capacity);
  // The hub pushes nothing more to the queue once this returns.
  void unsubscribe(const std::shared_ptr<SubscriberQueue>& queue);
  std::size_t subscriber_count(const Guid& guid) const;
  // Waits until every event posted so far has been delivered (published to the subscriber queues).
  void drain();

 private:
  using SubscriberList = std::vector<std::shared_ptr<SubscriberQueue>>;
  void run();
  void deliver(std::span<PostedEvent> chunk, const SubscriberList& subscribers);

  const std::size_t pending_capacity_;
  const Resolver resolver_;
  // Before every member holding events: destroyed after them.
  const std::shared_ptr<EventPool> pool_ = std::make_shared<EventPool>();

  mutable std::mutex mutex_;
  std::condition_variable work_;
  std::condition_variable idle_;
  std::vector<PostedEvent> pending_;  // guarded by mutex_
  // Replaced (never modified in place) on subscribe/unsubscribe, so the hub takes it once per batch.
  std::shared_ptr<const SubscriberList> subscribers_ = std::make_shared<SubscriberList>();  // guarded by mutex_
  bool delivering_ = false;                                                                 // guarded by mutex_
  bool hub_idle_ = false;              // guarded by mutex_: asleep with nothing pending; post() wakes it once
  bool hub_lingering_ = false;         // guarded by mutex_: waiting for a chunk to fill; post() wakes it when full
  bool drain_waiting_ = false;         // guarded by mutex_: drain() cuts the linger short
  std::uint64_t next_sequence_ = 0;    // guarded by mutex_
  bool stopping_ = false;              // guarded by mutex_
  std::vector<SharedEvent> resolved_;  // hub thread only
  std::thread thread_;
};

}  // namespace wmiport::wmi
