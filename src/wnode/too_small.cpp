#include "wnode/too_small.h"

#include "wnode/checks.h"
#include "wnode/size_math.h"
#include "wnode/wire_layout.h"

namespace wmiport::wnode {

Result<std::uint32_t> encode_too_small(const TooSmall& value, MutableBytes out) {
  const std::uint32_t total = too_small::kSize;
  if (!begin_fill(out, total))
    return total;
  store_wnode_header(out, value.header, total, compose_flags(value.header.flags, flag::kStructureMask, flag::kTooSmall));
  store_u32(out, too_small::kSizeNeeded, value.size_needed);
  return total;
}

Result<std::vector<std::uint8_t>> build_too_small(const TooSmall& value) {
  return build_with([&value](MutableBytes out) { return encode_too_small(value, out); });
}

Result<TooSmall> parse_too_small(Bytes bytes) {
  WMIPORT_ASSIGN_OR_RETURN(const WnodeHeader h, parse_wnode_envelope(bytes, too_small::kSize, "WNODE_TOO_SMALL"));
  WMIPORT_TRY(check_structure_flags(h.flags, flag::kTooSmall, "WNODE_TOO_SMALL"));
  return TooSmall{h, load_u32(bytes, too_small::kSizeNeeded)};
}

}  // namespace wmiport::wnode
