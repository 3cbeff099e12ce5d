// Overflow-checked size arithmetic for wire formats whose sizes are 32-bit (ULONG) on Windows.
// Every size a builder computes goes through these, so a huge count cannot wrap into a small allocation.
#pragma once

#include <cstdint>
#include <limits>
#include <optional>

namespace wmiport {

// a + b as a ULONG, or nullopt when it does not fit in 32 bits.
constexpr std::optional<std::uint32_t> checked_add(std::uint64_t a, std::uint64_t b) {
  const std::uint64_t sum = a + b;
  if (a > std::numeric_limits<std::uint32_t>::max() || b > std::numeric_limits<std::uint32_t>::max() ||
      sum > std::numeric_limits<std::uint32_t>::max())
    return std::nullopt;
  return static_cast<std::uint32_t>(sum);
}

// a * b as a ULONG, or nullopt when it does not fit in 32 bits.
constexpr std::optional<std::uint32_t> checked_mul(std::uint64_t a, std::uint64_t b) {
  if (a > std::numeric_limits<std::uint32_t>::max() || b > std::numeric_limits<std::uint32_t>::max())
    return std::nullopt;
  const std::uint64_t product = a * b;  // both below 2^32: cannot overflow 64 bits
  if (product > std::numeric_limits<std::uint32_t>::max())
    return std::nullopt;
  return static_cast<std::uint32_t>(product);
}

// value rounded up to a multiple of alignment (a power of two), or nullopt when that leaves 32 bits.
constexpr std::optional<std::uint32_t> checked_align_up(std::uint64_t value, std::uint32_t alignment) {
  const std::uint64_t mask = alignment - 1u;
  const std::uint64_t aligned = (value + mask) & ~mask;
  if (value > std::numeric_limits<std::uint32_t>::max() || aligned > std::numeric_limits<std::uint32_t>::max())
    return std::nullopt;
  return static_cast<std::uint32_t>(aligned);
}

constexpr bool is_aligned(std::uint64_t value, std::uint32_t alignment) { return (value & (alignment - 1u)) == 0; }

}  // namespace wmiport
