#include "wmi/request_router.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/utf16.h"
#include "wmi/irp_sender.h"
#include "wmi/minor_rules.h"
#include "wmi/pool_buffer.h"
#include "wmi/provider_violation.h"
#include "wnode/method_item.h"
#include "wnode/single_instance.h"
#include "wnode/single_item.h"
#include "wnode/too_small.h"
#include "wnode/wire_layout.h"
#include "wnode/wnode_header.h"

namespace wmiport::wmi {

namespace {

namespace wf = wnode::flag;
namespace rf = wnode::reg_flag;

wnode::WnodeHeader request_header(const Guid& guid, std::uint32_t flags) {
  wnode::WnodeHeader header;
  header.guid = guid;
  header.flags = flags;
  return header;
}

std::optional<std::u16string> dynamic_name(const RouteCandidate& target) {
  if (target.static_index)
    return std::nullopt;
  return target.name;
}

std::vector<std::uint8_t> to_vector(Bytes data) {
  return {data.begin(), data.end()};
}

}  // namespace

std::uint32_t request_name_flags(const RegisteredBlock& block) {
  if (block.dynamic_names())
    return 0;
  return wf::kStaticInstanceNames | (block.naming == NamingKind::pdo ? wf::kPdoInstanceNames : 0);
}

std::vector<std::uint8_t> build_all_data_request(const Guid& guid, std::uint32_t name_flags) {
  // The WNODE_ALL_DATA header WMI prepares: BufferSize = the fixed part, no instances yet.
  std::vector<std::uint8_t> out(wnode::all_data::kSize);
  wnode::store_wnode_header(MutableBytes{out}, request_header(guid, 0), wnode::all_data::kSize,
                            wf::kAllData | name_flags);
  return out;
}

std::vector<std::uint8_t> build_header_only_request(const Guid& guid) {
  std::vector<std::uint8_t> out(wnode::header::kSize);
  wnode::store_wnode_header(MutableBytes{out}, request_header(guid, 0), wnode::header::kSize, 0);
  return out;
}

Result<std::vector<std::uint8_t>> build_single_instance_request(const Guid& guid, const RouteCandidate& target,
                                                                Bytes data) {
  return wnode::build_single_instance({request_header(guid, request_name_flags(*target.ref.block)),
                                       dynamic_name(target), target.static_index.value_or(0), to_vector(data)});
}

Result<std::vector<std::uint8_t>> build_single_item_request(const Guid& guid, const RouteCandidate& target,
                                                            std::uint32_t item_id, Bytes data) {
  return wnode::build_single_item({request_header(guid, request_name_flags(*target.ref.block)), dynamic_name(target),
                                   target.static_index.value_or(0), item_id, to_vector(data)});
}

Result<std::vector<std::uint8_t>> build_method_request(const Guid& guid, const RouteCandidate& target,
                                                       std::uint32_t method_id, Bytes input) {
  return wnode::build_method_item({request_header(guid, request_name_flags(*target.ref.block)), dynamic_name(target),
                                   target.static_index.value_or(0), method_id, to_vector(input)});
}

Result<Route> RequestRouter::resolve(std::uint8_t minor, const Guid& guid, const InstanceSelector* instance,
                                     std::shared_ptr<const Snapshot> snapshot) const {
  const MinorRule* rule = minor_rule(minor);
  if (rule == nullptr)
    return Error(ntstatus::invalid_device_request, fmt::format("0x{:02X} is not a WMI minor code", minor));
  if (rule->needs_instance != (instance != nullptr))
    return Error(ntstatus::invalid_parameter,
                 fmt::format("{} {} an instance", rule->name, rule->needs_instance ? "needs" : "takes no"));
  Route route{snapshot ? std::move(snapshot) : database_.snapshot(), {}};
  const auto* refs = route.snapshot->blocks_of(guid);
  if (refs == nullptr || refs->empty())
    return Error(ntstatus::wmi_guid_not_found, fmt::format("no provider registered {}", guid.to_string()));

  // Providers of an event-only block are skipped where the minor code refuses them (filtered in place: no copy
  // of the list per request).
  auto eligible = [rule](const BlockRef& ref) {
    return !rule->refused_for_event_only || (ref.block->flags & rf::kEventOnlyGuid) == 0;
  };
  if (std::none_of(refs->begin(), refs->end(), eligible))
    return Error(ntstatus::invalid_device_request,
                 fmt::format("{} is an event-only block: it cannot be queried or set", guid.to_string()));

  if (!rule->needs_instance) {
    for (const auto& ref : *refs)
      if (eligible(ref))
        route.candidates.push_back({ref, std::nullopt, {}});
    return route;
  }

  if (const auto* position = std::get_if<std::uint32_t>(instance)) {
    std::uint32_t remaining = *position;
    for (const auto& ref : *refs) {
      if (!eligible(ref) || ref.block->dynamic_names())
        continue;
      if (remaining < ref.block->names.size()) {
        route.candidates.push_back({ref, remaining, ref.block->names[remaining]});
        return route;
      }
      remaining -= static_cast<std::uint32_t>(ref.block->names.size());
    }
    return Error(ntstatus::wmi_instance_not_found,
                 fmt::format("{} has no static instance at position {}", guid.to_string(), *position));
  }

  const auto& name = std::get<std::u16string>(*instance);
  for (const auto& ref : *refs) {
    if (!eligible(ref))
      continue;
    const auto& names = ref.block->names;
    auto it = std::find(names.begin(), names.end(), name);
    if (it != names.end()) {
      route.candidates.push_back({ref, static_cast<std::uint32_t>(it - names.begin()), name});
      return route;
    }
  }
  for (const auto& ref : *refs)
    if (eligible(ref) && ref.block->dynamic_names())
      route.candidates.push_back({ref, std::nullopt, name});
  if (route.candidates.empty())
    return Error(ntstatus::wmi_instance_not_found,
                 fmt::format("{} has no instance named \"{}\"", guid.to_string(), utf16_to_utf8(name)));
  return route;
}

bool is_too_small_reply(Bytes reply) {
  return reply.size() >= wnode::header::kSize && (load_u32(reply, wnode::header::kFlags) & wf::kTooSmall) != 0;
}

Result<std::vector<std::uint8_t>> RequestRouter::exchange(const BlockRef& ref, std::uint8_t minor, const Guid& guid,
                                                          const std::vector<std::uint8_t>& request,
                                                          const BufferPolicy& policy) const {
  PoolRequestBuffers buffers(limits_.initial_buffer_size);
  WMIPORT_ASSIGN_OR_RETURN(const Bytes reply, exchange_in(ref, minor, guid, Bytes{request}, policy, buffers));
  return std::vector<std::uint8_t>(reply.begin(), reply.end());
}

Result<Bytes> RequestRouter::exchange_in(const BlockRef& ref, std::uint8_t minor, const Guid& guid, Bytes request,
                                         const BufferPolicy& policy, RequestBuffers& buffers) const {
  const MinorRule* rule = minor_rule(minor);
  if (rule == nullptr)
    return Error(ntstatus::invalid_device_request, "not a WMI minor code");
  GateEntry entry(*ref.provider->gate);
  if (!entry.admitted())
    return Error(ntstatus::wmi_guid_not_found, fmt::format("provider {} is deregistering", ref.provider->provider_id));

  Guid data_path = guid;  // DataPath points at this for the whole request
  const auto request_size = static_cast<std::uint32_t>(request.size());
  std::uint32_t capacity = rule->has_reply_wnode ? std::max(limits_.initial_buffer_size, request_size) : request_size;
  if (policy.caller_size && rule->has_reply_wnode) {
    std::uint64_t wanted = *policy.caller_size;
    if (policy.counts_output_data && request.size() >= wnode::method_item::kDataBlockOffset + 4)
      wanted += load_u32(Bytes{request}, wnode::method_item::kDataBlockOffset);
    // Never less than the request WNODE itself (it must travel whole), never more than the core's limit.
    wanted = std::min<std::uint64_t>(wanted, limits_.max_buffer_size);
    capacity = std::max(static_cast<std::uint32_t>(wanted), request_size);
  } else if (policy.first_capacity && rule->has_reply_wnode)
    capacity = std::max(*policy.first_capacity, request_size);
  for (int attempt = 1;; ++attempt) {
    // Where a report says the problem was: formatted only when there is one.
    auto place = [&] {
      return RequestPlace{ref.provider->device, ref.provider->provider_id, minor, &guid,
                          fmt::format("request {} bytes in a {}-byte buffer", request_size, capacity)};
    };
    WMIPORT_ASSIGN_OR_RETURN(const MutableBytes buffer, buffers.next(capacity));
    std::copy(request.begin(), request.end(), buffer.data());
    WmiIrpRequest irp{
        ref.provider->device, ref.provider->provider_id, minor, &data_path, buffer.data(), capacity, {}, {}};
    irp.overdue_after = limits_.irp_overdue_after;
    if (irp.overdue_after.count() > 0)
      irp.on_overdue = [&place, this] {
        report_provider_violation(place(), "irp_not_completed",
                                  fmt::format("the request is still pending after {} ms (still waiting for it)",
                                              limits_.irp_overdue_after.count()));
      };
    WMIPORT_ASSIGN_OR_RETURN(const IrpOutcome outcome, send_wmi_irp(irp));
    if (auto damaged = buffers.guard_damage())
      return provider_violation(place(), "write_outside_buffer",
                                fmt::format("{} wrote at offset {} of a {}-byte buffer (guard bytes changed)",
                                            rule->name, *damaged, capacity));
    if (!nt_success(outcome.status))
      return Error(outcome.status, fmt::format("provider {} failed {} for {}", ref.provider->provider_id, rule->name,
                                               guid.to_string()));
    if (!rule->has_reply_wnode)
      return Bytes{};
    if (outcome.information > capacity)
      return provider_violation(
          place(), "size_exceeds_buffer",
          fmt::format("{} reported {} bytes written to a {}-byte buffer", rule->name, outcome.information, capacity));
    if (outcome.information < wnode::header::kSize)
      return provider_violation(
          place(), "reply_malformed",
          fmt::format("{} succeeded with {} bytes, less than a WNODE_HEADER", rule->name, outcome.information));
    Bytes reply{buffer.data(), static_cast<std::size_t>(outcome.information)};
    if ((load_u32(reply, wnode::header::kFlags) & wf::kTooSmall) == 0)
      return reply;

    auto too_small = wnode::parse_too_small(reply);
    if (!too_small.ok())
      return provider_violation(place(), "reply_malformed",
                                "malformed WNODE_TOO_SMALL: " + too_small.error().message());
    const std::uint32_t needed = too_small->size_needed;
    if (policy.caller_size) {
      if (needed <= capacity)
        return provider_violation(place(), "too_small_not_exact",
                                  fmt::format("{} answered WNODE_TOO_SMALL with SizeNeeded {} for a {}-byte buffer",
                                              rule->name, needed, capacity));
      return reply;  // the caller sees the answer, as on Windows
    }
    if (attempt >= 2)
      return provider_violation(place(), "too_small_not_exact",
                                fmt::format("{} answered WNODE_TOO_SMALL twice (asked for {} bytes after "
                                            "getting the {} bytes it asked for)",
                                            rule->name, needed, capacity));
    if (needed <= capacity || needed > limits_.max_buffer_size)
      return provider_violation(place(), "too_small_not_exact",
                                fmt::format("{} answered WNODE_TOO_SMALL with SizeNeeded {} for a {}-byte "
                                            "buffer (limit {})",
                                            rule->name, needed, capacity, limits_.max_buffer_size));
    if (policy.on_too_small)
      policy.on_too_small();
    capacity = needed;
  }
}

Result<std::pair<RouteCandidate, std::vector<std::uint8_t>>> RequestRouter::exchange_with_owner(
    const Route& route, std::uint8_t minor, const Guid& guid, const RequestBuilder& build,
    const BufferPolicy& policy) const {
  std::optional<Error> last_error;
  for (const auto& candidate : route.candidates) {
    WMIPORT_ASSIGN_OR_RETURN(auto request, build(candidate));
    auto reply = exchange(candidate.ref, minor, guid, request, policy);
    if (reply.ok())
      return std::make_pair(candidate, std::move(reply).value());
    // Only a dynamic-name owner search moves on: "not mine" from one provider sends the request to the next.
    if (candidate.static_index || reply.error().code() != ntstatus::wmi_instance_not_found)
      return std::move(reply).error();
    last_error = std::move(reply).error();
  }
  if (last_error)
    return std::move(*last_error);
  return Error(ntstatus::wmi_instance_not_found, "no provider owns the instance");
}

}  // namespace wmiport::wmi
