// Any WNODE, told apart by the structure bit of WnodeHeader.Flags: what the WMI core gets back from a provider
// and what the command line prints. (A WNODE_EVENT_ITEM is one of the first three with WNODE_FLAG_EVENT_ITEM.)
#pragma once

#include <cstdint>
#include <variant>
#include <vector>

#include "common/byte_io.h"
#include "common/result.h"
#include "wnode/all_data.h"
#include "wnode/event_reference.h"
#include "wnode/method_item.h"
#include "wnode/single_instance.h"
#include "wnode/single_item.h"
#include "wnode/too_small.h"

namespace wmiport::wnode {

using Wnode = std::variant<AllData, SingleInstance, SingleItem, MethodItem, EventReference, TooSmall>;

Result<Wnode> parse_wnode(Bytes bytes);
Result<std::uint32_t> encode_wnode(const Wnode& value, MutableBytes out);
Result<std::vector<std::uint8_t>> build_wnode(const Wnode& value);

}  // namespace wmiport::wnode
