#include "command_runner.h"

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace wmiport::testing {

namespace {

std::string read_file(const std::filesystem::path& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

}  // namespace

CommandResult run_wmiport(const std::string& arguments, const std::string& input) {
  return run_command(std::string(WMIPORT_BINARY) + " " + arguments, input);
}

CommandResult run_command(const std::string& command_line, const std::string& input) {
  char dir_template[] = "/tmp/wmiport_cli_test_XXXXXX";
  const std::filesystem::path dir = mkdtemp(dir_template);
  std::ofstream(dir / "in") << input;
  const std::string command = "{ " + command_line + "\n} <" + (dir / "in").string() + " >" + (dir / "out").string() +
                              " 2>" + (dir / "err").string();
  const int raw = std::system(command.c_str());
  CommandResult result;
  result.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  result.out = read_file(dir / "out");
  result.err = read_file(dir / "err");
  std::filesystem::remove_all(dir);
  return result;
}

}  // namespace wmiport::testing
