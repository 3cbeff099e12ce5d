#include "wmi/event_pool.h"

#include <cassert>
#include <cstring>
#include <new>

#include "common/byte_io.h"

namespace wmiport::wmi {

static_assert(sizeof(DeliveredEvent) % alignof(DeliveredEvent) == 0 && alignof(DeliveredEvent) <= 8);
static_assert(EventPool::kSlotBytes % 64 == 0 && EventPool::kMaxWnodeInSlot >= 128);

// ---- DeliveredEvent ----

std::u16string_view DeliveredEvent::instance_name() const {
  if (name_owner_)
    return *name_owner_;
  return {reinterpret_cast<const char16_t*>(bytes() + name_offset_), name_chars_};
}

void DeliveredEvent::set_data(std::uint32_t offset, std::uint32_t size) {
  assert(std::uint64_t{offset} + size <= size_);
  data_offset_ = offset;
  data_size_ = size;
}

void DeliveredEvent::set_name_in_wnode(std::uint64_t text_offset, std::uint32_t chars) {
  assert(text_offset % 2 == 0 && text_offset + 2 * std::uint64_t{chars} <= size_);
  name_owner_.reset();
  name_offset_ = static_cast<std::uint32_t>(text_offset);
  name_chars_ = chars;
}

void DeliveredEvent::set_name(std::shared_ptr<const std::u16string> name) {
  name_owner_ = std::move(name);
  name_offset_ = name_chars_ = 0;
}

// ---- SharedEvent ----

SharedEvent SharedEvent::make(std::uint32_t wnode_size) {
  void* block = ::operator new(sizeof(DeliveredEvent) + wnode_size);
  return SharedEvent(new (block) DeliveredEvent(wnode_size, nullptr));
}

void SharedEvent::reset() {
  DeliveredEvent* event = std::exchange(event_, nullptr);
  // acq_rel: the last releaser sees every other holder's reads done before it reuses or frees the block.
  if (event == nullptr || event->refs_.fetch_sub(1, std::memory_order_acq_rel) != 1)
    return;
  EventPool* pool = event->pool_;
  event->~DeliveredEvent();
  if (pool != nullptr)
    pool->give_back(event);
  else
    ::operator delete(event);
}

void stamp_count_lost(MutableBytes wnode, std::uint32_t count_lost) {
  constexpr std::size_t kCountLost = 16;
  if (wnode.size() >= kCountLost + sizeof(std::uint32_t))
    store_u32(wnode, kCountLost, count_lost);
}

SharedEvent with_count_lost(const DeliveredEvent& event, std::uint32_t count_lost) {
  const Bytes wnode = event.wnode();
  SharedEvent copy = SharedEvent::make(static_cast<std::uint32_t>(wnode.size()));
  DeliveredEvent* target = copy.unshared();
  if (!wnode.empty())
    std::memcpy(target->mutable_wnode().data(), wnode.data(), wnode.size());
  target->guid = event.guid;
  target->provider_id = event.provider_id;
  target->data_offset_ = event.data_offset_;  // offsets into an identical WNODE
  target->data_size_ = event.data_size_;
  target->name_owner_ = event.name_owner_;
  target->name_offset_ = event.name_offset_;
  target->name_chars_ = event.name_chars_;
  stamp_count_lost(target->mutable_wnode(), count_lost);
  return copy;
}

// ---- EventPool ----

SharedEvent EventPool::make(std::uint32_t wnode_size) {
  void* slot = wnode_size <= kMaxWnodeInSlot ? take_slot() : nullptr;
  if (slot == nullptr)
    return SharedEvent::make(wnode_size);
  return SharedEvent(new (slot) DeliveredEvent(wnode_size, this));
}

void* EventPool::take_slot() {
  std::lock_guard lock(take_mutex_);
  if (ready_ == nullptr)
    ready_ = returned_.exchange(nullptr, std::memory_order_acquire);  // every slot given back so far
  if (ready_ == nullptr) {
    if (slabs_.size() * kSlotsPerSlab >= max_slots_)
      return nullptr;
    slabs_.push_back(std::unique_ptr<Slab>(new Slab));  // not zeroed: slots are written before use
    std::byte* first = slabs_.back()->bytes;
    for (std::size_t k = kSlotsPerSlab; k-- > 0;)
      ready_ = new (first + k * kSlotBytes) FreeSlot{ready_};
  }
  FreeSlot* slot = ready_;
  ready_ = slot->next;
  slot->~FreeSlot();
  return slot;
}

void EventPool::give_back(DeliveredEvent* event) {
  auto* slot = new (static_cast<void*>(event)) FreeSlot{returned_.load(std::memory_order_relaxed)};
  // release: the taker that empties the stack sees the link (and that the event's readers are done).
  while (!returned_.compare_exchange_weak(slot->next, slot, std::memory_order_release, std::memory_order_relaxed)) {
  }
}

std::size_t EventPool::slot_count() const {
  std::lock_guard lock(take_mutex_);
  return slabs_.size() * kSlotsPerSlab;
}

}  // namespace wmiport::wmi
