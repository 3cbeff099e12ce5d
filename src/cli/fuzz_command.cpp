// `wmiport fuzz --driver PATH.so [--mof FILE] [--seconds N] [--seed S] [--out DIR] [--stop-after N]`: fuzz a
// driver's WMI code through the whole stack (fuzz_campaign.h) and write a reproducer per distinct finding.
// Exit status 0 when nothing was found, 1 when something was (or the driver did not load).
#include <cstdio>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/fuzz_campaign.h"

namespace wmiport::cli {

void register_fuzz_command(CLI::App& app, int& exit_code) {
  auto options = std::make_shared<CampaignOptions>();
  auto* fuzz = app.add_subcommand("fuzz", "Fuzz a driver's WMI code through the stack; write reproducers");
  fuzz->add_option("--driver", options->driver, "The driver .so")->required();
  fuzz->add_option("--mof", options->mof, "MOF file of the driver's blocks (item and method ids)");
  fuzz->add_option("--seconds", options->seconds, "How long to run (default 60)");
  fuzz->add_option("--seed", options->seed, "Random seed (default 1)");
  fuzz->add_option("--out", options->out, "Where reproducers go (default fuzz-findings)");
  fuzz->add_option("--stop-after", options->stop_after, "Stop after N distinct findings (default: run --seconds)");
  fuzz->callback([options, &exit_code] {
    auto summary = run_campaign(*options);
    if (!summary.ok()) {
      std::fprintf(stderr, "wmiport fuzz: %s\n", summary.error().to_string().c_str());
      exit_code = kExitFailure;
      return;
    }
    std::printf("%s", fmt::format("fuzzed {} for {:.1f} s: {} sequences, {} requests, {} batches, corpus {}\n",
                                  options->driver.string(), summary->seconds, summary->sequences, summary->requests,
                                  summary->batches, summary->corpus)
                          .c_str());
    if (summary->reproducers.empty()) {
      std::printf("no findings\n");
      return;
    }
    std::printf("%s", fmt::format("{} finding(s), the first after {:.1f} s:\n", summary->reproducers.size(),
                                  summary->first_finding_seconds.value_or(0))
                          .c_str());
    for (std::size_t i = 0; i < summary->reproducers.size(); ++i)
      std::printf("  %s\n    %s\n", summary->reproducers[i].c_str(), summary->finding_titles[i].c_str());
    std::printf("replay with: wmiport replay FILE --driver %s\n", options->driver.c_str());
    exit_code = kExitFailure;
  });
}

}  // namespace wmiport::cli
