// WNODE_SINGLE_ITEM: one data item of one instance (CHANGE_SINGLE_ITEM request, or an event body).
//
// Builder layout: 72-byte fixed part; dynamic name (counted) at 72; the item at the next 8-byte boundary
// (72 for static names). BufferSize = DataBlockOffset + SizeDataItem.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/byte_io.h"
#include "common/result.h"
#include "wnode/instance_block.h"
#include "wnode/wnode_header.h"

namespace wmiport::wnode {

struct SingleItem {
  WnodeHeader header;
  std::optional<std::u16string> instance_name;  // dynamic name, or nullopt for static names
  std::uint32_t instance_index = 0;
  std::uint32_t item_id = 0;
  std::vector<std::uint8_t> data;

  friend bool operator==(const SingleItem&, const SingleItem&) = default;
};

Result<std::uint32_t> encode_single_item(const SingleItem& value, MutableBytes out);
Result<std::vector<std::uint8_t>> build_single_item(const SingleItem& value);
Result<SingleItem> parse_single_item(Bytes bytes);
// The checks of parse_single_item alone: where the name and data lie, nothing copied.
Result<internal::InstanceBlockSpan> check_single_item(Bytes bytes);

}  // namespace wmiport::wnode
