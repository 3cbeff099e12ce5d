// Internal: the shape WNODE_SINGLE_INSTANCE, WNODE_SINGLE_ITEM and WNODE_METHOD_ITEM share — an optional
// dynamic name at OffsetInstanceName, an InstanceIndex, an optional ItemId/MethodId, and one data block at
// DataBlockOffset whose size is in SizeDataBlock/SizeDataItem. Encoded and parsed once, here, for all three.
//
// Builder layout: fixed part, then (dynamic names) the counted name at the end of the fixed part, then the data
// at the next 8-byte boundary. BufferSize = DataBlockOffset + data size.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/byte_io.h"
#include "common/result.h"
#include "wnode/counted_string.h"
#include "wnode/wnode_header.h"

namespace wmiport::wnode::internal {

struct BlockShape {
  const char* structure;  // "WNODE_SINGLE_ITEM"
  std::uint32_t type_bit;
  std::uint32_t fixed_size;
  std::uint32_t offset_instance_name;
  std::uint32_t instance_index;
  std::optional<std::uint32_t> id;  // ItemId / MethodId offset
  const char* id_field;
  std::uint32_t data_block_offset;
  std::uint32_t size_data;
  const char* size_field;  // "SizeDataBlock" / "SizeDataItem"
};

struct InstanceBlock {
  WnodeHeader header;
  std::optional<std::u16string> instance_name;
  std::uint32_t instance_index = 0;
  std::uint32_t id = 0;
  std::vector<std::uint8_t> data;
};

// Where a checked block's parts lie in its bytes: what parse_instance_block copies out.
struct InstanceBlockSpan {
  WnodeHeader header;
  std::optional<CountedStringSpan> instance_name;  // dynamic names only
  std::uint32_t instance_index = 0;
  std::uint32_t id = 0;
  std::uint32_t data_offset = 0;
  std::uint32_t data_size = 0;
};

Result<std::uint32_t> encode_instance_block(const BlockShape& shape, const InstanceBlock& block, MutableBytes out);
// Every check of parse_instance_block (it is this check followed by the copies), nothing copied or allocated.
Result<InstanceBlockSpan> check_instance_block(const BlockShape& shape, Bytes bytes);
Result<InstanceBlock> parse_instance_block(const BlockShape& shape, Bytes bytes);

}  // namespace wmiport::wnode::internal
