#include "wnode/counted_string.h"

#include <limits>

#include <fmt/format.h>

#include "common/utf16.h"
#include "wnode/checks.h"
#include "wnode/wire_layout.h"

namespace wmiport::wnode {

Result<std::uint32_t> counted_string_size(std::u16string_view text, std::string_view field) {
  if (text.find(u'\0') != std::u16string_view::npos)
    return invalid(fmt::format("{} contains a NUL character", field));
  if (text.size() > std::numeric_limits<std::uint16_t>::max() / 2)
    return invalid(fmt::format("{} is too long for a counted string ({} characters > {})", field, text.size(),
                               std::numeric_limits<std::uint16_t>::max() / 2));
  return static_cast<std::uint32_t>(2 + 2 * text.size());
}

void store_counted_string(MutableBytes out, std::size_t offset, std::u16string_view text) {
  store_u16(out, offset, static_cast<std::uint16_t>(2 * text.size()));
  store_utf16le(out, offset + 2, text);
}

Result<CountedStringSpan> locate_counted_string(Bytes bytes, std::uint32_t limit, std::uint64_t offset,
                                                std::string_view field) {
  WMIPORT_TRY(check_aligned(field, offset, kNameAlignment));
  WMIPORT_TRY(check_within([field] { return fmt::format("{} (length prefix)", field); }, offset, 2, limit));
  const std::uint16_t byte_count = load_u16(bytes, offset);
  if (byte_count % 2 != 0)
    return invalid(fmt::format("{} has an odd byte count ({}) for UTF-16", field, byte_count));
  WMIPORT_TRY(check_within(field, offset + 2, byte_count, limit));
  std::uint32_t chars = byte_count / 2;
  if (chars != 0 && load_u16(bytes, offset + 2 * chars) == 0)
    --chars;  // the tolerated trailing NUL
  for (std::uint32_t i = 0; i < chars; ++i)
    if (load_u16(bytes, offset + 2 + 2 * std::uint64_t{i}) == 0)
      return invalid(fmt::format("{} contains a NUL character before its end (at character {})", field, i));
  return CountedStringSpan{offset + 2, chars};
}

Result<std::u16string> load_counted_string(Bytes bytes, std::uint32_t limit, std::uint64_t offset,
                                           std::string_view field) {
  WMIPORT_ASSIGN_OR_RETURN(const CountedStringSpan text, locate_counted_string(bytes, limit, offset, field));
  return load_utf16le(bytes, text.text_offset, text.chars);
}

}  // namespace wmiport::wnode
