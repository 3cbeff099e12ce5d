// A human-readable rendering of block layouts: where each byte of a WMI data block goes (`wmiport mof dump`).
#pragma once

#include <string>

#include "mof/layout/layout.h"

namespace wmiport::mof {

// "uint8[8]", "string MaxLen(64) slot", "MSFC_HBAPortAttributesResults", "uint8[ResponseBufferSize]" (a WmiSizeIs
// array names its count item of `block`).
std::string describe_item_type(const ItemLayout& item, const BlockLayout& block);

// One table of offset, size, alignment, id and type per item, embedded classes nested below their item (offsets
// relative to the embedded object), then the block's alignment, C sizeof and no-tail-padding _SIZE. `indent` is
// prepended to every line. Variable positions and sizes print as "var".
std::string render_block_layout(const BlockLayout& layout, const std::string& indent = "");

// Every WMI class of the schema: its data (or event) block and the input/output blocks of its methods. Classes
// that cannot be laid out show the error; `failures` counts them.
std::string render_schema_layouts(const Schema& schema, const LayoutOptions& options, int& failures);

}  // namespace wmiport::mof
