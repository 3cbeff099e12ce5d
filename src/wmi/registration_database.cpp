#include "wmi/registration_database.h"

#include <algorithm>

namespace wmiport::wmi {

const RegisteredBlock* Provider::find(const Guid& guid) const {
  for (const auto& block : blocks)
    if (block.guid == guid)
      return &block;
  return nullptr;
}

const BlockList* Snapshot::blocks_of(const Guid& guid) const {
  const auto* list = by_guid.find(guid);
  return list == nullptr ? nullptr : list->get();
}

std::shared_ptr<const Provider> Snapshot::provider_by_id(std::uint32_t provider_id) const {
  const auto* provider = providers_by_id.find(provider_id);
  return provider == nullptr ? nullptr : *provider;
}

std::shared_ptr<const Provider> Snapshot::provider_of(PDEVICE_OBJECT device) const {
  const auto* provider = providers.find(device);
  return provider == nullptr ? nullptr : *provider;
}

bool Snapshot::name_taken(const Guid& guid, std::u16string_view name, PDEVICE_OBJECT except) const {
  const auto* refs = blocks_of(guid);
  if (refs == nullptr)
    return false;
  for (const auto& ref : *refs) {
    if (ref.provider->device == except)
      continue;
    if (std::find(ref.block->names.begin(), ref.block->names.end(), name) != ref.block->names.end())
      return true;
  }
  return false;
}

RegistrationDatabase::RegistrationDatabase() : current_(std::make_shared<Snapshot>()) {}

std::shared_ptr<const Snapshot> RegistrationDatabase::snapshot() const {
  std::lock_guard lock(publish_mutex_);
  return current_;
}

std::shared_ptr<const Snapshot> RegistrationDatabase::modify(
    const std::function<void(const Snapshot& current, ProviderChanges& changes)>& change) {
  std::lock_guard writer(writer_mutex_);
  std::shared_ptr<const Snapshot> current = snapshot();
  ProviderChanges changes;
  change(*current, changes);
  std::shared_ptr<const Snapshot> published = apply(*current, changes);
  {
    std::lock_guard lock(publish_mutex_);
    current_ = published;
  }
  return published;
}

void ProviderChanges::put(std::shared_ptr<const Provider> provider) {
  const PDEVICE_OBJECT device = provider->device;
  changes_[device] = std::move(provider);
}

void ProviderChanges::remove(PDEVICE_OBJECT device) {
  changes_[device] = nullptr;
}

// Only the changed providers and the GUIDs of their old and new blocks are visited; every other entry of the
// three maps is shared with `current`. A touched GUID's list is rebuilt (a copy of its other providers' refs):
// that costs the number of providers of that GUID, which every request to the GUID walks anyway.
std::shared_ptr<const Snapshot> RegistrationDatabase::apply(const Snapshot& current, const ProviderChanges& changes) {
  auto next = std::make_shared<Snapshot>(current);
  std::map<Guid, BlockList> added;  // GUID -> refs to the changed providers' new blocks
  for (const auto& [device, provider] : changes.changes()) {
    if (auto previous = current.provider_of(device)) {
      next->providers_by_id.erase(previous->provider_id);
      for (const auto& block : previous->blocks)
        added.try_emplace(block.guid);
    }
    if (!provider) {
      next->providers.erase(device);
      continue;
    }
    next->providers.put(device, provider);
    next->providers_by_id.put(provider->provider_id, provider);
    for (const auto& block : provider->blocks)
      added[block.guid].push_back(BlockRef{provider, &block});
  }
  for (auto& [guid, refs] : added) {
    BlockList list;
    if (const BlockList* old = current.blocks_of(guid)) {
      list.reserve(old->size() + refs.size());
      for (const auto& ref : *old)
        if (!changes.changes().contains(ref.provider->device))
          list.push_back(ref);
    }
    for (auto& ref : refs) {
      // Registration order: a new provider goes last, a new version of a provider keeps its place.
      auto at =
          std::upper_bound(list.begin(), list.end(), ref.provider->sequence,
                           [](std::uint64_t sequence, const BlockRef& r) { return sequence < r.provider->sequence; });
      list.insert(at, std::move(ref));
    }
    if (list.empty())
      next->by_guid.erase(guid);
    else
      next->by_guid.put(guid, std::make_shared<const BlockList>(std::move(list)));
  }
  return next;
}

}  // namespace wmiport::wmi
