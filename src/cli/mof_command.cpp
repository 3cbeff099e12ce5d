// `wmiport mof check|header|dump`: the MOF toolchain on the command line.
#include "cli/commands.h"

namespace wmiport::cli {

void register_mof_command(CLI::App& app, int& exit_code) {
  auto* mof = app.add_subcommand("mof", "Compile driver MOF files: check them, dump their layouts, generate C headers");
  mof->require_subcommand(1);
  register_mof_check_command(*mof, exit_code);
  register_mof_dump_command(*mof, exit_code);
  register_mof_header_command(*mof, exit_code);
}

}  // namespace wmiport::cli
