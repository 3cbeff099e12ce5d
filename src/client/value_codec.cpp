#include "wmiport/value_codec.h"

#include <charconv>

#include <fmt/format.h>

#include "mof/layout/codec.h"
#include "mof/layout/json.h"
#include "mof/layout/layout.h"

namespace wmiport {

namespace {

nlohmann::ordered_json value_text_to_json(std::string_view text) {
  auto parsed = nlohmann::ordered_json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded())
    return nlohmann::ordered_json(std::string(text));
  return parsed;
}

// Replaces keys of `object` by the assignments, matching item names case-insensitively; unknown names fail.
Status apply_assignments(const mof::BlockLayout& layout, nlohmann::ordered_json& object,
                         const PropertyAssignments& assignments, std::string_view what) {
  for (const auto& [name, value] : assignments) {
    const mof::ItemLayout* item = nullptr;
    for (const auto& candidate : layout.items) {
      if (mof::equals_ignore_case(candidate.name, name))
        item = &candidate;
    }
    if (item == nullptr)
      return Error(ntstatus::invalid_parameter, fmt::format("unknown {} \"{}\"", what, name));
    object[item->name] = value_text_to_json(value);
  }
  return {};
}

}  // namespace

Result<std::pair<std::string, std::string>> parse_assignment(std::string_view text) {
  const auto equals = text.find('=');
  if (equals == std::string_view::npos || equals == 0)
    return Error(ntstatus::invalid_parameter, fmt::format("expected NAME=VALUE, got \"{}\"", text));
  return std::pair{std::string(text.substr(0, equals)), std::string(text.substr(equals + 1))};
}

Result<nlohmann::ordered_json> decode_instance(const ClassRef& cls, Bytes data) {
  WMIPORT_ASSIGN_OR_RETURN(const mof::DataObject object, mof::decode_class(*cls.schema, *cls.cls, data));
  return mof::to_json(object);
}

Result<std::vector<std::uint8_t>> encode_instance(const ClassRef& cls, Bytes current,
                                                  const PropertyAssignments& assignments) {
  WMIPORT_ASSIGN_OR_RETURN(const mof::BlockLayout layout, mof::layout_class(*cls.schema, *cls.cls));
  WMIPORT_ASSIGN_OR_RETURN(const mof::DataObject object, mof::decode_block(layout, current));
  nlohmann::ordered_json json = mof::to_json(object);
  WMIPORT_TRY(apply_assignments(layout, json, assignments, "property"));
  WMIPORT_ASSIGN_OR_RETURN(const mof::DataObject updated, mof::data_object_from_json(layout, json));
  return mof::encode_block(layout, updated);
}

Result<std::vector<std::uint8_t>> encode_item(const ClassRef& cls, std::uint32_t item_id, std::string_view value) {
  WMIPORT_ASSIGN_OR_RETURN(const mof::BlockLayout layout, mof::layout_class(*cls.schema, *cls.cls));
  WMIPORT_ASSIGN_OR_RETURN(const mof::ItemLayout* item, mof::single_item(layout, item_id));
  nlohmann::ordered_json json = nlohmann::ordered_json::object();
  json[item->name] = value_text_to_json(value);
  WMIPORT_ASSIGN_OR_RETURN(const mof::DataObject object, mof::data_object_from_json(layout, json));
  const mof::DataValue* typed = object.find(item->name);
  if (typed == nullptr)
    return Error(ntstatus::invalid_parameter, fmt::format("no value for item {}", item->name));
  return mof::encode_single_item(layout, item_id, *typed);
}

Result<const mof::Method*> find_method(const ClassRef& cls, std::string_view id_or_name) {
  std::uint32_t id = 0;
  const auto [end, error] = std::from_chars(id_or_name.data(), id_or_name.data() + id_or_name.size(), id);
  const bool numeric = error == std::errc() && end == id_or_name.data() + id_or_name.size();
  for (const auto& method : cls.cls->methods) {
    if (numeric ? method.method_id() == id : mof::equals_ignore_case(method.name, id_or_name))
      return &method;
  }
  return Error(ntstatus::invalid_parameter, fmt::format("class {} has no method \"{}\"", cls.cls->name, id_or_name));
}

Result<std::vector<std::uint8_t>> encode_method_input(const ClassRef& cls, const mof::Method& method,
                                                      const PropertyAssignments& arguments) {
  WMIPORT_ASSIGN_OR_RETURN(const mof::BlockLayout layout,
                           mof::layout_method_parameters(*cls.schema, *cls.cls, method, mof::Direction::in));
  nlohmann::ordered_json json = nlohmann::ordered_json::object();
  WMIPORT_TRY(apply_assignments(layout, json, arguments, "argument"));
  WMIPORT_ASSIGN_OR_RETURN(const mof::DataObject object, mof::data_object_from_json(layout, json));
  return mof::encode_block(layout, object);
}

Result<nlohmann::ordered_json> decode_method_output(const ClassRef& cls, const mof::Method& method, Bytes data) {
  WMIPORT_ASSIGN_OR_RETURN(const mof::DataObject object,
                           mof::decode_method_parameters(*cls.schema, *cls.cls, method, mof::Direction::out, data));
  return mof::to_json(object);
}

}  // namespace wmiport
