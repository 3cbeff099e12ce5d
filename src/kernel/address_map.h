// AddressMap<V>: a flat open-addressed hash map from addresses to small values (linear probing, backward-shift
// deletion, no per-entry allocation), and ShardedAddressMap<V>: that map split into independently locked shards
// by address, so that the kernel's per-request tables (pool, objects, IRPs) take no global lock and never walk
// node chains. See docs/decisions.md, "Kernel tables: sharded flat maps".
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <utility>

namespace wmiport::kernel {

// A pointer's hash: the low bits of an allocation are mostly zero (alignment), so mix them all in.
inline std::uint64_t address_hash(const void* p) {
  std::uint64_t x = reinterpret_cast<std::uintptr_t>(p);
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return x;
}

template <typename V>
class AddressMap {
 public:
  std::size_t size() const { return size_; }

  // The value stored for p, or nullptr. The pointer is valid until the next insert or erase.
  V* find(const void* p, std::uint64_t hash) {
    const std::size_t i = index_of(p, hash);
    return i == capacity_ ? nullptr : &slots_[i].value;
  }
  const V* find(const void* p, std::uint64_t hash) const { return const_cast<AddressMap*>(this)->find(p, hash); }

  // Inserts or overwrites the value of p (p != nullptr).
  V& insert(const void* p, std::uint64_t hash, const V& value) {
    if ((size_ + 1) * 2 > capacity_)
      grow();
    std::size_t i = hash & mask_;
    while (slots_[i].key != nullptr && slots_[i].key != p)
      i = (i + 1) & mask_;
    if (slots_[i].key == nullptr)
      ++size_;
    slots_[i].key = p;
    slots_[i].value = value;
    return slots_[i].value;
  }

  // Removes p; false when it was not there.
  bool erase(const void* p, std::uint64_t hash) {
    const std::size_t i = index_of(p, hash);
    if (i == capacity_)
      return false;
    erase_slot(i);
    return true;
  }

  // Calls fn(key, value&) for every entry; entries for which it returns true are removed. fn must answer the same
  // for the same entry: an entry it keeps may be asked twice (a deletion near the end of the table can shift an
  // entry from the start, already asked, into a slot not yet visited); one it removes is asked once.
  template <typename Fn>
  void erase_if(Fn&& fn) {
    for (std::size_t i = 0; i < capacity_;) {
      if (slots_[i].key != nullptr && fn(slots_[i].key, slots_[i].value)) {
        erase_slot(i);  // a later entry may have shifted into slot i: look at it again
        continue;
      }
      ++i;
    }
  }

  template <typename Fn>
  void for_each(Fn&& fn) const {
    for (std::size_t i = 0; i < capacity_; ++i)
      if (slots_[i].key != nullptr)
        fn(slots_[i].key, slots_[i].value);
  }

 private:
  struct Slot {
    const void* key = nullptr;
    V value{};
  };

  // The slot of p, or capacity_ when p is not there.
  std::size_t index_of(const void* p, std::uint64_t hash) const {
    if (size_ == 0)
      return capacity_;
    for (std::size_t i = hash & mask_;; i = (i + 1) & mask_) {
      if (slots_[i].key == p)
        return i;
      if (slots_[i].key == nullptr)
        return capacity_;
    }
  }

  // Backward-shift deletion: later entries of the same probe run move up so that lookups never need tombstones.
  void erase_slot(std::size_t hole) {
    for (std::size_t next = (hole + 1) & mask_; slots_[next].key != nullptr; next = (next + 1) & mask_) {
      const std::size_t home = address_hash(slots_[next].key) & mask_;
      // Move the entry into the hole unless its home lies cyclically in (hole, next].
      const bool stays = hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
      if (stays)
        continue;
      slots_[hole] = slots_[next];
      hole = next;
    }
    slots_[hole] = Slot{};
    --size_;
  }

  void grow() {
    const std::size_t capacity = capacity_ == 0 ? 16 : capacity_ * 2;
    auto old = std::exchange(slots_, std::make_unique<Slot[]>(capacity));
    const std::size_t old_capacity = std::exchange(capacity_, capacity);
    mask_ = capacity - 1;
    size_ = 0;
    for (std::size_t i = 0; i < old_capacity; ++i)
      if (old[i].key != nullptr)
        insert(old[i].key, address_hash(old[i].key), old[i].value);
  }

  std::unique_ptr<Slot[]> slots_;
  std::size_t capacity_ = 0;
  std::size_t mask_ = 0;
  std::size_t size_ = 0;
};

// Shard `Extra` holds per-shard data beside the map (the pool keeps its recent frees there).
struct NoShardExtra {};

template <typename V, std::size_t Shards = 64, typename Extra = NoShardExtra>
class ShardedAddressMap {
  static_assert((Shards & (Shards - 1)) == 0, "a power of two");

 public:
  struct Shard {
    AddressMap<V> map;
    Extra extra;
  };

  // Runs fn(Shard&, hash) with p's shard locked; the hash is the one to pass to the shard's map.
  template <typename Fn>
  decltype(auto) with(const void* p, Fn&& fn) {
    const std::uint64_t hash = address_hash(p);
    Locked& shard = shards_[shard_of(hash)];
    std::scoped_lock lock(shard.mutex);
    return std::forward<Fn>(fn)(shard.shard, hash);
  }
  template <typename Fn>
  decltype(auto) with(const void* p, Fn&& fn) const {
    const std::uint64_t hash = address_hash(p);
    const Locked& shard = shards_[shard_of(hash)];
    std::scoped_lock lock(shard.mutex);
    return std::forward<Fn>(fn)(shard.shard, hash);
  }

  // Runs fn(Shard&) on every shard in turn, each locked while fn runs (rare whole-table walks: leak reports).
  template <typename Fn>
  void each_shard(Fn&& fn) {
    for (auto& shard : shards_) {
      std::scoped_lock lock(shard.mutex);
      fn(shard.shard);
    }
  }
  template <typename Fn>
  void each_shard(Fn&& fn) const {
    for (const auto& shard : shards_) {
      std::scoped_lock lock(shard.mutex);
      fn(shard.shard);
    }
  }

 private:
  // The top bits pick the shard, the low bits the slot within it: the two stay independent.
  static std::size_t shard_of(std::uint64_t hash) { return static_cast<std::size_t>(hash >> 58) & (Shards - 1); }

  struct alignas(64) Locked {  // one cache line per lock: threads on different shards do not share a line
    mutable std::mutex mutex;
    Shard shard;
  };
  std::array<Locked, Shards> shards_;
};

}  // namespace wmiport::kernel
