// The event hub and the subscriber queues on their own: events handed over in chunks keep their order per
// subscriber, a slow subscriber loses events (counted, and the count delivered with its next event) without
// holding back a fast one, a queue unsubscribed while the hub delivers a batch gets nothing more, and the batch
// and one-at-a-time consumer calls agree.
#include <gtest/gtest.h>

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <vector>

#include "common/byte_io.h"
#include "wmi/event_hub.h"

namespace wmiport::wmi {
namespace {

const Guid kGuidA{0x11111111, 0, 0, {0, 0, 0, 0, 0, 0, 0, 1}};
const Guid kGuidB{0x22222222, 0, 0, {0, 0, 0, 0, 0, 0, 0, 2}};

// A 24-byte stand-in WNODE whose first 4 bytes number the event (CountLost lands at 16..20).
PostedEvent numbered(const Guid& guid, std::uint32_t number) {
  PostedEvent event;
  event.event = SharedEvent::make(24);
  DeliveredEvent& wnode = *event.event.unshared();
  std::fill(wnode.mutable_wnode().begin(), wnode.mutable_wnode().end(), std::uint8_t{0});
  store_u32(wnode.mutable_wnode(), 0, number);
  wnode.guid = event.guid = guid;
  return event;
}

std::uint32_t number_of(const EventView& event) {
  return load_u32(event.data, 0);
}

// Delivers each posted WNODE as-is, its first 4 bytes as data.
void pass_through(std::span<PostedEvent> events, std::vector<SharedEvent>& resolved) {
  for (auto& event : events) {
    event.event.unshared()->set_data(0, 4);
    resolved.push_back(std::move(event.event));
  }
}

std::vector<std::uint32_t> take_numbers(SubscriberQueue& queue, std::vector<std::uint32_t>* lost = nullptr) {
  std::vector<std::uint32_t> numbers;
  while (queue.next_batch(
             [&](const EventView& event) {
               numbers.push_back(number_of(event));
               if (lost)
                 lost->push_back(event.count_lost);
             },
             std::chrono::milliseconds(0)) != 0) {
  }
  return numbers;
}

TEST(EventQueueTest, EventsKeepTheirOrderPerSubscriberAcrossChunks) {
  EventHub hub(1u << 16, pass_through);
  auto first = hub.subscribe(kGuidA, 1u << 16);
  auto second = hub.subscribe(kGuidA, 1u << 16);
  auto other = hub.subscribe(kGuidB, 1u << 16);
  const std::uint32_t count = 3 * EventHub::kChunk + 7;  // several chunks, the last one partial
  for (std::uint32_t k = 0; k < count; ++k)
    ASSERT_TRUE(hub.post(numbered(kGuidA, k)));
  ASSERT_TRUE(hub.post(numbered(kGuidB, 99)));
  hub.drain();
  std::vector<std::uint32_t> expected(count);
  for (std::uint32_t k = 0; k < count; ++k)
    expected[k] = k;
  EXPECT_EQ(take_numbers(*first), expected);
  EXPECT_EQ(take_numbers(*second), expected);
  EXPECT_EQ(take_numbers(*other), std::vector<std::uint32_t>{99});
}

TEST(EventQueueTest, ConsumerRunningConcurrentlySeesEveryEventInOrder) {
  EventHub hub(1u << 16, pass_through);
  auto queue = hub.subscribe(kGuidA, 64);  // smaller than a chunk: the hub must publish as the ring fills
  const std::uint32_t count = 20'000;
  std::vector<std::uint32_t> seen;
  std::thread consumer([&] {
    while (seen.size() + queue->total_lost() < count)
      queue->next_batch([&](const EventView& event) { seen.push_back(number_of(event)); },
                        std::chrono::milliseconds(20));
  });
  for (std::uint32_t k = 0; k < count; ++k)
    while (!hub.post(numbered(kGuidA, k)))
      std::this_thread::yield();
  consumer.join();
  // Whatever was lost, what arrived is in posting order and accounts for every event.
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  EXPECT_EQ(std::adjacent_find(seen.begin(), seen.end()), seen.end());
  EXPECT_EQ(seen.size() + queue->total_lost(), count);
}

TEST(EventQueueTest, SlowSubscriberLosesEventsAndGetsTheCountWithItsNextOne) {
  EventHub hub(1024, pass_through);
  auto slow = hub.subscribe(kGuidA, 4);
  auto fast = hub.subscribe(kGuidA, 1024);
  for (std::uint32_t k = 0; k < 10; ++k)
    ASSERT_TRUE(hub.post(numbered(kGuidA, k)));
  hub.drain();  // one batch of 10 into a ring of 4
  EXPECT_EQ(slow->total_lost(), 6u);
  EXPECT_EQ(fast->total_lost(), 0u);
  std::vector<std::uint32_t> lost;
  EXPECT_EQ(take_numbers(*slow, &lost), (std::vector<std::uint32_t>{0, 1, 2, 3}));
  EXPECT_EQ(lost, (std::vector<std::uint32_t>{0, 0, 0, 0}));

  ASSERT_TRUE(hub.post(numbered(kGuidA, 10)));
  hub.drain();
  std::optional<EventRecord> after = slow->try_next();
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(load_u32(Bytes{after->data}, 0), 10u);
  EXPECT_EQ(after->count_lost, 6u);
  EXPECT_EQ(load_u32(Bytes{after->wnode}, 16), 6u);  // WnodeHeader.CountLost in the slow subscriber's copy
  // The fast subscriber shares the event as posted: every event, no count stamped into its WNODE.
  std::vector<std::uint32_t> fast_numbers;
  std::vector<std::uint32_t> stamped;
  while (fast->next_batch(
             [&](const EventView& event) {
               fast_numbers.push_back(number_of(event));
               stamped.push_back(load_u32(event.wnode, 16));
             },
             std::chrono::milliseconds(0)) != 0) {
  }
  EXPECT_EQ(fast_numbers, (std::vector<std::uint32_t>{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10}));
  EXPECT_EQ(stamped, std::vector<std::uint32_t>(11, 0));
}

TEST(EventQueueTest, QueueUnsubscribedWhileTheHubDeliversABatchGetsNothingMore) {
  std::mutex mutex;
  std::condition_variable cv;
  bool resolving = false;
  bool release = false;
  // Holds the hub inside the first chunk's resolution until the test has unsubscribed.
  EventHub hub(1024, [&](std::span<PostedEvent> events, std::vector<SharedEvent>& resolved) {
    {
      std::unique_lock lock(mutex);
      resolving = true;
      cv.notify_all();
      cv.wait(lock, [&] { return release; });
    }
    pass_through(events, resolved);
  });
  auto leaving = hub.subscribe(kGuidA, 1024);
  auto staying = hub.subscribe(kGuidA, 1024);
  for (std::uint32_t k = 0; k < 3; ++k)
    ASSERT_TRUE(hub.post(numbered(kGuidA, k)));
  {
    std::unique_lock lock(mutex);
    cv.wait(lock, [&] { return resolving; });
  }
  hub.unsubscribe(leaving);  // the hub holds the batch and the old subscriber list right now
  EXPECT_EQ(hub.subscriber_count(kGuidA), 1u);
  {
    std::lock_guard lock(mutex);
    release = true;
  }
  cv.notify_all();
  hub.drain();
  EXPECT_TRUE(take_numbers(*leaving).empty());
  EXPECT_EQ(take_numbers(*staying), (std::vector<std::uint32_t>{0, 1, 2}));
}

TEST(EventQueueTest, BatchAndSingleCallsShareOneQueueInOrder) {
  EventHub hub(1024, pass_through);
  auto queue = hub.subscribe(kGuidA, 1024);
  for (std::uint32_t k = 0; k < 6; ++k)
    ASSERT_TRUE(hub.post(numbered(kGuidA, k)));
  hub.drain();
  auto single = queue->try_next();
  ASSERT_TRUE(single.has_value());
  EXPECT_EQ(load_u32(Bytes{single->data}, 0), 0u);
  std::vector<std::uint32_t> batch;
  EXPECT_EQ(queue->next_batch([&](const EventView& event) { batch.push_back(number_of(event)); },
                              std::chrono::milliseconds(0), 2),
            2u);  // at most max_events
  EXPECT_EQ(batch, (std::vector<std::uint32_t>{1, 2}));
  EXPECT_EQ(take_numbers(*queue), (std::vector<std::uint32_t>{3, 4, 5}));
  EXPECT_FALSE(queue->try_next().has_value());
}

TEST(EventQueueTest, SubscriberSeesOnlyEventsPostedAfterItSubscribed) {
  EventHub hub(1024, pass_through);
  auto early = hub.subscribe(kGuidA, 1024);
  ASSERT_TRUE(hub.post(numbered(kGuidA, 0)));
  auto late = hub.subscribe(kGuidA, 1024);  // may join while event 0 is still pending
  ASSERT_TRUE(hub.post(numbered(kGuidA, 1)));
  hub.drain();
  EXPECT_EQ(take_numbers(*early), (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(take_numbers(*late), std::vector<std::uint32_t>{1});
}

}  // namespace
}  // namespace wmiport::wmi
