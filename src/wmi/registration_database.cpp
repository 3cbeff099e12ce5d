#include "wmi/registration_database.h"

#include <algorithm>

namespace wmiport::wmi {

const RegisteredBlock* Provider::find(const Guid& guid) const {
  for (const auto& block : blocks)
    if (block.guid == guid)
      return &block;
  return nullptr;
}

const std::vector<BlockRef>* Snapshot::blocks_of(const Guid& guid) const {
  auto it = by_guid.find(guid);
  return it == by_guid.end() ? nullptr : &it->second;
}

std::shared_ptr<const Provider> Snapshot::provider_by_id(std::uint32_t provider_id) const {
  for (const auto& [device, provider] : providers)
    if (provider->provider_id == provider_id)
      return provider;
  return nullptr;
}

std::shared_ptr<const Provider> Snapshot::provider_of(PDEVICE_OBJECT device) const {
  auto it = providers.find(device);
  return it == providers.end() ? nullptr : it->second;
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
    const std::function<void(const Snapshot& current, ProviderMap& next)>& change) {
  std::lock_guard writer(writer_mutex_);
  std::shared_ptr<const Snapshot> current = snapshot();
  ProviderMap next = current->providers;
  change(*current, next);
  std::shared_ptr<const Snapshot> published = index(std::move(next));
  {
    std::lock_guard lock(publish_mutex_);
    current_ = published;
  }
  return published;
}

std::shared_ptr<const Snapshot> RegistrationDatabase::index(ProviderMap providers) {
  auto snapshot = std::make_shared<Snapshot>();
  std::vector<std::shared_ptr<const Provider>> ordered;
  for (const auto& [device, provider] : providers)
    ordered.push_back(provider);
  std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a->sequence < b->sequence; });
  for (const auto& provider : ordered)
    for (const auto& block : provider->blocks)
      snapshot->by_guid[block.guid].push_back(BlockRef{provider, &block});
  snapshot->providers = std::move(providers);
  return snapshot;
}

}  // namespace wmiport::wmi
