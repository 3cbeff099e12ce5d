// WNODE_EVENT_ITEM: an event. The 48-byte header carries WNODE_FLAG_EVENT_ITEM, and the body that follows is a
// WNODE_ALL_DATA, WNODE_SINGLE_INSTANCE or WNODE_SINGLE_ITEM chosen by the structure flag (spec §5.2/§5.3).
#pragma once

#include <cstdint>
#include <variant>
#include <vector>

#include "common/byte_io.h"
#include "common/result.h"
#include "wnode/all_data.h"
#include "wnode/counted_string.h"
#include "wnode/single_instance.h"
#include "wnode/single_item.h"

namespace wmiport::wnode {

using EventBody = std::variant<AllData, SingleInstance, SingleItem>;

struct EventItem {
  EventBody body;  // the body's header is the event's header; the builder adds WNODE_FLAG_EVENT_ITEM

  friend bool operator==(const EventItem&, const EventItem&) = default;
};

Result<std::uint32_t> encode_event_item(const EventItem& value, MutableBytes out);
Result<std::vector<std::uint8_t>> build_event_item(const EventItem& value);
// Requires WNODE_FLAG_EVENT_ITEM and one of the three body structure flags.
Result<EventItem> parse_event_item(Bytes bytes);

// A WNODE_EVENT_ITEM checked where it lies: every check parse_event_item makes, with the same messages (the same
// functions make them), but nothing copied or allocated for a single-instance or single-item body (IoWMIWriteEvent
// runs this for every event). Offsets are into the checked bytes, which must stay alive and unchanged.
struct EventItemView {
  WnodeHeader header;
  std::uint32_t structure = 0;  // flag::kAllData, flag::kSingleInstance or flag::kSingleItem
  // A single instance's or item's dynamic name; nullopt for static names (then instance_index) and all-data bodies.
  std::optional<CountedStringSpan> instance_name;
  std::uint32_t instance_index = 0;
  // The event's data: the single instance's or item's data block, or the one instance of a WNODE_ALL_DATA
  // (empty when it carries any other number).
  std::uint32_t data_offset = 0;
  std::uint32_t data_size = 0;
};
Result<EventItemView> check_event_item(Bytes bytes);

}  // namespace wmiport::wnode
