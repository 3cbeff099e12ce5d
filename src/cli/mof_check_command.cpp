// `wmiport mof check`.
#include "cli/commands.h"

namespace wmiport::cli {

void register_mof_check_command(CLI::App& mof, int& exit_code) {
  auto* cmd = mof.add_subcommand("check", "(not implemented yet)");
  cmd->callback([&exit_code] { exit_code = kExitFailure; });
}

}  // namespace wmiport::cli
