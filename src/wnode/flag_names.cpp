#include "wnode/flag_names.h"

#include <array>

#include <fmt/format.h>

#include "wnode/wire_layout.h"

namespace wmiport::wnode {

namespace {

struct NamedBit {
  std::uint32_t bit;
  const char* name;
};

constexpr std::array kWnodeFlags{
    NamedBit{flag::kAllData, "WNODE_FLAG_ALL_DATA"},
    NamedBit{flag::kSingleInstance, "WNODE_FLAG_SINGLE_INSTANCE"},
    NamedBit{flag::kSingleItem, "WNODE_FLAG_SINGLE_ITEM"},
    NamedBit{flag::kEventItem, "WNODE_FLAG_EVENT_ITEM"},
    NamedBit{flag::kFixedInstanceSize, "WNODE_FLAG_FIXED_INSTANCE_SIZE"},
    NamedBit{flag::kTooSmall, "WNODE_FLAG_TOO_SMALL"},
    NamedBit{flag::kInstancesSame, "WNODE_FLAG_INSTANCES_SAME"},
    NamedBit{flag::kStaticInstanceNames, "WNODE_FLAG_STATIC_INSTANCE_NAMES"},
    NamedBit{flag::kInternal, "WNODE_FLAG_INTERNAL"},
    NamedBit{flag::kUseTimestamp, "WNODE_FLAG_USE_TIMESTAMP"},
    NamedBit{flag::kPersistEvent, "WNODE_FLAG_PERSIST_EVENT"},
    NamedBit{flag::kEventReference, "WNODE_FLAG_EVENT_REFERENCE"},
    NamedBit{flag::kAnsiInstanceNames, "WNODE_FLAG_ANSI_INSTANCENAMES"},
    NamedBit{flag::kMethodItem, "WNODE_FLAG_METHOD_ITEM"},
    NamedBit{flag::kPdoInstanceNames, "WNODE_FLAG_PDO_INSTANCE_NAMES"},
    NamedBit{flag::kTracedGuid, "WNODE_FLAG_TRACED_GUID"},
    NamedBit{flag::kLogWnode, "WNODE_FLAG_LOG_WNODE"},
    NamedBit{flag::kUseGuidPtr, "WNODE_FLAG_USE_GUID_PTR"},
    NamedBit{flag::kUseMofPtr, "WNODE_FLAG_USE_MOF_PTR"},
    NamedBit{flag::kNoHeader, "WNODE_FLAG_NO_HEADER"},
    NamedBit{flag::kSendDataBlock, "WNODE_FLAG_SEND_DATA_BLOCK"},
    NamedBit{flag::kVersionedProperties, "WNODE_FLAG_VERSIONED_PROPERTIES"},
};

constexpr std::array kRegFlags{
    NamedBit{reg_flag::kExpensive, "WMIREG_FLAG_EXPENSIVE"},
    NamedBit{reg_flag::kInstanceList, "WMIREG_FLAG_INSTANCE_LIST"},
    NamedBit{reg_flag::kInstanceBaseName, "WMIREG_FLAG_INSTANCE_BASENAME"},
    NamedBit{reg_flag::kInstancePdo, "WMIREG_FLAG_INSTANCE_PDO"},
    NamedBit{reg_flag::kEventOnlyGuid, "WMIREG_FLAG_EVENT_ONLY_GUID"},
    NamedBit{reg_flag::kTraceControlGuid, "WMIREG_FLAG_TRACE_CONTROL_GUID"},
    NamedBit{reg_flag::kRemoveGuid, "WMIREG_FLAG_REMOVE_GUID"},
    NamedBit{reg_flag::kReserved1, "WMIREG_FLAG_RESERVED1"},
    NamedBit{reg_flag::kReserved2, "WMIREG_FLAG_RESERVED2"},
    NamedBit{reg_flag::kTracedGuid, "WMIREG_FLAG_TRACED_GUID"},
    NamedBit{reg_flag::kCallByName, "WMIREG_FLAG_CALL_BY_NAME"},
};

template <std::size_t N>
std::string join_names(std::uint32_t flags, const std::array<NamedBit, N>& table, std::uint32_t extra_mask,
                       const char* extra_label) {
  std::string out;
  auto append = [&out](const std::string& part) {
    if (!out.empty())
      out += '|';
    out += part;
  };
  std::uint32_t rest = flags;
  for (const auto& entry : table) {
    if ((flags & entry.bit) != 0) {
      append(entry.name);
      rest &= ~entry.bit;
    }
  }
  if (extra_mask != 0 && (rest & extra_mask) != 0) {
    append(fmt::format("{} 0x{:02X}", extra_label, (rest & extra_mask) >> 24));
    rest &= ~extra_mask;
  }
  if (rest != 0)
    append(fmt::format("0x{:08X}", rest));
  return out.empty() ? "0" : out;
}

}  // namespace

std::string wnode_flag_names(std::uint32_t flags) {
  return join_names(flags, kWnodeFlags, flag::kSeverityMask, "severity");
}

std::string reg_flag_names(std::uint32_t flags) { return join_names(flags, kRegFlags, 0, ""); }

}  // namespace wmiport::wnode
