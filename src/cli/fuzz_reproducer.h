// Reproducer files of `wmiport fuzz` (read by `wmiport replay`): a JSON document naming the driver, what was
// found, and the request sequence that found it. Format (docs/decisions.md, "Fuzzing through the stack"):
//   {"format": "wmiport-fuzz-reproducer", "version": 1, "driver": "/path/driver.so",
//    "findings": [{"kind": "crash", "rule": "signal", "message": "..."}],
//    "requests": [{"op": "query_single", "guid": "{...}", "provider": 0, "instance": 1 | "name",
//                  "item": 0, "method": 0, "buffer_size": 120, "via": "irp" | "core", "input": "0a0b"}]}
#pragma once

#include <string>

#include <nlohmann/json.hpp>
#include <vector>

#include "common/result.h"
#include "fuzzing/findings.h"
#include "fuzzing/fuzz_request.h"

namespace wmiport::cli {

using fuzzing::Finding;
using fuzzing::RequestSequence;

struct Reproducer {
  std::string driver;
  std::vector<Finding> findings;
  RequestSequence requests;
};

// One request as the "requests" array lists it (also the wire form between `wmiport fuzz` and its children).
nlohmann::ordered_json request_to_json(const fuzzing::FuzzRequest& request);
Result<fuzzing::FuzzRequest> request_from_json(const nlohmann::ordered_json& json);
nlohmann::ordered_json findings_to_json(const std::vector<Finding>& findings);
std::vector<Finding> findings_from_json(const nlohmann::ordered_json& json);

std::string write_reproducer(const Reproducer& reproducer);
Result<Reproducer> read_reproducer(const std::string& text);

}  // namespace wmiport::cli
