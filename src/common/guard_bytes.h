// Guard bytes around a buffer handed to a driver (the verifier's write_outside_buffer rule): kGuardSize bytes of a
// position-dependent pattern before and after the data, inside the same allocation, checked after the driver is
// done with the buffer. Works in every build (no sanitizer needed) and catches a one-byte write past the end.
// Used by the WMI core's request buffers (wmi::PoolBuffer) and the SCSI port's SRB data buffers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace wmiport::guard_bytes {

inline constexpr std::size_t kGuardSize = 32;  // a multiple of 16: the data keeps its allocation's alignment

// A pattern that varies with position, so that a driver copying guard bytes around is noticed too.
constexpr std::uint8_t pattern(std::size_t position) {
  return static_cast<std::uint8_t>(0xA5u ^ (position * 29u));
}

// Writes both guards around `data` (`size` bytes), which has kGuardSize bytes of room on each side.
inline void fill(std::uint8_t* data, std::size_t size) {
  for (std::size_t k = 0; k < kGuardSize; ++k) {
    (data - kGuardSize)[k] = pattern(k);
    data[size + k] = pattern(kGuardSize + k);
  }
}

// The first guard byte changed, as an offset from `data` (negative: before it), or nullopt when both are intact.
inline std::optional<std::int64_t> damage(const std::uint8_t* data, std::size_t size) {
  for (std::size_t k = 0; k < kGuardSize; ++k)
    if ((data - kGuardSize)[k] != pattern(k))
      return static_cast<std::int64_t>(k) - static_cast<std::int64_t>(kGuardSize);
  for (std::size_t k = 0; k < kGuardSize; ++k)
    if (data[size + k] != pattern(kGuardSize + k))
      return static_cast<std::int64_t>(size + k);
  return std::nullopt;
}

}  // namespace wmiport::guard_bytes
