// The checks every parser shares, each producing the one message style callers and tests rely on:
//   "<Field> runs past BufferSize (0x120 > 0x100)", "<Field> (0x41) is not 8-byte aligned", ...
// Offsets and lengths are ULONGs from untrusted bytes; all sums are done in 64 bits so they cannot wrap.
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>

#include <fmt/format.h>

#include "common/result.h"

namespace wmiport::wnode {

inline Error invalid(std::string message) {
  return Error(ntstatus::invalid_parameter, std::move(message));
}

// [offset, offset+length) must end at or before `limit` (the WNODE's BufferSize).
inline Status check_within(std::string_view field, std::uint64_t offset, std::uint64_t length, std::uint32_t limit,
                           std::string_view limit_name = "BufferSize") {
  // Offsets can be 64-bit values from a ULONG_PTR union: never form offset + length before bounding offset.
  if (offset > limit)
    return invalid(fmt::format("{} runs past {} (0x{:X} > 0x{:X})", field, limit_name, offset, limit));
  if (length > limit - offset)
    return invalid(fmt::format("{} runs past {} (0x{:X} > 0x{:X})", field, limit_name, offset + length, limit));
  return ok_status();
}

inline Status check_aligned(std::string_view field, std::uint64_t value, std::uint32_t alignment) {
  if (value % alignment != 0) {
    return invalid(alignment == 2 ? fmt::format("{} (0x{:X}) is not USHORT-aligned", field, value)
                                  : fmt::format("{} (0x{:X}) is not {}-byte aligned", field, value, alignment));
  }
  return ok_status();
}

// Variable parts may not start inside the fixed part of their structure (e.g. DataBlockOffset 0x30 in a
// WNODE_ALL_DATA would make "instance data" out of the header itself).
inline Status check_not_inside(std::string_view field, std::uint64_t offset, std::uint32_t fixed_end,
                               std::string_view fixed_name) {
  if (offset < fixed_end)
    return invalid(
        fmt::format("{} (0x{:X}) lies inside {} (which ends at 0x{:X})", field, offset, fixed_name, fixed_end));
  return ok_status();
}

// The same checks with a field name formatted only when the check fails: a parser checks every entry of a
// WNODE_ALL_DATA, and formatting "OffsetInstanceDataAndLength[123]" up front cost more than the checks themselves
// (bench/BENCHMARKS.md). `field` is a callable returning the name.
template <typename F>
concept LazyFieldName = std::invocable<const F&> && std::convertible_to<std::invoke_result_t<const F&>, std::string>;

template <LazyFieldName F>
Status check_within(const F& field, std::uint64_t offset, std::uint64_t length, std::uint32_t limit,
                    std::string_view limit_name = "BufferSize") {
  if (offset <= limit && length <= limit - offset)
    return ok_status();
  return check_within(std::string_view(std::string(field())), offset, length, limit, limit_name);
}

template <LazyFieldName F>
Status check_aligned(const F& field, std::uint64_t value, std::uint32_t alignment) {
  if (value % alignment == 0)
    return ok_status();
  return check_aligned(std::string_view(std::string(field())), value, alignment);
}

template <LazyFieldName F>
Status check_not_inside(const F& field, std::uint64_t offset, std::uint32_t fixed_end, std::string_view fixed_name) {
  if (offset >= fixed_end)
    return ok_status();
  return check_not_inside(std::string_view(std::string(field())), offset, fixed_end, fixed_name);
}

}  // namespace wmiport::wnode
