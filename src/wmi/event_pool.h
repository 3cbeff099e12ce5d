// Recycled blocks for delivered events: IoWMIWriteEvent takes a slot for each small event and the last subscriber
// to release the event gives it back, so a steady stream of events allocates nothing (glibc's malloc freeing on
// one thread what another allocated was a fifth of the event path's time). Any thread may take a slot (drivers
// fire events from any thread) and any thread may give one back (each subscriber's consumer thread). Givers push
// onto a lock-free stack; takers, under a mutex that only takers use, take that whole stack at once and then
// serve from it. Slots come in slabs of kSlotsPerSlab, created on demand up to `max_slots`; past that, or for an
// event larger than a slot, the event gets a heap block of its own.
//
// The pool must outlive every event taken from it: each holder of events (the event hub, each subscriber queue)
// keeps a shared_ptr to it, declared before the events it holds.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <vector>

#include "wmi/delivered_event.h"

namespace wmiport::wmi {

class EventPool {
 public:
  // A slot holds a DeliveredEvent (72 bytes) and a WNODE of up to 184 bytes (WmiFireEvent with up to 120 bytes
  // of data, most SCSI and WDM events).
  static constexpr std::size_t kSlotBytes = 256;
  static constexpr std::size_t kSlotsPerSlab = 256;
  static constexpr std::size_t kMaxWnodeInSlot = kSlotBytes - sizeof(DeliveredEvent);
  // 64 K slots (16 MiB) by default: the most events in flight (posted, or queued for a subscriber) that are served
  // from the pool; the memory stays with the pool until the WMI core stops.
  static constexpr std::size_t kDefaultMaxSlots = std::size_t{1} << 16;

  explicit EventPool(std::size_t max_slots = kDefaultMaxSlots) : max_slots_(max_slots) {}
  ~EventPool() = default;
  EventPool(const EventPool&) = delete;
  EventPool& operator=(const EventPool&) = delete;

  // A new event with `wnode_size` WNODE bytes (uninitialised). Any thread.
  SharedEvent make(std::uint32_t wnode_size);
  // Slots created so far (tests: a recycled slot is reused, not added).
  std::size_t slot_count() const;

 private:
  friend class SharedEvent;
  struct FreeSlot {
    FreeSlot* next;
  };
  struct alignas(64) Slab {
    std::byte bytes[kSlotBytes * kSlotsPerSlab];
  };
  // The event's last reference is gone (any thread): its slot goes back on the stack.
  void give_back(DeliveredEvent* event);
  void* take_slot();

  const std::size_t max_slots_;
  std::atomic<FreeSlot*> returned_{nullptr};  // pushed by givers, emptied at once by a taker
  mutable std::mutex take_mutex_;
  FreeSlot* ready_ = nullptr;                 // guarded by take_mutex_
  std::vector<std::unique_ptr<Slab>> slabs_;  // guarded by take_mutex_
};

}  // namespace wmiport::wmi
