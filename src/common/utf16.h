// UTF-8 <-> UTF-16LE conversion for instance names, registration strings and MOF text.
// WMI strings on the wire are UTF-16LE code units; inside wmiport, text is UTF-8 std::string.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "common/byte_io.h"
#include "common/result.h"

namespace wmiport {

// UTF-8 to UTF-16 code units. Invalid UTF-8 is an error naming the byte offset.
Result<std::u16string> utf8_to_utf16(std::string_view utf8);

// UTF-16 code units to UTF-8. Unpaired surrogates become U+FFFD: names from drivers are shown, never rejected
// for their content.
std::string utf16_to_utf8(std::u16string_view utf16);

// `count` UTF-16LE code units read from bytes at offset (the caller has checked the range).
std::u16string load_utf16le(Bytes bytes, std::size_t offset, std::size_t count);
// The same units straight to UTF-8, as utf16_to_utf8(load_utf16le(...)) without the UTF-16 copy.
std::string utf16le_to_utf8(Bytes bytes, std::size_t offset, std::size_t count);

// Writes the code units as UTF-16LE at offset (the caller has checked the range).
void store_utf16le(MutableBytes bytes, std::size_t offset, std::u16string_view text);

}  // namespace wmiport
