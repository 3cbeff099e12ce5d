#include "mof/header/c_member.h"

#include <fmt/format.h>

namespace wmiport::mof::header_detail {

namespace {

// The C type of one element; empty for strings, whose spelling depends on MaxLen and -u.
std::string element_type(const Schema& schema, const TypeRef& type) {
  switch (type.type) {
    case CimType::boolean:
      return "BOOLEAN";
    case CimType::sint8:
      return "CHAR";
    case CimType::uint8:
      return "UCHAR";
    case CimType::sint16:
      return "SHORT";
    case CimType::uint16:
      return "USHORT";
    case CimType::sint32:
      return "LONG";
    case CimType::uint32:
      return "ULONG";
    case CimType::sint64:
      return "LONGLONG";
    case CimType::uint64:
      return "ULONGLONG";
    case CimType::real32:
      return "FLOAT";  // UNCONFIRMED spelling (docs/decisions.md)
    case CimType::real64:
      return "DOUBLE";  // UNCONFIRMED spelling
    case CimType::char16:
      return "WCHAR";  // UNCONFIRMED spelling
    case CimType::datetime:
      return "WCHAR";
    case CimType::object:
    case CimType::reference: {
      const Class* embedded = schema.find_class(type.class_name);
      return embedded ? struct_name(*embedded) : type.class_name;
    }
    case CimType::string:
      return {};
  }
  return {};
}

}  // namespace

std::string struct_name(const Class& cls) {
  auto header_name = cls.qualifiers.string("HeaderName");
  return header_name && !header_name->empty() ? *header_name : cls.name;
}

CMember c_member(const Schema& schema, const Property& item, bool maxlen_strings) {
  CMember m;
  m.member_name = item.name;
  const bool sized_array = item.is_array && item.size_is().has_value();
  const bool fixed_array = item.is_array && !sized_array && item.fixed_count.has_value();
  if (item.type.type == CimType::string) {
    const auto max_len = item.max_len();
    if (item.is_array) {  // counted strings one after the other: never a fixed C shape
      m.declaration = fmt::format("WCHAR {}[1];", item.name);
      m.variable = true;
    } else if (max_len && maxlen_strings) {
      m.declaration = fmt::format("WCHAR {}[{} + 1];", item.name, *max_len);
    } else {
      m.member_name = "VariableData";
      m.declaration = "CHAR VariableData[1];";
      m.variable = true;
    }
    return m;
  }
  const std::string type = element_type(schema, item.type);
  // A datetime is 25 WCHARs; an array of them gains an outer dimension.
  const std::string inner = item.type.type == CimType::datetime ? "[25]" : "";
  if (sized_array || (item.is_array && !fixed_array)) {
    m.declaration = fmt::format("{} {}[1]{};", type, item.name, inner);
    m.variable = true;
  } else if (fixed_array) {
    m.declaration = fmt::format("{} {}[{}]{};", type, item.name, *item.fixed_count, inner);
    m.size = fmt::format("sizeof({}[{}]{})", type, *item.fixed_count, inner);
  } else {
    m.declaration = fmt::format("{} {}{};", type, item.name, inner);
    m.size = fmt::format("sizeof({}{})", type, inner);
  }
  return m;
}

}  // namespace wmiport::mof::header_detail
