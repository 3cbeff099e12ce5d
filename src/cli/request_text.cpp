#include "cli/request_text.h"

#include <algorithm>
#include <array>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

namespace wmiport::cli {

namespace {

using Json = nlohmann::ordered_json;
using Rows = std::vector<std::pair<std::string, std::string>>;

std::string scalar_text(const Json& value) {
  if (value.is_string())
    return value.get<std::string>();
  return value.dump();
}

// Nested objects flatten to "Outer.Inner" names so that one column of names stays aligned.
void add_rows(Rows& rows, const std::string& prefix, const Json& object) {
  for (const auto& [key, value] : object.items()) {
    const std::string name = prefix.empty() ? key : prefix + "." + key;
    if (value.is_object())
      add_rows(rows, name, value);
    else
      rows.emplace_back(name, scalar_text(value));
  }
}

std::string rows_text(const Rows& rows) {
  std::size_t width = 0;
  for (const auto& row : rows)
    width = std::max(width, row.first.size());
  std::string out;
  for (const auto& [name, value] : rows)
    out += fmt::format("{:<{}} : {}\n", name, width, value);
  return out;
}

std::string join(const Json& array) {
  std::string out;
  for (const auto& item : array) {
    if (!out.empty())
      out += ", ";
    out += scalar_text(item);
  }
  return out;
}

}  // namespace

std::string list_text(const Json& blocks) {
  std::vector<std::array<std::string, 4>> table{{"GUID", "Class", "Flags", "Instances"}};
  for (const auto& block : blocks) {
    table.push_back({block["guid"].get<std::string>(),
                     block["class"].is_null() ? std::string("-") : block["class"].get<std::string>(),
                     block["flags"].empty() ? std::string("-") : join(block["flags"]), join(block["instances"])});
  }
  std::array<std::size_t, 3> widths{};
  for (const auto& row : table) {
    for (std::size_t i = 0; i < widths.size(); ++i)
      widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const auto& row : table)
    out += fmt::format("{:<{}}  {:<{}}  {:<{}}  {}\n", row[0], widths[0], row[1], widths[1], row[2], widths[2], row[3]);
  return out;
}

std::string query_text(const Json& reply) {
  std::string out;
  for (const auto& instance : reply["instances"]) {
    Rows rows{{"InstanceName", instance["name"].get<std::string>()}};
    if (instance["properties"].is_object())
      add_rows(rows, "", instance["properties"]);
    else
      rows.emplace_back("Data", instance["data"].get<std::string>());
    // Appended in two steps: GCC 12 -O3 misreports `"\n" + std::string&&` as an overlapping memcpy (-Wrestrict).
    out += '\n';
    out += rows_text(rows);
  }
  if (out.empty())
    out = fmt::format("no instances of {}\n", reply["guid"].get<std::string>());
  return out;
}

std::string call_text(const Json& reply) {
  Rows rows;
  if (reply["properties"].is_object())
    add_rows(rows, "", reply["properties"]);
  rows.emplace_back("Out", reply["out"].get<std::string>());
  return rows_text(rows);
}

std::string event_text(const Json& event) {
  Rows rows{{"Guid", event["guid"].get<std::string>()}, {"InstanceName", event["instance"].get<std::string>()}};
  if (event["properties"].is_object())
    add_rows(rows, "", event["properties"]);
  rows.emplace_back("Data", event["data"].get<std::string>());
  rows.emplace_back("Lost", event["lost"].dump());
  std::string text = "\n";
  text += rows_text(rows);
  return text;
}

}  // namespace wmiport::cli
