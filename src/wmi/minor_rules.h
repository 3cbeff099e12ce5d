// The WMI minor codes as the core routes them (spec §6): one checked table indexed by minor code, with the
// 0x0A hole (the private IRP_MN_SET_TRACE_NOTIFY) as an explicit empty row. The router's shared prelude reads
// it to decide whether a request needs an instance, whether event-only blocks refuse it, and whether the
// provider writes a reply WNODE (and so may answer WNODE_TOO_SMALL).
#pragma once

#include <array>
#include <cstdint>
#include <optional>

#include <wdm.h>

namespace wmiport::wmi {

struct MinorRule {
  const char* name = nullptr;  // nullptr: not a WMI minor code
  bool needs_instance = false;
  bool refused_for_event_only = false;
  bool has_reply_wnode = false;
};

inline constexpr std::array<MinorRule, IRP_MN_REGINFO_EX + 1> kMinorRules{{
    /* 0x00 */ {"IRP_MN_QUERY_ALL_DATA", false, true, true},
    /* 0x01 */ {"IRP_MN_QUERY_SINGLE_INSTANCE", true, true, true},
    /* 0x02 */ {"IRP_MN_CHANGE_SINGLE_INSTANCE", true, true, false},
    /* 0x03 */ {"IRP_MN_CHANGE_SINGLE_ITEM", true, true, false},
    /* 0x04 */ {"IRP_MN_ENABLE_EVENTS", false, false, false},
    /* 0x05 */ {"IRP_MN_DISABLE_EVENTS", false, false, false},
    /* 0x06 */ {"IRP_MN_ENABLE_COLLECTION", false, false, false},
    /* 0x07 */ {"IRP_MN_DISABLE_COLLECTION", false, false, false},
    /* 0x08 */ {"IRP_MN_REGINFO", false, false, true},
    /* 0x09 */ {"IRP_MN_EXECUTE_METHOD", true, true, true},
    /* 0x0A */ {},  // hole: private trace-notify code, never routed
    /* 0x0B */ {"IRP_MN_REGINFO_EX", false, false, true},
}};
static_assert(kMinorRules.size() == IRP_MN_REGINFO_EX + 1, "one row per minor code up to IRP_MN_REGINFO_EX");
static_assert(kMinorRules[0x0A].name == nullptr, "0x0A is the hole");

constexpr const MinorRule* minor_rule(std::uint8_t minor) {
  if (minor >= kMinorRules.size() || kMinorRules[minor].name == nullptr)
    return nullptr;
  return &kMinorRules[minor];
}

}  // namespace wmiport::wmi
