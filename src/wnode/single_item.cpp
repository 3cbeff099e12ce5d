#include "wnode/single_item.h"

#include "wnode/instance_block.h"
#include "wnode/size_math.h"
#include "wnode/wire_layout.h"

namespace wmiport::wnode {

namespace {

const internal::BlockShape kShape{
    "WNODE_SINGLE_ITEM",         flag::kSingleItem,    single_item::kSize, single_item::kOffsetInstanceName,
    single_item::kInstanceIndex, single_item::kItemId, "ItemId",           single_item::kDataBlockOffset,
    single_item::kSizeDataItem,  "SizeDataItem"};

}  // namespace

Result<std::uint32_t> encode_single_item(const SingleItem& value, MutableBytes out) {
  return internal::encode_instance_block(
      kShape, {value.header, value.instance_name, value.instance_index, value.item_id, value.data}, out);
}

Result<std::vector<std::uint8_t>> build_single_item(const SingleItem& value) {
  return build_with([&value](MutableBytes out) { return encode_single_item(value, out); });
}

Result<internal::InstanceBlockSpan> check_single_item(Bytes bytes) {
  return internal::check_instance_block(kShape, bytes);
}

Result<SingleItem> parse_single_item(Bytes bytes) {
  WMIPORT_ASSIGN_OR_RETURN(auto block, internal::parse_instance_block(kShape, bytes));
  return SingleItem{block.header, std::move(block.instance_name), block.instance_index, block.id,
                    std::move(block.data)};
}

}  // namespace wmiport::wnode
