// WNODE_ALL_DATA: every instance of a data block (the reply to IRP_MN_QUERY_ALL_DATA, or an event body).
//
// Wire layout the builder produces (offsets from the WNODE start; see docs/decisions.md):
//   0   WNODE_HEADER
//   48  DataBlockOffset, InstanceCount, OffsetInstanceNameOffsets
//   60  fixed sizes:    FixedInstanceSize (ULONG), padding to 64
//       variable sizes: OffsetInstanceDataAndLength[InstanceCount] (8 bytes each)
//   ..  dynamic names only: ULONG OffsetInstanceNameOffsets[InstanceCount], then the counted names (USHORT-aligned)
//   ..  instance data, each instance 8-byte aligned; DataBlockOffset = the first one's offset
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/byte_io.h"
#include "common/result.h"
#include "wnode/wnode_header.h"

namespace wmiport::wnode {

struct AllDataInstance {
  std::optional<std::u16string> name;  // dynamic name; nullopt when names are static (addressed by index)
  std::vector<std::uint8_t> data;

  friend bool operator==(const AllDataInstance&, const AllDataInstance&) = default;
};

// How instance sizes are written. Parsers report fixed or variable as found.
enum class InstanceSizeLayout {
  automatic,  // builder: fixed when there is at least one instance and all have the same size, else variable
  fixed,      // WNODE_FLAG_FIXED_INSTANCE_SIZE with FixedInstanceSize (an error if sizes differ)
  variable,   // OffsetInstanceDataAndLength[]
};

// Fixed-size instances of size 0 with static names take no bytes at all, so nothing in a buffer bounds how
// many a WNODE_ALL_DATA may claim. Parsers and builders accept at most this many (a method-only block with more
// instances is not plausible), so that 64 bytes cannot make a parser allocate for four billion instances.
inline constexpr std::uint32_t kMaxZeroSizeStaticInstances = 0x1000;

struct AllData {
  WnodeHeader header;
  InstanceSizeLayout layout = InstanceSizeLayout::automatic;
  // Either every instance has a name (dynamic names) or none has (WNODE_FLAG_STATIC_INSTANCE_NAMES).
  std::vector<AllDataInstance> instances;

  friend bool operator==(const AllData&, const AllData&) = default;
};

// Size, then fill: returns the exact size of the WNODE and writes it into `out` only when out.size() is at
// least that (so a caller with a short buffer learns the size to report in a WNODE_TOO_SMALL).
// Errors (STATUS_INVALID_PARAMETER): names on some instances only, FIXED layout with unequal sizes, a name
// that is not representable, dynamic names with WNODE_FLAG_PDO_INSTANCE_NAMES, a size that overflows a ULONG.
Result<std::uint32_t> encode_all_data(const AllData& value, MutableBytes out);
Result<std::vector<std::uint8_t>> build_all_data(const AllData& value);

// Parses an untrusted WNODE_ALL_DATA (EVENT_ITEM may be set). `bytes` may be longer than BufferSize.
Result<AllData> parse_all_data(Bytes bytes);

}  // namespace wmiport::wnode
