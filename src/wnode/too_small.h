// WNODE_TOO_SMALL: the reply when the caller's buffer cannot hold the answer; SizeNeeded is the exact size to
// retry with (spec §4.3, WmiCompleteRequest). Always 56 bytes.
#pragma once

#include <cstdint>
#include <vector>

#include "common/byte_io.h"
#include "common/result.h"
#include "wnode/wnode_header.h"

namespace wmiport::wnode {

struct TooSmall {
  // WmiCompleteRequest clears every flag but WNODE_FLAG_TOO_SMALL: pass flags 0 to do the same.
  WnodeHeader header;
  std::uint32_t size_needed = 0;

  friend bool operator==(const TooSmall&, const TooSmall&) = default;
};

Result<std::uint32_t> encode_too_small(const TooSmall& value, MutableBytes out);
Result<std::vector<std::uint8_t>> build_too_small(const TooSmall& value);
Result<TooSmall> parse_too_small(Bytes bytes);

}  // namespace wmiport::wnode
