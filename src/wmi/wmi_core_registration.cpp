// IoWMIRegistrationControl: REGISTER / REREGISTER / UPDATE_GUIDS are queued and processed on the core's
// registration thread (on Windows the REGINFO IRPs are sent from a system thread, spec §6), so a driver calling
// from AddDevice or from inside its own WMI dispatch never re-enters itself. DEREGISTER is synchronous: it
// waits for the requests in flight to the device, and refuses to wait on itself.
#include <algorithm>

#include <fmt/format.h>

#include "common/utf16.h"
#include "wmi/irp_sender.h"
#include "wmi/provider_ids.h"
#include "wmi/provider_violation.h"
#include "wmi/reginfo_client.h"
#include "wmi/wmi_core.h"
#include "wnode/wire_layout.h"

namespace wmiport::wmi {

namespace {

namespace rf = wnode::reg_flag;

// More static instances than this in one block is treated as a provider bug (the names are materialised, about
// 32 bytes each). 2^20 lets a block carry the million instances the all-data benchmark queries.
constexpr std::uint32_t kMaxStaticInstances = 1u << 20;

NamingKind naming_of(std::uint32_t flags) {
  if (flags & rf::kInstancePdo)
    return NamingKind::pdo;
  if (flags & rf::kInstanceBaseName)
    return NamingKind::base_name;
  if (flags & rf::kInstanceList)
    return NamingKind::static_list;
  return NamingKind::dynamic;
}

// A PDO reported through REGINFO_EX for a block that will not be kept (REMOVE_GUID, or a provider gone) was
// referenced for us all the same: give the reference back.
void drop_reference_of_unkept_block(const wnode::RegGuid& reg, bool via_reginfo_ex) {
  if (via_reginfo_ex && (reg.flags & rf::kInstancePdo) != 0 && reg.pdo != 0)
    ObDereferenceObject(reinterpret_cast<PDEVICE_OBJECT>(static_cast<std::uintptr_t>(reg.pdo)));
}

}  // namespace

NTSTATUS WmiCore::registration_control(PDEVICE_OBJECT device, ULONG action) {
  if (device == nullptr)
    return STATUS_INVALID_PARAMETER;
  switch (action) {
    case WMIREG_ACTION_REGISTER:
    case WMIREG_ACTION_REREGISTER:
    case WMIREG_ACTION_UPDATE_GUIDS: {
      {
        std::lock_guard lock(registration_mutex_);
        // The worker reads the provider's registration afresh when it processes a request, so a request equal to
        // the device's last one still waiting adds nothing: dropping it keeps the queue bounded by the number of
        // devices when a driver asks for updates faster than they are processed.
        auto last_of_device = std::find_if(registration_queue_.rbegin(), registration_queue_.rend(),
                                           [device](const RegistrationWork& w) { return w.device == device; });
        if (last_of_device == registration_queue_.rend() || last_of_device->action != action)
          registration_queue_.push_back({device, action, next_registration_ticket_++});
      }
      registration_cv_.notify_all();
      return STATUS_SUCCESS;
    }
    case WMIREG_ACTION_DEREGISTER:
      return deregister(device);
    case WMIREG_ACTION_BLOCK_IRPS: {
      // Undocumented on Windows; here: refuse new requests to the device from now on (it stays registered).
      if (auto provider = database_.snapshot()->provider_of(device))
        provider->gate->close();
      return STATUS_SUCCESS;
    }
    default:
      return STATUS_INVALID_PARAMETER;
  }
}

void WmiCore::flush_registrations() {
  std::unique_lock lock(registration_mutex_);
  // Waits for what was queued before the call only: a driver that keeps asking for updates must not starve the
  // caller (the queue is FIFO and tickets grow, so the front holds the oldest ticket still waiting).
  const std::uint64_t last_ticket = next_registration_ticket_ - 1;
  registration_cv_.wait(lock, [this, last_ticket] {
    const bool queued_before = !registration_queue_.empty() && registration_queue_.front().ticket <= last_ticket;
    const bool running_before = registration_in_progress_ != nullptr && in_progress_ticket_ <= last_ticket;
    return !queued_before && !running_before;
  });
}

void WmiCore::registration_worker() {
  for (;;) {
    RegistrationWork work{};
    {
      std::unique_lock lock(registration_mutex_);
      registration_cv_.wait(lock, [this] { return registration_stopping_ || !registration_queue_.empty(); });
      if (registration_stopping_)
        return;
      work = registration_queue_.front();
      registration_queue_.pop_front();
      registration_in_progress_ = work.device;
      in_progress_ticket_ = work.ticket;
    }
    process_registration(work);
    {
      std::lock_guard lock(registration_mutex_);
      registration_in_progress_ = nullptr;
    }
    registration_cv_.notify_all();
  }
}

void WmiCore::process_registration(const RegistrationWork& work) {
  Status status = ok_status();
  const bool registered = database_.snapshot()->provider_of(work.device) != nullptr;
  if (work.action == WMIREG_ACTION_UPDATE_GUIDS && registered)
    status = update_provider(work.device);
  else
    status = register_provider(work.device);
  if (!status.ok())
    report(fmt::format("registration of device {} (provider {}) failed: {}", static_cast<void*>(work.device),
                       provider_id_of(work.device), status.error().to_string()));
}

namespace {

struct BlockBuildContext {
  PDEVICE_OBJECT device;
  bool via_reginfo_ex;
  const std::function<std::optional<std::u16string>(PDEVICE_OBJECT)>& device_instance_path;
};

// One registered block from one WMIREGGUID, naming its static instances. `taken` says whether a name is in use
// for the GUID by another provider (or by an earlier block of this very registration).
Result<RegisteredBlock> make_block(const wnode::RegGuid& reg, const BlockBuildContext& context,
                                   const NameTaken& taken) {
  RegisteredBlock block;
  block.guid = reg.guid;
  block.flags = reg.flags;
  block.instance_count = reg.instance_count;
  block.naming = naming_of(reg.flags);
  NamingRequest naming{block.naming, reg.instance_count, {}, {}};
  switch (block.naming) {
    case NamingKind::pdo: {
      auto* pdo = reinterpret_cast<PDEVICE_OBJECT>(static_cast<std::uintptr_t>(reg.pdo));
      if (pdo == nullptr)
        return Error(STATUS_DRIVER_INTERNAL_ERROR,
                     fmt::format("block {} has WMIREG_FLAG_INSTANCE_PDO but no Pdo", reg.guid.to_string()));
      // Take ownership of the provider's reference first, so every exit below drops it.
      block.pdo = std::make_shared<PdoReference>(pdo, context.via_reginfo_ex);
      auto path = context.device_instance_path ? context.device_instance_path(pdo) : std::nullopt;
      if (!path)
        return Error(ntstatus::invalid_parameter,
                     fmt::format("block {}: the Pdo has no device instance path", reg.guid.to_string()));
      naming.stem = *path;
      break;
    }
    case NamingKind::base_name:
      naming.stem = reg.base_name.value_or(u"");
      break;
    case NamingKind::static_list:
      naming.listed_names = reg.instance_names;
      break;
    case NamingKind::dynamic:
      return block;
  }
  if (reg.instance_count > kMaxStaticInstances)
    return Error(ntstatus::invalid_parameter,
                 fmt::format("block {} registers {} static instances (limit {})", reg.guid.to_string(),
                             reg.instance_count, kMaxStaticInstances));
  block.names = assign_static_names(naming, taken);
  return block;
}

}  // namespace

Status WmiCore::register_provider(PDEVICE_OBJECT device) {
  const std::uint32_t provider_id = provider_id_of(device);
  WMIPORT_ASSIGN_OR_RETURN(
      auto fetched, fetch_registration(device, provider_id, WMIREGISTER, {options_.reginfo_initial_size, 1u << 20}));
  std::set<Guid> touched;
  std::vector<std::string> problems;
  database_.modify([&](const Snapshot& current, ProviderChanges& changes) {
    auto previous = current.provider_of(device);
    auto provider = std::make_shared<Provider>();
    provider->device = device;
    provider->provider_id = provider_id;
    provider->sequence = previous ? previous->sequence : next_sequence_++;
    provider->gate = previous ? previous->gate : std::make_shared<ProviderGate>();
    if (previous)
      for (const auto& block : previous->blocks)
        touched.insert(block.guid);
    const BlockBuildContext context{device, fetched.via_reginfo_ex, options_.device_instance_path};
    for (const auto& info : fetched.chain) {
      if (info.registry_path && provider->registry_path.empty())
        provider->registry_path = *info.registry_path;
      if (info.mof_resource_name && provider->mof_resource_name.empty())
        provider->mof_resource_name = *info.mof_resource_name;
      for (const auto& reg : info.guids) {
        if (reg.flags & rf::kRemoveGuid) {
          drop_reference_of_unkept_block(reg, fetched.via_reginfo_ex);
          continue;  // meaningless on WMIREGISTER: nothing to remove
        }
        const Guid guid = reg.guid;
        auto taken = [&](std::u16string_view name) {
          if (current.name_taken(guid, name, device))
            return true;
          for (const auto& mine : provider->blocks)
            if (mine.guid == guid && std::find(mine.names.begin(), mine.names.end(), name) != mine.names.end())
              return true;
          return false;
        };
        auto block = make_block(reg, context, taken);
        if (!block.ok()) {
          problems.push_back(block.error().to_string());
          continue;
        }
        std::erase_if(provider->blocks, [&](const RegisteredBlock& b) { return b.guid == guid; });
        provider->blocks.push_back(std::move(block).value());
        touched.insert(guid);
      }
    }
    changes.put(std::move(provider));
  });
  for (auto& problem : problems)
    report(fmt::format("provider {}: block rejected: {}", provider_id, problem));
  for (const auto& guid : touched)
    reconcile_controls(guid);
  return ok_status();
}

Status WmiCore::update_provider(PDEVICE_OBJECT device) {
  const std::uint32_t provider_id = provider_id_of(device);
  WMIPORT_ASSIGN_OR_RETURN(
      auto fetched, fetch_registration(device, provider_id, WMIUPDATE, {options_.reginfo_initial_size, 1u << 20}));
  std::set<Guid> touched;
  std::vector<std::string> problems;
  database_.modify([&](const Snapshot& current, ProviderChanges& changes) {
    auto previous = current.provider_of(device);
    if (!previous) {  // deregistered meanwhile: nothing to update, give the PDO references back
      for (const auto& info : fetched.chain)
        for (const auto& reg : info.guids)
          drop_reference_of_unkept_block(reg, fetched.via_reginfo_ex);
      return;
    }
    auto provider = std::make_shared<Provider>(*previous);
    const BlockBuildContext context{device, fetched.via_reginfo_ex, options_.device_instance_path};
    for (const auto& info : fetched.chain) {
      if (info.registry_path)
        provider->registry_path = *info.registry_path;
      if (info.mof_resource_name)
        provider->mof_resource_name = *info.mof_resource_name;
      for (const auto& reg : info.guids) {
        const Guid guid = reg.guid;
        touched.insert(guid);
        if (reg.flags & rf::kRemoveGuid) {
          drop_reference_of_unkept_block(reg, fetched.via_reginfo_ex);
          std::erase_if(provider->blocks, [&](const RegisteredBlock& b) { return b.guid == guid; });
          continue;
        }
        // Only other providers' names count: the names of the block being replaced are free for its successor.
        auto taken = [&](std::u16string_view name) { return current.name_taken(guid, name, device); };
        auto block = make_block(reg, context, taken);
        if (!block.ok()) {
          problems.push_back(block.error().to_string());
          continue;
        }
        std::erase_if(provider->blocks, [&](const RegisteredBlock& b) { return b.guid == guid; });
        provider->blocks.push_back(std::move(block).value());
      }
    }
    changes.put(std::move(provider));
  });
  for (auto& problem : problems)
    report(fmt::format("provider {}: block rejected on update: {}", provider_id, problem));
  for (const auto& guid : touched)
    reconcile_controls(guid);
  return ok_status();
}

NTSTATUS WmiCore::deregister(PDEVICE_OBJECT device) {
  const bool self_wait = dispatching_on_this_thread(device);
  {
    std::unique_lock lock(registration_mutex_);
    std::erase_if(registration_queue_, [device](const RegistrationWork& w) { return w.device == device; });
    if (!self_wait)
      registration_cv_.wait(lock, [this, device] { return registration_in_progress_ != device; });
  }
  std::shared_ptr<const Provider> removed;
  database_.modify([&](const Snapshot& current, ProviderChanges& changes) {
    removed = current.provider_of(device);
    changes.remove(device);
  });
  if (!removed)
    return STATUS_SUCCESS;
  forget_controls(device);
  if (self_wait) {
    // Waiting here would wait for this very call stack: refuse, loudly, after unpublishing the provider so
    // that no new request reaches it.
    removed->gate->close();
    std::string what =
        "IoWMIRegistrationControl(DEREGISTER) called from inside the device's own WMI dispatch; the registration "
        "is removed but the requests in flight are not waited for";
    report(fmt::format("contract violation by provider {}: {}", removed->provider_id, what));
    report_provider_violation(RequestPlace{device, removed->provider_id, -1, nullptr, ""}, "deregister_in_dispatch",
                              std::move(what));
    return STATUS_INVALID_DEVICE_STATE;
  }
  removed->gate->close_and_drain();
  return STATUS_SUCCESS;
}

}  // namespace wmiport::wmi
