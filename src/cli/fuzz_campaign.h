// `wmiport fuzz`: a structured random + mutation loop over the request generator (src/fuzzing), for builds
// without libFuzzer. The parent process never hosts the driver: each batch runs in a forked child that creates
// its own Host per sequence, so a driver crash (signal, sanitizer abort) or hang kills only the child, and the
// parent still knows the request sequence it was running (the child reports every request before sending it).
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace wmiport::cli {

struct CampaignOptions {
  std::filesystem::path driver;
  std::optional<std::filesystem::path> mof;
  unsigned seconds = 60;
  std::uint64_t seed = 1;
  std::filesystem::path out = "fuzz-findings";
  unsigned stop_after = 0;  // stop after this many distinct findings (0: run for `seconds`)
};

struct CampaignSummary {
  std::uint64_t sequences = 0;
  std::uint64_t requests = 0;
  unsigned batches = 0;
  std::size_t corpus = 0;
  double seconds = 0;
  std::optional<double> first_finding_seconds;
  std::vector<std::filesystem::path> reproducers;  // one per distinct finding
  std::vector<std::string> finding_titles;         // "crash: SUMMARY: AddressSanitizer: ..." per reproducer
};

Result<CampaignSummary> run_campaign(const CampaignOptions& options);

}  // namespace wmiport::cli
