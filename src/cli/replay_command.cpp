// `wmiport replay FILE [--driver PATH.so] [--mof FILE]`: re-runs a `wmiport fuzz` reproducer in a fresh Host,
// printing each request before it runs (so the last line before a crash names the culprit), its status, and
// the findings. Exit status 1 when a finding reproduces (a crash ends the process with the sanitizer's status).
#include <cstdio>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/fuzz_reproducer.h"
#include "fuzzing/fuzz_session.h"

namespace wmiport::cli {

namespace {

struct ReplayArgs {
  std::string file;
  std::string driver;
  std::string mof;
};

Result<int> replay(const ReplayArgs& args) {
  std::ifstream in(args.file, std::ios::binary);
  if (!in)
    return Error(ntstatus::invalid_parameter, "cannot read " + args.file);
  std::ostringstream text;
  text << in.rdbuf();
  WMIPORT_ASSIGN_OR_RETURN(auto reproducer, read_reproducer(text.str()));
  SchemaCatalog catalog;
  if (!args.mof.empty())
    WMIPORT_TRY(catalog.add_mof_file(args.mof));
  fuzzing::SessionOptions session{args.driver.empty() ? reproducer.driver : args.driver,
                                  args.mof.empty() ? nullptr : &catalog,
                                  [](std::size_t index, const fuzzing::FuzzRequest& request) {
                                    std::printf("[%zu] %s\n", index, fuzzing::describe(request).c_str());
                                    std::fflush(stdout);
                                  },
                                  [](std::size_t, const fuzzing::FuzzRequest&, const fuzzing::RequestOutcome& outcome) {
                                    std::printf("    -> %s\n", outcome.text.c_str());
                                    std::fflush(stdout);
                                  }};
  WMIPORT_ASSIGN_OR_RETURN(auto model, fuzzing::load_model(session));
  WMIPORT_ASSIGN_OR_RETURN(auto result, fuzzing::run_sequence(session, model, reproducer.requests));
  if (result.findings.empty()) {
    std::printf("no finding reproduced\n");
    return 0;
  }
  for (const auto& finding : result.findings)
    std::printf("%s", fmt::format("finding: {} {}: {}\n", finding.kind, finding.rule, finding.message).c_str());
  return kExitFailure;
}

}  // namespace

void register_replay_command(CLI::App& app, int& exit_code) {
  auto args = std::make_shared<ReplayArgs>();
  auto* sub = app.add_subcommand("replay", "Re-run a `wmiport fuzz` reproducer, request by request");
  sub->add_option("FILE", args->file, "The reproducer (.json)")->required();
  sub->add_option("--driver", args->driver, "The driver .so (default: the one the reproducer names)");
  sub->add_option("--mof", args->mof, "MOF file of the driver's blocks");
  sub->callback([args, &exit_code] {
    auto status = replay(*args);
    if (!status.ok()) {
      std::fprintf(stderr, "wmiport replay: %s\n", status.error().to_string().c_str());
      exit_code = kExitFailure;
      return;
    }
    exit_code = *status;
  });
}

}  // namespace wmiport::cli
