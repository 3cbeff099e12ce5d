// One request sequence against a fresh Host: create the Host (with a FindingCollector as its contract hook),
// load the driver, build the target model on first use, run every request, release, collect the findings, then
// destroy the Host and collect what its shutdown reported (pool leaked at unload). A fresh Host per sequence
// makes every sequence replay the same way on its own.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "common/result.h"
#include "fuzzing/findings.h"
#include "fuzzing/fuzz_request.h"
#include "fuzzing/request_runner.h"
#include "fuzzing/target_model.h"
#include "wmiport/schema_catalog.h"

namespace wmiport::fuzzing {

struct SessionOptions {
  std::filesystem::path driver;
  const SchemaCatalog* catalog = nullptr;  // item and method ids for the model
  // Called before each request (replay prints it, so the last line before a crash names the request) and after.
  std::function<void(std::size_t index, const FuzzRequest& request)> before_request;
  std::function<void(std::size_t index, const FuzzRequest& request, const RequestOutcome& outcome)> after_request;
};

struct SequenceResult {
  std::vector<RequestOutcome> outcomes;
  std::vector<Finding> findings;
};

// A Host with the driver loaded, asked for its blocks (and its dynamic instance names), then shut down.
Result<TargetModel> load_model(const SessionOptions& options);

// Fails when the Host cannot be created or the driver does not load.
Result<SequenceResult> run_sequence(const SessionOptions& options, TargetModel& model, RequestSequence& sequence);

}  // namespace wmiport::fuzzing
