#include "wmi/wmi_core.h"

#include <algorithm>
#include <atomic>
#include <cstdio>

#include <fmt/format.h>

#include "common/utf16.h"
#include "wmi/minor_rules.h"
#include "wmi/provider_violation.h"
#include "wnode/all_data.h"
#include "wnode/method_item.h"
#include "wnode/single_instance.h"
#include "wnode/too_small.h"
#include "wnode/wire_layout.h"

namespace wmiport::wmi {

namespace {

std::atomic<WmiCore*> g_current{nullptr};

RequestPlace place_of(const BlockRef& ref, std::uint8_t minor, const Guid& guid) {
  return RequestPlace{ref.provider->device, ref.provider->provider_id, minor, &guid, ""};
}

Error reply_violation(const BlockRef& ref, std::uint8_t minor, const Guid& guid, std::string_view what,
                      const Error& error) {
  return provider_violation(place_of(ref, minor, guid), "reply_malformed",
                            fmt::format("malformed {} reply: {}", what, error.message()));
}

// The observable state of an instance, for the method side-effect check: its data, when it can be queried.
std::optional<std::vector<std::uint8_t>> instance_state(WmiCore& core, const Guid& guid,
                                                        const InstanceSelector& instance) {
  auto reply = core.query_single_instance(guid, instance);
  if (!reply.ok())
    return std::nullopt;
  return std::move(reply->instance.data);
}

// The <wmium.h> calls: the provider gets the caller's size, and a too-small answer comes back unretried.
BufferPolicy caller_buffer(std::uint32_t size, bool counts_output_data) {
  BufferPolicy policy;
  policy.caller_size = size;
  policy.counts_output_data = counts_output_data;
  return policy;
}

// What a provider's WNODE_ALL_DATA can grow by in the merged reply: a header, and per static instance its name,
// name offset, data offset/length and alignment padding (an upper bound).
std::uint64_t merged_room(const RegisteredBlock& block) {
  std::uint64_t room = wnode::all_data::kSize;
  for (const auto& name : block.names)
    room += 32 + 2 * std::uint64_t{name.size()};
  return room;
}

// Whether a consumer's open of the block changes anything for its providers in `snapshot`: only a provider that
// registered the block WMIREG_FLAG_EXPENSIVE gets ENABLE/DISABLE_COLLECTION.
bool collection_controlled(const Snapshot& snapshot, const Guid& guid) {
  const auto* refs = snapshot.blocks_of(guid);
  if (refs == nullptr)
    return false;
  return std::any_of(refs->begin(), refs->end(),
                     [](const BlockRef& ref) { return (ref.block->flags & wnode::reg_flag::kExpensive) != 0; });
}

}  // namespace

WmiCore::WmiCore(WmiCoreOptions options)
    : options_(std::move(options)),
      router_(database_, RouterLimits{options_.initial_buffer_size, options_.max_buffer_size,
                                      options_.verify ? options_.irp_overdue_after : std::chrono::milliseconds(0)}) {
  events_allowed_changed();  // a generation of its own before any event
}

Result<std::unique_ptr<WmiCore>> WmiCore::create(WmiCoreOptions options) {
  if (options.initial_buffer_size < wnode::too_small::kSize || options.max_buffer_size < options.initial_buffer_size)
    return Error(ntstatus::invalid_parameter, "WmiCoreOptions: buffer sizes must be >= 56 and ordered");
  if (options.subscriber_queue_capacity == 0 || options.pending_event_capacity == 0)
    return Error(ntstatus::invalid_parameter, "WmiCoreOptions: event queues need room for one event");
  std::unique_ptr<WmiCore> core(new WmiCore(std::move(options)));
  WmiCore* expected = nullptr;
  if (!g_current.compare_exchange_strong(expected, core.get()))
    return Error(ntstatus::invalid_device_request, "a WMI core already exists in this process");
  WmiCore* raw = core.get();
  core->events_ = std::make_unique<EventHub>(core->options_.pending_event_capacity,
                                             [raw](std::span<PostedEvent> events, std::vector<SharedEvent>& resolved) {
                                               raw->resolve_events(events, resolved);
                                             });
  core->registration_thread_ = std::thread([raw] { raw->registration_worker(); });
  return core;
}

WmiCore::~WmiCore() {
  // Stop answering the IoWMI* routines first: from here on they see "WMI not available".
  WmiCore* self = this;
  g_current.compare_exchange_strong(self, nullptr);
  {
    std::lock_guard lock(registration_mutex_);
    registration_stopping_ = true;
  }
  registration_cv_.notify_all();
  if (registration_thread_.joinable())
    registration_thread_.join();
  events_.reset();
}

WmiCore* WmiCore::current() {
  return g_current.load();
}

void WmiCore::report(std::string message) {
  std::fprintf(stderr, "wmiport wmi: %s\n", message.c_str());
  std::lock_guard lock(reports_mutex_);
  reports_.push_back(std::move(message));
}

std::vector<std::string> WmiCore::reports() const {
  std::lock_guard lock(reports_mutex_);
  return reports_;
}

std::optional<std::u16string> WmiCore::device_instance_path(PDEVICE_OBJECT pdo) const {
  if (!options_.device_instance_path)
    return std::nullopt;
  return options_.device_instance_path(pdo);
}

std::optional<std::uint32_t> WmiCore::allocate_instance_ids(const Guid& guid, std::uint32_t count) {
  std::lock_guard lock(instance_ids_mutex_);
  std::uint64_t& next = next_instance_id_[guid];
  if (next + count > 0xFFFFFFFFull)
    return std::nullopt;
  const auto first = static_cast<std::uint32_t>(next);
  next += count;
  return first;
}

std::vector<BlockInfo> WmiCore::list_blocks() const {
  auto snapshot = database_.snapshot();
  std::vector<BlockInfo> blocks;
  std::vector<std::shared_ptr<const Provider>> ordered;
  snapshot->providers.for_each([&](PDEVICE_OBJECT, const auto& provider) { ordered.push_back(provider); });
  std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) { return a->sequence < b->sequence; });
  for (const auto& provider : ordered)
    for (const auto& block : provider->blocks)
      blocks.push_back({block.guid, block.flags, provider->provider_id, block.instance_count, block.dynamic_names(),
                        block.names, provider->registry_path, provider->mof_resource_name});
  return blocks;
}

Result<AllDataReply> WmiCore::query_all_data(const Guid& guid) {
  return query_all_data_with(guid, {});
}

Result<AllDataReply> WmiCore::query_all_data_sized(const Guid& guid, std::uint32_t buffer_size) {
  return query_all_data_with(guid, caller_buffer(buffer_size, false));
}

Result<SingleReply> WmiCore::query_single_instance(const Guid& guid, const InstanceSelector& instance) {
  return query_single_instance_with(guid, instance, {});
}

Result<SingleReply> WmiCore::query_single_instance_opened(const Guid& guid, const InstanceSelector& instance) {
  auto snapshot = database_.snapshot();
  if (!collection_controlled(*snapshot, guid))
    return query_single_instance_with(guid, instance, {}, std::move(snapshot));
  struct Opened {
    WmiCore& core;
    const Guid& guid;
    ~Opened() { core.close_block(guid); }
  };
  open_block(guid);
  Opened opened{*this, guid};
  return query_single_instance_with(guid, instance, {});
}

Result<SingleReply> WmiCore::query_single_instance_sized(const Guid& guid, const InstanceSelector& instance,
                                                         std::uint32_t buffer_size) {
  return query_single_instance_with(guid, instance, caller_buffer(buffer_size, false));
}

Result<SingleReply> WmiCore::execute_method(const Guid& guid, const InstanceSelector& instance, std::uint32_t method_id,
                                            Bytes input) {
  return execute_method_with(guid, instance, method_id, input, {});
}

Result<SingleReply> WmiCore::execute_method_sized(const Guid& guid, const InstanceSelector& instance,
                                                  std::uint32_t method_id, Bytes input, std::uint32_t output_size) {
  return execute_method_with(guid, instance, method_id, input, caller_buffer(output_size, true));
}

Result<AllDataReply> WmiCore::query_all_data_with(const Guid& guid, const BufferPolicy& policy) {
  WMIPORT_ASSIGN_OR_RETURN(const Route route, router_.resolve(IRP_MN_QUERY_ALL_DATA, guid, nullptr));
  AllDataReply reply;
  std::uint64_t needed = 0;  // under a caller's size: what every provider's WNODE takes, 8-aligned
  bool too_small = false;
  wnode::AllData merged;
  merged.header.guid = guid;
  for (const auto& candidate : route.candidates) {
    const auto& block = *candidate.ref.block;
    const std::uint32_t provider_id = candidate.ref.provider->provider_id;
    auto bytes = router_.exchange(candidate.ref, IRP_MN_QUERY_ALL_DATA, guid,
                                  build_all_data_request(guid, request_name_flags(block)), policy);
    if (!bytes.ok()) {
      if (bytes.error().code() == ntstatus::wmi_guid_not_found)
        continue;  // the provider is going away (or just dropped the block): it has nothing to merge
      return std::move(bytes).error();
    }
    if (is_too_small_reply(Bytes{*bytes})) {
      // The caller gets the merged WNODE, which also carries static names and per-instance offsets: ask for
      // enough room for those too (an upper bound, so the caller's retry fits).
      too_small = true;
      needed += load_u32(Bytes{*bytes}, wnode::too_small::kSizeNeeded) + merged_room(block);
      continue;
    }
    needed += bytes->size() + merged_room(block);
    auto parsed = wnode::parse_all_data(Bytes{*bytes});
    if (!parsed.ok())
      return reply_violation(candidate.ref, IRP_MN_QUERY_ALL_DATA, guid, "WNODE_ALL_DATA", parsed.error());
    if (parsed->header.guid != guid)
      return provider_violation(
          place_of(candidate.ref, IRP_MN_QUERY_ALL_DATA, guid), "reply_malformed",
          fmt::format("WNODE_ALL_DATA for {} came back as {}", guid.to_string(), parsed->header.guid.to_string()));
    if (merged.header.time_stamp == 0)
      merged.header.time_stamp = parsed->header.time_stamp;
    merged.instances.reserve(merged.instances.size() + parsed->instances.size());
    reply.instances.reserve(reply.instances.size() + parsed->instances.size());
    for (std::size_t k = 0; k < parsed->instances.size(); ++k) {
      auto& instance = parsed->instances[k];
      std::u16string name;
      if (block.dynamic_names()) {
        if (!instance.name)
          return provider_violation(place_of(candidate.ref, IRP_MN_QUERY_ALL_DATA, guid), "reply_malformed",
                                    "dynamic-name block answered without names");
        name = *instance.name;
      } else {
        if (k >= block.names.size())
          return provider_violation(
              place_of(candidate.ref, IRP_MN_QUERY_ALL_DATA, guid), "reply_malformed",
              fmt::format("{} instances returned, {} registered", parsed->instances.size(), block.names.size()));
        name = block.names[k];
      }
      // The data goes into `merged` first and moves on to the reply once the merged WNODE is built: one copy of
      // each instance fewer than copying it into both.
      merged.instances.push_back({name, std::move(instance.data)});
      reply.instances.push_back({std::move(name), provider_id, {}});
    }
    reply.provider_wnodes.push_back(std::move(bytes).value());
  }
  if (too_small) {
    AllDataReply short_reply;
    short_reply.size_needed = static_cast<std::uint32_t>(std::min<std::uint64_t>(needed, 0xFFFFFFFFu));
    return short_reply;
  }
  if (reply.provider_wnodes.empty())
    return Error(ntstatus::wmi_guid_not_found, fmt::format("no provider of {} answered", guid.to_string()));
  WMIPORT_ASSIGN_OR_RETURN(reply.merged_wnode, wnode::build_all_data(merged));
  for (std::size_t k = 0; k < reply.instances.size(); ++k)
    reply.instances[k].data = std::move(merged.instances[k].data);
  return reply;
}

Result<SingleReply> WmiCore::query_single_instance_with(const Guid& guid, const InstanceSelector& instance,
                                                        const BufferPolicy& policy,
                                                        std::shared_ptr<const Snapshot> snapshot) {
  WMIPORT_ASSIGN_OR_RETURN(const Route route,
                           router_.resolve(IRP_MN_QUERY_SINGLE_INSTANCE, guid, &instance, std::move(snapshot)));
  WMIPORT_ASSIGN_OR_RETURN(
      auto answered,
      router_.exchange_with_owner(
          route, IRP_MN_QUERY_SINGLE_INSTANCE, guid,
          [&guid](const RouteCandidate& c) { return build_single_instance_request(guid, c, {}); }, policy));
  auto& [owner, bytes] = answered;
  if (is_too_small_reply(Bytes{bytes})) {
    SingleReply short_reply;
    short_reply.size_needed = load_u32(Bytes{bytes}, wnode::too_small::kSizeNeeded);
    return short_reply;
  }
  auto parsed = wnode::parse_single_instance(Bytes{bytes});
  if (!parsed.ok())
    return reply_violation(owner.ref, IRP_MN_QUERY_SINGLE_INSTANCE, guid, "WNODE_SINGLE_INSTANCE", parsed.error());
  return SingleReply{
      {owner.name, owner.ref.provider->provider_id, std::move(parsed->data)}, std::move(bytes), std::nullopt};
}

Status WmiCore::set_single_instance(const Guid& guid, const InstanceSelector& instance, Bytes data) {
  WMIPORT_ASSIGN_OR_RETURN(const Route route, router_.resolve(IRP_MN_CHANGE_SINGLE_INSTANCE, guid, &instance));
  WMIPORT_TRY(router_.exchange_with_owner(
      route, IRP_MN_CHANGE_SINGLE_INSTANCE, guid,
      [&guid, data](const RouteCandidate& c) { return build_single_instance_request(guid, c, data); }));
  return ok_status();
}

Status WmiCore::set_single_item(const Guid& guid, const InstanceSelector& instance, std::uint32_t item_id, Bytes data) {
  WMIPORT_ASSIGN_OR_RETURN(const Route route, router_.resolve(IRP_MN_CHANGE_SINGLE_ITEM, guid, &instance));
  WMIPORT_TRY(router_.exchange_with_owner(
      route, IRP_MN_CHANGE_SINGLE_ITEM, guid,
      [&guid, item_id, data](const RouteCandidate& c) { return build_single_item_request(guid, c, item_id, data); }));
  return ok_status();
}

Result<SingleReply> WmiCore::execute_method_with(const Guid& guid, const InstanceSelector& instance,
                                                 std::uint32_t method_id, Bytes input, const BufferPolicy& caller_policy) {
  WMIPORT_ASSIGN_OR_RETURN(const Route route, router_.resolve(IRP_MN_EXECUTE_METHOD, guid, &instance));
  BufferPolicy policy = caller_policy;
  std::optional<std::vector<std::uint8_t>> before;
  std::string side_effect;
  if (options_.verify && !policy.caller_size) {
    // The method first gets a buffer no larger than its input WNODE. A method that answers too-small must
    // not have done anything yet: the instance's state (when it can be queried, and is stable across two
    // queries) must be the same after the answer. (A wmium caller's own size is left alone.)
    before = instance_state(*this, guid, instance);
    if (before && before != instance_state(*this, guid, instance))
      before.reset();
    policy.first_capacity = 0;  // raised to the request's size by exchange()
    policy.on_too_small = [&] {
      if (!before)
        return;
      auto after = instance_state(*this, guid, instance);
      if (after && *after != *before)
        side_effect = fmt::format("the instance's data changed ({} bytes before, {} after) although the method "
                                  "answered that its output buffer was too small",
                                  before->size(), after->size());
    };
  }
  std::uint32_t data_offset = 0;  // of the request that reached the owner
  WMIPORT_ASSIGN_OR_RETURN(auto answered, router_.exchange_with_owner(
                                              route, IRP_MN_EXECUTE_METHOD, guid,
                                              [&guid, method_id, input, &data_offset](const RouteCandidate& c) {
                                                auto request = build_method_request(guid, c, method_id, input);
                                                if (request.ok())
                                                  data_offset =
                                                      load_u32(Bytes{*request}, wnode::method_item::kDataBlockOffset);
                                                return request;
                                              },
                                              policy));
  auto& [owner, bytes] = answered;
  if (!side_effect.empty())
    report_provider_violation(RequestPlace{owner.ref.provider->device, owner.ref.provider->provider_id,
                                           IRP_MN_EXECUTE_METHOD, &guid, fmt::format("method {}", method_id)},
                              "method_side_effect_too_small", side_effect);
  if (is_too_small_reply(Bytes{bytes})) {
    SingleReply short_reply;
    const std::uint32_t needed = load_u32(Bytes{bytes}, wnode::too_small::kSizeNeeded);
    short_reply.size_needed = needed > data_offset ? needed - data_offset : 0;
    return short_reply;
  }
  auto parsed = wnode::parse_method_item(Bytes{bytes});
  if (!parsed.ok())
    return reply_violation(owner.ref, IRP_MN_EXECUTE_METHOD, guid, "WNODE_METHOD_ITEM", parsed.error());
  return SingleReply{
      {owner.name, owner.ref.provider->provider_id, std::move(parsed->data)}, std::move(bytes), std::nullopt};
}

}  // namespace wmiport::wmi
