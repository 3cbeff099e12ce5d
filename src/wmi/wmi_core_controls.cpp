// Enable reference counts (spec §2 FunctionControl, §5.4 WMIREG_FLAG_EXPENSIVE): a provider sees exactly one
// IRP_MN_ENABLE_EVENTS when the first subscriber of an event GUID appears and one IRP_MN_DISABLE_EVENTS when
// the last leaves; likewise ENABLE/DISABLE_COLLECTION around the first open and last close of an expensive
// block. The state kept is "what each provider was last told", reconciled against "what consumers want", so
// a provider registering while consumers already wait gets its enable too, and two enables in a row cannot
// happen (ControlSequence asserts it where the IRP goes out: enable_twice). A failed enable leaves the provider
// marked disabled (the next reconcile tries again).
#include <fmt/format.h>

#include "wmi/provider_ids.h"
#include "wmi/wmi_core.h"
#include "wnode/wire_layout.h"

namespace wmiport::wmi {

namespace {

struct ControlKind {
  const char* name;
  std::uint8_t enable_minor;
  std::uint8_t disable_minor;
};

constexpr ControlKind kEvents{"events", IRP_MN_ENABLE_EVENTS, IRP_MN_DISABLE_EVENTS};
constexpr ControlKind kCollection{"collection", IRP_MN_ENABLE_COLLECTION, IRP_MN_DISABLE_COLLECTION};

}  // namespace

void WmiCore::reconcile_controls(const Guid& guid) {
  std::lock_guard lock(controls_mutex_);
  reconcile_controls_locked(guid);
}

void WmiCore::reconcile_controls_locked(const Guid& guid) {
  auto snapshot = database_.snapshot();
  const bool want_events = event_subscribers_.contains(guid);  // entries exist only while positive
  const bool want_collection = block_opens_.contains(guid);

  // Providers that no longer have the block are simply forgotten (no IRP to a block that is gone).
  auto still_registered = [&](const std::pair<PDEVICE_OBJECT, Guid>& key) {
    auto provider = snapshot->provider_of(key.first);
    return provider != nullptr && provider->find(key.second) != nullptr;
  };
  bool enabled_left = false;  // a provider still registered for `guid` holds an enable of either kind
  auto gone = [&](const std::pair<PDEVICE_OBJECT, Guid>& key) {
    if (key.second != guid)
      return false;
    if (still_registered(key)) {
      enabled_left = true;
      return false;
    }
    control_sequence_.forget(key.first, key.second);
    return true;
  };
  std::erase_if(events_enabled_, gone);
  {
    std::lock_guard lock(events_allowed_mutex_);
    std::erase_if(events_allowed_, [&](const auto& entry) {
      return entry.first.second == guid && !still_registered({entry.second, guid});
    });
    events_allowed_changed();
  }
  std::erase_if(collection_enabled_, gone);

  // Nothing wanted and nothing left to take back: no provider of `guid` can be sent an IRP below, so the index
  // is not searched (the temporary close after every query; docs/decisions.md W15).
  if (!want_events && !want_collection && !enabled_left)
    return;
  const auto* refs = snapshot->blocks_of(guid);
  if (refs == nullptr)
    return;
  auto apply = [&](const BlockRef& ref, const ControlKind& kind, bool wanted,
                   std::set<std::pair<PDEVICE_OBJECT, Guid>>& enabled) {
    const std::pair key{ref.provider->device, guid};
    const bool is_enabled = enabled.contains(key);
    if (wanted == is_enabled)
      return;
    const std::uint8_t minor = wanted ? kind.enable_minor : kind.disable_minor;
    const RequestPlace place{ref.provider->device, ref.provider->provider_id, minor, &guid, ""};
    if (!control_sequence_.before_send(place, guid, minor)) {
      enabled.insert(key);  // reported as enable_twice: the driver is enabled already, it gets no second enable
      return;
    }
    if (wanted && &enabled == &events_enabled_)
      allow_events(key, true);
    auto sent = router_.exchange(ref, minor, guid, build_header_only_request(guid));
    control_sequence_.after_send(ref.provider->device, guid, minor, sent.ok());
    if (&enabled == &events_enabled_ && (!wanted || !sent.ok()))
      allow_events(key, false);
    // The provider is told at most once per change: even a failed disable counts as disabled.
    if (wanted && sent.ok())
      enabled.insert(key);
    else if (!wanted)
      enabled.erase(key);
    if (!sent.ok())
      report(fmt::format("provider {} failed to {} {} of {}: {}", ref.provider->provider_id,
                         wanted ? "enable" : "disable", kind.name, guid.to_string(), sent.error().to_string()));
  };
  for (const auto& ref : *refs) {
    apply(ref, kEvents, want_events, events_enabled_);
    if (ref.block->flags & wnode::reg_flag::kExpensive)
      apply(ref, kCollection, want_collection, collection_enabled_);
  }
}

void WmiCore::allow_events(const std::pair<PDEVICE_OBJECT, Guid>& key, bool allowed) {
  std::lock_guard lock(events_allowed_mutex_);
  const std::pair id_key{provider_id_of(key.first), key.second};
  if (allowed)
    events_allowed_.insert_or_assign(id_key, key.first);
  else
    events_allowed_.erase(id_key);
  events_allowed_changed();
}

namespace {
// Generations are unique across cores, so a thread's remembered check never matches a later core at the same
// address.
std::atomic<std::uint64_t> g_events_allowed_generations{0};

struct LastAllowed {
  const void* core = nullptr;
  std::uint64_t generation = 0;
  std::uint32_t provider_id = 0;
  Guid guid;
};
thread_local LastAllowed t_last_allowed;
}  // namespace

void WmiCore::events_allowed_changed() {
  events_allowed_generation_.store(g_events_allowed_generations.fetch_add(1, std::memory_order_relaxed) + 1,
                                   std::memory_order_release);
}

bool WmiCore::events_allowed(std::uint32_t provider_id, const Guid& guid) const {
  // Read before the lookup: a change after it moves the generation on, and the remembered answer with it.
  const std::uint64_t generation = events_allowed_generation_.load(std::memory_order_acquire);
  LastAllowed& last = t_last_allowed;
  if (last.core == this && last.generation == generation && last.provider_id == provider_id && last.guid == guid)
    return true;  // a driver firing a stream of one event: no lock, no map lookup per event
  {
    std::lock_guard lock(events_allowed_mutex_);
    if (events_allowed_.contains({provider_id, guid})) {
      last = LastAllowed{this, generation, provider_id, guid};
      return true;
    }
  }
  // Not a registered provider: resolving the event reports what is wrong with it.
  return database_.snapshot()->provider_by_id(provider_id) == nullptr;
}

void WmiCore::forget_controls(PDEVICE_OBJECT device) {
  {
    std::lock_guard lock(events_allowed_mutex_);
    std::erase_if(events_allowed_, [device](const auto& entry) { return entry.second == device; });
    events_allowed_changed();
  }
  std::lock_guard lock(controls_mutex_);
  std::erase_if(events_enabled_, [device](const auto& key) { return key.first == device; });
  std::erase_if(collection_enabled_, [device](const auto& key) { return key.first == device; });
  control_sequence_.forget(device);
}

std::shared_ptr<SubscriberQueue> WmiCore::subscribe(const Guid& guid) {
  auto queue = events_->subscribe(guid, options_.subscriber_queue_capacity);
  std::lock_guard lock(controls_mutex_);
  if (++event_subscribers_[guid] == 1)  // only the first subscriber changes what providers must be told
    reconcile_controls_locked(guid);
  return queue;
}

void WmiCore::unsubscribe(const std::shared_ptr<SubscriberQueue>& queue) {
  if (!queue)
    return;
  events_->unsubscribe(queue);
  std::lock_guard lock(controls_mutex_);
  if (--event_subscribers_[queue->guid()] > 0)
    return;
  event_subscribers_.erase(queue->guid());
  reconcile_controls_locked(queue->guid());
}

void WmiCore::open_block(const Guid& guid) {
  std::lock_guard lock(controls_mutex_);
  if (++block_opens_[guid] == 1)
    reconcile_controls_locked(guid);
}

void WmiCore::close_block(const Guid& guid) {
  std::lock_guard lock(controls_mutex_);
  if (--block_opens_[guid] > 0)
    return;
  block_opens_.erase(guid);
  reconcile_controls_locked(guid);
}

}  // namespace wmiport::wmi
