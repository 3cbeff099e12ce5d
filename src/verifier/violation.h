// One broken rule, as the verifier reports it: the rule (id and requirement), who broke it, and inside which
// WMI request. Text for people, JSON for tools.
#pragma once

#include <string>

// The verifier's API is exported from libwmiport_runtime.so (hosts print and collect violations with it).
#define WMIPORT_VERIFIER_API __attribute__((visibility("default")))

namespace wmiport::verifier {

struct Violation {
  std::string rule;         // rules.h id, e.g. "postprocess_twice" (or a kernel rule id)
  std::string requirement;  // the documented requirement, one sentence
  std::string message;      // what happened, with the values involved
  std::string driver;       // the driver's service name ("" when no driver code was running)
  std::string guid;         // the block's GUID ("" outside a WMI request)
  int minor = -1;           // the IRP_MN_* minor code (-1 outside a WMI request)
  std::string request;      // the request: buffer size, instance, item or method id ("" when none)
};

// "IRP_MN_QUERY_ALL_DATA", ...; "" for -1, "0x.." for codes that are not WMI minor codes.
WMIPORT_VERIFIER_API std::string minor_name(int minor);

// Two lines: "wmiport verifier: <rule> by <driver> [<minor> <guid> <request>]: <message>" and the requirement.
WMIPORT_VERIFIER_API std::string to_text(const Violation& violation);
// One JSON object on one line: {"rule":..,"requirement":..,"message":..,"driver":..,"guid":..,"minor":..,
// "minor_name":..,"request":..}; guid/request are null and minor is null when absent.
WMIPORT_VERIFIER_API std::string to_json(const Violation& violation);

}  // namespace wmiport::verifier
