#include "mof/layout/data_value.h"

#include <cmath>

#include "mof/schema/schema.h"

namespace wmiport::mof {

const DataValue* DataObject::find(std::string_view name) const {
  for (const auto& field : fields) {
    if (equals_ignore_case(field.name, name))
      return &field.value;
  }
  return nullptr;
}

DataValue* DataObject::find(std::string_view name) {
  return const_cast<DataValue*>(static_cast<const DataObject*>(this)->find(name));
}

DataObject& DataObject::set(std::string_view name, DataValue value) {
  if (DataValue* existing = find(name))
    *existing = std::move(value);
  else
    fields.push_back({std::string(name), std::move(value)});
  return *this;
}

bool operator==(const DataObject& a, const DataObject& b) {
  return a.fields == b.fields;
}

bool operator==(const DataValue& a, const DataValue& b) {
  if (a.data.index() != b.data.index())
    return false;
  if (const double* x = a.as_real()) {
    const double y = *b.as_real();
    return *x == y || (std::isnan(*x) && std::isnan(y));
  }
  return a.data == b.data;
}

std::string_view kind_name(const DataValue& value) {
  static constexpr std::string_view kNames[] = {"bool",   "int64",    "uint64", "real",
                                                "string", "datetime", "array",  "object"};
  static_assert(std::size(kNames) == std::variant_size_v<DataValue::Storage>);
  return kNames[value.data.index()];
}

}  // namespace wmiport::mof
