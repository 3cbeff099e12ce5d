// Typed values inside the binary-MOF tree: qualifier values (typed by VARTYPE), property defaults and system
// property values (typed by CIM type), and the mapping between CIM type codes and mof::CimType.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "common/byte_io.h"
#include "common/result.h"
#include "mof/schema/schema.h"

namespace wmiport::mof::bmf {

// Reads a value of type code `type` that fills [offset, end) of `data` (trailing bytes are tolerated).
// `field` names the value in errors, which also give the absolute offset.
Result<Value> read_value(Bytes data, std::size_t offset, std::size_t end, std::uint32_t type, std::string_view field);

// Appends `value` encoded as type code `type`; an error when the value does not fit the type.
Status write_value(std::vector<std::uint8_t>& out, const Value& value, std::uint32_t type, std::string_view field);

// The VARTYPE a qualifier (or instance property) value is stored as: bool 0x0B, integers 0x03 (0x14 outside the
// sint32 range), reals 0x05, strings 0x08, null 0x01, arrays 0x2000 | element type.
Result<std::uint32_t> vartype_of(const Value& value, std::string_view field);

std::uint32_t cim_type_code(CimType type);
Result<CimType> cim_type_from_code(std::uint32_t code, std::size_t offset);

}  // namespace wmiport::mof::bmf
