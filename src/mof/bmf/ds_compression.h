// The "DS" compression of binary MOF (spec mof-and-layout §5): a DoubleSpace-family LZ77 bitstream.
//
// Bits are read LSB-first; a multi-bit field is a little-endian group of the next bits. After the 16-bit
// signature 0x5344 ("DS") and a 16-bit version, each token starts with a 2-bit tag t:
//   t=2  literal 0x00-0x7F (7 bits)          t=1  literal 0x80-0xFF (7 bits, high bit implied)
//   t=0  back-reference, offset 1-63 (6 bits)
//   t=3  one more bit: 0 -> offset 64-319 (8 bits + 64), 1 -> offset 320-4415 (12 bits + 320)
// Offset 4415 is the sync/end marker (no length code follows it). A back-reference is followed by a length
// code: z zero bits, a one bit, z value bits -> count = 2^z + 1 + value.
#pragma once

#include <cstdint>
#include <vector>

#include "common/byte_io.h"
#include "common/result.h"

namespace wmiport::mof::bmf {

inline constexpr std::uint16_t kDsSignature = 0x5344;   // "DS" read as a little-endian u16
inline constexpr std::uint32_t kDsMarkerOffset = 4415;  // 0x113F: sync marker, and the end marker
inline constexpr std::uint32_t kDsSyncInterval = 512;   // sync markers may appear at these output boundaries
inline constexpr std::uint32_t kDsMaxCopy = 513;        // longest back-reference the length code may state
inline constexpr std::uint32_t kDsMaxOffset = kDsMarkerOffset - 1;

// Expands `stream` (starting with "DS") into exactly `declared_size` bytes. Fails, naming the bit position,
// when the stream ends early, a back-reference reaches before the start, output would pass declared_size,
// the end marker is missing or comes early, or declared_size exceeds `limit`.
Result<std::vector<std::uint8_t>> ds_decompress(Bytes stream, std::uint32_t declared_size, std::uint32_t limit);

struct DsCompressOptions {
  bool back_references = true;  // false: literals only (9 bits per byte), the simplest valid stream
  bool sync_markers = true;     // a marker after every 512 output bytes (see docs/decisions.md)
};

// A stream ds_decompress expands back to `input`, ending with the end marker and zero bits up to a byte.
std::vector<std::uint8_t> ds_compress(Bytes input, const DsCompressOptions& options = {});

}  // namespace wmiport::mof::bmf
