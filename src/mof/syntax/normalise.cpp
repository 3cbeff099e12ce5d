#include "mof/syntax/normalise.h"

namespace wmiport::mof::syntax {

namespace {

Qualifier make_qualifier(std::string name, Value value, const SourceLocation& where) {
  Qualifier qualifier;
  qualifier.name = std::move(name);
  qualifier.value = std::move(value);
  qualifier.where = where;
  return qualifier;
}

bool fits_u32(std::int64_t value) {
  return value >= 0 && value <= 0xFFFFFFFFll;
}

}  // namespace

void normalise_property(Property& property) {
  if (!property.is_array)
    return;
  if (property.fixed_count) {
    if (!property.qualifiers.has("MAX"))
      property.qualifiers.set(
          make_qualifier("MAX", Value{static_cast<std::int64_t>(*property.fixed_count)}, property.where));
    return;
  }
  if (auto max = property.qualifiers.integer("MAX"); max && fits_u32(*max))
    property.fixed_count = static_cast<std::uint32_t>(*max);
}

void normalise_method(Method& method) {
  std::uint32_t position = 0;
  for (Property& parameter : method.parameters) {
    parameter.in = parameter.qualifiers.flag("in");
    parameter.out = parameter.qualifiers.flag("out");
    if (auto id = parameter.qualifiers.integer("ID"); id && fits_u32(*id)) {
      parameter.id = static_cast<std::uint32_t>(*id);
    } else {
      parameter.id = position;
      if (!parameter.qualifiers.has("ID"))
        parameter.qualifiers.set(make_qualifier("ID", Value{static_cast<std::int64_t>(position)}, parameter.where));
    }
    ++position;
  }
  if (method.returns_void)
    return;
  Property result;
  result.name = "ReturnValue";
  result.type = method.return_type;
  result.out = true;
  result.id = position;
  result.where = method.where;
  result.qualifiers.set(make_qualifier("out", Value{true}, method.where));
  method.parameters.push_back(std::move(result));
}

}  // namespace wmiport::mof::syntax
