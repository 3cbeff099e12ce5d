#include "mof/bmf/ds_compression.h"

#include <algorithm>
#include <array>

#include <fmt/format.h>

namespace wmiport::mof::bmf {

namespace {

constexpr std::size_t kHeaderBits = 32;  // signature + version

class BitReader {
 public:
  explicit BitReader(Bytes bytes) : bytes_(bytes), bit_(kHeaderBits) {}

  std::uint64_t position() const { return bit_; }

  // The next `count` bits as a little-endian group, or an error naming what was being read.
  Result<std::uint32_t> read(unsigned count, const char* field) {
    if (!range_fits(bit_, count, std::uint64_t{bytes_.size()} * 8))
      return Error(ntstatus::invalid_parameter,
                   fmt::format("DS stream: {} at bit {} runs past the end of the {}-byte compressed stream", field,
                               bit_, bytes_.size()));
    std::uint32_t value = 0;
    for (unsigned i = 0; i < count; ++i, ++bit_) {
      const std::uint32_t bit = (bytes_[bit_ / 8] >> (bit_ % 8)) & 1u;
      value |= bit << i;
    }
    return value;
  }

 private:
  Bytes bytes_;
  std::uint64_t bit_;
};

Error stream_error(std::uint64_t bit, std::string message) {
  return Error(ntstatus::invalid_parameter, fmt::format("DS stream at bit {}: {}", bit, message));
}

// count = 2^z + 1 + value, written as z zero bits, a one bit, then z bits of value.
Result<std::uint32_t> read_copy_count(BitReader& in) {
  const std::uint64_t start = in.position();
  unsigned z = 0;
  for (;;) {
    WMIPORT_ASSIGN_OR_RETURN(std::uint32_t bit, in.read(1, "length code"));
    if (bit)
      break;
    if (++z > 9)  // 2^10 + 1 > kDsMaxCopy: no valid count has this many leading zeros
      return stream_error(start, "length code has more than 9 leading zero bits");
  }
  WMIPORT_ASSIGN_OR_RETURN(std::uint32_t value, in.read(z, "length value"));
  const std::uint32_t count = (1u << z) + 1u + value;
  if (count > kDsMaxCopy)
    return stream_error(start, fmt::format("copy count {} exceeds {}", count, kDsMaxCopy));
  return count;
}

Result<std::uint32_t> read_offset(BitReader& in, std::uint32_t tag) {
  if (tag == 0) {
    WMIPORT_ASSIGN_OR_RETURN(std::uint32_t offset, in.read(6, "6-bit offset"));
    return offset;
  }
  WMIPORT_ASSIGN_OR_RETURN(std::uint32_t wide, in.read(1, "offset width bit"));
  if (wide == 0) {
    WMIPORT_ASSIGN_OR_RETURN(std::uint32_t offset, in.read(8, "8-bit offset"));
    return offset + 64;
  }
  WMIPORT_ASSIGN_OR_RETURN(std::uint32_t offset, in.read(12, "12-bit offset"));
  return offset + 320;
}

}  // namespace

Result<std::vector<std::uint8_t>> ds_decompress(Bytes stream, std::uint32_t declared_size, std::uint32_t limit) {
  if (declared_size > limit)
    return Error(ntstatus::invalid_parameter,
                 fmt::format("DS stream: declared decompressed size {} exceeds the limit {}", declared_size, limit));
  if (stream.size() < 4)
    return Error(ntstatus::invalid_parameter,
                 fmt::format("DS stream: {} bytes, too short for the 4-byte DS header", stream.size()));
  if (load_u16(stream, 0) != kDsSignature)
    return Error(ntstatus::invalid_parameter, fmt::format("DS stream: signature at offset 0 is 0x{:04X}, expected "
                                                          "0x5344 (\"DS\")",
                                                          load_u16(stream, 0)));
  std::vector<std::uint8_t> out;
  // Grow as tokens produce bytes rather than trusting the declared size for one allocation.
  out.reserve(std::min<std::uint32_t>(declared_size, 1u << 16));
  BitReader in(stream);
  for (;;) {
    const std::uint64_t token_bit = in.position();
    WMIPORT_ASSIGN_OR_RETURN(std::uint32_t tag, in.read(2, "token tag"));
    if (tag == 1 || tag == 2) {
      WMIPORT_ASSIGN_OR_RETURN(std::uint32_t low, in.read(7, "literal"));
      if (out.size() == declared_size)
        return stream_error(token_bit,
                            fmt::format("literal past the declared size {} (end marker missing)", declared_size));
      out.push_back(static_cast<std::uint8_t>(tag == 1 ? (low | 0x80u) : low));
      continue;
    }
    WMIPORT_ASSIGN_OR_RETURN(std::uint32_t offset, read_offset(in, tag));
    if (offset == kDsMarkerOffset) {
      if (out.size() == declared_size)
        return out;
      if (out.size() % kDsSyncInterval == 0)
        continue;  // a sync marker on a 512-byte output boundary
      return stream_error(token_bit, fmt::format("marker at output offset {} is neither the end ({} bytes declared) "
                                                 "nor on a {}-byte boundary",
                                                 out.size(), declared_size, kDsSyncInterval));
    }
    if (offset == 0)
      return stream_error(token_bit, "back-reference with offset 0");
    WMIPORT_ASSIGN_OR_RETURN(std::uint32_t count, read_copy_count(in));
    if (offset > out.size())
      return stream_error(token_bit, fmt::format("back-reference offset {} reaches before the start of the output "
                                                 "(at output offset {})",
                                                 offset, out.size()));
    if (!range_fits(out.size(), count, declared_size))
      return stream_error(token_bit, fmt::format("copy of {} bytes at output offset {} passes the declared size {}",
                                                 count, out.size(), declared_size));
    // Byte by byte: a copy may overlap the bytes it produces (offset < count repeats a pattern).
    const std::size_t from = out.size() - offset;
    for (std::uint32_t i = 0; i < count; ++i)
      out.push_back(out[from + i]);
  }
}

namespace {

class BitWriter {
 public:
  void write(std::uint32_t value, unsigned count) {
    for (unsigned i = 0; i < count; ++i, ++bit_) {
      if (bit_ % 8 == 0)
        bytes_.push_back(0);
      bytes_.back() = static_cast<std::uint8_t>(bytes_.back() | (((value >> i) & 1u) << (bit_ % 8)));
    }
  }
  std::vector<std::uint8_t> take() && { return std::move(bytes_); }

 private:
  std::vector<std::uint8_t> bytes_;
  std::uint64_t bit_ = 0;
};

void write_literal(BitWriter& out, std::uint8_t byte) {
  out.write(byte & 0x80 ? 1u : 2u, 2);
  out.write(byte & 0x7Fu, 7);
}

void write_offset(BitWriter& out, std::uint32_t offset) {
  if (offset < 64) {
    out.write(0, 2);
    out.write(offset, 6);
  } else if (offset < 320) {
    out.write(3, 2);
    out.write(0, 1);
    out.write(offset - 64, 8);
  } else {
    out.write(3, 2);
    out.write(1, 1);
    out.write(offset - 320, 12);
  }
}

void write_copy_count(BitWriter& out, std::uint32_t count) {
  const std::uint32_t biased = count - 1;  // = 2^z + value with value < 2^z
  unsigned z = 0;
  while ((biased >> (z + 1)) != 0)
    ++z;
  out.write(0, z);
  out.write(1, 1);
  out.write(biased - (1u << z), z);
}

// Hash chains over 3-byte prefixes: finds the longest earlier match within the offset window.
class MatchFinder {
 public:
  explicit MatchFinder(Bytes input) : input_(input), previous_(input.size(), kNone) { head_.fill(kNone); }

  void insert(std::size_t pos) {
    if (pos + 3 > input_.size())
      return;
    const std::size_t h = hash(pos);
    previous_[pos] = head_[h];
    head_[h] = pos;
  }

  // Longest match at `pos` of at most `max_length` bytes; {offset, length}, length 0 when none of >= 3 bytes.
  std::pair<std::uint32_t, std::uint32_t> find(std::size_t pos, std::uint32_t max_length) const {
    std::uint32_t best_length = 0, best_offset = 0;
    if (pos + 3 > input_.size() || max_length < 3)
      return {0, 0};
    std::size_t candidate = head_[hash(pos)];
    for (int steps = 0; candidate != kNone && steps < 64; ++steps, candidate = previous_[candidate]) {
      const std::size_t offset = pos - candidate;
      if (offset > kDsMaxOffset)
        break;
      std::uint32_t length = 0;
      while (length < max_length && input_[candidate + length] == input_[pos + length])
        ++length;
      if (length > best_length) {
        best_length = length;
        best_offset = static_cast<std::uint32_t>(offset);
      }
    }
    return best_length >= 3 ? std::pair{best_offset, best_length} : std::pair{0u, 0u};
  }

 private:
  static constexpr std::size_t kNone = ~std::size_t{0};
  std::size_t hash(std::size_t pos) const {
    return ((input_[pos] << 10) ^ (input_[pos + 1] << 5) ^ input_[pos + 2]) & (head_.size() - 1);
  }
  Bytes input_;
  std::array<std::size_t, 1u << 15> head_{};
  std::vector<std::size_t> previous_;
};

}  // namespace

std::vector<std::uint8_t> ds_compress(Bytes input, const DsCompressOptions& options) {
  BitWriter out;
  out.write(kDsSignature, 16);
  out.write(0, 16);  // version: value unknown (docs/decisions.md); the decoder ignores it
  auto finder = options.back_references ? std::make_unique<MatchFinder>(input) : nullptr;
  std::size_t pos = 0;
  while (pos < input.size()) {
    // A copy never crosses a 512-byte output boundary, so every boundary can carry a sync marker.
    const std::size_t block_end = (pos / kDsSyncInterval + 1) * kDsSyncInterval;
    const auto room = static_cast<std::uint32_t>(
        std::min<std::size_t>({block_end - pos, input.size() - pos, std::size_t{kDsMaxCopy - 1}}));
    auto [offset, length] = finder ? finder->find(pos, room) : std::pair{0u, 0u};
    if (length == 0) {
      write_literal(out, input[pos]);
      length = 1;
    } else {
      write_offset(out, offset);
      write_copy_count(out, length);
    }
    for (std::size_t i = 0; i < length; ++i, ++pos) {
      if (finder)
        finder->insert(pos);
    }
    if (options.sync_markers && pos % kDsSyncInterval == 0 && pos < input.size())
      write_offset(out, kDsMarkerOffset);
  }
  write_offset(out, kDsMarkerOffset);
  return std::move(out).take();
}

}  // namespace wmiport::mof::bmf
