// Range checks of integer values against CIM integer types, shared by the encoder and the JSON reader so both
// reject an out-of-range value with the same words.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "mof/layout/data_value.h"
#include "mof/schema/schema.h"

namespace wmiport::mof {

// The value as the item's raw unsigned bits (two's complement for signed types), or nullopt with `why` set when
// the value is not an integer or does not fit the type. char16 is treated as uint16.
std::optional<std::uint64_t> integer_bits(CimType type, const DataValue& value, std::string& why);

}  // namespace wmiport::mof
