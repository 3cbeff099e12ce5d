// The 16-byte "FOMB" container around a DS stream (spec mof-and-layout §5): what drivers return for
// MSWmi_MofData and what ACPI firmware keeps in WQxx buffers.
//
//   +0  u32 magic 0x424D4F46 ("FOMB")   +4  u32 version = 1
//   +8  u32 compressed size (bytes after this header)   +12 u32 decompressed size
//   +16 the DS stream
#pragma once

#include <cstdint>
#include <vector>

#include "common/byte_io.h"
#include "common/result.h"

namespace wmiport::mof::bmf {

inline constexpr std::uint32_t kBmfMagic = 0x424D4F46;  // "FOMB" read as a little-endian u32
inline constexpr std::uint32_t kContainerVersion = 1;
inline constexpr std::size_t kContainerHeaderSize = 16;

struct Container {
  std::uint32_t decompressed_size = 0;
  Bytes stream;  // exactly `compressed size` bytes, inside the buffer given to parse_container
};

// Checks magic, version and that the compressed size fits the buffer. Bytes after the stream are ignored
// (firmware buffers may be padded).
Result<Container> parse_container(Bytes bmf);

std::vector<std::uint8_t> wrap_container(Bytes stream, std::uint32_t decompressed_size);

}  // namespace wmiport::mof::bmf
