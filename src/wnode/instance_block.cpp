#include "wnode/instance_block.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/utf16.h"
#include "wnode/checks.h"
#include "wnode/counted_string.h"
#include "wnode/size_math.h"
#include "wnode/wire_layout.h"

namespace wmiport::wnode::internal {

Result<std::uint32_t> encode_instance_block(const BlockShape& shape, const InstanceBlock& block, MutableBytes out) {
  const bool dynamic_names = block.instance_name.has_value();
  if (dynamic_names && (block.header.flags & flag::kPdoInstanceNames) != 0)
    return invalid("WNODE_FLAG_PDO_INSTANCE_NAMES is set but the instance has a dynamic name");
  std::uint32_t pos = shape.fixed_size;
  std::uint32_t name_at = 0;
  if (dynamic_names) {
    WMIPORT_ASSIGN_OR_RETURN(const std::uint32_t name_bytes,
                             counted_string_size(*block.instance_name, "instance_name"));
    name_at = pos;      // 64 or 72: USHORT-aligned
    pos += name_bytes;  // at most 72 + 0x10000: no overflow
  }
  WMIPORT_ASSIGN_OR_RETURN(const std::uint32_t data_block_offset, size_align(pos, kDataAlignment, "DataBlockOffset"));
  WMIPORT_ASSIGN_OR_RETURN(const std::uint32_t data_size, size_add(block.data.size(), 0, shape.size_field));
  WMIPORT_ASSIGN_OR_RETURN(const std::uint32_t total, size_add(data_block_offset, data_size, "BufferSize"));
  if (!begin_fill(out, total))
    return total;

  const std::uint32_t owned = flag::kStructureMask | flag::kStaticInstanceNames;
  const std::uint32_t set = shape.type_bit | (dynamic_names ? 0 : flag::kStaticInstanceNames);
  store_wnode_header(out, block.header, total, compose_flags(block.header.flags, owned, set));
  store_u32(out, shape.offset_instance_name, name_at);
  store_u32(out, shape.instance_index, block.instance_index);
  if (shape.id)
    store_u32(out, *shape.id, block.id);
  store_u32(out, shape.data_block_offset, data_block_offset);
  store_u32(out, shape.size_data, data_size);
  if (dynamic_names)
    store_counted_string(out, name_at, *block.instance_name);
  std::copy(block.data.begin(), block.data.end(), out.begin() + data_block_offset);
  return total;
}

Result<InstanceBlockSpan> check_instance_block(const BlockShape& shape, Bytes bytes) {
  WMIPORT_ASSIGN_OR_RETURN(const WnodeHeader h, parse_wnode_envelope(bytes, shape.fixed_size, shape.structure));
  WMIPORT_TRY(check_structure_flags(h.flags, shape.type_bit, shape.structure));
  WMIPORT_ASSIGN_OR_RETURN(const bool dynamic_names, dynamic_names_from_flags(h.flags));
  const std::uint32_t limit = h.buffer_size;
  // The structure's name is formatted only for an error message (this runs for every single-instance reply).
  const auto not_inside_fixed = [&shape](std::string_view field, std::uint32_t offset) {
    if (offset >= shape.fixed_size)
      return ok_status();
    return check_not_inside(field, offset, shape.fixed_size, fmt::format("the fixed {}", shape.structure));
  };

  InstanceBlockSpan block;
  block.header = h;
  block.instance_index = load_u32(bytes, shape.instance_index);
  if (shape.id)
    block.id = load_u32(bytes, *shape.id);
  const std::uint32_t data_block_offset = load_u32(bytes, shape.data_block_offset);
  const std::uint32_t data_size = load_u32(bytes, shape.size_data);
  WMIPORT_TRY(not_inside_fixed("DataBlockOffset", data_block_offset));
  WMIPORT_TRY(check_aligned("DataBlockOffset", data_block_offset, kDataAlignment));
  WMIPORT_TRY(check_within("DataBlockOffset", data_block_offset, 0, limit));
  WMIPORT_TRY(check_within(shape.size_field, data_block_offset, data_size, limit));

  if (dynamic_names) {
    const std::uint32_t name_at = load_u32(bytes, shape.offset_instance_name);
    WMIPORT_TRY(not_inside_fixed("OffsetInstanceName", name_at));
    WMIPORT_ASSIGN_OR_RETURN(block.instance_name, locate_counted_string(bytes, limit, name_at, "OffsetInstanceName"));
    // The data block may not reuse the name's bytes: a provider writing its reply would corrupt the name.
    const std::uint64_t name_end = name_at + 2 + std::uint64_t{load_u16(bytes, name_at)};
    if (data_size != 0 && name_at < std::uint64_t{data_block_offset} + data_size && data_block_offset < name_end)
      return invalid(
          fmt::format("OffsetInstanceName (0x{:X}..0x{:X}) overlaps the data block at DataBlockOffset "
                      "(0x{:X}..0x{:X})",
                      name_at, name_end, data_block_offset, std::uint64_t{data_block_offset} + data_size));
  }
  block.data_offset = data_block_offset;
  block.data_size = data_size;
  return block;
}

Result<InstanceBlock> parse_instance_block(const BlockShape& shape, Bytes bytes) {
  WMIPORT_ASSIGN_OR_RETURN(const InstanceBlockSpan span, check_instance_block(shape, bytes));
  InstanceBlock block;
  block.header = span.header;
  if (span.instance_name)
    block.instance_name = load_utf16le(bytes, span.instance_name->text_offset, span.instance_name->chars);
  block.instance_index = span.instance_index;
  block.id = span.id;
  const auto first = bytes.begin() + span.data_offset;
  block.data.assign(first, first + span.data_size);
  return block;
}

}  // namespace wmiport::wnode::internal
