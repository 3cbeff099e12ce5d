// Text for people: an annotated hex dump of wire bytes and a readable rendering of a parsed WNODE.
// Used by `wmiport demo` (and later by the command's query output); pure functions returning strings.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/byte_io.h"
#include "common/result.h"
#include "wnode/all_data.h"
#include "wnode/wnode_header.h"

namespace wmiport::wnode {

// A labelled byte range of a dump.
struct Annotation {
  std::uint32_t offset = 0;
  std::uint32_t length = 0;
  std::string label;
};

// One row per annotation (long ranges wrap at 16 bytes per row); bytes no annotation covers are shown as
// "padding". Annotations must not overlap; they are sorted by offset here.
std::string annotated_hex_dump(Bytes bytes, std::vector<Annotation> annotations);

// Annotations for every field of a WNODE_ALL_DATA: header, arrays, names, instance data.
// Parses first: invalid bytes give the parser's error.
Result<std::vector<Annotation>> annotate_all_data(Bytes bytes);

// The header, one field per line, flags decoded by name.
std::string describe_header(const WnodeHeader& header);

// A WNODE_ALL_DATA readably: header, layout, and per instance its name, data offset, length and bytes.
Result<std::string> describe_all_data(Bytes bytes);

}  // namespace wmiport::wnode
