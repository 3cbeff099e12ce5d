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
  state_.with([&](State& state) {
    state.allocations[p] = Allocation{size, tag, owner};
    state.recent_frees.erase(p);  // the address is live again
  });
  return p;
}

void PoolTracker::free(void* p, std::optional<std::uint32_t> tag) {
  if (p == nullptr) {
    report_violation("pool_free_null", "ExFreePool(NULL)");
    return;
  }
  enum class Outcome { freed, unknown, double_free, tag_mismatch };
  std::uint32_t known_tag = 0;
  const Outcome outcome = state_.with([&](State& state) {
    const auto it = state.allocations.find(p);
    if (it == state.allocations.end()) {
      const auto recent = state.recent_frees.find(p);
      if (recent == state.recent_frees.end())
        return Outcome::unknown;
      known_tag = recent->second.tag;
      return Outcome::double_free;
    }
    known_tag = it->second.tag;
    if (tag && *tag != it->second.tag)
      return Outcome::tag_mismatch;
    state.allocations.erase(it);
    const std::uint64_t serial = ++state.free_serial;
    state.recent_frees[p] = {known_tag, serial};
    state.recent_free_order.emplace_back(p, serial);
    if (state.recent_free_order.size() > kRecentFrees) {
      const auto [oldest, oldest_serial] = state.recent_free_order.front();
      state.recent_free_order.pop_front();
      // The address may have been reused and freed again since; forget only the entry this one recorded.
      const auto entry = state.recent_frees.find(oldest);
      if (entry != state.recent_frees.end() && entry->second.serial == oldest_serial)
        state.recent_frees.erase(entry);
    }
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
  state_.with([&](State& state) {
    for (auto it = state.allocations.begin(); it != state.allocations.end();) {
      if (it->second.owner == owner) {
        leaked.emplace_back(const_cast<void*>(it->first), it->second);
        it = state.allocations.erase(it);
      } else {
        ++it;
      }
    }
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
  return state_.with([&](const State& state) {
    return static_cast<std::size_t>(std::count_if(state.allocations.begin(), state.allocations.end(),
                                                  [&](const auto& entry) { return entry.second.owner == owner; }));
  });
}

bool PoolTracker::owns(const void* p) const {
  return state_.with([&](const State& state) { return state.allocations.contains(p); });
}

bool PoolTracker::owns(const void* p, std::uint32_t tag) const {
  return state_.with([&](const State& state) {
    const auto it = state.allocations.find(p);
    return it != state.allocations.end() && it->second.tag == tag;
  });
}

}  // namespace wmiport::kernel
