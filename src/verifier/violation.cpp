#include "verifier/violation.h"

#include <array>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace wmiport::verifier {

std::string minor_name(int minor) {
  static constexpr std::array<const char*, 12> kNames{"IRP_MN_QUERY_ALL_DATA",
                                                      "IRP_MN_QUERY_SINGLE_INSTANCE",
                                                      "IRP_MN_CHANGE_SINGLE_INSTANCE",
                                                      "IRP_MN_CHANGE_SINGLE_ITEM",
                                                      "IRP_MN_ENABLE_EVENTS",
                                                      "IRP_MN_DISABLE_EVENTS",
                                                      "IRP_MN_ENABLE_COLLECTION",
                                                      "IRP_MN_DISABLE_COLLECTION",
                                                      "IRP_MN_REGINFO",
                                                      "IRP_MN_EXECUTE_METHOD",
                                                      "",
                                                      "IRP_MN_REGINFO_EX"};
  if (minor < 0)
    return "";
  if (static_cast<std::size_t>(minor) < kNames.size() && kNames[static_cast<std::size_t>(minor)][0] != '\0')
    return kNames[static_cast<std::size_t>(minor)];
  return fmt::format("0x{:02X}", minor);
}

std::string to_text(const Violation& violation) {
  std::string where;
  if (violation.minor >= 0)
    where += minor_name(violation.minor);
  for (const std::string* part : {&violation.guid, &violation.request})
    if (!part->empty())
      where += (where.empty() ? "" : " ") + *part;
  std::string text = "wmiport verifier: " + violation.rule;
  if (!violation.driver.empty())
    text += " by " + violation.driver;
  if (!where.empty())
    text += " [" + where + "]";
  text += ": " + violation.message + "\n  rule: " + violation.requirement + "\n";
  return text;
}

std::string to_json(const Violation& violation) {
  auto optional_text = [](const std::string& text) { return text.empty() ? nlohmann::json() : nlohmann::json(text); };
  nlohmann::ordered_json object;
  object["rule"] = violation.rule;
  object["requirement"] = violation.requirement;
  object["message"] = violation.message;
  object["driver"] = optional_text(violation.driver);
  object["guid"] = optional_text(violation.guid);
  object["minor"] = violation.minor < 0 ? nlohmann::json() : nlohmann::json(violation.minor);
  object["minor_name"] = optional_text(minor_name(violation.minor));
  object["request"] = optional_text(violation.request);
  return object.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace wmiport::verifier
