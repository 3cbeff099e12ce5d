#include "mof/syntax/source_decoder.h"

#include <algorithm>
#include <initializer_list>

#include <fmt/format.h>

namespace wmiport::mof::syntax {

namespace {

// Writes code points into a buffer sized for the worst case (one code point per input unit); the decoders turn
// CRLF and a lone CR into LF as they go. Positions are not tracked per character: a decoding error is rare, and
// its line and column follow from the text written so far (fail() counts them), which keeps the per-character
// work to a store.
class TextBuilder {
 public:
  TextBuilder(std::u32string& out, std::size_t max_chars) : out_(out) {
    out_.resize(max_chars);
    next_ = out_.data();
  }
  ~TextBuilder() { out_.resize(static_cast<std::size_t>(next_ - out_.data())); }
  TextBuilder(const TextBuilder&) = delete;
  TextBuilder& operator=(const TextBuilder&) = delete;

  void append(char32_t c) { *next_++ = c; }
  template <std::size_t N>
  void append(const std::uint16_t (&units)[N]) {
    for (std::size_t k = 0; k < N; ++k)
      next_[k] = units[k];
    next_ += N;
  }

  // The 1-based line and column of the next character.
  std::uint32_t line() const { return 1 + static_cast<std::uint32_t>(std::count(out_.data(), next_, U'\n')); }
  std::uint32_t column() const {
    const char32_t* line_start = next_;
    while (line_start != out_.data() && line_start[-1] != U'\n')
      --line_start;
    return 1 + static_cast<std::uint32_t>(next_ - line_start);
  }

 private:
  std::u32string& out_;
  char32_t* next_ = nullptr;
};

void fail(DecodedSource& source, const TextBuilder& builder, std::string message) {
  source.ok = false;
  source.error = std::move(message);
  source.error_line = builder.line();
  source.error_column = builder.column();
}

void decode_utf8(std::string_view bytes, DecodedSource& source) {
  TextBuilder builder(source.text, bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto lead = static_cast<std::uint8_t>(bytes[i]);
    if (lead < 0x80) {  // ASCII: nearly every byte of a MOF
      if (lead == '\r') {
        builder.append(U'\n');
        if (i + 1 < bytes.size() && bytes[i + 1] == '\n')
          ++i;  // the LF of a CRLF
      } else {
        builder.append(lead);
      }
      ++i;
      continue;
    }
    std::uint32_t cp = 0;
    std::size_t extra = 0;
    if ((lead & 0xE0) == 0xC0) {
      cp = lead & 0x1Fu;
      extra = 1;
    } else if ((lead & 0xF0) == 0xE0) {
      cp = lead & 0x0Fu;
      extra = 2;
    } else if ((lead & 0xF8) == 0xF0) {
      cp = lead & 0x07u;
      extra = 3;
    } else {
      return fail(source, builder, fmt::format("invalid UTF-8: byte 0x{:02X} cannot start a character", lead));
    }
    if (extra > bytes.size() - i - 1)
      return fail(source, builder, "invalid UTF-8: the file ends inside a multi-byte character");
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto cont = static_cast<std::uint8_t>(bytes[i + k]);
      if ((cont & 0xC0) != 0x80)
        return fail(source, builder, fmt::format("invalid UTF-8: byte 0x{:02X} is not a continuation byte", cont));
      cp = (cp << 6) | (cont & 0x3Fu);
    }
    static constexpr std::uint32_t kSmallestForLength[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kSmallestForLength[extra])
      return fail(source, builder, "invalid UTF-8: over-long encoding");
    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return fail(source, builder, fmt::format("invalid UTF-8: U+{:04X} is not a character", cp));
    builder.append(static_cast<char32_t>(cp));
    i += extra + 1;
  }
}

// The byte order is a template argument so that the block loop below reads units at constant offsets, which GCC
// vectorises (with the order as a run-time value it did not, and this loop was a tenth of the whole command).
template <bool kBigEndian>
void decode_utf16(std::string_view bytes, DecodedSource& source) {
  const std::size_t whole = bytes.size() & ~std::size_t{1};
  TextBuilder builder(source.text, whole / 2);
  const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
  constexpr unsigned high_byte = kBigEndian ? 0 : 1;
  auto unit_at = [&](std::size_t offset) {
    return static_cast<std::uint16_t>((data[offset + high_byte] << 8) | data[offset + (1 - high_byte)]);
  };
  // Nearly every unit of a MOF is a plain one (no CR, no surrogate): blocks of those are checked and copied with
  // loops free of branches, which the compiler vectorises; any other unit takes the general step below.
  constexpr std::size_t kBlockUnits = 16;
  auto is_plain = [](std::uint16_t unit) { return unit != u'\r' && (unit < 0xD800 || unit > 0xDFFF); };
  std::size_t i = 0;
  while (i < whole) {
    if (whole - i >= 2 * kBlockUnits) {
      std::uint16_t block[kBlockUnits];
      bool plain = true;
      for (std::size_t k = 0; k < kBlockUnits; ++k) {
        block[k] = unit_at(i + 2 * k);
        plain &= is_plain(block[k]);
      }
      if (plain) {
        builder.append(block);
        i += 2 * kBlockUnits;
        continue;
      }
    }
    const std::uint16_t unit = unit_at(i);
    i += 2;
    if (unit == u'\r') {
      builder.append(U'\n');
      if (i < whole && unit_at(i) == u'\n')
        i += 2;  // the LF of a CRLF
      continue;
    }
    if (unit < 0xD800 || unit > 0xDFFF) {  // not a surrogate: one code point
      builder.append(static_cast<char32_t>(unit));
      continue;
    }
    if (unit >= 0xDC00)
      return fail(source, builder, fmt::format("invalid UTF-16: unpaired low surrogate 0x{:04X}", unit));
    if (i >= whole)
      return fail(source, builder, "invalid UTF-16: the file ends after a high surrogate");
    const std::uint16_t low = unit_at(i);
    if (low < 0xDC00 || low > 0xDFFF)
      return fail(source, builder,
                  fmt::format("invalid UTF-16: high surrogate 0x{:04X} not followed by a low one", unit));
    i += 2;
    builder.append(static_cast<char32_t>(0x10000 + ((unit - 0xD800u) << 10) + (low - 0xDC00u)));
  }
  if (whole != bytes.size())
    fail(source, builder,
         fmt::format("invalid UTF-16: odd number of bytes ({}), the last byte is half a character", bytes.size()));
}

}  // namespace

const char* to_string(SourceEncoding encoding) {
  switch (encoding) {
    case SourceEncoding::utf8:
      return "UTF-8";
    case SourceEncoding::utf16le:
      return "UTF-16LE";
    case SourceEncoding::utf16be:
      return "UTF-16BE";
  }
  return "unknown";
}

DetectedEncoding detect_encoding(std::string_view bytes) {
  auto starts_with = [&](std::initializer_list<unsigned char> prefix) {
    if (bytes.size() < prefix.size())
      return false;
    std::size_t i = 0;
    for (unsigned char b : prefix) {
      if (static_cast<unsigned char>(bytes[i++]) != b)
        return false;
    }
    return true;
  };
  if (starts_with({0xEF, 0xBB, 0xBF}))
    return {SourceEncoding::utf8, 3};
  if (starts_with({0xFF, 0xFE}))
    return {SourceEncoding::utf16le, 2};
  if (starts_with({0xFE, 0xFF}))
    return {SourceEncoding::utf16be, 2};

  // No BOM. MOF text is nearly all ASCII, so UTF-16 shows as a zero in one byte of (almost) every pair. Look at a
  // prefix only: enough to decide, and it keeps detection O(1).
  const std::size_t sample = std::min<std::size_t>(bytes.size(), 1024) & ~std::size_t{1};
  std::size_t zeros_even = 0;
  std::size_t zeros_odd = 0;
  for (std::size_t i = 0; i < sample; ++i) {
    if (bytes[i] == '\0')
      ++(i % 2 == 0 ? zeros_even : zeros_odd);
  }
  const std::size_t pairs = sample / 2;
  if (pairs > 0 && zeros_odd * 2 >= pairs && zeros_even * 8 <= zeros_odd)
    return {SourceEncoding::utf16le, 0};
  if (pairs > 0 && zeros_even * 2 >= pairs && zeros_odd * 8 <= zeros_even)
    return {SourceEncoding::utf16be, 0};
  return {SourceEncoding::utf8, 0};
}

DecodedSource decode_source(std::string_view bytes) {
  const DetectedEncoding detected = detect_encoding(bytes);
  DecodedSource source;
  source.encoding = detected.encoding;
  const std::string_view body = bytes.substr(detected.bom_size);
  switch (detected.encoding) {
    case SourceEncoding::utf8:
      decode_utf8(body, source);
      break;
    case SourceEncoding::utf16le:
      decode_utf16<false>(body, source);
      break;
    case SourceEncoding::utf16be:
      decode_utf16<true>(body, source);
      break;
  }
  return source;
}

}  // namespace wmiport::mof::syntax
