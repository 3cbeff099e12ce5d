// WNODE_SINGLE_INSTANCE: one instance of a data block (QUERY_SINGLE_INSTANCE reply, CHANGE_SINGLE_INSTANCE
// request, the usual event body).
//
// Builder layout: 64-byte fixed part; dynamic name (counted) at 64; data at the next 8-byte boundary
// (64 for static names). BufferSize = DataBlockOffset + SizeDataBlock.
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

struct SingleInstance {
  WnodeHeader header;
  // Dynamic name (WNODE_FLAG_STATIC_INSTANCE_NAMES clear), or nullopt for static names addressed by index.
  std::optional<std::u16string> instance_name;
  std::uint32_t instance_index = 0;  // meaningful for static names; carried as-is either way
  std::vector<std::uint8_t> data;

  friend bool operator==(const SingleInstance&, const SingleInstance&) = default;
};

// Size, then fill (see encode_all_data).
Result<std::uint32_t> encode_single_instance(const SingleInstance& value, MutableBytes out);
Result<std::vector<std::uint8_t>> build_single_instance(const SingleInstance& value);
Result<SingleInstance> parse_single_instance(Bytes bytes);
// The checks of parse_single_instance alone: where the name and data lie, nothing copied.
Result<internal::InstanceBlockSpan> check_single_instance(Bytes bytes);

}  // namespace wmiport::wnode
