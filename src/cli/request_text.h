// Request results for people: the list as an aligned table, instances as property lists in the manner of
// Get-CimInstance (Name : Value, names padded to one column), method output and events likewise.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace wmiport::cli {

// Each takes the JSON document the request prints with --json.
std::string list_text(const nlohmann::ordered_json& blocks);
std::string query_text(const nlohmann::ordered_json& reply);
std::string call_text(const nlohmann::ordered_json& reply);
std::string event_text(const nlohmann::ordered_json& event);

}  // namespace wmiport::cli
