// The request subcommands of `wmiport` (list, query, set, set-item, call, watch, events) and their options.
// The same definitions parse the command line and each line of a `-` session.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

// CLI::App is only named here: CLI11 is header-only and costs ~15 s of compile per file that includes it.
namespace CLI {
class App;
}

namespace wmiport::cli {

struct GlobalArgs {
  std::vector<std::string> drivers;
  std::vector<std::string> mof_files;
  bool json = false;
  std::string verifier = "on";  // --verifier=off|on|strict
};

struct RequestArgs {
  std::string command;  // which subcommand was given
  std::string block;    // "{GUID}" or a MOF class name
  std::optional<std::string> instance;
  std::optional<std::uint32_t> index;
  std::optional<std::string> data_hex;
  std::vector<std::string> properties;  // NAME=VALUE
  std::optional<std::uint32_t> item;
  std::optional<std::string> value;
  std::string method;
  std::optional<std::string> in_hex;
  std::vector<std::string> arguments;  // NAME=VALUE
  std::optional<std::uint32_t> count;
  std::optional<double> timeout_seconds;
};

// Adds list, query, set, set-item, call, watch and (when `with_events`) events; each records its name in
// args.command when parsed.
void add_request_subcommands(CLI::App& app, RequestArgs& args, bool with_events);

inline constexpr const char* kSessionCommand = "session";  // what `-` is rewritten to before CLI11 parses

}  // namespace wmiport::cli
