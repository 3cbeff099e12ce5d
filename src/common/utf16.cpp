#include "common/utf16.h"

#include <fmt/format.h>

namespace wmiport {

Result<std::u16string> utf8_to_utf16(std::string_view utf8) {
  std::u16string out;
  out.reserve(utf8.size());
  std::size_t i = 0;
  while (i < utf8.size()) {
    const auto lead = static_cast<std::uint8_t>(utf8[i]);
    std::uint32_t cp = 0;
    std::size_t extra = 0;
    if (lead < 0x80) {
      cp = lead;
    } else if ((lead & 0xE0) == 0xC0) {
      cp = lead & 0x1F;
      extra = 1;
    } else if ((lead & 0xF0) == 0xE0) {
      cp = lead & 0x0F;
      extra = 2;
    } else if ((lead & 0xF8) == 0xF0) {
      cp = lead & 0x07;
      extra = 3;
    } else {
      return Error(ntstatus::invalid_parameter, fmt::format("invalid UTF-8 lead byte 0x{:02X} at offset {}", lead, i));
    }
    if (extra > utf8.size() - i - 1)
      return Error(ntstatus::invalid_parameter, fmt::format("truncated UTF-8 sequence at offset {}", i));
    for (std::size_t k = 1; k <= extra; ++k) {
      const auto cont = static_cast<std::uint8_t>(utf8[i + k]);
      if ((cont & 0xC0) != 0x80)
        return Error(ntstatus::invalid_parameter, fmt::format("invalid UTF-8 continuation at offset {}", i + k));
      cp = (cp << 6) | (cont & 0x3F);
    }
    static constexpr std::uint32_t kMinForLength[] = {0, 0x80, 0x800, 0x10000};
    if (cp < kMinForLength[extra] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
      return Error(ntstatus::invalid_parameter, fmt::format("invalid UTF-8 code point at offset {}", i));
    if (cp >= 0x10000) {
      cp -= 0x10000;
      out.push_back(static_cast<char16_t>(0xD800 + (cp >> 10)));
      out.push_back(static_cast<char16_t>(0xDC00 + (cp & 0x3FF)));
    } else {
      out.push_back(static_cast<char16_t>(cp));
    }
    i += extra + 1;
  }
  return out;
}

namespace {

// UTF-16 code units, however they are stored, to UTF-8; `unit(i)` reads the i-th of `count`.
template <typename UnitAt>
std::string units_to_utf8(std::size_t count, UnitAt unit) {
  std::string out;
  out.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    std::uint32_t cp = unit(i);
    if (cp < 0x80) {  // the common case, first
      out.push_back(static_cast<char>(cp));
      continue;
    }
    if (cp >= 0xD800 && cp <= 0xDBFF && i + 1 < count && unit(i + 1) >= 0xDC00 && unit(i + 1) <= 0xDFFF) {
      cp = 0x10000 + ((cp - 0xD800) << 10) + (unit(i + 1) - 0xDC00u);
      ++i;
    } else if (cp >= 0xD800 && cp <= 0xDFFF) {
      cp = 0xFFFD;
    }
    if (cp < 0x800) {
      out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
      out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
      out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
      out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
  }
  return out;
}

}  // namespace

std::string utf16_to_utf8(std::u16string_view utf16) {
  return units_to_utf8(utf16.size(), [utf16](std::size_t i) -> std::uint32_t { return utf16[i]; });
}

std::string utf16le_to_utf8(Bytes bytes, std::size_t offset, std::size_t count) {
  return units_to_utf8(count,
                       [bytes, offset](std::size_t i) -> std::uint32_t { return load_u16(bytes, offset + 2 * i); });
}

std::u16string load_utf16le(Bytes bytes, std::size_t offset, std::size_t count) {
  std::u16string out(count, u'\0');
  for (std::size_t i = 0; i < count; ++i)
    out[i] = static_cast<char16_t>(load_u16(bytes, offset + 2 * i));
  return out;
}

void store_utf16le(MutableBytes bytes, std::size_t offset, std::u16string_view text) {
  for (std::size_t i = 0; i < text.size(); ++i)
    store_u16(bytes, offset + 2 * i, static_cast<std::uint16_t>(text[i]));
}

}  // namespace wmiport
