#include "kernel/pool.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <map>
#include <utility>

#include <fmt/format.h>

#include "kernel/contract.h"

namespace wmiport::kernel {

std::string pool_tag_text(std::uint32_t tag) {
  std::string text(4, '.');
  for (int i = 0; i < 4; ++i) {
    const auto c = static_cast<unsigned char>(tag >> (8 * i));
    if (c >= 0x20 && c < 0x7f)
      text[static_cast<std::size_t>(i)] = static_cast<char>(c);
  }
  return text;
}

std::size_t LeakReport::total_bytes() const {
  std::size_t total = 0;
  for (const auto& leak : leaks)
    total += leak.size * leak.count;
  return total;
}

std::string LeakReport::to_string() const {
  std::size_t count = 0;
  for (const auto& leak : leaks)
    count += leak.count;
  std::string out = fmt::format("driver {} leaked {} pool allocation(s), {} bytes:", driver, count, total_bytes());
  for (const auto& leak : leaks)
    out += fmt::format(" tag '{}' {} bytes x{};", leak.tag_text, leak.size, leak.count);
  if (!leaks.empty())
    out.pop_back();
  return out;
}

PoolTracker& PoolTracker::instance() {
  // Never destroyed: pool may be freed by host code running during static destruction.
  static auto* tracker = new PoolTracker;
  return *tracker;
}

void RecentFreeRing::remember(const void* p, std::uint32_t tag) {
  ring_[next_] = Entry{p, tag};
  next_ = (next_ + 1) % kCapacity;
}

const RecentFreeRing::Entry* RecentFreeRing::find(const void* p) const {
  for (std::size_t k = 1; k <= kCapacity; ++k) {  // newest first
    const Entry& entry = ring_[(next_ + kCapacity - k) % kCapacity];
    if (entry.pointer == p)
      return &entry;
  }
  return nullptr;
}

void* PoolTracker::allocate(std::size_t size, std::uint32_t tag, bool zero, bool cache_aligned, const Driver* owner) {
  const std::size_t alignment = cache_aligned ? 64 : 16;
  // aligned_alloc wants a size that is a multiple of the alignment; zero-byte requests still get a unique block.
  const std::size_t rounded = (std::max<std::size_t>(size, 1) + alignment - 1) / alignment * alignment;
  if (rounded < size)
    return nullptr;
  void* p = std::aligned_alloc(alignment, rounded);
  if (p == nullptr)
    return nullptr;
  if (zero)
    std::memset(p, 0, size);
  shards_.with(p, [&](auto& shard, std::uint64_t hash) { shard.map.insert(p, hash, Allocation{size, tag, owner}); });
  return p;
}

void PoolTracker::free(void* p, std::optional<std::uint32_t> tag) {
  if (p == nullptr) {
    report_violation("pool_free_null", "ExFreePool(NULL)");
    return;
  }
  enum class Outcome { freed, unknown, double_free, tag_mismatch };
  std::uint32_t known_tag = 0;
  const Outcome outcome = shards_.with(p, [&](auto& shard, std::uint64_t hash) {
    const Allocation* allocation = shard.map.find(p, hash);
    if (allocation == nullptr) {
      const auto* recent = shard.extra.find(p);
      if (recent == nullptr)
        return Outcome::unknown;
      known_tag = recent->tag;
      return Outcome::double_free;
    }
    known_tag = allocation->tag;
    if (tag && *tag != allocation->tag)
      return Outcome::tag_mismatch;
    shard.map.erase(p, hash);
    shard.extra.remember(p, known_tag);
    return Outcome::freed;
  });
  switch (outcome) {
    case Outcome::freed:
      std::free(p);
      return;
    case Outcome::unknown:
      report_violation("pool_free_unknown", fmt::format("ExFreePool of {}: not a pool allocation", p));
      return;
    case Outcome::double_free:
      report_violation("pool_double_free",
                       fmt::format("ExFreePool of {} (tag '{}'): already freed", p, pool_tag_text(known_tag)));
      return;
    case Outcome::tag_mismatch:
      report_violation("pool_tag_mismatch",
                       fmt::format("ExFreePoolWithTag of {} with tag '{}': allocated with tag '{}'", p,
                                   pool_tag_text(*tag), pool_tag_text(known_tag)));
      return;
  }
}

LeakReport PoolTracker::reclaim(const Driver* owner, std::string driver_name) {
  std::vector<std::pair<void*, Allocation>> leaked;
  shards_.each_shard([&](auto& shard) {
    shard.map.erase_if([&](const void* p, const Allocation& allocation) {
      if (allocation.owner != owner)
        return false;
      leaked.emplace_back(const_cast<void*>(p), allocation);
      return true;
    });
  });
  std::map<std::pair<std::uint32_t, std::size_t>, std::size_t> grouped;
  for (auto& [p, allocation] : leaked) {
    ++grouped[{allocation.tag, allocation.size}];
    std::free(p);
  }
  LeakReport report;
  report.driver = std::move(driver_name);
  for (const auto& [key, count] : grouped)
    report.leaks.push_back(PoolLeak{key.first, pool_tag_text(key.first), key.second, count});
  return report;
}

std::size_t PoolTracker::outstanding_count(const Driver* owner) const {
  std::size_t count = 0;
  shards_.each_shard([&](const auto& shard) {
    shard.map.for_each([&](const void*, const Allocation& allocation) { count += allocation.owner == owner; });
  });
  return count;
}

bool PoolTracker::owns(const void* p) const {
  return shards_.with(p, [&](const auto& shard, std::uint64_t hash) { return shard.map.find(p, hash) != nullptr; });
}

bool PoolTracker::owns(const void* p, std::uint32_t tag) const {
  return shards_.with(p, [&](const auto& shard, std::uint64_t hash) {
    const Allocation* allocation = shard.map.find(p, hash);
    return allocation != nullptr && allocation->tag == tag;
  });
}

}  // namespace wmiport::kernel
