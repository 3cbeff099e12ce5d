// Reads the decompressed binary-MOF tree (tree_format.h) into a mof::Schema. Every length, offset and count comes
// from untrusted bytes: each is checked against the enclosing record before use, and errors give the absolute
// offset and the field.
#pragma once

#include "common/byte_io.h"
#include "common/result.h"
#include "mof/schema/schema.h"

namespace wmiport::mof::bmf {

Result<Schema> read_tree(Bytes tree);

}  // namespace wmiport::mof::bmf
