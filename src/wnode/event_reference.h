// WNODE_EVENT_REFERENCE: an event too large to deliver, naming the block WMI should query instead.
//
// The union at offset 68 holds TargetInstanceIndex (static names) or TargetInstanceName, a counted string
// (USHORT byte count + UTF-16LE) bounded by BufferSize. Builder: BufferSize = max(72, 68 + 2 + name bytes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/byte_io.h"
#include "common/guid.h"
#include "common/result.h"
#include "wnode/wnode_header.h"

namespace wmiport::wnode {

struct EventReference {
  WnodeHeader header;
  Guid target_guid;
  std::uint32_t target_data_block_size = 0;
  // Dynamic name (WNODE_FLAG_STATIC_INSTANCE_NAMES clear), or nullopt to use target_instance_index.
  std::optional<std::u16string> target_instance_name;
  std::uint32_t target_instance_index = 0;  // written only for static names

  friend bool operator==(const EventReference&, const EventReference&) = default;
};

Result<std::uint32_t> encode_event_reference(const EventReference& value, MutableBytes out);
Result<std::vector<std::uint8_t>> build_event_reference(const EventReference& value);
Result<EventReference> parse_event_reference(Bytes bytes);

}  // namespace wmiport::wnode
