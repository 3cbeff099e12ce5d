// WmiCore::query_all_data_view: QUERY_ALL_DATA into the consumer's reusable buffer (docs/decisions.md,
// "QUERY_ALL_DATA views"). Each provider answers into its own slot of the buffer, one after the other, each slot
// 16-aligned with guard bytes before and after it:
//
//   [guard][provider 1's WNODE_ALL_DATA ...][pad][guard][provider 2's WNODE_ALL_DATA ...][pad][guard]...
//
// A provider is first offered all the room left in the buffer (at least the core's initial size), so once the
// too-small protocol has grown the buffer for a reply, later queries of the same size need one IRP per provider
// and no allocation. The slot itself is the driver's buffer, zeroed first when the verifier's active checks are on
// (as a PoolBuffer is); a fresh PoolBuffer copied into the slot remains for tests and benchmarks (ViewBuffers).
#include <algorithm>

#include <fmt/format.h>

#include "wmi/minor_rules.h"
#include "wmi/provider_violation.h"
#include "wmi/request_buffers.h"
#include "wmi/wmi_core.h"
#include "wnode/all_data_view.h"

namespace wmiport::wmi {

namespace {

constexpr std::size_t kSlotAlignment = 16;  // the pool's alignment, so a slot looks like a PoolBuffer's data

Error malformed(const RouteCandidate& candidate, const Guid& guid, std::string message) {
  return provider_violation(RequestPlace{candidate.ref.provider->device, candidate.ref.provider->provider_id,
                                         IRP_MN_QUERY_ALL_DATA, &guid, ""},
                            "reply_malformed", std::move(message));
}

// The checks query_all_data makes on a provider's answer, with the same messages.
Result<wnode::AllDataView> check_answer(const RouteCandidate& candidate, const Guid& guid, Bytes answer) {
  auto checked = wnode::AllDataView::check(answer);
  if (!checked.ok())
    return malformed(candidate, guid, fmt::format("malformed WNODE_ALL_DATA reply: {}", checked.error().message()));
  if (checked->header().guid != guid)
    return malformed(
        candidate, guid,
        fmt::format("WNODE_ALL_DATA for {} came back as {}", guid.to_string(), checked->header().guid.to_string()));
  const RegisteredBlock& block = *candidate.ref.block;
  if (block.dynamic_names() && !checked->dynamic_names() && checked->count() > 0)
    return malformed(candidate, guid, "dynamic-name block answered without names");
  if (!block.dynamic_names() && checked->count() > block.names.size())
    return malformed(candidate, guid,
                     fmt::format("{} instances returned, {} registered", checked->count(), block.names.size()));
  return checked;
}

}  // namespace

void WmiCore::set_view_buffers(ViewBuffers kind) {
  view_buffers_.store(kind, std::memory_order_relaxed);
}

Result<AllDataReplyView> WmiCore::query_all_data_view(const Guid& guid, std::vector<std::byte>& buffer) {
  WMIPORT_ASSIGN_OR_RETURN(const Route route, router_.resolve(IRP_MN_QUERY_ALL_DATA, guid, nullptr));
  const ViewBuffers kind = view_buffers_.load(std::memory_order_relaxed);
  const bool pool = kind == ViewBuffers::pool_copy;
  struct Answer {
    const RouteCandidate* candidate;
    std::size_t start;
    wnode::AllDataView wnode;
  };
  std::vector<Answer> answers;
  answers.reserve(route.candidates.size());
  std::size_t end = 0;  // where the last answer ends in the buffer
  for (const auto& candidate : route.candidates) {
    const std::size_t start = (end + kSlotAlignment - 1) / kSlotAlignment * kSlotAlignment + guard_bytes::kGuardSize;
    SlotRequestBuffers slot(buffer, start, kind == ViewBuffers::zeroed_slot);
    BufferPolicy policy;
    policy.first_capacity = std::clamp(slot.room(), options_.initial_buffer_size, options_.max_buffer_size);
    const auto request = build_all_data_request(guid, request_name_flags(*candidate.ref.block));
    PoolRequestBuffers pool_buffers;
    RequestBuffers& buffers = pool ? static_cast<RequestBuffers&>(pool_buffers) : slot;
    auto answer = router_.exchange_in(candidate.ref, IRP_MN_QUERY_ALL_DATA, guid, Bytes{request}, policy, buffers);
    if (!answer.ok()) {
      if (answer.error().code() == ntstatus::wmi_guid_not_found)
        continue;  // the provider is going away (or just dropped the block): it has nothing to add
      return std::move(answer).error();
    }
    Bytes placed = *answer;
    if (pool) {
      WMIPORT_ASSIGN_OR_RETURN(const MutableBytes into, slot.next(static_cast<std::uint32_t>(answer->size())));
      std::copy(answer->begin(), answer->end(), into.begin());
      placed = into;
    }
    WMIPORT_ASSIGN_OR_RETURN(auto checked, check_answer(candidate, guid, placed));
    answers.push_back({&candidate, start, checked});
    end = start + placed.size();
  }
  if (answers.empty())
    return Error(ntstatus::wmi_guid_not_found, fmt::format("no provider of {} answered", guid.to_string()));
  // A later provider's slot may have grown (moved) the buffer: the views are re-anchored at its final place.
  std::vector<AllDataReplyView::Part> parts;
  parts.reserve(answers.size());
  const auto* base = reinterpret_cast<const std::uint8_t*>(buffer.data());
  for (const auto& answer : answers)
    parts.push_back({answer.candidate->ref.provider, answer.candidate->ref.block,
                     answer.wnode.over(Bytes{base + answer.start, answer.wnode.bytes().size()}), 0});
  return AllDataReplyView(guid, std::move(parts));
}

}  // namespace wmiport::wmi
