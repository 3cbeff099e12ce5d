// WMIREGINFO / WMIREGGUID: what a provider answers to IRP_MN_REGINFO(_EX) (spec §4.4, §5.4), possibly a chain of
// several WMIREGINFOs linked by NextWmiRegInfo (a driver registering on behalf of others).
//
// Builder layout of one WMIREGINFO (offsets from its own start; see docs/decisions.md):
//   0   BufferSize, NextWmiRegInfo, RegistryPath, MofResourceName, GuidCount, 4 bytes padding
//   24  WMIREGGUID[GuidCount] (32 bytes each; the union at +24 is a ULONG offset or a 64-bit ULONG_PTR)
//   ..  counted strings, USHORT-aligned, in this order: MofResourceName, RegistryPath, then per GUID in order its
//       base name (INSTANCE_BASENAME) or its InstanceCount static names back to back (INSTANCE_LIST)
// BufferSize ends at the last string byte. In a chain each WMIREGINFO starts 8-aligned (it holds ULONG_PTRs) and
// NextWmiRegInfo is the offset from this WMIREGINFO to the next (0 ends the chain).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "common/byte_io.h"
#include "common/guid.h"
#include "common/result.h"

namespace wmiport::wnode {

struct RegGuid {
  Guid guid;
  std::uint32_t flags = 0;  // WMIREG_FLAG_*; at most one of INSTANCE_LIST / INSTANCE_BASENAME / INSTANCE_PDO
  std::uint32_t instance_count = 0;
  // The ULONG_PTR union when it is not a string offset: the PDO for INSTANCE_PDO, InstanceInfo (carried as-is)
  // when no naming flag is set. Must be 0 for INSTANCE_BASENAME and INSTANCE_LIST.
  std::uint64_t pdo = 0;
  std::optional<std::u16string> base_name;     // INSTANCE_BASENAME only (BaseNameOffset)
  std::vector<std::u16string> instance_names;  // INSTANCE_LIST only (InstanceNameList): instance_count names

  friend bool operator==(const RegGuid&, const RegGuid&) = default;
};

struct RegInfo {
  std::optional<std::u16string> registry_path;      // RegistryPath offset 0 when absent (e.g. on WMIUPDATE)
  std::optional<std::u16string> mof_resource_name;  // MofResourceName offset 0 when absent
  std::vector<RegGuid> guids;

  friend bool operator==(const RegInfo&, const RegInfo&) = default;
};

// Size, then fill (see encode_all_data). A single WMIREGINFO has NextWmiRegInfo 0.
Result<std::uint32_t> encode_reginfo(const RegInfo& value, MutableBytes out);
Result<std::vector<std::uint8_t>> build_reginfo(const RegInfo& value);
Result<std::uint32_t> encode_reginfo_chain(std::span<const RegInfo> chain, MutableBytes out);
Result<std::vector<std::uint8_t>> build_reginfo_chain(std::span<const RegInfo> chain);

// Parses an untrusted chain (one or more WMIREGINFOs) from the start of `bytes`. NextWmiRegInfo must move past
// the current WMIREGINFO's BufferSize (so the chain cannot loop), be 8-aligned and stay inside `bytes`.
Result<std::vector<RegInfo>> parse_reginfo_chain(Bytes bytes);
// Parses exactly one WMIREGINFO (NextWmiRegInfo must be 0).
Result<RegInfo> parse_reginfo(Bytes bytes);

}  // namespace wmiport::wnode
