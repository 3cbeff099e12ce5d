// Counted strings: a USHORT byte count followed by that many bytes of UTF-16LE, no terminator (spec §5.3, §4.4).
// This is how dynamic instance names and every registration string travel.
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/byte_io.h"
#include "common/result.h"

namespace wmiport::wnode {

// Bytes the counted string occupies (2 + 2*length). Producers count without a NUL; a name that contains NUL,
// or that needs more than 0xFFFF bytes, cannot be represented and is an error naming `field`.
Result<std::uint32_t> counted_string_size(std::u16string_view text, std::string_view field);

// The same with the field name formatted only on error (a callable returning it): called for every instance name.
template <typename F>
requires std::invocable<const F&> Result<std::uint32_t> counted_string_size(std::u16string_view text, const F& field) {
  if (text.find(u'\0') == std::u16string_view::npos && text.size() <= 0xFFFFu / 2)
    return static_cast<std::uint32_t>(2 + 2 * text.size());
  return counted_string_size(text, std::string_view(std::string(field())));
}

// Writes the counted string at offset (the caller sized the buffer with counted_string_size).
void store_counted_string(MutableBytes out, std::size_t offset, std::u16string_view text);

// Reads the counted string at `offset` of a structure whose bytes end at `limit` (its BufferSize; `bytes` is
// at least that long). Checks USHORT alignment, that the count and the text fit, and that the count is even.
// Tolerates one trailing NUL (some producers count it, spec §5.3) and strips it; any other NUL is rejected so
// that a parsed name always rebuilds to the same bytes.
Result<std::u16string> load_counted_string(Bytes bytes, std::uint32_t limit, std::uint64_t offset,
                                           std::string_view field);

// Where a counted string's text lies, checked exactly as load_counted_string checks it, without copying it:
// read in place by the WNODE_ALL_DATA view (wnode/all_data_view.h) for every instance name.
struct CountedStringSpan {
  std::uint64_t text_offset = 0;  // the first UTF-16 code unit (offset + 2)
  std::uint32_t chars = 0;        // code units, a tolerated trailing NUL excluded
};
Result<CountedStringSpan> locate_counted_string(Bytes bytes, std::uint32_t limit, std::uint64_t offset,
                                                std::string_view field);

// The same with the field name formatted only on error (a callable returning it).
template <typename F>
requires std::invocable<const F&> Result<CountedStringSpan> locate_counted_string(Bytes bytes, std::uint32_t limit,
                                                                                  std::uint64_t offset, const F& field) {
  if (offset % 2 == 0 && range_fits(offset, 2, limit)) {
    const std::uint16_t byte_count = load_u16(bytes, offset);
    if (byte_count % 2 == 0 && range_fits(offset + 2, byte_count, limit)) {
      std::uint32_t chars = byte_count / 2;
      if (chars != 0 && load_u16(bytes, offset + 2 * chars) == 0)
        --chars;  // the tolerated trailing NUL
      bool clean = true;
      for (std::uint32_t i = 0; i < chars; ++i)
        clean = clean && load_u16(bytes, offset + 2 + 2 * std::uint64_t{i}) != 0;
      if (clean)
        return CountedStringSpan{offset + 2, chars};
    }
  }
  return locate_counted_string(bytes, limit, offset, std::string_view(std::string(field())));
}

}  // namespace wmiport::wnode
