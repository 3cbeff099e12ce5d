// Little-endian loads and stores at byte offsets, the only way the codecs touch wire bytes.
// Callers check bounds first (the parsers through their own range checks); these assert it in debug builds.
#pragma once

#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <type_traits>

namespace wmiport {

using Bytes = std::span<const std::uint8_t>;
using MutableBytes = std::span<std::uint8_t>;

// True when [offset, offset+length) lies inside a buffer of `size` bytes, computed without overflow.
constexpr bool range_fits(std::uint64_t offset, std::uint64_t length, std::uint64_t size) {
  return offset <= size && length <= size - offset;
}

template <typename T>
T load_le(Bytes bytes, std::size_t offset) {
  static_assert(std::is_integral_v<T>);
  assert(range_fits(offset, sizeof(T), bytes.size()));
  T value{};
  for (std::size_t i = 0; i < sizeof(T); ++i)
    value = static_cast<T>(value | (static_cast<std::make_unsigned_t<T>>(bytes[offset + i]) << (8 * i)));
  return value;
}

template <typename T>
void store_le(MutableBytes bytes, std::size_t offset, T value) {
  static_assert(std::is_integral_v<T>);
  assert(range_fits(offset, sizeof(T), bytes.size()));
  auto raw = static_cast<std::make_unsigned_t<T>>(value);
  for (std::size_t i = 0; i < sizeof(T); ++i)
    bytes[offset + i] = static_cast<std::uint8_t>(raw >> (8 * i));
}

inline std::uint16_t load_u16(Bytes b, std::size_t off) { return load_le<std::uint16_t>(b, off); }
inline std::uint32_t load_u32(Bytes b, std::size_t off) { return load_le<std::uint32_t>(b, off); }
inline std::uint64_t load_u64(Bytes b, std::size_t off) { return load_le<std::uint64_t>(b, off); }
inline void store_u16(MutableBytes b, std::size_t off, std::uint16_t v) { store_le(b, off, v); }
inline void store_u32(MutableBytes b, std::size_t off, std::uint32_t v) { store_le(b, off, v); }
inline void store_u64(MutableBytes b, std::size_t off, std::uint64_t v) { store_le(b, off, v); }

}  // namespace wmiport
