#include "wnode/all_data.h"

#include <algorithm>

#include <fmt/format.h>

#include "common/utf16.h"
#include "wnode/all_data_view.h"
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
  WMIPORT_ASSIGN_OR_RETURN(const AllDataView view, AllDataView::check(bytes));
  AllData value;
  value.header = view.header();
  value.layout = view.fixed_size() ? InstanceSizeLayout::fixed : InstanceSizeLayout::variable;
  value.instances.resize(view.count());
  for (std::uint32_t k = 0; k < view.count(); ++k) {
    auto& instance = value.instances[k];
    const Bytes data = view.data(k);
    instance.data.assign(data.begin(), data.end());
    if (view.dynamic_names()) {
      const CountedStringSpan name = view.name(k);
      instance.name = load_utf16le(bytes, name.text_offset, name.chars);
    }
  }
  return value;
}

}  // namespace wmiport::wnode
