// Event blocks recycled by the event pool: a slot given back is taken again instead of allocating, an event still
// held keeps its bytes while its neighbours are recycled around it, events larger than a slot or beyond the pool's
// cap get blocks of their own, and events made and released on different threads come back intact (TSan watches).
// Through the hub: what a subscriber receives is still right after the slots of earlier events were reused.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstring>
#include <thread>
#include <vector>

#include "common/byte_io.h"
#include "wmi/event_hub.h"
#include "wmi/event_pool.h"

namespace wmiport::wmi {
namespace {

const Guid kGuid{0x33333333, 0, 0, {0, 0, 0, 0, 0, 0, 0, 3}};

// An event whose every WNODE byte is `fill`, its data the bytes [8, 16).
SharedEvent filled(EventPool& pool, std::uint32_t size, std::uint8_t fill) {
  SharedEvent event = pool.make(size);
  DeliveredEvent& e = *event.unshared();
  std::fill(e.mutable_wnode().begin(), e.mutable_wnode().end(), fill);
  e.guid = kGuid;
  e.set_data(8, 8);
  return event;
}

bool all_bytes_are(const SharedEvent& event, std::uint8_t fill) {
  const Bytes wnode = event->wnode();
  return std::all_of(wnode.begin(), wnode.end(), [fill](std::uint8_t b) { return b == fill; });
}

TEST(EventPoolTest, SlotGivenBackIsTakenAgainAndHeldEventsKeepTheirBytes) {
  EventPool pool;
  std::vector<SharedEvent> held;
  for (std::uint8_t k = 0; k < 10; ++k)
    held.push_back(filled(pool, 80, k));
  EXPECT_EQ(pool.slot_count(), EventPool::kSlotsPerSlab);
  // Release every other event, and refill their slots (and more) with other bytes.
  for (std::size_t k = 0; k < held.size(); k += 2)
    held[k].reset();
  std::vector<SharedEvent> later;
  for (int k = 0; k < 2 * static_cast<int>(EventPool::kSlotsPerSlab) - 20; ++k)
    later.push_back(filled(pool, 100, 0xEE));
  for (std::size_t k = 1; k < held.size(); k += 2)
    EXPECT_TRUE(all_bytes_are(held[k], static_cast<std::uint8_t>(k))) << k;
  EXPECT_EQ(pool.slot_count(), 2 * EventPool::kSlotsPerSlab);  // the 5 given back were reused
  for (const auto& event : later) {
    EXPECT_TRUE(all_bytes_are(event, 0xEE));
    EXPECT_EQ(event->data().size(), 8u);
    EXPECT_EQ(event->data().data(), event->wnode().data() + 8);
  }
  later.clear();
  held.clear();
  for (int k = 0; k < 100; ++k)
    later.push_back(filled(pool, 64, 1));
  EXPECT_EQ(pool.slot_count(), 2 * EventPool::kSlotsPerSlab);
}

TEST(EventPoolTest, LargeEventsAndEventsPastTheCapGetBlocksOfTheirOwn) {
  EventPool pool(EventPool::kSlotsPerSlab);
  SharedEvent large = filled(pool, EventPool::kMaxWnodeInSlot + 1, 7);
  EXPECT_EQ(pool.slot_count(), 0u);
  EXPECT_TRUE(all_bytes_are(large, 7));
  std::vector<SharedEvent> events;
  for (std::size_t k = 0; k < EventPool::kSlotsPerSlab + 10; ++k)
    events.push_back(
        filled(pool, static_cast<std::uint32_t>(EventPool::kMaxWnodeInSlot), static_cast<std::uint8_t>(k)));
  EXPECT_EQ(pool.slot_count(), EventPool::kSlotsPerSlab);
  for (std::size_t k = 0; k < events.size(); ++k)
    EXPECT_TRUE(all_bytes_are(events[k], static_cast<std::uint8_t>(k))) << k;
}

TEST(EventPoolTest, CopyWithCountLostKeepsDataAndNameOfTheOriginal) {
  EventPool pool;
  SharedEvent event = filled(pool, 80, 0);
  DeliveredEvent& e = *event.unshared();
  store_u32(e.mutable_wnode(), 8, 0xA1B2C3D4u);
  const char16_t name[] = u"disk";
  std::memcpy(e.mutable_wnode().data() + 64, name, 8);
  e.set_name_in_wnode(64, 4);
  SharedEvent copy = with_count_lost(*event, 5);
  event.reset();  // the copy owns its own bytes
  EXPECT_EQ(load_u32(copy->wnode(), 16), 5u);
  EXPECT_EQ(load_u32(copy->data(), 0), 0xA1B2C3D4u);
  EXPECT_EQ(copy->instance_name(), u"disk");
}

TEST(EventPoolTest, EventsMadeOnSomeThreadsAndReleasedOnOthersComeBackIntact) {
  constexpr int kPerProducer = 20'000;
  EventHub hub(1u << 16, [](std::span<PostedEvent> events, std::vector<SharedEvent>& resolved) {
    for (auto& event : events)
      resolved.push_back(std::move(event.event));
  });
  std::vector<std::shared_ptr<SubscriberQueue>> queues{hub.subscribe(kGuid, 1u << 16), hub.subscribe(kGuid, 1u << 16)};
  std::vector<std::thread> producers;
  for (int p = 0; p < 2; ++p) {
    producers.emplace_back([&hub, p] {
      for (int k = 0; k < kPerProducer; ++k) {
        PostedEvent posted;
        posted.event = filled(hub.pool(), 48 + 8 * static_cast<std::uint32_t>(k % 20), static_cast<std::uint8_t>(k));
        store_u32(posted.event.unshared()->mutable_wnode(), 8, static_cast<std::uint32_t>(p * kPerProducer + k));
        posted.guid = kGuid;
        while (!hub.post(posted))
          std::this_thread::yield();
      }
    });
  }
  std::vector<std::thread> consumers;
  std::vector<int> bad(queues.size(), 0);
  std::vector<int> seen(queues.size(), 0);
  for (std::size_t q = 0; q < queues.size(); ++q) {
    consumers.emplace_back([&, q] {
      while (seen[q] < 2 * kPerProducer) {
        seen[q] += static_cast<int>(queues[q]->next_batch(
            [&](const EventView& event) {
              const std::uint32_t number = load_u32(event.data, 0);
              const auto fill = static_cast<std::uint8_t>(number % kPerProducer);
              if (event.wnode.size() != 48 + 8 * ((number % kPerProducer) % 20) || event.wnode[0] != fill ||
                  event.wnode.back() != fill)
                ++bad[q];
            },
            std::chrono::milliseconds(100)));
      }
    });
  }
  for (auto& thread : producers)
    thread.join();
  for (auto& thread : consumers)
    thread.join();
  EXPECT_EQ(bad, std::vector<int>(queues.size(), 0));
  EXPECT_EQ(seen, std::vector<int>(queues.size(), 2 * kPerProducer));
  EXPECT_LE(hub.pool().slot_count(), EventPool::kDefaultMaxSlots);
}

}  // namespace
}  // namespace wmiport::wmi
