// Binary MOF (spec mof-and-layout §5): what `mofcomp -B` produces, what drivers return for MSWmi_MofData and what
// ACPI firmware keeps in WQxx buffers. decode() turns it into the same mof::Schema the text compiler produces;
// encode() writes a Schema as BMF (used to make test vectors; Windows acceptance of its output is unverified).
//
// Layers: container.h (the 16-byte "FOMB" header) -> ds_compression.h (the DS bitstream) -> tree_reader.h /
// tree_writer.h (the decompressed class tree, described in tree_format.h).
#pragma once

#include <cstdint>
#include <vector>

#include "common/byte_io.h"
#include "common/result.h"
#include "mof/schema/schema.h"

namespace wmiport::mof::bmf {

// Real BMFs are kilobytes (the whole WDK hbaapi.mof compiles to well under 1 MiB); the cap keeps a lying
// decompressed size from costing more than this much memory.
inline constexpr std::uint32_t kMaxDecompressedSize = 16u << 20;

struct DecodeOptions {
  std::uint32_t max_decompressed_size = kMaxDecompressedSize;
};

// Container, decompression and tree in one step. Errors name the layer, the field and its offset.
Result<Schema> decode(Bytes bmf, const DecodeOptions& options = {});

// The decompressed tree of a BMF (for tools that dump it).
Result<std::vector<std::uint8_t>> decompress(Bytes bmf, const DecodeOptions& options = {});

struct EncodeOptions {
  bool back_references = true;  // false: a literal-only stream
};

Result<std::vector<std::uint8_t>> encode(const Schema& schema, const EncodeOptions& options = {});

}  // namespace wmiport::mof::bmf
