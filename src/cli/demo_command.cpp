// `wmiport demo`: the main job a new user runs first (make demo).
#include <cstdio>

#include "cli/commands.h"

namespace wmiport::cli {

void register_demo_command(CLI::App& app, int& exit_code) {
  auto* demo = app.add_subcommand("demo", "Build a WNODE_ALL_DATA, parse it back and print it");
  demo->callback([&exit_code] {
    std::puts("wmiport demo: the WNODE codec is being built (issue 2)");
    exit_code = 0;
  });
}

}  // namespace wmiport::cli
