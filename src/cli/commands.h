// Subcommands of the `wmiport` command. Each register_* adds one subcommand and its callback to the app.
#pragma once

#include <CLI/CLI.hpp>

namespace wmiport::cli {

// Exit status of a subcommand: 0 success, 1 the request failed, 2 usage error (CLI11's own), 3 verifier strict.
inline constexpr int kExitFailure = 1;

void register_demo_command(CLI::App& app, int& exit_code);
void register_mof_command(CLI::App& app, int& exit_code);
void register_mof_check_command(CLI::App& mof, int& exit_code);
void register_mof_dump_command(CLI::App& mof, int& exit_code);
void register_mof_header_command(CLI::App& mof, int& exit_code);
void register_config_command(CLI::App& app, int& exit_code);
// Global --driver/--mof/--json and list, query, set, set-item, call, watch, and `-` (see rewrite_stdin_marker).
void register_request_commands(CLI::App& app, int& exit_code);
// `fuzz` (a driver through the stack, reproducers written) and `replay` (one reproducer, request by request).
void register_fuzz_command(CLI::App& app, int& exit_code);
void register_replay_command(CLI::App& app, int& exit_code);
// CLI11 takes no subcommand named "-": the `-` that stands where COMMAND goes becomes kSessionCommand.
void rewrite_stdin_marker(int argc, char** argv);

}  // namespace wmiport::cli
