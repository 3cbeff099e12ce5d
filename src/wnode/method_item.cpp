#include "wnode/method_item.h"

#include "wnode/instance_block.h"
#include "wnode/size_math.h"
#include "wnode/wire_layout.h"

namespace wmiport::wnode {

namespace {

const internal::BlockShape kShape{"WNODE_METHOD_ITEM",         flag::kMethodItem,           method_item::kSize,
                                  method_item::kOffsetInstanceName, method_item::kInstanceIndex, method_item::kMethodId,
                                  "MethodId",                    method_item::kDataBlockOffset, method_item::kSizeDataBlock,
                                  "SizeDataBlock"};

}  // namespace

Result<std::uint32_t> encode_method_item(const MethodItem& value, MutableBytes out) {
  return internal::encode_instance_block(
      kShape, {value.header, value.instance_name, value.instance_index, value.method_id, value.data}, out);
}

Result<std::vector<std::uint8_t>> build_method_item(const MethodItem& value) {
  return build_with([&value](MutableBytes out) { return encode_method_item(value, out); });
}

Result<MethodItem> parse_method_item(Bytes bytes) {
  WMIPORT_ASSIGN_OR_RETURN(auto block, internal::parse_instance_block(kShape, bytes));
  return MethodItem{block.header, std::move(block.instance_name), block.instance_index, block.id,
                    std::move(block.data)};
}

}  // namespace wmiport::wnode
