#include "mof/layout/json.h"

#include <fmt/format.h>

#include "mof/layout/integer_range.h"
#include "mof/layout/item_path.h"

namespace wmiport::mof {

using Json = nlohmann::ordered_json;

Json to_json(const DataValue& value) {
  return std::visit(
      [](const auto& v) -> Json {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, DateTime>) {
          return v.text;
        } else if constexpr (std::is_same_v<T, DataArray>) {
          Json array = Json::array();
          for (const auto& element : v)
            array.push_back(to_json(element));
          return array;
        } else if constexpr (std::is_same_v<T, DataObject>) {
          return to_json(v);
        } else {
          return v;
        }
      },
      value.data);
}

Json to_json(const DataObject& object) {
  Json json = Json::object();
  for (const auto& field : object.fields)
    json[field.name] = to_json(field.value);
  return json;
}

namespace {

std::string_view json_kind(const Json& json) {
  switch (json.type()) {
    case Json::value_t::null:
      return "null";
    case Json::value_t::object:
      return "object";
    case Json::value_t::array:
      return "array";
    case Json::value_t::string:
      return "string";
    case Json::value_t::boolean:
      return "boolean";
    case Json::value_t::number_integer:
    case Json::value_t::number_unsigned:
      return "integer";
    case Json::value_t::number_float:
      return "real number";
    default:
      return "value";
  }
}

Error json_error(const ItemPath& path, std::string_view what) {
  return Error(ntstatus::invalid_parameter, fmt::format("{}: {}", path.to_string(), what));
}

Result<DataObject> object_from_json(const BlockLayout& layout, const Json& json, const ItemPath& path);

Result<DataValue> element_from_json(const ItemLayout& item, const Json& json, const ItemPath& path) {
  const CimType type = item.type.type;
  switch (type) {
    case CimType::boolean:
      if (!json.is_boolean())
        return json_error(path, fmt::format("expected a boolean, got {}", json_kind(json)));
      return DataValue(json.get<bool>());
    case CimType::real32:
    case CimType::real64:
      if (!json.is_number())
        return json_error(path, fmt::format("expected a number, got {}", json_kind(json)));
      return DataValue(json.get<double>());
    case CimType::string:
      if (!json.is_string())
        return json_error(path, fmt::format("expected a string, got {}", json_kind(json)));
      return DataValue(json.get<std::string>());
    case CimType::datetime:
      if (!json.is_string())
        return json_error(path, fmt::format("expected a datetime string, got {}", json_kind(json)));
      return DataValue(DateTime{json.get<std::string>()});
    case CimType::object: {
      WMIPORT_ASSIGN_OR_RETURN(DataObject object, object_from_json(*item.embedded, json, path));
      return DataValue(std::move(object));
    }
    default:
      break;
  }
  DataValue number;
  if (json.is_number_unsigned())
    number = DataValue(json.get<std::uint64_t>());
  else if (json.is_number_integer())
    number = DataValue(json.get<std::int64_t>());
  else
    return json_error(path, fmt::format("expected an integer for {}, got {}", to_string(type), json_kind(json)));
  std::string why;
  if (!integer_bits(type, number, why))
    return json_error(path, why);
  // The alternative the decoder produces: int64 for signed types, uint64 for unsigned ones and char16. The range
  // check above makes both conversions exact.
  if (is_signed_integer_type(type))
    return number.as_uint() ? DataValue(static_cast<std::int64_t>(*number.as_uint())) : number;
  return number.as_int() ? DataValue(static_cast<std::uint64_t>(*number.as_int())) : number;
}

Result<DataValue> item_from_json(const ItemLayout& item, const Json& json, const ItemPath& path) {
  if (item.array == ArrayKind::none)
    return element_from_json(item, json, path);
  if (!json.is_array())
    return json_error(path, fmt::format("expected an array, got {}", json_kind(json)));
  DataArray elements;
  elements.reserve(json.size());
  for (std::size_t i = 0; i < json.size(); ++i) {
    WMIPORT_ASSIGN_OR_RETURN(DataValue element, element_from_json(item, json[i], path.element(i)));
    elements.push_back(std::move(element));
  }
  return DataValue(std::move(elements));
}

Result<DataObject> object_from_json(const BlockLayout& layout, const Json& json, const ItemPath& path) {
  if (!json.is_object())
    return json_error(path, fmt::format("expected an object ({}), got {}", layout.name, json_kind(json)));
  for (const auto& [key, unused] : json.items()) {
    if (!layout.find(key))
      return json_error(path.item(key), fmt::format("{} has no data item of this name", layout.name));
  }
  DataObject object;
  for (const auto& item : layout.items) {
    const ItemPath item_path = path.item(item.name);
    // Keys match item names case-insensitively, like every MOF name.
    auto found = std::find_if(json.items().begin(), json.items().end(),
                              [&](const auto& entry) { return equals_ignore_case(entry.key(), item.name); });
    if (found == json.items().end())
      continue;
    WMIPORT_ASSIGN_OR_RETURN(DataValue value, item_from_json(item, found.value(), item_path));
    object.fields.push_back({item.name, std::move(value)});
  }
  return object;
}

}  // namespace

Result<DataObject> data_object_from_json(const BlockLayout& layout, const Json& json) {
  return object_from_json(layout, json, ItemPath{});
}

}  // namespace wmiport::mof
