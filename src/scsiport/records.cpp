#include "scsiport/records.h"

#include <cstdio>
#include <map>
#include <mutex>
#include <optional>

#include "kernel/contract.h"
#include "kernel/protected.h"

namespace wmiport::scsiport {

namespace {

kernel::Protected<std::vector<PortRecord>>& all_records() {
  static kernel::Protected<std::vector<PortRecord>> records;
  return records;
}

kernel::Protected<std::map<std::string, std::string>>& argument_strings() {
  static kernel::Protected<std::map<std::string, std::string>> strings;
  return strings;
}

}  // namespace

const char* record_kind_name(RecordKind kind) {
  switch (kind) {
    case RecordKind::log_error:
      return "log_error";
    case RecordKind::library_violation:
      return "library_violation";
    case RecordKind::event_not_enabled:
      return "event_not_enabled";
    case RecordKind::event_rejected:
      return "event_rejected";
    case RecordKind::port_contract:
      return "port_contract";
    case RecordKind::configuration:
      return "configuration";
    case RecordKind::bus_event:
      return "bus_event";
  }
  return "unknown";
}

void add_record(PortRecord record) {
  // Contract breaches are also worth a line on stderr (as the kernel's contract hook does); the routine
  // traffic (log entries, events nobody enabled) is only kept.
  if (record.kind == RecordKind::port_contract || record.kind == RecordKind::library_violation ||
      record.kind == RecordKind::configuration)
    std::fprintf(stderr, "[wmiport:scsiport] %s: %s %s\n", record.driver.c_str(), record_kind_name(record.kind),
                 record.text.c_str());
  // Port-side contract breaches go to the verifier too (library violations are reported by the library's sink
  // itself, with their own rule ids).
  if (record.kind == RecordKind::port_contract || record.kind == RecordKind::event_not_enabled) {
    kernel::ContractViolation violation;
    violation.rule = record.kind == RecordKind::port_contract ? "scsiport_contract" : "event_not_enabled";
    violation.message = record.text;
    violation.driver = record.driver;
    kernel::report_violation(std::move(violation));
  }
  all_records().with([&](auto& records) { records.push_back(std::move(record)); });
}

std::vector<PortRecord> records() {
  return all_records().with([](const auto& records) { return records; });
}

void clear_records() {
  all_records().with([](auto& records) { records.clear(); });
}

void set_argument_string(const std::string& driver, const std::string& text) {
  argument_strings().with([&](auto& strings) { strings[driver] = text; });
}

std::optional<std::string> argument_string(const std::string& driver) {
  return argument_strings().with([&](const auto& strings) -> std::optional<std::string> {
    auto it = strings.find(driver);
    if (it == strings.end())
      return std::nullopt;
    return it->second;
  });
}

}  // namespace wmiport::scsiport
