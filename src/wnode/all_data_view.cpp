#include "wnode/all_data_view.h"

#include <algorithm>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "wnode/all_data.h"
#include "wnode/checks.h"

namespace wmiport::wnode {

namespace {

struct Extent {
  std::uint64_t offset;
  std::uint32_t length;
};

Extent entry_of(Bytes bytes, std::uint32_t k) {
  const std::size_t entry = all_data::kOffsetInstanceDataAndLength + std::size_t{k} * all_data::kEntrySize;
  return {load_u32(bytes, entry + all_data::kEntryOffsetInstanceData),
          load_u32(bytes, entry + all_data::kEntryLengthInstanceData)};
}

// Variable-size instances may come in any order but must not share bytes. Sorted by start, disjoint neighbours
// imply all are disjoint (ends then increase too). Only called when the entries are not already in increasing
// order (the fast path in AllDataView::check), so the common case allocates nothing.
Status check_disjoint_unordered(Bytes bytes, std::uint32_t count) {
  std::vector<std::uint32_t> by_offset;
  for (std::uint32_t k = 0; k < count; ++k)
    if (entry_of(bytes, k).length != 0)  // an empty instance shares no bytes with anything
      by_offset.push_back(k);
  std::sort(by_offset.begin(), by_offset.end(),
            [&](std::uint32_t a, std::uint32_t b) { return entry_of(bytes, a).offset < entry_of(bytes, b).offset; });
  for (std::size_t i = 1; i < by_offset.size(); ++i) {
    const std::uint32_t prev = by_offset[i - 1];
    const std::uint32_t cur = by_offset[i];
    const Extent p = entry_of(bytes, prev);
    const Extent c = entry_of(bytes, cur);
    if (p.offset + p.length > c.offset)
      return invalid(
          fmt::format("OffsetInstanceDataAndLength[{}] (0x{:X}..0x{:X}) overlaps "
                      "OffsetInstanceDataAndLength[{}] (0x{:X}..0x{:X})",
                      cur, c.offset, c.offset + c.length, prev, p.offset, p.offset + p.length));
  }
  return ok_status();
}

// True when every entry passes the checks of AllDataView::check's per-entry loop (8-aligned, past the fixed part,
// inside the WNODE); *increasing tells whether the non-empty extents come in increasing order, not overlapping.
bool extents_are_valid(Bytes bytes, std::uint32_t count, std::uint32_t fixed_end, std::uint32_t limit,
                       bool* increasing) {
  const std::uint8_t* entries = bytes.data() + all_data::kOffsetInstanceDataAndLength;
  bool valid = true;
  bool ordered = true;
  std::uint64_t previous_end = 0;
  for (std::uint32_t k = 0; k < count; ++k) {
    std::uint32_t entry[2];
    std::memcpy(entry, entries + std::size_t{all_data::kEntrySize} * k, sizeof entry);
    static_assert(all_data::kEntryOffsetInstanceData == 0 && all_data::kEntryLengthInstanceData == 4);
    const std::uint64_t offset = entry[0];
    const std::uint64_t length = entry[1];
    valid &= (offset % kDataAlignment == 0) & (offset >= fixed_end) & (offset <= limit) & (length <= limit - offset);
    if (length != 0) {
      ordered &= offset >= previous_end;
      previous_end = offset + length;
    }
  }
  *increasing = ordered;
  return valid;
}

// The first failing check of an entry, with its message (called when extents_are_valid found one).
Error first_invalid_extent(Bytes bytes, std::uint32_t count, std::uint32_t fixed_end, std::uint32_t limit) {
  for (std::uint32_t k = 0; k < count; ++k) {
    const Extent e = entry_of(bytes, k);
    const auto offset_field = [k] { return fmt::format("OffsetInstanceDataAndLength[{}].OffsetInstanceData", k); };
    const auto length_field = [k] { return fmt::format("OffsetInstanceDataAndLength[{}].LengthInstanceData", k); };
    Status status = check_aligned(offset_field, e.offset, kDataAlignment);
    if (status.ok())
      status = check_not_inside(offset_field, e.offset, fixed_end, "OffsetInstanceDataAndLength[]");
    if (status.ok())
      status = check_within(offset_field, e.offset, 0, limit);
    if (status.ok())
      status = check_within(length_field, e.offset, e.length, limit);
    if (!status.ok())
      return std::move(status).error();
  }
  return invalid("an OffsetInstanceDataAndLength entry is invalid");  // not reached: extents_are_valid said so
}

}  // namespace

Result<AllDataView> AllDataView::check(Bytes bytes) {
  AllDataView v;
  WMIPORT_ASSIGN_OR_RETURN(v.header_, parse_wnode_envelope(bytes, all_data::kSize, "WNODE_ALL_DATA"));
  const WnodeHeader& h = v.header_;
  WMIPORT_TRY(check_structure_flags(h.flags, flag::kAllData, "WNODE_ALL_DATA"));
  WMIPORT_ASSIGN_OR_RETURN(v.dynamic_names_, dynamic_names_from_flags(h.flags));
  v.bytes_ = bytes;
  const std::uint32_t limit = h.buffer_size;
  v.fixed_ = (h.flags & flag::kFixedInstanceSize) != 0;
  v.data_block_offset_ = load_u32(bytes, all_data::kDataBlockOffset);
  v.count_ = load_u32(bytes, all_data::kInstanceCount);
  v.name_offsets_at_ = load_u32(bytes, all_data::kOffsetInstanceNameOffsets);
  const bool fixed = v.fixed_;
  const bool dynamic_names = v.dynamic_names_;
  const std::uint32_t data_block_offset = v.data_block_offset_;
  const std::uint32_t count = v.count_;
  const std::uint32_t name_offsets_at = v.name_offsets_at_;

  WMIPORT_TRY(check_not_inside("DataBlockOffset", data_block_offset, all_data::kSize, "the WNODE_ALL_DATA header"));
  WMIPORT_TRY(check_within("DataBlockOffset", data_block_offset, 0, limit));

  // Everything InstanceCount implies is bounded by BufferSize before anything is read for it.
  // `fixed_end` is where the fixed part (header plus OffsetInstanceDataAndLength[]) stops.
  std::uint64_t fixed_end = all_data::kSize;
  if (fixed) {
    v.fixed_size_ = load_u32(bytes, all_data::kFixedInstanceSize);
    const std::uint32_t fixed_size = v.fixed_size_;
    v.stride_ = (std::uint64_t{fixed_size} + kDataAlignment - 1) & ~std::uint64_t{kDataAlignment - 1};
    const std::uint64_t stride = v.stride_;
    WMIPORT_TRY(check_aligned("DataBlockOffset", data_block_offset, kDataAlignment));
    if (count > 0) {
      // (count-1)*stride can exceed 64 bits for hostile values: compare against the limit by division first.
      const std::uint64_t room = limit - data_block_offset;
      if (stride != 0 && std::uint64_t{count - 1} > room / stride)
        return invalid(
            fmt::format("InstanceCount (0x{:X}) instances of FixedInstanceSize (0x{:X}) run past "
                        "BufferSize (0x{:X})",
                        count, fixed_size, limit));
      WMIPORT_TRY(check_within(fmt::format("instance {} of FixedInstanceSize (0x{:X})", count - 1, fixed_size),
                               data_block_offset + std::uint64_t{count - 1} * stride, fixed_size, limit));
      // Zero-size instances with static names take no bytes: no buffer size bounds them (the limit must not
      // depend on BufferSize either, or a parsed value could rebuild into bytes the parser refuses).
      if (fixed_size == 0 && !dynamic_names && count > kMaxZeroSizeStaticInstances)
        return invalid(
            fmt::format("InstanceCount (0x{:X}) of zero-size instances with static names exceeds the limit "
                        "of 0x{:X}",
                        count, kMaxZeroSizeStaticInstances));
    }
  } else {
    fixed_end = std::max<std::uint64_t>(
        all_data::kSize, all_data::kOffsetInstanceDataAndLength + std::uint64_t{count} * all_data::kEntrySize);
    WMIPORT_TRY(check_within(fmt::format("OffsetInstanceDataAndLength[InstanceCount=0x{:X}]", count),
                             all_data::kOffsetInstanceDataAndLength, std::uint64_t{count} * all_data::kEntrySize,
                             limit));
  }
  if (dynamic_names && count > 0) {  // no instances, no names: the offset is not used
    WMIPORT_TRY(check_aligned("OffsetInstanceNameOffsets", name_offsets_at, 4));
    WMIPORT_TRY(check_not_inside("OffsetInstanceNameOffsets", name_offsets_at, static_cast<std::uint32_t>(fixed_end),
                                 fixed ? "the WNODE_ALL_DATA header" : "OffsetInstanceDataAndLength[]"));
    WMIPORT_TRY(check_within(fmt::format("OffsetInstanceNameOffsets[InstanceCount=0x{:X}]", count), name_offsets_at,
                             std::uint64_t{count} * all_data::kNameOffsetEntrySize, limit));
  }

  // Every variable-size instance's extent. Drivers write them in increasing order, which proves them disjoint in
  // one pass; any other order is checked by sorting (check_disjoint_unordered). A first pass only tells whether
  // every entry is good (plain arithmetic, no Status per check: a million entries are checked in ~1 ms); only
  // when one is not does the second pass below find the first failing check and its message.
  if (!fixed) {
    bool increasing = true;
    if (!extents_are_valid(bytes, count, static_cast<std::uint32_t>(fixed_end), limit, &increasing))
      return first_invalid_extent(bytes, count, static_cast<std::uint32_t>(fixed_end), limit);
    if (!increasing)
      WMIPORT_TRY(check_disjoint_unordered(bytes, count));
  }

  if (dynamic_names) {
    for (std::uint32_t k = 0; k < count; ++k) {
      const auto field = [k] { return fmt::format("OffsetInstanceNameOffsets[{}]", k); };
      const std::uint32_t name_at = load_u32(bytes, name_offsets_at + std::size_t{k} * all_data::kNameOffsetEntrySize);
      WMIPORT_TRY(check_not_inside(field, name_at, static_cast<std::uint32_t>(fixed_end),
                                   fixed ? "the WNODE_ALL_DATA header" : "OffsetInstanceDataAndLength[]"));
      WMIPORT_TRY(locate_counted_string(bytes, limit, name_at, field));
    }
  }
  return v;
}

CountedStringSpan AllDataView::name(std::uint32_t k) const {
  const std::uint32_t name_at = load_u32(bytes_, name_offsets_at_ + std::size_t{k} * all_data::kNameOffsetEntrySize);
  // check() located every name already: this cannot fail, and so never formats a field name.
  return locate_counted_string(bytes_, header_.buffer_size, name_at, [] { return std::string(); }).value();
}

}  // namespace wmiport::wnode
