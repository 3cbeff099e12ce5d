#include "cli/hex_text.h"

#include "common/hex.h"

#include <fmt/format.h>

namespace wmiport::cli {

std::string to_hex(Bytes bytes) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (const std::uint8_t byte : bytes) {
    out += kDigits[byte >> 4];
    out += kDigits[byte & 0xF];
  }
  return out;
}

Result<std::vector<std::uint8_t>> parse_hex(std::string_view text) {
  if (text.size() % 2 != 0)
    return Error(ntstatus::invalid_parameter, fmt::format("malformed HEX \"{}\": odd number of digits", text));
  std::vector<std::uint8_t> bytes(text.size() / 2);
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    const int high = hex_digit_value(text[2 * i]);
    const int low = hex_digit_value(text[2 * i + 1]);
    if (high < 0 || low < 0)
      return Error(ntstatus::invalid_parameter, fmt::format("malformed HEX \"{}\": not a hex digit", text));
    bytes[i] = static_cast<std::uint8_t>(high << 4 | low);
  }
  return bytes;
}

}  // namespace wmiport::cli
