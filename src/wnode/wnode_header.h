// WNODE_HEADER: the 48 bytes every WNODE starts with, and the envelope checks every WNODE parser runs first.
#pragma once

#include <cstdint>
#include <string_view>

#include "common/byte_io.h"
#include "common/guid.h"
#include "common/result.h"

namespace wmiport::wnode {

struct WnodeHeader {
  // Filled in by parsers. Builders ignore it and write the size they computed.
  std::uint32_t buffer_size = 0;
  std::uint32_t provider_id = 0;
  std::uint64_t historical_context = 0;  // or Version/Linkage: kept as the raw 8 bytes
  std::int64_t time_stamp = 0;           // or CountLost/KernelHandle: kept as the raw 8 bytes
  Guid guid;
  std::uint32_t client_context = 0;
  // Parsers report the flags exactly as found. Builders keep the bits they do not own and set the ones they
  // do (the structure-type bit, and STATIC_INSTANCE_NAMES / FIXED_INSTANCE_SIZE where the value decides them).
  std::uint32_t flags = 0;

  friend bool operator==(const WnodeHeader&, const WnodeHeader&) = default;
};

// Reads the header fields (the caller has checked bytes.size() >= 48).
WnodeHeader load_wnode_header(Bytes bytes);

// Writes the header with the given BufferSize and Flags (the caller has sized `out`).
void store_wnode_header(MutableBytes out, const WnodeHeader& header, std::uint32_t buffer_size, std::uint32_t flags);

// The envelope of a WNODE of a structure `structure` whose fixed part is `fixed_size` bytes:
// the span holds a header (else STATUS_BUFFER_TOO_SMALL), BufferSize fits in the span (else
// STATUS_BUFFER_TOO_SMALL: the buffer was cut short) and covers the fixed part (else STATUS_INVALID_PARAMETER).
// On success `bytes` is narrowed to BufferSize, so later range checks against BufferSize also bound the reads.
Result<WnodeHeader> parse_wnode_envelope(Bytes& bytes, std::uint32_t fixed_size, std::string_view structure);

// The structure-type bits of Flags must be exactly `type_bit` (EVENT_ITEM and the other modifiers may be set).
Status check_structure_flags(std::uint32_t flags, std::uint32_t type_bit, std::string_view structure);

// For WNODEs that can carry names: PDO_INSTANCE_NAMES describes static names, so it requires
// STATIC_INSTANCE_NAMES. Returns whether names travel in the WNODE (STATIC_INSTANCE_NAMES clear).
Result<bool> dynamic_names_from_flags(std::uint32_t flags);

// The flags a builder writes: `requested` with the owned bits replaced by `set`.
constexpr std::uint32_t compose_flags(std::uint32_t requested, std::uint32_t owned_mask, std::uint32_t set) {
  return (requested & ~owned_mask) | set;
}

}  // namespace wmiport::wnode
