// "Size, then fill": every encoder computes the exact byte size first with these overflow-checked steps (an
// overflow is an error naming the quantity), then writes only if the caller's span holds that size.
#pragma once

#include <algorithm>
#include <cassert>
#include <cstdint>
#include <string_view>
#include <vector>

#include <fmt/format.h>

#include "common/checked_math.h"
#include "common/result.h"

namespace wmiport::wnode {

inline Result<std::uint32_t> size_add(std::uint64_t a, std::uint64_t b, std::string_view what) {
  if (auto sum = checked_add(a, b))
    return *sum;
  return Error(ntstatus::invalid_parameter, fmt::format("{} overflows a ULONG (0x{:X} + 0x{:X})", what, a, b));
}

inline Result<std::uint32_t> size_mul(std::uint64_t a, std::uint64_t b, std::string_view what) {
  if (auto product = checked_mul(a, b))
    return *product;
  return Error(ntstatus::invalid_parameter, fmt::format("{} overflows a ULONG (0x{:X} * 0x{:X})", what, a, b));
}

inline Result<std::uint32_t> size_align(std::uint64_t value, std::uint32_t alignment, std::string_view what) {
  if (auto aligned = checked_align_up(value, alignment))
    return *aligned;
  return Error(ntstatus::invalid_parameter, fmt::format("{} overflows a ULONG when aligned to {}", what, alignment));
}

// Runs `encode(MutableBytes) -> Result<uint32_t>` once to learn the size and once to fill an exact buffer.
template <typename Encode>
Result<std::vector<std::uint8_t>> build_with(Encode&& encode) {
  WMIPORT_ASSIGN_OR_RETURN(const std::uint32_t size, encode(MutableBytes{}));
  std::vector<std::uint8_t> out(size);
  WMIPORT_ASSIGN_OR_RETURN(const std::uint32_t written, encode(MutableBytes{out}));
  assert(written == size);
  (void)written;
  return out;
}

// The common prologue of an encoder's fill pass: true when `out` can take `size` bytes, which are then zeroed
// so that padding is always zero whatever the caller's buffer held.
inline bool begin_fill(MutableBytes out, std::uint32_t size) {
  if (out.size() < size)
    return false;
  std::fill_n(out.begin(), size, std::uint8_t{0});
  return true;
}

}  // namespace wmiport::wnode
