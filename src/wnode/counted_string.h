// Counted strings: a USHORT byte count followed by that many bytes of UTF-16LE, no terminator (spec §5.3, §4.4).
// This is how dynamic instance names and every registration string travel.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/byte_io.h"
#include "common/result.h"

namespace wmiport::wnode {

// Bytes the counted string occupies (2 + 2*length). Producers count without a NUL; a name that contains NUL,
// or that needs more than 0xFFFF bytes, cannot be represented and is an error naming `field`.
Result<std::uint32_t> counted_string_size(std::u16string_view text, std::string_view field);

// Writes the counted string at offset (the caller sized the buffer with counted_string_size).
void store_counted_string(MutableBytes out, std::size_t offset, std::u16string_view text);

// Reads the counted string at `offset` of a structure whose bytes end at `limit` (its BufferSize; `bytes` is
// at least that long). Checks USHORT alignment, that the count and the text fit, and that the count is even.
// Tolerates one trailing NUL (some producers count it, spec §5.3) and strips it; any other NUL is rejected so
// that a parsed name always rebuilds to the same bytes.
Result<std::u16string> load_counted_string(Bytes bytes, std::uint32_t limit, std::uint64_t offset,
                                           std::string_view field);

}  // namespace wmiport::wnode
