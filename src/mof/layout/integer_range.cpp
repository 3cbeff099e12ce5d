#include "mof/layout/integer_range.h"

#include <limits>

#include <fmt/format.h>

#include "mof/layout/layout.h"

namespace wmiport::mof {

namespace {

struct Range {
  std::int64_t min_signed = 0;  // for signed types
  std::uint64_t max_unsigned = 0;
};

Range range_of(CimType type) {
  const std::uint32_t bits = 8 * scalar_size(type);
  if (is_signed_integer_type(type)) {
    const std::uint64_t max = (std::uint64_t{1} << (bits - 1)) - 1;
    return {-static_cast<std::int64_t>(max) - 1, max};
  }
  return {0, bits == 64 ? std::numeric_limits<std::uint64_t>::max() : (std::uint64_t{1} << bits) - 1};
}

}  // namespace

std::optional<std::uint64_t> integer_bits(CimType type, const DataValue& value, std::string& why) {
  const CimType as = type == CimType::char16 ? CimType::uint16 : type;
  const Range range = range_of(as);
  if (const std::int64_t* s = value.as_int()) {
    if (*s < range.min_signed || (*s > 0 && static_cast<std::uint64_t>(*s) > range.max_unsigned)) {
      why = fmt::format("{} is out of range for {}", *s, to_string(type));
      return std::nullopt;
    }
    return static_cast<std::uint64_t>(*s);
  }
  if (const std::uint64_t* u = value.as_uint()) {
    if (*u > range.max_unsigned) {
      why = fmt::format("{} is out of range for {}", *u, to_string(type));
      return std::nullopt;
    }
    return *u;
  }
  why = fmt::format("expected an integer for {}, got {}", to_string(type), kind_name(value));
  return std::nullopt;
}

}  // namespace wmiport::mof
