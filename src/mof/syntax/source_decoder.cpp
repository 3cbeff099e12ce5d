#include "mof/syntax/source_decoder.h"

#include <algorithm>
#include <initializer_list>

#include <fmt/format.h>

namespace wmiport::mof::syntax {

namespace {

// Appends code points, turning CRLF and lone CR into LF, and keeps the position of the next character so that a
// decoding error can say where it is.
class TextBuilder {
 public:
  explicit TextBuilder(std::u32string& out) : out_(out) {}

  void append(char32_t c) {
    if (pending_cr_) {
      pending_cr_ = false;
      if (c == U'\n')
        return;  // the LF of a CRLF: already written
    }
    if (c == U'\r') {
      pending_cr_ = true;
      c = U'\n';
    }
    out_.push_back(c);
    if (c == U'\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
  }

  std::uint32_t line() const { return line_; }
  std::uint32_t column() const { return column_; }

 private:
  std::u32string& out_;
  bool pending_cr_ = false;
  std::uint32_t line_ = 1;
  std::uint32_t column_ = 1;
};

void fail(DecodedSource& source, const TextBuilder& builder, std::string message) {
  source.ok = false;
  source.error = std::move(message);
  source.error_line = builder.line();
  source.error_column = builder.column();
}

void decode_utf8(std::string_view bytes, DecodedSource& source) {
  TextBuilder builder(source.text);
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto lead = static_cast<std::uint8_t>(bytes[i]);
    std::uint32_t cp = 0;
    std::size_t extra = 0;
    if (lead < 0x80) {
      cp = lead;
    } else if ((lead & 0xE0) == 0xC0) {
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

void decode_utf16(std::string_view bytes, bool big_endian, DecodedSource& source) {
  TextBuilder builder(source.text);
  auto unit_at = [&](std::size_t offset) {
    const auto b0 = static_cast<std::uint8_t>(bytes[offset]);
    const auto b1 = static_cast<std::uint8_t>(bytes[offset + 1]);
    return static_cast<std::uint16_t>(big_endian ? (b0 << 8) | b1 : (b1 << 8) | b0);
  };
  const std::size_t whole = bytes.size() & ~std::size_t{1};
  std::size_t i = 0;
  while (i < whole) {
    const std::uint16_t unit = unit_at(i);
    i += 2;
    if (unit >= 0xDC00 && unit <= 0xDFFF)
      return fail(source, builder, fmt::format("invalid UTF-16: unpaired low surrogate 0x{:04X}", unit));
    if (unit >= 0xD800 && unit <= 0xDBFF) {
      if (i >= whole)
        return fail(source, builder, "invalid UTF-16: the file ends after a high surrogate");
      const std::uint16_t low = unit_at(i);
      if (low < 0xDC00 || low > 0xDFFF)
        return fail(source, builder,
                    fmt::format("invalid UTF-16: high surrogate 0x{:04X} not followed by a low one", unit));
      i += 2;
      builder.append(static_cast<char32_t>(0x10000 + ((unit - 0xD800u) << 10) + (low - 0xDC00u)));
      continue;
    }
    builder.append(static_cast<char32_t>(unit));
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
      decode_utf16(body, false, source);
      break;
    case SourceEncoding::utf16be:
      decode_utf16(body, true, source);
      break;
  }
  return source;
}

}  // namespace wmiport::mof::syntax
