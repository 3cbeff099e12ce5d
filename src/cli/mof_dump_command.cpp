// `wmiport mof dump`.
#include "cli/commands.h"

namespace wmiport::cli {

void register_mof_dump_command(CLI::App& mof, int& exit_code) {
  auto* cmd = mof.add_subcommand("dump", "(not implemented yet)");
  cmd->callback([&exit_code] { exit_code = kExitFailure; });
}

}  // namespace wmiport::cli
