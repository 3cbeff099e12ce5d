// Conversions between UNICODE_STRING and the C++ string types the kernel keeps names in.
#pragma once

#include <string>
#include <string_view>

#include <wdm.h>

namespace wmiport::kernel {

// The code units of a counted string (Length bytes; odd byte counts drop the last byte).
std::u16string_view view_of(const UNICODE_STRING& string);
std::u16string to_u16string(const UNICODE_STRING& string);
// ASCII/UTF-8 text to UTF-16 (the kernel's own names are ASCII).
std::u16string to_u16string(std::string_view text);
// A UNICODE_STRING over `text` (which must outlive it and stay unmodified); MaximumLength includes no NUL.
UNICODE_STRING unicode_view(const std::u16string& text);
// Upper case of one UTF-16 code unit as RtlUpcaseUnicodeChar does for ASCII and Latin-1 (see decisions.md).
char16_t upcase(char16_t c);

}  // namespace wmiport::kernel
