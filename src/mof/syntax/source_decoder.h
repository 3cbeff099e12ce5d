// Source bytes to text: encoding detection, decoding and line-end normalisation, before the lexer sees anything.
//
// Driver MOFs come as ASCII/UTF-8 and as UTF-16LE with a BOM (WDK "decompiled" MOFs); UTF-16BE and BOM-less UTF-16
// are accepted too. The text is decoded to code points so that columns count characters, whatever the encoding.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wmiport::mof::syntax {

enum class SourceEncoding { utf8, utf16le, utf16be };

const char* to_string(SourceEncoding encoding);

// Picks the encoding: a BOM wins (EF BB BF, FF FE, FE FF); without one, a NUL-byte pattern that ASCII text encoded as
// UTF-16 leaves (zeros at odd offsets: LE, at even offsets: BE) means UTF-16; anything else is UTF-8.
struct DetectedEncoding {
  SourceEncoding encoding = SourceEncoding::utf8;
  std::size_t bom_size = 0;  // bytes to skip
};
DetectedEncoding detect_encoding(std::string_view bytes);

// The decoded text, or the first decoding error. Line ends are normalised: CRLF and a lone CR become LF, so line
// numbers agree whatever the file used.
struct DecodedSource {
  SourceEncoding encoding = SourceEncoding::utf8;
  std::u32string text;
  bool ok = true;
  std::string error;             // what was wrong, e.g. "invalid UTF-8 byte 0xFF"
  std::uint32_t error_line = 0;  // 1-based position of the error in the text decoded so far
  std::uint32_t error_column = 0;
};
DecodedSource decode_source(std::string_view bytes);

}  // namespace wmiport::mof::syntax
