#include "wnode/all_data.h"

#include <algorithm>

#include <fmt/format.h>

#include "wnode/checks.h"
#include "wnode/counted_string.h"
#include "wnode/size_math.h"
#include "wnode/wire_layout.h"

namespace wmiport::wnode {

namespace {

// Where everything goes, computed before a byte is written.
struct AllDataLayout {
  bool fixed = false;
  bool dynamic_names = false;
  std::uint32_t static_names_bit = 0;       // WNODE_FLAG_STATIC_INSTANCE_NAMES as written
  std::uint32_t name_offsets_at = 0;        // OffsetInstanceNameOffsets (0 for static names)
  std::vector<std::uint32_t> name_offsets;  // per instance (dynamic names)
  std::uint32_t data_block_offset = 0;
  std::uint32_t fixed_size = 0;             // fixed layout
  std::vector<std::uint32_t> data_offsets;  // per instance
  std::uint32_t total = 0;
};

Result<AllDataLayout> plan_all_data(const AllData& value) {
  AllDataLayout plan;
  const auto& instances = value.instances;
  WMIPORT_ASSIGN_OR_RETURN(const std::uint32_t count, size_add(instances.size(), 0, "InstanceCount"));

  plan.dynamic_names = !instances.empty() && instances.front().name.has_value();
  for (std::size_t k = 0; k < instances.size(); ++k) {
    if (instances[k].name.has_value() != plan.dynamic_names)
      return invalid(
          fmt::format("instances[{}] {} a name while instances[0] {}: a WNODE_ALL_DATA names every "
                      "instance (dynamic names) or none (static names)",
                      k, plan.dynamic_names ? "lacks" : "has", plan.dynamic_names ? "has" : "does not"));
  }
  // With no instances nothing says whether names are static: the caller's bit stands (and a parsed empty
  // WNODE_ALL_DATA rebuilds to the same flags).
  plan.static_names_bit = instances.empty() ? (value.header.flags & flag::kStaticInstanceNames)
                                            : (plan.dynamic_names ? 0 : flag::kStaticInstanceNames);
  if (plan.static_names_bit == 0 && (value.header.flags & flag::kPdoInstanceNames) != 0)
    return invalid(
        "WNODE_FLAG_PDO_INSTANCE_NAMES is set but the instances carry dynamic names (STATIC_INSTANCE_NAMES clear)");

  const bool all_same =
      !instances.empty() && std::all_of(instances.begin(), instances.end(), [&](const AllDataInstance& i) {
        return i.data.size() == instances.front().data.size();
      });
  switch (value.layout) {
    case InstanceSizeLayout::automatic:
      plan.fixed = all_same;
      break;
    case InstanceSizeLayout::fixed:
      if (!instances.empty() && !all_same)
        return invalid("InstanceSizeLayout::fixed needs every instance to have the same size");
      plan.fixed = true;
      break;
    case InstanceSizeLayout::variable:
      plan.fixed = false;
      break;
  }

  if (plan.fixed && !plan.dynamic_names && count > kMaxZeroSizeStaticInstances && instances.front().data.empty())
    return invalid(fmt::format("{} zero-size instances with static names exceed the limit of 0x{:X} a parser accepts",
                               count, kMaxZeroSizeStaticInstances));

  std::uint32_t pos = all_data::kSize;
  if (!plan.fixed) {
    WMIPORT_ASSIGN_OR_RETURN(const std::uint32_t array_bytes,
                             size_mul(count, all_data::kEntrySize, "OffsetInstanceDataAndLength[]"));
    WMIPORT_ASSIGN_OR_RETURN(
        pos, size_add(all_data::kOffsetInstanceDataAndLength, array_bytes, "OffsetInstanceDataAndLength[]"));
  }
  if (plan.dynamic_names) {
    plan.name_offsets_at = pos;  // a multiple of 4 either way: 64, or 60 + 8n
    WMIPORT_ASSIGN_OR_RETURN(const std::uint32_t array_bytes,
                             size_mul(count, all_data::kNameOffsetEntrySize, "OffsetInstanceNameOffsets[]"));
    WMIPORT_ASSIGN_OR_RETURN(pos, size_add(pos, array_bytes, "OffsetInstanceNameOffsets[]"));
    plan.name_offsets.reserve(count);
    for (std::size_t k = 0; k < instances.size(); ++k) {
      WMIPORT_ASSIGN_OR_RETURN(const std::uint32_t name_bytes, counted_string_size(*instances[k].name, [k] {
                                 return fmt::format("instances[{}].name", k);
                               }));
      WMIPORT_ASSIGN_OR_RETURN(pos, size_align(pos, kNameAlignment, "instance names"));
      plan.name_offsets.push_back(pos);
      WMIPORT_ASSIGN_OR_RETURN(pos, size_add(pos, name_bytes, "instance names"));
    }
  }

  WMIPORT_ASSIGN_OR_RETURN(plan.data_block_offset, size_align(pos, kDataAlignment, "DataBlockOffset"));
  pos = plan.data_block_offset;
  plan.data_offsets.reserve(count);
  if (plan.fixed) {
    plan.fixed_size = instances.empty() ? 0 : static_cast<std::uint32_t>(instances.front().data.size());
    WMIPORT_ASSIGN_OR_RETURN(const std::uint32_t stride,
                             size_align(plan.fixed_size, kDataAlignment, "FixedInstanceSize"));
    for (std::size_t k = 0; k < instances.size(); ++k) {
      plan.data_offsets.push_back(pos);
      WMIPORT_ASSIGN_OR_RETURN(const std::uint32_t end, size_add(pos, plan.fixed_size, "instance data"));
      if (k + 1 < instances.size()) {
        WMIPORT_ASSIGN_OR_RETURN(pos, size_add(pos, stride, "instance data"));
      } else {
        pos = end;  // BufferSize ends at the last byte of data, without tail padding
      }
    }
  } else {
    for (const auto& instance : instances) {
      WMIPORT_ASSIGN_OR_RETURN(pos, size_align(pos, kDataAlignment, "instance data"));
      plan.data_offsets.push_back(pos);
      WMIPORT_ASSIGN_OR_RETURN(pos, size_add(pos, instance.data.size(), "instance data"));
    }
  }
  plan.total = pos;
  return plan;
}

}  // namespace

Result<std::uint32_t> encode_all_data(const AllData& value, MutableBytes out) {
  WMIPORT_ASSIGN_OR_RETURN(const AllDataLayout plan, plan_all_data(value));
  if (!begin_fill(out, plan.total))
    return plan.total;

  const std::uint32_t owned = flag::kStructureMask | flag::kFixedInstanceSize | flag::kStaticInstanceNames;
  const std::uint32_t set = flag::kAllData | (plan.fixed ? flag::kFixedInstanceSize : 0) | plan.static_names_bit;
  store_wnode_header(out, value.header, plan.total, compose_flags(value.header.flags, owned, set));
  const auto count = static_cast<std::uint32_t>(value.instances.size());
  store_u32(out, all_data::kDataBlockOffset, plan.data_block_offset);
  store_u32(out, all_data::kInstanceCount, count);
  store_u32(out, all_data::kOffsetInstanceNameOffsets, plan.name_offsets_at);
  if (plan.fixed)
    store_u32(out, all_data::kFixedInstanceSize, plan.fixed_size);
  for (std::uint32_t k = 0; k < count; ++k) {
    const auto& instance = value.instances[k];
    if (!plan.fixed) {
      const std::size_t entry = all_data::kOffsetInstanceDataAndLength + std::size_t{k} * all_data::kEntrySize;
      store_u32(out, entry + all_data::kEntryOffsetInstanceData, plan.data_offsets[k]);
      store_u32(out, entry + all_data::kEntryLengthInstanceData, static_cast<std::uint32_t>(instance.data.size()));
    }
    if (plan.dynamic_names) {
      store_u32(out, plan.name_offsets_at + std::size_t{k} * all_data::kNameOffsetEntrySize, plan.name_offsets[k]);
      store_counted_string(out, plan.name_offsets[k], *instance.name);
    }
    std::copy(instance.data.begin(), instance.data.end(), out.begin() + plan.data_offsets[k]);
  }
  return plan.total;
}

Result<std::vector<std::uint8_t>> build_all_data(const AllData& value) {
  return build_with([&value](MutableBytes out) { return encode_all_data(value, out); });
}

Result<AllData> parse_all_data(Bytes bytes) {
  WMIPORT_ASSIGN_OR_RETURN(const WnodeHeader h, parse_wnode_envelope(bytes, all_data::kSize, "WNODE_ALL_DATA"));
  WMIPORT_TRY(check_structure_flags(h.flags, flag::kAllData, "WNODE_ALL_DATA"));
  WMIPORT_ASSIGN_OR_RETURN(const bool dynamic_names, dynamic_names_from_flags(h.flags));
  const std::uint32_t limit = h.buffer_size;
  const bool fixed = (h.flags & flag::kFixedInstanceSize) != 0;
  const std::uint32_t data_block_offset = load_u32(bytes, all_data::kDataBlockOffset);
  const std::uint32_t count = load_u32(bytes, all_data::kInstanceCount);
  const std::uint32_t name_offsets_at = load_u32(bytes, all_data::kOffsetInstanceNameOffsets);

  WMIPORT_TRY(check_not_inside("DataBlockOffset", data_block_offset, all_data::kSize, "the WNODE_ALL_DATA header"));
  WMIPORT_TRY(check_within("DataBlockOffset", data_block_offset, 0, limit));

  // Everything InstanceCount implies is bounded by BufferSize before anything is allocated for it.
  // `fixed_end` is where the fixed part (header plus OffsetInstanceDataAndLength[]) stops.
  std::uint64_t fixed_end = all_data::kSize;
  std::uint32_t fixed_size = 0;
  std::uint64_t stride = 0;
  if (fixed) {
    fixed_size = load_u32(bytes, all_data::kFixedInstanceSize);
    stride = (std::uint64_t{fixed_size} + kDataAlignment - 1) & ~std::uint64_t{kDataAlignment - 1};
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

  // Pass 1: every instance's extent, validated; variable-size instances may come in any order but must not
  // share bytes. Checked before any data is copied, so overlapping entries cannot multiply the allocation.
  std::vector<std::uint64_t> offsets(count);
  std::vector<std::uint32_t> lengths(count, fixed_size);
  if (fixed) {
    for (std::uint32_t k = 0; k < count; ++k)
      offsets[k] = data_block_offset + std::uint64_t{k} * stride;
  } else {
    std::vector<std::uint32_t> by_offset;
    by_offset.reserve(count);
    for (std::uint32_t k = 0; k < count; ++k) {
      const std::size_t entry = all_data::kOffsetInstanceDataAndLength + std::size_t{k} * all_data::kEntrySize;
      offsets[k] = load_u32(bytes, entry + all_data::kEntryOffsetInstanceData);
      lengths[k] = load_u32(bytes, entry + all_data::kEntryLengthInstanceData);
      const auto offset_field = [k] { return fmt::format("OffsetInstanceDataAndLength[{}].OffsetInstanceData", k); };
      const auto length_field = [k] { return fmt::format("OffsetInstanceDataAndLength[{}].LengthInstanceData", k); };
      WMIPORT_TRY(check_aligned(offset_field, offsets[k], kDataAlignment));
      WMIPORT_TRY(check_not_inside(offset_field, offsets[k], static_cast<std::uint32_t>(fixed_end),
                                   "OffsetInstanceDataAndLength[]"));
      WMIPORT_TRY(check_within(offset_field, offsets[k], 0, limit));
      WMIPORT_TRY(check_within(length_field, offsets[k], lengths[k], limit));
      if (lengths[k] != 0)  // an empty instance shares no bytes with anything
        by_offset.push_back(k);
    }
    std::sort(by_offset.begin(), by_offset.end(),
              [&](std::uint32_t a, std::uint32_t b) { return offsets[a] < offsets[b]; });
    // Sorted by start, disjoint neighbours imply all are disjoint (ends then increase too).
    for (std::size_t i = 1; i < by_offset.size(); ++i) {
      const std::uint32_t prev = by_offset[i - 1];
      const std::uint32_t cur = by_offset[i];
      if (offsets[prev] + lengths[prev] > offsets[cur])
        return invalid(fmt::format(
            "OffsetInstanceDataAndLength[{}] (0x{:X}..0x{:X}) overlaps "
            "OffsetInstanceDataAndLength[{}] (0x{:X}..0x{:X})",
            cur, offsets[cur], offsets[cur] + lengths[cur], prev, offsets[prev], offsets[prev] + lengths[prev]));
    }
  }

  // Pass 2: copy data and names out.
  AllData value;
  value.header = h;
  value.layout = fixed ? InstanceSizeLayout::fixed : InstanceSizeLayout::variable;
  value.instances.resize(count);
  for (std::uint32_t k = 0; k < count; ++k) {
    auto& instance = value.instances[k];
    const auto first = bytes.begin() + static_cast<std::ptrdiff_t>(offsets[k]);
    instance.data.assign(first, first + lengths[k]);
    if (dynamic_names) {
      const std::string field = fmt::format("OffsetInstanceNameOffsets[{}]", k);
      const std::uint32_t name_at = load_u32(bytes, name_offsets_at + std::size_t{k} * all_data::kNameOffsetEntrySize);
      WMIPORT_TRY(check_not_inside(field, name_at, static_cast<std::uint32_t>(fixed_end),
                                   fixed ? "the WNODE_ALL_DATA header" : "OffsetInstanceDataAndLength[]"));
      WMIPORT_ASSIGN_OR_RETURN(instance.name, load_counted_string(bytes, limit, name_at, field));
    }
  }
  return value;
}

}  // namespace wmiport::wnode
