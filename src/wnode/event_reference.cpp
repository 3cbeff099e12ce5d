#include "wnode/event_reference.h"

#include <algorithm>

#include "wnode/checks.h"
#include "wnode/counted_string.h"
#include "wnode/size_math.h"
#include "wnode/wire_layout.h"

namespace wmiport::wnode {

Result<std::uint32_t> encode_event_reference(const EventReference& value, MutableBytes out) {
  const bool dynamic_names = value.target_instance_name.has_value();
  if (dynamic_names && (value.header.flags & flag::kPdoInstanceNames) != 0)
    return invalid("WNODE_FLAG_PDO_INSTANCE_NAMES is set but the target has a dynamic name");
  std::uint32_t total = event_reference::kSize;
  if (dynamic_names) {
    WMIPORT_ASSIGN_OR_RETURN(const std::uint32_t name_bytes,
                             counted_string_size(*value.target_instance_name, "target_instance_name"));
    total = std::max(total, event_reference::kTargetInstanceName + name_bytes);
  }
  if (!begin_fill(out, total))
    return total;
  const std::uint32_t owned = flag::kStructureMask | flag::kStaticInstanceNames;
  const std::uint32_t set = flag::kEventReference | (dynamic_names ? 0 : flag::kStaticInstanceNames);
  store_wnode_header(out, value.header, total, compose_flags(value.header.flags, owned, set));
  value.target_guid.store(out, event_reference::kTargetGuid);
  store_u32(out, event_reference::kTargetDataBlockSize, value.target_data_block_size);
  if (dynamic_names)
    store_counted_string(out, event_reference::kTargetInstanceName, *value.target_instance_name);
  else
    store_u32(out, event_reference::kTargetInstanceIndex, value.target_instance_index);
  return total;
}

Result<std::vector<std::uint8_t>> build_event_reference(const EventReference& value) {
  return build_with([&value](MutableBytes out) { return encode_event_reference(value, out); });
}

Result<EventReference> parse_event_reference(Bytes bytes) {
  WMIPORT_ASSIGN_OR_RETURN(const WnodeHeader h,
                           parse_wnode_envelope(bytes, event_reference::kSize, "WNODE_EVENT_REFERENCE"));
  WMIPORT_TRY(check_structure_flags(h.flags, flag::kEventReference, "WNODE_EVENT_REFERENCE"));
  WMIPORT_ASSIGN_OR_RETURN(const bool dynamic_names, dynamic_names_from_flags(h.flags));
  EventReference value;
  value.header = h;
  value.target_guid = Guid::load(bytes, event_reference::kTargetGuid);
  value.target_data_block_size = load_u32(bytes, event_reference::kTargetDataBlockSize);
  if (dynamic_names) {
    WMIPORT_ASSIGN_OR_RETURN(value.target_instance_name,
                             load_counted_string(bytes, h.buffer_size, event_reference::kTargetInstanceName,
                                                 "TargetInstanceName"));
  } else {
    value.target_instance_index = load_u32(bytes, event_reference::kTargetInstanceIndex);
  }
  return value;
}

}  // namespace wmiport::wnode
