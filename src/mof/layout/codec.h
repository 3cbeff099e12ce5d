// Decode WMI instance bytes into typed named values and encode them back (spec mof-and-layout §3).
//
// Decoding walks the BlockLayout dynamically: items after a counted string or a WmiSizeIs array are positioned
// from the data. Every read is bounds-checked against the bytes given, and an array count is checked against the
// bytes left before anything is allocated, so a hostile count cannot make the decoder read out of bounds or
// allocate more than the input justifies. Errors name the item path and the offsets:
//   "PerfInfo[1].BytesRead runs past the end of the data (offset 0x38 + 8 > 0x3c)".
// MaxLen strings are decoded by their USHORT count and trimmed at the first NUL, which reads both slot and
// compact encodings (§3.4). Bytes after the block are tolerated (drivers report sizeof).
//
// Encoding measures first and then fills a zeroed buffer of exactly that size (no tail padding on the block).
// It checks value kinds against item types, integer ranges, fixed array lengths, string lengths (MaxLen in slot
// layouts, the USHORT byte count everywhere) and datetime lengths. A WmiSizeIs count item may be omitted from
// the DataObject: the encoder then writes the array's length; when present it must equal that length.
// The string mode is the one the BlockLayout was built with (LayoutOptions).
#pragma once

#include <cstdint>
#include <vector>

#include "common/byte_io.h"
#include "common/result.h"
#include "mof/layout/data_value.h"
#include "mof/layout/layout.h"

namespace wmiport::mof {

struct DecodedBlock {
  DataObject object;
  std::uint32_t size = 0;  // bytes the block used, from its start to the end of its last item
};

// Decodes one block that starts at data[0]; trailing bytes are ignored.
Result<DataObject> decode_block(const BlockLayout& layout, Bytes data);
Result<DecodedBlock> decode_block_with_size(const BlockLayout& layout, Bytes data);

// Encodes one block: exactly the bytes from its start to the end of its last item.
Result<std::vector<std::uint8_t>> encode_block(const BlockLayout& layout, const DataObject& object);

// Conveniences that lay the class or method out first. Event data is the event class's block.
Result<DataObject> decode_class(const Schema& schema, const Class& cls, Bytes data, const LayoutOptions& options = {});
Result<std::vector<std::uint8_t>> encode_class(const Schema& schema, const Class& cls, const DataObject& object,
                                               const LayoutOptions& options = {});
Result<DataObject> decode_method_parameters(const Schema& schema, const Class& cls, const Method& method,
                                            Direction direction, Bytes data, const LayoutOptions& options = {});
Result<std::vector<std::uint8_t>> encode_method_parameters(const Schema& schema, const Class& cls, const Method& method,
                                                           Direction direction, const DataObject& object,
                                                           const LayoutOptions& options = {});

}  // namespace wmiport::mof
