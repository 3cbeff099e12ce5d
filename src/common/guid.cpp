#include "common/guid.h"

#include "common/hex.h"

#include <fmt/format.h>

namespace wmiport {

Result<Guid> Guid::parse(std::string_view text) {
  const std::string original(text);
  if (text.size() == 38 && text.front() == '{' && text.back() == '}')
    text = text.substr(1, 36);
  if (text.size() != 36 || text[8] != '-' || text[13] != '-' || text[18] != '-' || text[23] != '-')
    return Error(ntstatus::invalid_parameter,
                 fmt::format("'{}' is not a GUID (expected xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)", original));
  std::array<std::uint8_t, 16> raw{};
  std::size_t n = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '-')
      continue;
    const int hi = hex_digit_value(text[i]);
    const int lo = i + 1 < text.size() ? hex_digit_value(text[i + 1]) : -1;
    if (hi < 0 || lo < 0)
      return Error(ntstatus::invalid_parameter, fmt::format("'{}' is not a GUID (bad hex digit)", original));
    raw[n++] = static_cast<std::uint8_t>(hi * 16 + lo);
    ++i;
  }
  Guid g;
  g.data1 = (std::uint32_t{raw[0]} << 24) | (std::uint32_t{raw[1]} << 16) | (std::uint32_t{raw[2]} << 8) | raw[3];
  g.data2 = static_cast<std::uint16_t>((raw[4] << 8) | raw[5]);
  g.data3 = static_cast<std::uint16_t>((raw[6] << 8) | raw[7]);
  for (std::size_t i = 0; i < 8; ++i)
    g.data4[i] = raw[8 + i];
  return g;
}

std::string Guid::to_string() const {
  return fmt::format("{{{:08x}-{:04x}-{:04x}-{:02x}{:02x}-{:02x}{:02x}{:02x}{:02x}{:02x}{:02x}}}", data1, data2, data3,
                     data4[0], data4[1], data4[2], data4[3], data4[4], data4[5], data4[6], data4[7]);
}

Guid Guid::load(Bytes bytes, std::size_t offset) {
  Guid g;
  g.data1 = load_u32(bytes, offset);
  g.data2 = load_u16(bytes, offset + 4);
  g.data3 = load_u16(bytes, offset + 6);
  for (std::size_t i = 0; i < 8; ++i)
    g.data4[i] = bytes[offset + 8 + i];
  return g;
}

void Guid::store(MutableBytes bytes, std::size_t offset) const {
  store_u32(bytes, offset, data1);
  store_u16(bytes, offset + 4, data2);
  store_u16(bytes, offset + 6, data3);
  for (std::size_t i = 0; i < 8; ++i)
    bytes[offset + 8 + i] = data4[i];
}

}  // namespace wmiport
