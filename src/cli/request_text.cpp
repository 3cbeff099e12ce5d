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

// hbaapi names its World Wide Names *WWN, *wwn, or FabricName.
bool ends_with_wwn(const std::string& name) {
  return name.ends_with("WWN") || name.ends_with("wwn") || name.ends_with("Wwn") || name == "FabricName";
}

// An array of scalars as Get-CimInstance prints it: {1, 2, 3}, long ones cut after kShownItems with "...". A World
// Wide Name (8 bytes, named *WWN or FabricName) reads as FC people write it, 20:00:00:00:c9:ab:cd:ef.
std::string array_text(const std::string& name, const Json& array) {
  constexpr std::size_t kShownItems = 8;
  const bool wwn = ends_with_wwn(name) && array.size() == 8 &&
                   std::ranges::all_of(array, [](const Json& b) { return b.is_number_unsigned() && b <= 255; });
  std::string out;
  for (std::size_t i = 0; i < array.size() && (wwn || i < kShownItems); ++i) {
    if (i > 0)
      out += wwn ? ":" : ", ";
    out += wwn ? fmt::format("{:02x}", array[i].get<unsigned>()) : scalar_text(array[i]);
  }
  if (wwn)
    return out;
  if (array.size() > kShownItems)
    out += fmt::format("... ({} items)", array.size());
  return "{" + out + "}";
}

// Nested objects flatten to "Outer.Inner" names and arrays of objects to "Outer[i].Inner", so that one column
// of names stays aligned however deep the class nests.
void add_rows(Rows& rows, const std::string& prefix, const Json& object) {
  for (const auto& [key, value] : object.items()) {
    const std::string name = prefix.empty() ? key : prefix + "." + key;
    const bool objects = value.is_array() && !value.empty() &&
                         std::ranges::all_of(value, [](const Json& item) { return item.is_object(); });
    if (value.is_object()) {
      add_rows(rows, name, value);
    } else if (objects) {
      for (std::size_t i = 0; i < value.size(); ++i)
        add_rows(rows, fmt::format("{}[{}]", name, i), value[i]);
    } else if (value.is_array()) {
      rows.emplace_back(name, array_text(key, value));
    } else {
      rows.emplace_back(name, scalar_text(value));
    }
  }
}

std::string rows_text(const Rows& rows, std::string_view indent = {}) {
  std::size_t width = 0;
  for (const auto& row : rows)
    width = std::max(width, row.first.size());
  std::string out;
  for (const auto& [name, value] : rows)
    out += fmt::format("{}{:<{}} : {}\n", indent, name, width, value);
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

std::string value_text(const std::string& name, const Json& value) {
  return value.is_array() ? array_text(name, value) : scalar_text(value);
}

std::string properties_text(const Json& object, std::string_view indent) {
  Rows rows;
  add_rows(rows, "", object);
  return rows_text(rows, indent);
}

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
