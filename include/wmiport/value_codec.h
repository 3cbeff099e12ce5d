// Values of a block through its MOF class: decode instance data, method parameters and event data to JSON, and
// build instance data, items and method input from NAME=VALUE text. VALUE is read as JSON when it parses
// (42, true, "text", [1,2]) and as a plain string otherwise, then typed and range-checked by the class layout.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/byte_io.h"
#include "common/result.h"
#include "wmiport/schema_catalog.h"

namespace wmiport {

using PropertyAssignments = std::vector<std::pair<std::string, std::string>>;  // NAME, VALUE

// "NAME=VALUE" → pair; fails without '=' or with an empty name.
Result<std::pair<std::string, std::string>> parse_assignment(std::string_view text);

Result<nlohmann::ordered_json> decode_instance(const ClassRef& cls, Bytes data);
// The current instance data with some properties replaced.
Result<std::vector<std::uint8_t>> encode_instance(const ClassRef& cls, Bytes current,
                                                  const PropertyAssignments& assignments);
Result<std::vector<std::uint8_t>> encode_item(const ClassRef& cls, std::uint32_t item_id, std::string_view value);

// The method by WmiMethodId (decimal text) or by name.
Result<const mof::Method*> find_method(const ClassRef& cls, std::string_view id_or_name);
Result<std::vector<std::uint8_t>> encode_method_input(const ClassRef& cls, const mof::Method& method,
                                                      const PropertyAssignments& arguments);
Result<nlohmann::ordered_json> decode_method_output(const ClassRef& cls, const mof::Method& method, Bytes data);

}  // namespace wmiport
