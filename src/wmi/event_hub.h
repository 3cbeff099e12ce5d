// Event delivery (spec §5.5 IoWMIWriteEvent): events are posted by drivers (any thread, IRQL <= DISPATCH) into
// a bounded pending queue and delivered by the hub's own thread, never on the driver's stack. Each subscriber
// has a bounded queue; when it is full the event is dropped for that subscriber and counted, and the next
// event it does receive carries the count in WnodeHeader.CountLost (and EventRecord::count_lost).
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "common/guid.h"
#include "common/result.h"
#include "wmi/consumer_types.h"

namespace wmiport::wmi {

class SubscriberQueue {
 public:
  SubscriberQueue(Guid guid, std::size_t capacity, std::uint64_t first_sequence)
      : guid_(guid), capacity_(capacity), first_sequence_(first_sequence) {}

  const Guid& guid() const { return guid_; }
  // Events posted before the subscription (a lower sequence number) are not delivered to it.
  std::uint64_t first_sequence() const { return first_sequence_; }
  // Called by the hub thread only.
  void push(EventRecord record);
  std::optional<EventRecord> wait_next(std::chrono::milliseconds timeout);
  std::optional<EventRecord> try_next();
  std::uint64_t total_lost() const;

 private:
  const Guid guid_;
  const std::size_t capacity_;
  const std::uint64_t first_sequence_;
  mutable std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<EventRecord> queue_;   // guarded by mutex_
  std::uint32_t lost_pending_ = 0;  // guarded by mutex_: dropped since the last event queued
  std::uint64_t lost_total_ = 0;    // guarded by mutex_
};

struct PostedEvent {
  std::vector<std::uint8_t> wnode;  // the driver's WNODE, copied (the driver's pool block is already freed)
  Guid guid;
  std::uint32_t provider_id = 0;
  std::uint64_t sequence = 0;  // assigned by EventHub::post
};

class EventHub {
 public:
  // Turns a posted WNODE into what subscribers get; runs on the hub thread (it may send requests, e.g. to
  // resolve a WNODE_EVENT_REFERENCE). An error drops the event (reported on stderr).
  using Resolver = std::function<Result<EventRecord>(const PostedEvent&)>;

  EventHub(std::size_t pending_capacity, Resolver resolver);
  ~EventHub();
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  // False when the pending queue is full (the caller keeps ownership of its WNODE).
  bool post(PostedEvent event);
  std::shared_ptr<SubscriberQueue> subscribe(const Guid& guid, std::size_t capacity);
  void unsubscribe(const std::shared_ptr<SubscriberQueue>& queue);
  std::size_t subscriber_count(const Guid& guid) const;
  // Waits until every event posted so far has been delivered.
  void drain();

 private:
  void run();
  std::vector<std::shared_ptr<SubscriberQueue>> subscribers_of(const Guid& guid) const;

  const std::size_t pending_capacity_;
  const Resolver resolver_;

  mutable std::mutex mutex_;
  std::condition_variable work_;
  std::condition_variable idle_;
  std::deque<PostedEvent> pending_;                            // guarded by mutex_
  std::vector<std::shared_ptr<SubscriberQueue>> subscribers_;  // guarded by mutex_
  bool delivering_ = false;                                    // guarded by mutex_
  std::uint64_t next_sequence_ = 0;                            // guarded by mutex_
  bool stopping_ = false;                                      // guarded by mutex_
  std::thread thread_;
};

// Writes CountLost (WNODE_HEADER offset 16, a union with TimeStamp) into a delivered WNODE.
void stamp_count_lost(std::vector<std::uint8_t>& wnode, std::uint32_t count_lost);

}  // namespace wmiport::wmi
