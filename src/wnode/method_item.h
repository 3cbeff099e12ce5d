// WNODE_METHOD_ITEM: a method call (EXECUTE_METHOD): input parameters in, output parameters out, both at
// DataBlockOffset with their size in SizeDataBlock.
//
// Builder layout: 72-byte fixed part; dynamic name (counted) at 72; the parameters at the next 8-byte
// boundary (72 for static names). BufferSize = DataBlockOffset + SizeDataBlock.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/byte_io.h"
#include "common/result.h"
#include "wnode/wnode_header.h"

namespace wmiport::wnode {

struct MethodItem {
  WnodeHeader header;
  std::optional<std::u16string> instance_name;  // dynamic name, or nullopt for static names
  std::uint32_t instance_index = 0;
  std::uint32_t method_id = 0;
  std::vector<std::uint8_t> data;  // input parameters in a request, output parameters in a reply

  friend bool operator==(const MethodItem&, const MethodItem&) = default;
};

Result<std::uint32_t> encode_method_item(const MethodItem& value, MutableBytes out);
Result<std::vector<std::uint8_t>> build_method_item(const MethodItem& value);
Result<MethodItem> parse_method_item(Bytes bytes);

}  // namespace wmiport::wnode
