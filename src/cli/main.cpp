// wmiport: load Windows WMI drivers on Linux and talk to them as Windows tools do.
#include <cstdio>

#include <CLI/CLI.hpp>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"wmiport: the Windows driver-side WMI stack, open and portable"};
  app.require_subcommand(1);
  int exit_code = 0;
  wmiport::cli::register_demo_command(app, exit_code);
  wmiport::cli::register_mof_command(app, exit_code);
  wmiport::cli::register_config_command(app, exit_code);
  wmiport::cli::register_request_commands(app, exit_code);
  wmiport::cli::register_fuzz_command(app, exit_code);
  wmiport::cli::register_replay_command(app, exit_code);
  wmiport::cli::rewrite_stdin_marker(argc, argv);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
