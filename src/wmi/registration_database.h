// The registration database: GUID -> providers -> instances.
//
// Read on every request, changed only on (de)registration, so it is an immutable Snapshot published through a
// shared_ptr: readers take a reference under a short mutex (no copying, never blocked by a writer's work) and
// keep a consistent view for the whole request; writers are serialised, build a new Snapshot and swap it in.
// A new Snapshot shares all it did not change with the previous one (persistent maps, per-GUID lists shared).
// Objects a snapshot refers to (providers, PDO references) live as long as any reader still holds it.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <wdm.h>

#include "common/guid.h"
#include "wmi/instance_namer.h"
#include "wmi/persistent_map.h"
#include "wmi/provider_gate.h"

namespace wmiport::wmi {

// A PDO reported with INSTANCE_PDO. Through REGINFO_EX the provider referenced it for us: dropped here when the
// last registration (or snapshot) naming it goes away.
class PdoReference {
 public:
  PdoReference(PDEVICE_OBJECT pdo, bool referenced) : pdo_(pdo), referenced_(referenced) {}
  ~PdoReference() {
    if (referenced_)
      ObDereferenceObject(pdo_);
  }
  PdoReference(const PdoReference&) = delete;
  PdoReference& operator=(const PdoReference&) = delete;
  PDEVICE_OBJECT pdo() const { return pdo_; }

 private:
  PDEVICE_OBJECT pdo_;
  bool referenced_;
};

struct RegisteredBlock {
  Guid guid;
  std::uint32_t flags = 0;  // WMIREG_FLAG_* as registered
  std::uint32_t instance_count = 0;
  NamingKind naming = NamingKind::dynamic;
  std::vector<std::u16string> names;  // static names: names[k] names instance k
  std::shared_ptr<PdoReference> pdo;  // INSTANCE_PDO only

  bool dynamic_names() const { return naming == NamingKind::dynamic; }
};

struct Provider {
  PDEVICE_OBJECT device = nullptr;
  std::uint32_t provider_id = 0;
  std::uint64_t sequence = 0;  // registration order: merged replies list providers in this order
  std::u16string registry_path;
  std::u16string mof_resource_name;
  std::vector<RegisteredBlock> blocks;
  std::shared_ptr<ProviderGate> gate;

  const RegisteredBlock* find(const Guid& guid) const;
};

struct BlockRef {
  std::shared_ptr<const Provider> provider;
  const RegisteredBlock* block = nullptr;  // points into *provider
};

// The providers of one GUID, in registration order (Provider::sequence).
using BlockList = std::vector<BlockRef>;

// Every map of a snapshot is persistent: a new snapshot shares with the previous one every entry a change did
// not touch, so publishing costs what changed, not what is registered (docs/decisions.md W14).
struct Snapshot {
  PersistentMap<PDEVICE_OBJECT, std::shared_ptr<const Provider>> providers;
  PersistentMap<std::uint32_t, std::shared_ptr<const Provider>> providers_by_id;
  PersistentMap<Guid, std::shared_ptr<const BlockList>> by_guid;

  const BlockList* blocks_of(const Guid& guid) const;
  std::shared_ptr<const Provider> provider_by_id(std::uint32_t provider_id) const;
  std::shared_ptr<const Provider> provider_of(PDEVICE_OBJECT device) const;
  // Whether `name` is a static name of `guid` at a provider other than `except`.
  bool name_taken(const Guid& guid, std::u16string_view name, PDEVICE_OBJECT except) const;
};

// What one writer changes: providers put (a new version, or a new provider) or removed, by device. The last
// change of a device wins.
class ProviderChanges {
 public:
  void put(std::shared_ptr<const Provider> provider);
  void remove(PDEVICE_OBJECT device);
  // device -> its new version, nullptr when removed
  const std::map<PDEVICE_OBJECT, std::shared_ptr<const Provider>>& changes() const { return changes_; }

 private:
  std::map<PDEVICE_OBJECT, std::shared_ptr<const Provider>> changes_;
};

class RegistrationDatabase {
 public:
  RegistrationDatabase();

  std::shared_ptr<const Snapshot> snapshot() const;

  // Runs `change` with the writer lock held (so `current` is the latest snapshot and no other writer
  // interleaves), then publishes the current snapshot with the recorded changes applied. Returns the published
  // snapshot. The cost is that of the changed providers' blocks, whatever the number of providers.
  std::shared_ptr<const Snapshot> modify(
      const std::function<void(const Snapshot& current, ProviderChanges& changes)>& change);

 private:
  static std::shared_ptr<const Snapshot> apply(const Snapshot& current, const ProviderChanges& changes);

  std::mutex writer_mutex_;                  // serialises modify(); held across the whole change
  mutable std::mutex publish_mutex_;         // guards current_ (held only to copy or swap the pointer)
  std::shared_ptr<const Snapshot> current_;  // guarded by publish_mutex_
};

}  // namespace wmiport::wmi
