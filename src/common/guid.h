// A GUID as WMI carries it: 16 bytes, Data1..Data3 little-endian, Data4 as bytes.
#pragma once

#include <array>
#include <compare>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "common/byte_io.h"
#include "common/result.h"

namespace wmiport {

struct Guid {
  std::uint32_t data1 = 0;
  std::uint16_t data2 = 0;
  std::uint16_t data3 = 0;
  std::array<std::uint8_t, 8> data4{};

  static constexpr std::size_t kWireSize = 16;

  // Accepts "xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" with or without braces, any hex case.
  static Result<Guid> parse(std::string_view text);
  // Lower-case, braced: "{01234567-89ab-cdef-0123-456789abcdef}", the form MOF guid qualifiers use.
  std::string to_string() const;

  static Guid load(Bytes bytes, std::size_t offset);
  void store(MutableBytes bytes, std::size_t offset) const;

  friend auto operator<=>(const Guid&, const Guid&) = default;
};

}  // namespace wmiport

template <>
struct std::hash<wmiport::Guid> {
  std::size_t operator()(const wmiport::Guid& g) const noexcept {
    std::uint64_t h = (std::uint64_t{g.data1} << 32) ^ (std::uint64_t{g.data2} << 16) ^ g.data3;
    for (auto b : g.data4)
      h = h * 1099511628211ull ^ b;
    return static_cast<std::size_t>(h);
  }
};
