// How one data item or method parameter is spelled as a C struct member (spec mof-and-layout §4.2 table).
#pragma once

#include <optional>
#include <string>

#include "mof/schema/schema.h"

namespace wmiport::mof::header_detail {

struct CMember {
  std::string declaration;          // "ULONG Count;", "WCHAR Name[64 + 1];", "CHAR VariableData[1];"
  std::optional<std::string> size;  // "sizeof(ULONG)" for fixed-size members, nullopt otherwise
  bool variable = false;            // its size depends on the data: members after it are commented out
  std::string member_name;          // the C member name (the property name, or VariableData)
};

// `schema` resolves embedded classes to their HeaderName.
CMember c_member(const Schema& schema, const Property& item, bool maxlen_strings);

// The C name of a class's struct: its HeaderName, or its own name.
std::string struct_name(const Class& cls);

}  // namespace wmiport::mof::header_detail
