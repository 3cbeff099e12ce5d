#include "kernel/unicode.h"

#include "common/utf16.h"

namespace wmiport::kernel {

std::u16string_view view_of(const UNICODE_STRING& string) {
  if (string.Buffer == nullptr)
    return {};
  return {reinterpret_cast<const char16_t*>(string.Buffer), string.Length / sizeof(WCHAR)};
}

std::u16string to_u16string(const UNICODE_STRING& string) {
  return std::u16string(view_of(string));
}

std::u16string to_u16string(std::string_view text) {
  auto converted = utf8_to_utf16(text);
  return converted.ok() ? std::move(converted).value() : std::u16string(text.begin(), text.end());
}

UNICODE_STRING unicode_view(const std::u16string& text) {
  UNICODE_STRING string{};
  const auto bytes = static_cast<USHORT>(text.size() * sizeof(WCHAR));
  string.Length = bytes;
  // The std::u16string keeps a NUL after its data, so MaximumLength may count it (drivers sometimes rely on a
  // terminator after RtlInitUnicodeString-like strings).
  string.MaximumLength = static_cast<USHORT>(bytes + sizeof(WCHAR));
  string.Buffer = reinterpret_cast<PWCH>(const_cast<char16_t*>(text.c_str()));
  return string;
}

char16_t upcase(char16_t c) {
  if (c >= u'a' && c <= u'z')
    return static_cast<char16_t>(c - 0x20);
  // Latin-1 Supplement: U+00E0..U+00FE map to U+00C0..U+00DE, except U+00F7 (division sign); U+00FF maps to U+0178.
  if (c >= 0xE0 && c <= 0xFE && c != 0xF7)
    return static_cast<char16_t>(c - 0x20);
  if (c == 0xFF)
    return 0x178;
  return c;
}

}  // namespace wmiport::kernel
