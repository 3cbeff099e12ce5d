// Guard bytes (the verifier's write_outside_buffer rule): kGuardSize bytes of a known pattern right before and
// right after a buffer handed to a driver, checked when the driver is done with it. Used by PoolBuffer (a pool
// block with room for both guards) and by the consumer buffers a QUERY_ALL_DATA view lends to drivers
// (request_buffers.h).
#pragma once

#include <cstdint>
#include <optional>

namespace wmiport::wmi::guard {

inline constexpr std::uint32_t kGuardSize = 32;  // a multiple of 16: the data keeps the pool's alignment

// A pattern that varies with position, so that a driver copying guard bytes around is noticed too.
constexpr std::uint8_t guard_byte(std::uint32_t position) {
  return static_cast<std::uint8_t>(0xA5u ^ (position * 29u));
}

// Writes both guards around [data, data + size): data - kGuardSize and data + size must be writable.
inline void arm(std::uint8_t* data, std::uint32_t size) {
  std::uint8_t* before = data - kGuardSize;
  for (std::uint32_t k = 0; k < kGuardSize; ++k) {
    before[k] = guard_byte(k);
    data[size + k] = guard_byte(kGuardSize + k);
  }
}

// The first guard byte changed, as an offset from data (negative: before the buffer), or nullopt when intact.
inline std::optional<std::int64_t> damage(const std::uint8_t* data, std::uint32_t size) {
  const std::uint8_t* before = data - kGuardSize;
  for (std::uint32_t k = 0; k < kGuardSize; ++k)
    if (before[k] != guard_byte(k))
      return static_cast<std::int64_t>(k) - kGuardSize;
  for (std::uint32_t k = 0; k < kGuardSize; ++k)
    if (data[size + k] != guard_byte(kGuardSize + k))
      return static_cast<std::int64_t>(size) + k;
  return std::nullopt;
}

}  // namespace wmiport::wmi::guard
