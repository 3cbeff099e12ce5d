// Runs the built `wmiport` command in a shell and captures its exit status, standard output and error.
#pragma once

#include <string>

namespace wmiport::testing {

struct CommandResult {
  int status = -1;
  std::string out;
  std::string err;
};

// `arguments` is appended to the binary path as shell words; `input` becomes standard input.
CommandResult run_wmiport(const std::string& arguments, const std::string& input = {});
// Any shell command line (sh -c), with `input` as standard input.
CommandResult run_command(const std::string& command_line, const std::string& input = {});

}  // namespace wmiport::testing
