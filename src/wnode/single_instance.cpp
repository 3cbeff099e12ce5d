#include "wnode/single_instance.h"

#include "wnode/instance_block.h"
#include "wnode/size_math.h"
#include "wnode/wire_layout.h"

namespace wmiport::wnode {

namespace {

const internal::BlockShape kShape{"WNODE_SINGLE_INSTANCE",
                                  flag::kSingleInstance,
                                  single_instance::kSize,
                                  single_instance::kOffsetInstanceName,
                                  single_instance::kInstanceIndex,
                                  std::nullopt,
                                  nullptr,
                                  single_instance::kDataBlockOffset,
                                  single_instance::kSizeDataBlock,
                                  "SizeDataBlock"};

}  // namespace

Result<std::uint32_t> encode_single_instance(const SingleInstance& value, MutableBytes out) {
  return internal::encode_instance_block(kShape,
                                         {value.header, value.instance_name, value.instance_index, 0, value.data}, out);
}

Result<std::vector<std::uint8_t>> build_single_instance(const SingleInstance& value) {
  return build_with([&value](MutableBytes out) { return encode_single_instance(value, out); });
}

Result<internal::InstanceBlockSpan> check_single_instance(Bytes bytes) {
  return internal::check_instance_block(kShape, bytes);
}

Result<SingleInstance> parse_single_instance(Bytes bytes) {
  WMIPORT_ASSIGN_OR_RETURN(auto block, internal::parse_instance_block(kShape, bytes));
  return SingleInstance{block.header, std::move(block.instance_name), block.instance_index, std::move(block.data)};
}

}  // namespace wmiport::wnode
