// The demo shows hbaapi values the way the HBA API names them: PortState 2 reads "2 (ONLINE)", PortSpeed 16
// "16 (8GBIT)". The MOF gives these properties a ValueMap of numbers only, so the names come from <hbaapi.h>.
#include <hbaapi.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "cli/demo.h"

namespace wmiport::cli {

namespace {

using Names = std::vector<std::pair<std::uint32_t, const char*>>;

const Names kPortTypes{
    {HBA_PORTTYPE_UNKNOWN, "UNKNOWN"}, {HBA_PORTTYPE_OTHER, "OTHER"},   {HBA_PORTTYPE_NOTPRESENT, "NOTPRESENT"},
    {HBA_PORTTYPE_NPORT, "NPORT"},     {HBA_PORTTYPE_NLPORT, "NLPORT"}, {HBA_PORTTYPE_FLPORT, "FLPORT"},
    {HBA_PORTTYPE_FPORT, "FPORT"},     {HBA_PORTTYPE_EPORT, "EPORT"},   {HBA_PORTTYPE_GPORT, "GPORT"},
    {HBA_PORTTYPE_LPORT, "LPORT"},     {HBA_PORTTYPE_PTP, "PTP"}};
const Names kPortStates{{HBA_PORTSTATE_UNKNOWN, "UNKNOWN"},
                        {HBA_PORTSTATE_ONLINE, "ONLINE"},
                        {HBA_PORTSTATE_OFFLINE, "OFFLINE"},
                        {HBA_PORTSTATE_BYPASSED, "BYPASSED"},
                        {HBA_PORTSTATE_DIAGNOSTICS, "DIAGNOSTICS"},
                        {HBA_PORTSTATE_LINKDOWN, "LINKDOWN"},
                        {HBA_PORTSTATE_ERROR, "ERROR"},
                        {HBA_PORTSTATE_LOOPBACK, "LOOPBACK"}};
const Names kPortSpeeds{{HBA_PORTSPEED_1GBIT, "1GBIT"},   {HBA_PORTSPEED_2GBIT, "2GBIT"},
                        {HBA_PORTSPEED_10GBIT, "10GBIT"}, {HBA_PORTSPEED_4GBIT, "4GBIT"},
                        {HBA_PORTSPEED_8GBIT, "8GBIT"},   {HBA_PORTSPEED_16GBIT, "16GBIT"}};
const Names kClasses{{HBA_COS_CLASS_F, "CLASS_F"},
                     {HBA_COS_CLASS_1, "CLASS_1"},
                     {HBA_COS_CLASS_2, "CLASS_2"},
                     {HBA_COS_CLASS_3, "CLASS_3"},
                     {HBA_COS_CLASS_4, "CLASS_4"}};
// The event types fchba fires (hbapiwmi.h, from the MOF's cpp_quote).
const Names kEventTypes{
    {0x103, "ADAPTER_CHANGE"}, {0x201, "PORT_OFFLINE"}, {0x202, "PORT_ONLINE"}, {0x501, "LINK_INCIDENT"}};

std::string one_of(std::uint32_t value, const Names& names) {
  for (const auto& [known, name] : names) {
    if (known == value)
      return name;
  }
  return {};
}

std::string bits_of(std::uint32_t value, const Names& names) {
  std::string out;
  for (const auto& [bit, name] : names) {
    if ((value & bit) != 0)
      out += out.empty() ? name : std::string("|") + name;
  }
  return out.empty() && value == 0 ? "UNKNOWN" : out;
}

std::string named(std::string_view property, std::uint32_t value) {
  if (property == "PortType")
    return one_of(value, kPortTypes);
  if (property == "PortState")
    return one_of(value, kPortStates);
  if (property == "PortSpeed" || property == "PortSupportedSpeed")
    return bits_of(value, kPortSpeeds);
  if (property == "PortSupportedClassofService")
    return bits_of(value, kClasses);
  if (property == "EventType")
    return one_of(value, kEventTypes);
  return {};
}

}  // namespace

void name_hba_values(nlohmann::ordered_json& object) {
  for (auto& [key, value] : object.items()) {
    if (value.is_object()) {
      name_hba_values(value);
    } else if (value.is_number_unsigned() && value <= 0xFFFFFFFFu) {
      const std::string name = named(key, value.get<std::uint32_t>());
      if (!name.empty())
        value = fmt::format("{} ({})", value.get<std::uint32_t>(), name);
    }
  }
}

}  // namespace wmiport::cli
