// Sizes and alignments of the CIM scalar types (spec mof-and-layout §3.2) and small layout helpers.
#include "common/checked_math.h"
#include "mof/layout/layout.h"

namespace wmiport::mof {

std::uint32_t scalar_size(CimType type) {
  switch (type) {
    case CimType::boolean:
    case CimType::sint8:
    case CimType::uint8:
      return 1;
    case CimType::sint16:
    case CimType::uint16:
    case CimType::char16:
      return 2;
    case CimType::sint32:
    case CimType::uint32:
    case CimType::real32:
      return 4;
    case CimType::sint64:
    case CimType::uint64:
    case CimType::real64:
      return 8;
    case CimType::datetime:
      return 2 * kDatetimeChars;
    case CimType::string:
    case CimType::object:
    case CimType::reference:
      return 0;  // not fixed: the caller handles these
  }
  return 0;
}

std::uint32_t scalar_alignment(CimType type) {
  switch (type) {
    case CimType::string:
    case CimType::datetime:
      return 2;
    case CimType::object:
    case CimType::reference:
      return 1;  // embedded classes take their members' alignment
    default:
      return scalar_size(type);
  }
}

bool is_signed_integer_type(CimType type) {
  return type == CimType::sint8 || type == CimType::sint16 || type == CimType::sint32 || type == CimType::sint64;
}

std::optional<std::uint32_t> fixed_instance_stride(std::uint32_t fixed_instance_size) {
  return checked_align_up(fixed_instance_size, 8);
}

const ItemLayout* BlockLayout::find(std::string_view item_name) const {
  for (const auto& item : items) {
    if (equals_ignore_case(item.name, item_name))
      return &item;
  }
  return nullptr;
}

}  // namespace wmiport::mof
