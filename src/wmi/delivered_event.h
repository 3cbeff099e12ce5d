// One event after resolution, as every subscriber of its GUID receives it: one block holding these fields followed
// by the delivered WNODE_EVENT_ITEM, whose data and (dynamic) instance name the event points into instead of
// copying them out. IoWMIWriteEvent copies the driver's WNODE straight into such a block (from the hub's recycled
// EventPool when it is small), checks it where it lies, and the same block is what every subscriber receives:
// one copy, no allocation per event once the pool is warm. Shared through an intrusive count (SharedEvent), so N
// subscribers cost N increments, and immutable once the hub publishes it. A subscriber whose event must carry a
// CountLost gets a private copy with the count stamped into its WNODE (the only per-subscriber difference).
#pragma once

#include <atomic>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "common/guid.h"
#include "wmi/consumer_types.h"

namespace wmiport::wmi {

static_assert(std::endian::native == std::endian::little, "instance names are read in place as UTF-16LE");

class EventPool;
class SharedEvent;

class DeliveredEvent {
 public:
  Guid guid;
  std::uint32_t provider_id = 0;

  Bytes wnode() const { return Bytes{bytes(), size_}; }
  // Written only while the event is not yet shared (before the hub publishes it).
  MutableBytes mutable_wnode() { return MutableBytes{bytes(), size_}; }
  Bytes data() const { return wnode().subspan(data_offset_, data_size_); }
  std::u16string_view instance_name() const;

  // [offset, offset + size) of the WNODE (the caller checked it lies inside).
  void set_data(std::uint32_t offset, std::uint32_t size);
  // A dynamic name whose UTF-16LE text lies in the WNODE at a USHORT-aligned offset (as the WNODE checks require).
  void set_name_in_wnode(std::uint64_t text_offset, std::uint32_t chars);
  // A name kept outside the WNODE (a static instance name, shared by every event of that instance).
  void set_name(std::shared_ptr<const std::u16string> name);

  EventView view(std::uint32_t count_lost) const {
    return EventView{guid, provider_id, instance_name(), data(), count_lost, wnode()};
  }

 private:
  friend class SharedEvent;
  friend class EventPool;
  friend SharedEvent with_count_lost(const DeliveredEvent& event, std::uint32_t count_lost);
  DeliveredEvent(std::uint32_t size, EventPool* pool) : size_(size), pool_(pool) {}
  ~DeliveredEvent() = default;
  // The WNODE follows the object (sizeof is a multiple of its 8-byte alignment, so the WNODE is 8-aligned).
  std::uint8_t* bytes() const { return reinterpret_cast<std::uint8_t*>(const_cast<DeliveredEvent*>(this) + 1); }

  std::shared_ptr<const std::u16string> name_owner_;  // the name when it is not in the WNODE
  std::uint32_t data_offset_ = 0;
  std::uint32_t data_size_ = 0;
  std::uint32_t name_offset_ = 0;  // in the WNODE, when name_owner_ is null
  std::uint32_t name_chars_ = 0;
  const std::uint32_t size_;
  std::atomic<std::uint32_t> refs_{1};
  EventPool* const pool_;  // where the block goes back to; null for a block of its own from the heap
};

// A counted reference to a DeliveredEvent (like shared_ptr<const DeliveredEvent>, without a control block).
class SharedEvent {
 public:
  SharedEvent() = default;
  SharedEvent(std::nullptr_t) {}  // NOLINT: converts like a null shared_ptr
  SharedEvent(const SharedEvent& other) : event_(other.event_) {
    if (event_ != nullptr)
      event_->refs_.fetch_add(1, std::memory_order_relaxed);
  }
  SharedEvent(SharedEvent&& other) noexcept : event_(std::exchange(other.event_, nullptr)) {}
  SharedEvent& operator=(SharedEvent other) noexcept {
    std::swap(event_, other.event_);
    return *this;
  }
  ~SharedEvent() { reset(); }

  // A new event of its own heap block with `wnode_size` WNODE bytes (uninitialised): for events that are rare or
  // larger than a pool slot. EventPool::make is the usual source.
  static SharedEvent make(std::uint32_t wnode_size);

  const DeliveredEvent* get() const { return event_; }
  const DeliveredEvent* operator->() const { return event_; }
  const DeliveredEvent& operator*() const { return *event_; }
  explicit operator bool() const { return event_ != nullptr; }
  friend bool operator==(const SharedEvent& event, std::nullptr_t) { return event.event_ == nullptr; }
  // The event to fill in: only while this is its one reference (before it is shared).
  DeliveredEvent* unshared() const { return event_; }
  void reset();

 private:
  explicit SharedEvent(DeliveredEvent* event) : event_(event) {}
  friend class EventPool;
  DeliveredEvent* event_ = nullptr;
};

// Writes CountLost (WNODE_HEADER offset 16, a union with TimeStamp) into a delivered WNODE.
void stamp_count_lost(MutableBytes wnode, std::uint32_t count_lost);

// A copy of `event` (its own block) whose WNODE carries `count_lost` (non-zero).
SharedEvent with_count_lost(const DeliveredEvent& event, std::uint32_t count_lost);

}  // namespace wmiport::wmi
