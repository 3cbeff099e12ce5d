// Lower bounds on the bytes an item occupies, shared by the layout builder (BlockLayout::min_size) and the
// decoder (which refuses a count that the remaining bytes cannot hold before it allocates anything).
#pragma once

#include <cstdint>

#include "mof/layout/layout.h"

namespace wmiport::mof {

// The fewest bytes one element of the item can occupy: its fixed size, the USHORT count of a counted string, or
// the minimum size of a variable embedded class.
inline std::uint64_t min_element_size(const ItemLayout& item) {
  if (item.element_size)
    return *item.element_size;
  if (item.type.type == CimType::string)
    return 2;
  if (item.embedded)
    return item.embedded->min_size;
  return 0;
}

}  // namespace wmiport::mof
