// IoWMIWriteEvent and event resolution. The driver's WNODE is copied once, on the driver's thread, into the block
// that will be delivered (so ownership can be taken and the pool block freed at once), and checked there in place;
// naming a static instance, resolving an event reference and delivering happen later on the event hub's thread, a
// chunk of events at a time.
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "wmi/provider_violation.h"
#include "wmi/wmi_core.h"
#include "wnode/event_item.h"
#include "wnode/event_reference.h"
#include "wnode/single_instance.h"
#include "wnode/wire_layout.h"

namespace wmiport::wmi {

namespace {

namespace wf = wnode::flag;

// The static name of the last instance an event named: a burst of events from one instance shares one string.
class StaticNames {
 public:
  explicit StaticNames(const Snapshot& snapshot) : snapshot_(snapshot) {}
  std::shared_ptr<const std::u16string> name(std::uint32_t provider_id, const Guid& guid, std::uint32_t index) {
    if (!last_ || provider_id != provider_id_ || guid != guid_ || index != index_) {
      auto provider = snapshot_.provider_by_id(provider_id);
      const RegisteredBlock* block = provider ? provider->find(guid) : nullptr;
      last_ = std::make_shared<const std::u16string>(
          block != nullptr && index < block->names.size() ? block->names[index] : std::u16string());
      provider_id_ = provider_id;
      guid_ = guid;
      index_ = index;
    }
    return last_;
  }

 private:
  const Snapshot& snapshot_;
  std::shared_ptr<const std::u16string> last_;
  std::uint32_t provider_id_ = 0;
  Guid guid_;
  std::uint32_t index_ = 0;
};

std::shared_ptr<const std::u16string> shared_name(std::u16string name) {
  return std::make_shared<const std::u16string>(std::move(name));
}

}  // namespace

NTSTATUS WmiCore::write_event(void* wnode_event_item) {
  if (wnode_event_item == nullptr)
    return STATUS_INVALID_PARAMETER;
  // Only WnodeHeader.BufferSize says how large the driver's block is: read it first, then nothing beyond it.
  std::uint32_t size = 0;
  std::memcpy(&size, wnode_event_item, sizeof(size));
  if (size > options_.max_event_size)
    return STATUS_BUFFER_OVERFLOW;
  if (size < wnode::header::kSize)
    return STATUS_INVALID_PARAMETER;
  // The one copy: into the block that is delivered. Checked there, not in the driver's buffer, so what was
  // checked is what subscribers get.
  PostedEvent posted;
  posted.event = events_->pool().make(size);
  DeliveredEvent& event = *posted.event.unshared();
  std::memcpy(event.mutable_wnode().data(), wnode_event_item, size);
  const Bytes view = event.wnode();
  const std::uint32_t flags = load_u32(view, wnode::header::kFlags);
  Status valid = ok_status();
  if (flags & wf::kEventReference) {
    auto parsed = wnode::parse_event_reference(view);
    if (parsed.ok())
      posted.reference = true;
    else
      valid = std::move(parsed).error();
  } else if (auto item = wnode::check_event_item(view); item.ok()) {
    // The delivered event points into its WNODE: no second copy of the data or the name.
    event.set_data(item->data_offset, item->data_size);
    if (item->instance_name)
      event.set_name_in_wnode(item->instance_name->text_offset, item->instance_name->chars);
    else if (item->structure != wf::kAllData)
      posted.static_index = item->instance_index;  // named by the hub, from the registration snapshot
  } else {
    valid = std::move(item).error();
  }
  if (!valid.ok()) {
    report(fmt::format("IoWMIWriteEvent refused a malformed event: {}", valid.error().message()));
    report_provider_violation(RequestPlace{}, "event_malformed",
                              "IoWMIWriteEvent with a malformed event: " + valid.error().message());
    return STATUS_INVALID_PARAMETER;
  }
  posted.guid = event.guid = Guid::load(view, wnode::header::kGuid);
  posted.provider_id = event.provider_id = load_u32(view, wnode::header::kProviderId);
  const NTSTATUS status = post_event(std::move(posted));
  if (NT_SUCCESS(status))
    ExFreePool(wnode_event_item);  // ours on success only (the caller frees it on failure)
  return status;
}

NTSTATUS WmiCore::write_single_instance_event(std::uint32_t provider_id, const Guid& guid, std::uint32_t instance_index,
                                              std::int64_t time_stamp, Bytes data) {
  namespace si = wnode::single_instance;
  // Exactly the WNODE WmiFireEvent used to build for IoWMIWriteEvent, so the same size rule applies.
  const std::uint64_t size = std::uint64_t{si::kSize} + data.size();
  if (size > options_.max_event_size)
    return STATUS_BUFFER_OVERFLOW;
  PostedEvent posted;
  posted.event = events_->pool().make(static_cast<std::uint32_t>(size));
  DeliveredEvent& event = *posted.event.unshared();
  const MutableBytes out = event.mutable_wnode();
  std::memset(out.data(), 0, si::kSize);
  store_u32(out, wnode::header::kBufferSize, static_cast<std::uint32_t>(size));
  store_u32(out, wnode::header::kProviderId, provider_id);
  store_u64(out, wnode::header::kTimeStamp, static_cast<std::uint64_t>(time_stamp));
  guid.store(out, wnode::header::kGuid);
  store_u32(out, wnode::header::kFlags, wf::kSingleInstance | wf::kEventItem | wf::kStaticInstanceNames);
  store_u32(out, si::kInstanceIndex, instance_index);
  store_u32(out, si::kDataBlockOffset, si::kSize);
  store_u32(out, si::kSizeDataBlock, static_cast<std::uint32_t>(data.size()));
  if (!data.empty())
    std::memcpy(out.data() + si::kSize, data.data(), data.size());
  // Well-formed by construction: nothing to check that the lines above do not decide.
  event.set_data(si::kSize, static_cast<std::uint32_t>(data.size()));
  posted.static_index = instance_index;
  posted.guid = event.guid = guid;
  posted.provider_id = event.provider_id = provider_id;
  return post_event(std::move(posted));
}

NTSTATUS WmiCore::post_event(PostedEvent posted) {
  if (options_.verify && !events_allowed(posted.provider_id, posted.guid)) {
    const auto provider = database_.snapshot()->provider_by_id(posted.provider_id);
    report_provider_violation(RequestPlace{provider->device, posted.provider_id, -1, &posted.guid, ""},
                              "event_not_enabled",
                              "IoWMIWriteEvent for a block whose events no consumer enabled on this device");
  }
  return events_->post(std::move(posted)) ? STATUS_SUCCESS : STATUS_INSUFFICIENT_RESOURCES;
}

void WmiCore::flush_events() {
  events_->drain();
}

void WmiCore::resolve_events(std::span<PostedEvent> events, std::vector<SharedEvent>& resolved) {
  const auto snapshot = database_.snapshot();  // one per chunk, not per event
  StaticNames names(*snapshot);
  for (PostedEvent& event : events) {
    if (!event.reference) {  // a WNODE_EVENT_ITEM, checked when it was posted: delivered as the driver wrote it
      if (event.static_index)
        event.event.unshared()->set_name(names.name(event.provider_id, event.guid, *event.static_index));
      resolved.push_back(std::move(event.event));
      continue;
    }
    auto delivered = resolve_event_reference(*snapshot, event);
    if (delivered.ok()) {
      resolved.push_back(std::move(delivered).value());
    } else {
      std::fprintf(stderr, "wmiport: event %s from provider %u dropped: %s\n", event.guid.to_string().c_str(),
                   event.provider_id, delivered.error().to_string().c_str());
      resolved.push_back(nullptr);
    }
  }
}

Result<SharedEvent> WmiCore::resolve_event_reference(const Snapshot& snapshot, const PostedEvent& event) {
  const Bytes view = event.event->wnode();
  // WNODE_EVENT_REFERENCE: query the referenced instance of the provider that fired, deliver its data as a
  // WNODE_SINGLE_INSTANCE event under the event's GUID.
  WMIPORT_ASSIGN_OR_RETURN(auto reference, wnode::parse_event_reference(view));
  auto provider = snapshot.provider_by_id(event.provider_id);
  const RegisteredBlock* block = provider ? provider->find(reference.target_guid) : nullptr;
  if (block == nullptr)
    return Error(ntstatus::wmi_guid_not_found, fmt::format("event reference to {} which provider {} did not register",
                                                           reference.target_guid.to_string(), event.provider_id));
  RouteCandidate target{BlockRef{provider, block}, std::nullopt, {}};
  if (reference.target_instance_name) {
    target.name = *reference.target_instance_name;
  } else {
    if (reference.target_instance_index >= block->names.size())
      return Error(ntstatus::wmi_instance_not_found, "event reference to an instance index that is not registered");
    target.static_index = reference.target_instance_index;
    target.name = block->names[reference.target_instance_index];
  }
  WMIPORT_ASSIGN_OR_RETURN(auto request, build_single_instance_request(reference.target_guid, target, {}));
  WMIPORT_ASSIGN_OR_RETURN(auto reply,
                           router_.exchange(target.ref, IRP_MN_QUERY_SINGLE_INSTANCE, reference.target_guid, request));
  WMIPORT_ASSIGN_OR_RETURN(auto data, wnode::parse_single_instance(Bytes{reply}));

  wnode::SingleInstance delivered;
  delivered.header = reference.header;
  delivered.header.flags = wf::kEventItem | (block->naming == NamingKind::pdo ? wf::kPdoInstanceNames : 0);
  delivered.instance_name = target.static_index ? std::nullopt : std::optional(target.name);
  delivered.instance_index = target.static_index.value_or(0);
  delivered.data = std::move(data.data);
  WMIPORT_ASSIGN_OR_RETURN(const auto built, wnode::build_event_item({std::move(delivered)}));
  WMIPORT_ASSIGN_OR_RETURN(const auto item, wnode::check_event_item(Bytes{built}));  // where the data lies
  SharedEvent record = SharedEvent::make(static_cast<std::uint32_t>(built.size()));
  DeliveredEvent& filled = *record.unshared();
  std::memcpy(filled.mutable_wnode().data(), built.data(), built.size());
  filled.guid = event.guid;
  filled.provider_id = event.provider_id;
  filled.set_data(item.data_offset, item.data_size);
  filled.set_name(shared_name(std::move(target.name)));
  return record;
}

}  // namespace wmiport::wmi
