// Flags decoded by name, for messages and for people: "WNODE_FLAG_ALL_DATA|WNODE_FLAG_FIXED_INSTANCE_SIZE".
#pragma once

#include <cstdint>
#include <string>

namespace wmiport::wnode {

// Names of the set WNODE_FLAG_* bits joined by '|'; unknown bits as a trailing hex value, the severity byte as
// "severity 0xNN"; "0" when no bit is set.
std::string wnode_flag_names(std::uint32_t flags);

// The same for WMIREG_FLAG_*.
std::string reg_flag_names(std::uint32_t flags);

}  // namespace wmiport::wnode
