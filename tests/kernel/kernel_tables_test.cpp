// The kernel's per-request tables (docs/decisions.md, "Kernel tables: sharded flat maps"): the flat address map
// against a reference map, the recent-free ring, and a private PoolTracker driven from several threads at once
// (its reports, per-owner counts and leak reclaim must come out exact). Linked with the kernel's static library so
// that the tracker's internals can be reached.
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>
#include <thread>
#include <unordered_map>
#include <vector>

#include "kernel/address_map.h"
#include "kernel/pool.h"
#include "kernel_fixture.h"

namespace wmiport::kernel::testing {
namespace {

TEST(AddressMapTest, AgreesWithAReferenceMapThroughInsertsErasesAndEraseIf) {
  // Keys from a small range collide in long probe runs, so backward-shift deletion is exercised.
  static char space[512];
  AddressMap<int> map;
  std::unordered_map<const void*, int> reference;
  std::mt19937 random(7);
  std::uniform_int_distribution<int> pick(0, 511);
  for (int step = 0; step < 20000; ++step) {
    const void* key = &space[pick(random)];
    const std::uint64_t hash = address_hash(key);
    if (random() % 3 == 0) {
      EXPECT_EQ(map.erase(key, hash), reference.erase(key) == 1);
    } else {
      map.insert(key, hash, step);
      reference[key] = step;
    }
    if (step % 1000 == 999) {
      map.erase_if([](const void*, int value) { return value % 2 == 0; });
      std::erase_if(reference, [](const auto& entry) { return entry.second % 2 == 0; });
    }
    ASSERT_EQ(map.size(), reference.size());
  }
  for (int i = 0; i < 512; ++i) {
    const void* key = &space[i];
    const int* found = map.find(key, address_hash(key));
    const auto it = reference.find(key);
    ASSERT_EQ(found != nullptr, it != reference.end()) << i;
    if (found != nullptr) {
      EXPECT_EQ(*found, it->second);
    }
  }
  std::size_t visited = 0;
  map.for_each([&](const void* key, int value) {
    ++visited;
    EXPECT_EQ(reference.at(key), value);
  });
  EXPECT_EQ(visited, reference.size());
}

TEST(RecentFreeRingTest, AReusedAddressFreedAgainReportsItsLatestTag) {
  RecentFreeRing ring;
  int block = 0;
  EXPECT_EQ(ring.find(&block), nullptr);
  ring.remember(&block, pool_tag("Frst"));
  ring.remember(&block, pool_tag("Scnd"));  // the address was allocated again and freed again
  ASSERT_NE(ring.find(&block), nullptr);
  EXPECT_EQ(ring.find(&block)->tag, pool_tag("Scnd"));
}

TEST(RecentFreeRingTest, ForgetsAFreeOnceTheRingHasWrappedPastIt) {
  RecentFreeRing ring;
  static char others[RecentFreeRing::kCapacity];
  int block = 0;
  ring.remember(&block, pool_tag("Old "));
  for (std::size_t i = 0; i + 1 < RecentFreeRing::kCapacity; ++i)
    ring.remember(&others[i], pool_tag("Othr"));
  EXPECT_NE(ring.find(&block), nullptr);  // still the oldest of kCapacity
  ring.remember(&others[RecentFreeRing::kCapacity - 1], pool_tag("Othr"));
  EXPECT_EQ(ring.find(&block), nullptr);
}

using PoolTrackerTest = KernelTest;

TEST_F(PoolTrackerTest, ConcurrentAllocationsAndFreesKeepEveryCountAndReport) {
  constexpr int kThreads = 4;
  constexpr int kBlocks = 1500;
  constexpr int kFreed = 1000;
  constexpr std::uint32_t kTag = pool_tag("Conc");
  auto owned_tracker = std::make_unique<PoolTracker>();  // ~70 KiB of shards: not on the stack
  PoolTracker& tracker = *owned_tracker;
  int owner_keys[kThreads] = {};
  auto owner = [&](int k) { return reinterpret_cast<const Driver*>(&owner_keys[k]); };
  std::vector<std::vector<void*>> live(kThreads);
  std::vector<std::thread> threads;
  for (int k = 0; k < kThreads; ++k) {
    threads.emplace_back([&, k] {
      std::vector<void*> blocks;
      for (int i = 0; i < kBlocks; ++i)
        blocks.push_back(tracker.allocate(24 + static_cast<std::size_t>(i % 3) * 8, kTag, true, false, owner(k)));
      for (int i = 0; i < kFreed; ++i)
        tracker.free(blocks[static_cast<std::size_t>(i)], kTag);
      tracker.free(blocks[0], kTag);                   // double free
      tracker.free(blocks[kFreed], pool_tag("Othr"));  // tag mismatch: stays allocated
      int not_pool = 0;
      tracker.free(&not_pool, std::nullopt);  // unknown pointer
      live[static_cast<std::size_t>(k)].assign(blocks.begin() + kFreed, blocks.end());
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(hook_.count("pool_double_free"), static_cast<std::size_t>(kThreads));
  EXPECT_EQ(hook_.count("pool_tag_mismatch"), static_cast<std::size_t>(kThreads));
  EXPECT_EQ(hook_.count("pool_free_unknown"), static_cast<std::size_t>(kThreads));
  hook_.clear();
  for (int k = 0; k < kThreads; ++k) {
    EXPECT_EQ(tracker.outstanding_count(owner(k)), static_cast<std::size_t>(kBlocks - kFreed));
    EXPECT_TRUE(tracker.owns(live[static_cast<std::size_t>(k)].back(), kTag));
    EXPECT_FALSE(tracker.owns(live[static_cast<std::size_t>(k)].back(), pool_tag("Othr")));
  }
  // Thread 0's blocks are reclaimed as a leak report grouped by size; the others stay.
  const LeakReport report = tracker.reclaim(owner(0), "zero");
  ASSERT_EQ(report.leaks.size(), 3u);
  std::size_t leaked = 0;
  for (const auto& leak : report.leaks) {
    EXPECT_EQ(leak.tag_text, "Conc");
    leaked += leak.count;
  }
  EXPECT_EQ(leaked, static_cast<std::size_t>(kBlocks - kFreed));
  EXPECT_EQ(tracker.outstanding_count(owner(0)), 0u);
  EXPECT_FALSE(tracker.owns(live[0].front()));
  EXPECT_EQ(tracker.outstanding_count(owner(1)), static_cast<std::size_t>(kBlocks - kFreed));
  for (int k = 1; k < kThreads; ++k)
    for (void* p : live[static_cast<std::size_t>(k)])
      tracker.free(p, kTag);
  for (int k = 0; k < kThreads; ++k)
    EXPECT_EQ(tracker.outstanding_count(owner(k)), 0u);
  EXPECT_TRUE(hook_.violations().empty());
}

}  // namespace
}  // namespace wmiport::kernel::testing
