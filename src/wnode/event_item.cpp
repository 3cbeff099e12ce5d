#include "wnode/event_item.h"

#include <fmt/format.h>

#include "wnode/all_data_view.h"
#include "wnode/checks.h"
#include "wnode/flag_names.h"
#include "wnode/size_math.h"
#include "wnode/wire_layout.h"

namespace wmiport::wnode {

Result<std::uint32_t> encode_event_item(const EventItem& value, MutableBytes out) {
  return std::visit(
      [out](auto body) -> Result<std::uint32_t> {
        body.header.flags |= flag::kEventItem;
        using Body = std::decay_t<decltype(body)>;
        if constexpr (std::is_same_v<Body, AllData>)
          return encode_all_data(body, out);
        else if constexpr (std::is_same_v<Body, SingleInstance>)
          return encode_single_instance(body, out);
        else
          return encode_single_item(body, out);
      },
      value.body);
}

Result<std::vector<std::uint8_t>> build_event_item(const EventItem& value) {
  return build_with([&value](MutableBytes out) { return encode_event_item(value, out); });
}

namespace {

// The envelope and flags every event body shares: the body's structure flag.
Result<std::uint32_t> event_structure(Bytes bytes) {
  Bytes envelope = bytes;
  WMIPORT_ASSIGN_OR_RETURN(const WnodeHeader h, parse_wnode_envelope(envelope, event_item::kSize, "WNODE_EVENT_ITEM"));
  if ((h.flags & flag::kEventItem) == 0)
    return invalid(fmt::format("WnodeHeader.Flags (0x{:08X}) lack WNODE_FLAG_EVENT_ITEM", h.flags));
  const std::uint32_t structure = h.flags & flag::kStructureMask;
  if (structure != flag::kAllData && structure != flag::kSingleInstance && structure != flag::kSingleItem)
    return invalid(
        fmt::format("WnodeHeader.Flags (0x{:08X}) mark {}, but a WNODE_EVENT_ITEM body must be exactly "
                    "one of WNODE_FLAG_ALL_DATA, WNODE_FLAG_SINGLE_INSTANCE, WNODE_FLAG_SINGLE_ITEM",
                    h.flags, wnode_flag_names(structure)));
  return structure;
}

EventItemView view_of(const internal::InstanceBlockSpan& block, std::uint32_t structure) {
  return EventItemView{block.header,         structure,         block.instance_name,
                       block.instance_index, block.data_offset, block.data_size};
}

}  // namespace

Result<EventItem> parse_event_item(Bytes bytes) {
  WMIPORT_ASSIGN_OR_RETURN(const std::uint32_t structure, event_structure(bytes));
  switch (structure) {
    case flag::kAllData: {
      WMIPORT_ASSIGN_OR_RETURN(auto body, parse_all_data(bytes));
      return EventItem{std::move(body)};
    }
    case flag::kSingleInstance: {
      WMIPORT_ASSIGN_OR_RETURN(auto body, parse_single_instance(bytes));
      return EventItem{std::move(body)};
    }
    default: {
      WMIPORT_ASSIGN_OR_RETURN(auto body, parse_single_item(bytes));
      return EventItem{std::move(body)};
    }
  }
}

Result<EventItemView> check_event_item(Bytes bytes) {
  WMIPORT_ASSIGN_OR_RETURN(const std::uint32_t structure, event_structure(bytes));
  switch (structure) {
    case flag::kAllData: {
      WMIPORT_ASSIGN_OR_RETURN(const AllDataView all, AllDataView::check(bytes));
      EventItemView view;
      view.header = all.header();
      view.structure = structure;
      if (all.count() == 1) {
        const Bytes data = all.data(0);
        view.data_offset = static_cast<std::uint32_t>(data.data() - bytes.data());
        view.data_size = static_cast<std::uint32_t>(data.size());
      }
      return view;
    }
    case flag::kSingleInstance: {
      WMIPORT_ASSIGN_OR_RETURN(const auto block, check_single_instance(bytes));
      return view_of(block, structure);
    }
    default: {
      WMIPORT_ASSIGN_OR_RETURN(const auto block, check_single_item(bytes));
      return view_of(block, structure);
    }
  }
}

}  // namespace wmiport::wnode
