// Pool: every ExAllocatePool* allocation is tracked with its tag, size and owner (the driver whose code made
// it), so that the kernel reports leaks when a driver unloads and reports (instead of crashing on) frees of
// unknown pointers, double frees and tag mismatches. See docs/decisions.md, "Pool tracking attribution".
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kernel/address_map.h"
#include "kernel/api.h"

namespace wmiport::kernel {

class Driver;

// A pool tag as drivers write it ('pmiW' is stored little-endian and reads "Wimp"): the four bytes in memory
// order, non-printable bytes shown as '.'.
WMIPORT_KERNEL_API std::string pool_tag_text(std::uint32_t tag);

// The tag whose memory-order text is `text` (pool_tag("Irp ") == 0x20707249).
constexpr std::uint32_t pool_tag(const char (&text)[5]) {
  return static_cast<std::uint32_t>(static_cast<unsigned char>(text[0])) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(text[1])) << 8 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(text[2])) << 16 |
         static_cast<std::uint32_t>(static_cast<unsigned char>(text[3])) << 24;
}

// One line of a leak report: `count` allocations of `size` bytes with `tag`.
struct PoolLeak {
  std::uint32_t tag = 0;
  std::string tag_text;
  std::size_t size = 0;
  std::size_t count = 0;
};

struct WMIPORT_KERNEL_API LeakReport {
  std::string driver;
  std::vector<PoolLeak> leaks;  // sorted by tag, then size
  std::size_t total_bytes() const;
  std::string to_string() const;  // "driver X leaked 2 pool allocation(s): tag 'Leak' 24 bytes x2"
};

// The most recent frees of one pool shard, so that a second free of the same pointer says "double free" rather
// than "unknown pointer": a fixed ring (an address always lands in the same shard), so remembering costs one store
// per free and nothing in long runs. Searched only when a free finds no live allocation.
class RecentFreeRing {
 public:
  static constexpr std::size_t kCapacity = 64;
  struct Entry {
    const void* pointer = nullptr;
    std::uint32_t tag = 0;
  };
  void remember(const void* p, std::uint32_t tag);
  // The latest free of p (an address freed, reused and freed again reports the tag of its latest life), or
  // nullptr once kCapacity later frees have pushed it out.
  const Entry* find(const void* p) const;

 private:
  std::array<Entry, kCapacity> ring_{};
  std::size_t next_ = 0;  // the slot the next free overwrites (the oldest)
};

class PoolTracker {
 public:
  // The process-wide tracker (pool outlives any one Kernel: a host may free memory after shutdown).
  static PoolTracker& instance();

  // `size` bytes (at least 1) aligned to 16 (64 when cache_aligned), zeroed when asked; nullptr when out of memory.
  void* allocate(std::size_t size, std::uint32_t tag, bool zero, bool cache_aligned, const Driver* owner);

  // Frees p. An unknown pointer, a double free or (when `tag` is given) a tag mismatch is reported and the
  // memory left alone.
  void free(void* p, std::optional<std::uint32_t> tag);

  // Frees everything `owner` still holds and returns it as a report (empty when nothing leaked).
  LeakReport reclaim(const Driver* owner, std::string driver_name);

  std::size_t outstanding_count(const Driver* owner) const;
  bool owns(const void* p) const;
  // Whether p is a live allocation made with `tag`.
  bool owns(const void* p, std::uint32_t tag) const;

 private:
  struct Allocation {
    std::size_t size;
    std::uint32_t tag;
    const Driver* owner;
  };
  // Live allocations by address, in 64 independently locked shards (docs/decisions.md, "Kernel tables: sharded
  // flat maps"): threads allocating and freeing at once rarely meet on a lock.
  ShardedAddressMap<Allocation, 64, RecentFreeRing> shards_;
};

}  // namespace wmiport::kernel
