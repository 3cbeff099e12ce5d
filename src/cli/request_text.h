// Request results for people: the list as an aligned table, instances as property lists in the manner of
// Get-CimInstance (Name : Value, names padded to one column), method output and events likewise.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace wmiport::cli {

// Each takes the JSON document the request prints with --json.
std::string list_text(const nlohmann::ordered_json& blocks);
std::string query_text(const nlohmann::ordered_json& reply);
std::string call_text(const nlohmann::ordered_json& reply);
std::string event_text(const nlohmann::ordered_json& event);
// A JSON object as "Name : Value" lines, names aligned, nested objects flattened to Outer.Inner and
// Outer[i].Inner, scalar arrays as {1, 2, 3} (cut after 8 items), 8-byte *WWN arrays as 20:00:...; each line
// starts with `indent`.
std::string properties_text(const nlohmann::ordered_json& object, std::string_view indent = {});
// One value as properties_text prints it (the name tells a WWN).
std::string value_text(const std::string& name, const nlohmann::ordered_json& value);

}  // namespace wmiport::cli
