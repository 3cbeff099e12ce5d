// Writes a mof::Schema as the decompressed binary-MOF tree (tree_format.h): the inverse of read_tree, used to
// produce test vectors and by `encode`. Classes come first, then instances, then amendment classes.
#pragma once

#include <cstdint>
#include <vector>

#include "common/result.h"
#include "mof/schema/schema.h"

namespace wmiport::mof::bmf {

Result<std::vector<std::uint8_t>> write_tree(const Schema& schema);

}  // namespace wmiport::mof::bmf
