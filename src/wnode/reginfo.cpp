#include "wnode/reginfo.h"

#include <algorithm>

#include <fmt/format.h>

#include "wnode/checks.h"
#include "wnode/counted_string.h"
#include "wnode/flag_names.h"
#include "wnode/size_math.h"
#include "wnode/wire_layout.h"

namespace wmiport::wnode {

namespace {

std::uint32_t naming_flags(std::uint32_t flags) { return flags & reg_flag::kNamingMask; }

Status check_single_naming_flag(std::uint32_t flags, std::string_view field) {
  const std::uint32_t naming = naming_flags(flags);
  if ((naming & (naming - 1)) != 0)
    return invalid(fmt::format("{} (0x{:08X}) set more than one naming flag ({})", field, flags, reg_flag_names(naming)));
  return ok_status();
}

// Offsets of everything in one WMIREGINFO, computed before writing.
struct RegInfoLayout {
  std::uint32_t mof_at = 0;
  std::uint32_t path_at = 0;
  std::vector<std::uint32_t> guid_strings_at;  // BaseNameOffset / InstanceNameList, 0 if none
  std::uint32_t total = 0;
};

Result<std::uint32_t> place_string(std::uint32_t& pos, std::u16string_view text, std::string_view field) {
  WMIPORT_ASSIGN_OR_RETURN(const std::uint32_t bytes, counted_string_size(text, field));
  WMIPORT_ASSIGN_OR_RETURN(const std::uint32_t at, size_align(pos, kNameAlignment, field));
  WMIPORT_ASSIGN_OR_RETURN(pos, size_add(at, bytes, field));
  return at;
}

Result<RegInfoLayout> plan_reginfo(const RegInfo& value) {
  RegInfoLayout plan;
  WMIPORT_ASSIGN_OR_RETURN(const std::uint32_t guid_bytes, size_mul(value.guids.size(), regguid::kSize, "WmiRegGuid[]"));
  WMIPORT_ASSIGN_OR_RETURN(std::uint32_t pos, size_add(reginfo::kWmiRegGuid, guid_bytes, "WmiRegGuid[]"));
  if (value.mof_resource_name) {
    WMIPORT_ASSIGN_OR_RETURN(plan.mof_at, place_string(pos, *value.mof_resource_name, "mof_resource_name"));
  }
  if (value.registry_path) {
    WMIPORT_ASSIGN_OR_RETURN(plan.path_at, place_string(pos, *value.registry_path, "registry_path"));
  }
  plan.guid_strings_at.reserve(value.guids.size());
  for (std::size_t k = 0; k < value.guids.size(); ++k) {
    const RegGuid& g = value.guids[k];
    const std::string field = fmt::format("guids[{}]", k);
    WMIPORT_TRY(check_single_naming_flag(g.flags, field + ".flags"));
    const std::uint32_t naming = naming_flags(g.flags);
    if (g.base_name.has_value() != (naming == reg_flag::kInstanceBaseName))
      return invalid(fmt::format("{}.base_name must be given exactly when WMIREG_FLAG_INSTANCE_BASENAME is set", field));
    if (naming != reg_flag::kInstanceList && !g.instance_names.empty())
      return invalid(fmt::format("{}.instance_names given without WMIREG_FLAG_INSTANCE_LIST", field));
    if ((naming == reg_flag::kInstanceBaseName || naming == reg_flag::kInstanceList) && g.pdo != 0)
      return invalid(fmt::format("{}.pdo must be 0 when the union holds a string offset", field));
    std::uint32_t at = 0;
    if (naming == reg_flag::kInstanceBaseName) {
      WMIPORT_ASSIGN_OR_RETURN(at, place_string(pos, *g.base_name, field + ".base_name"));
    } else if (naming == reg_flag::kInstanceList) {
      if (g.instance_names.size() != g.instance_count)
        return invalid(fmt::format("{}.instance_names has {} names for InstanceCount {}", field,
                                   g.instance_names.size(), g.instance_count));
      WMIPORT_ASSIGN_OR_RETURN(at, size_align(pos, kNameAlignment, field));
      for (std::size_t i = 0; i < g.instance_names.size(); ++i) {
        WMIPORT_TRY(place_string(pos, g.instance_names[i], fmt::format("{}.instance_names[{}]", field, i)));
      }
    }
    plan.guid_strings_at.push_back(at);
  }
  plan.total = pos;
  return plan;
}

void fill_reginfo(const RegInfo& value, const RegInfoLayout& plan, MutableBytes out, std::uint32_t next) {
  store_u32(out, reginfo::kBufferSize, plan.total);
  store_u32(out, reginfo::kNextWmiRegInfo, next);
  store_u32(out, reginfo::kRegistryPath, plan.path_at);
  store_u32(out, reginfo::kMofResourceName, plan.mof_at);
  store_u32(out, reginfo::kGuidCount, static_cast<std::uint32_t>(value.guids.size()));
  if (value.mof_resource_name)
    store_counted_string(out, plan.mof_at, *value.mof_resource_name);
  if (value.registry_path)
    store_counted_string(out, plan.path_at, *value.registry_path);
  for (std::size_t k = 0; k < value.guids.size(); ++k) {
    const RegGuid& g = value.guids[k];
    const std::size_t entry = reginfo::kWmiRegGuid + k * regguid::kSize;
    g.guid.store(out, entry + regguid::kGuid);
    store_u32(out, entry + regguid::kFlags, g.flags);
    store_u32(out, entry + regguid::kInstanceCount, g.instance_count);
    const std::uint32_t naming = naming_flags(g.flags);
    if (naming == reg_flag::kInstanceBaseName) {
      store_u64(out, entry + regguid::kInstanceInfo, plan.guid_strings_at[k]);
      store_counted_string(out, plan.guid_strings_at[k], *g.base_name);
    } else if (naming == reg_flag::kInstanceList) {
      store_u64(out, entry + regguid::kInstanceInfo, plan.guid_strings_at[k]);
      std::size_t at = plan.guid_strings_at[k];
      for (const auto& name : g.instance_names) {
        store_counted_string(out, at, name);
        at += 2 + 2 * name.size();
      }
    } else {
      store_u64(out, entry + regguid::kInstanceInfo, g.pdo);
    }
  }
}

// Parses the WMIREGINFO at bytes[base...]; `prefix` names it in messages ("WMIREGINFO[1].").
Result<RegInfo> parse_one(Bytes all, std::size_t base, const std::string& prefix, std::uint32_t& next) {
  Bytes bytes = all.subspan(base);
  if (bytes.size() < reginfo::kSize)
    return Error(ntstatus::buffer_too_small,
                 fmt::format("{}BufferSize: only {} bytes remain, too few for a WMIREGINFO ({} bytes)", prefix,
                             bytes.size(), reginfo::kSize));
  const std::uint32_t limit = load_u32(bytes, reginfo::kBufferSize);
  if (limit > bytes.size())
    return Error(ntstatus::buffer_too_small, fmt::format("{}BufferSize runs past the end of the buffer (0x{:X} > 0x{:X})",
                                                         prefix, limit, bytes.size()));
  if (limit < reginfo::kSize)
    return invalid(fmt::format("{}BufferSize (0x{:X}) is smaller than a WMIREGINFO (0x{:X} bytes)", prefix, limit,
                               reginfo::kSize));
  bytes = bytes.first(limit);
  next = load_u32(bytes, reginfo::kNextWmiRegInfo);
  const std::uint32_t path_at = load_u32(bytes, reginfo::kRegistryPath);
  const std::uint32_t mof_at = load_u32(bytes, reginfo::kMofResourceName);
  const std::uint32_t count = load_u32(bytes, reginfo::kGuidCount);

  WMIPORT_TRY(check_within(fmt::format("{}WmiRegGuid[GuidCount=0x{:X}]", prefix, count), reginfo::kWmiRegGuid,
                           std::uint64_t{count} * regguid::kSize, limit));
  const auto fixed_end = static_cast<std::uint32_t>(reginfo::kWmiRegGuid + std::uint64_t{count} * regguid::kSize);
  auto load_string = [&](std::uint64_t at, const std::string& field) -> Result<std::u16string> {
    WMIPORT_TRY(check_not_inside(field, at, fixed_end, "WMIREGINFO and its WmiRegGuid[]"));
    return load_counted_string(bytes, limit, at, field);
  };

  RegInfo value;
  if (path_at != 0) {
    WMIPORT_ASSIGN_OR_RETURN(value.registry_path, load_string(path_at, prefix + "RegistryPath"));
  }
  if (mof_at != 0) {
    WMIPORT_ASSIGN_OR_RETURN(value.mof_resource_name, load_string(mof_at, prefix + "MofResourceName"));
  }
  value.guids.resize(count);
  for (std::uint32_t k = 0; k < count; ++k) {
    RegGuid& g = value.guids[k];
    const std::size_t entry = reginfo::kWmiRegGuid + std::size_t{k} * regguid::kSize;
    const std::string field = fmt::format("{}WmiRegGuid[{}]", prefix, k);
    g.guid = Guid::load(bytes, entry + regguid::kGuid);
    g.flags = load_u32(bytes, entry + regguid::kFlags);
    g.instance_count = load_u32(bytes, entry + regguid::kInstanceCount);
    WMIPORT_TRY(check_single_naming_flag(g.flags, field + ".Flags"));
    const std::uint64_t union_value = load_u64(bytes, entry + regguid::kInstanceInfo);
    const std::uint32_t naming = naming_flags(g.flags);
    if (naming == reg_flag::kInstanceBaseName) {
      WMIPORT_ASSIGN_OR_RETURN(g.base_name, load_string(union_value, field + ".BaseNameOffset"));
    } else if (naming == reg_flag::kInstanceList) {
      const std::string list_field = field + ".InstanceNameList";
      WMIPORT_TRY(check_not_inside(list_field, union_value, fixed_end, "WMIREGINFO and its WmiRegGuid[]"));
      // Each name takes at least its 2-byte count: bound InstanceCount by the bytes left before reserving.
      WMIPORT_TRY(check_within(fmt::format("{} of InstanceCount (0x{:X}) names", list_field, g.instance_count),
                               union_value, std::uint64_t{g.instance_count} * 2, limit));
      g.instance_names.reserve(g.instance_count);
      std::uint64_t at = union_value;
      for (std::uint32_t i = 0; i < g.instance_count; ++i) {
        WMIPORT_ASSIGN_OR_RETURN(auto name, load_counted_string(bytes, limit, at, fmt::format("{}[{}]", list_field, i)));
        at += 2 + std::uint64_t{load_u16(bytes, at)};
        g.instance_names.push_back(std::move(name));
      }
    } else {
      g.pdo = union_value;
    }
  }
  return value;
}

}  // namespace

Result<std::uint32_t> encode_reginfo(const RegInfo& value, MutableBytes out) {
  return encode_reginfo_chain(std::span<const RegInfo>(&value, 1), out);
}

Result<std::vector<std::uint8_t>> build_reginfo(const RegInfo& value) {
  return build_with([&value](MutableBytes out) { return encode_reginfo(value, out); });
}

Result<std::uint32_t> encode_reginfo_chain(std::span<const RegInfo> chain, MutableBytes out) {
  if (chain.empty())
    return invalid("a WMIREGINFO chain needs at least one WMIREGINFO");
  std::vector<RegInfoLayout> plans;
  std::vector<std::uint32_t> starts;
  plans.reserve(chain.size());
  starts.reserve(chain.size());
  std::uint32_t pos = 0;
  for (std::size_t i = 0; i < chain.size(); ++i) {
    WMIPORT_ASSIGN_OR_RETURN(pos, size_align(pos, kRegInfoAlignment, "WMIREGINFO chain"));
    starts.push_back(pos);
    WMIPORT_ASSIGN_OR_RETURN(auto plan, plan_reginfo(chain[i]));
    WMIPORT_ASSIGN_OR_RETURN(pos, size_add(pos, plan.total, "WMIREGINFO chain"));
    plans.push_back(std::move(plan));
  }
  const std::uint32_t total = pos;
  if (!begin_fill(out, total))
    return total;
  for (std::size_t i = 0; i < chain.size(); ++i) {
    const std::uint32_t next = i + 1 < chain.size() ? starts[i + 1] - starts[i] : 0;
    fill_reginfo(chain[i], plans[i], out.subspan(starts[i]), next);
  }
  return total;
}

Result<std::vector<std::uint8_t>> build_reginfo_chain(std::span<const RegInfo> chain) {
  return build_with([chain](MutableBytes out) { return encode_reginfo_chain(chain, out); });
}

Result<std::vector<RegInfo>> parse_reginfo_chain(Bytes bytes) {
  std::vector<RegInfo> chain;
  std::size_t base = 0;
  for (std::size_t i = 0;; ++i) {
    std::uint32_t next = 0;
    const std::string prefix = fmt::format("WMIREGINFO[{}].", i);
    WMIPORT_ASSIGN_OR_RETURN(auto info, parse_one(bytes, base, prefix, next));
    chain.push_back(std::move(info));
    if (next == 0)
      return chain;
    // Moving forward past this WMIREGINFO on every step is what makes a loop impossible.
    const std::uint32_t size = load_u32(bytes, base + reginfo::kBufferSize);
    if (next < size)
      return invalid(fmt::format("{}NextWmiRegInfo (0x{:X}) points back inside this WMIREGINFO (BufferSize 0x{:X}): "
                                 "the chain would loop or overlap",
                                 prefix, next, size));
    WMIPORT_TRY(check_aligned(prefix + "NextWmiRegInfo", next, kRegInfoAlignment));
    if (std::uint64_t{base} + next >= bytes.size())
      return Error(ntstatus::buffer_too_small,
                   fmt::format("{}NextWmiRegInfo runs past the end of the buffer (0x{:X} >= 0x{:X})", prefix,
                               std::uint64_t{base} + next, bytes.size()));
    base += next;
  }
}

Result<RegInfo> parse_reginfo(Bytes bytes) {
  std::uint32_t next = 0;
  WMIPORT_ASSIGN_OR_RETURN(auto info, parse_one(bytes, 0, "", next));
  if (next != 0)
    return invalid(fmt::format("NextWmiRegInfo (0x{:X}) chains another WMIREGINFO; parse it as a chain", next));
  return info;
}

}  // namespace wmiport::wnode
