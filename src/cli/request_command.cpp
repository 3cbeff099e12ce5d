// The request subcommands: `wmiport [--driver PATH]... [--mof FILE]... [--json] COMMAND`, and `-`, which reads
// one COMMAND per line from standard input and runs them in one Host, going on after an error.
#include <cstdio>
#include <functional>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "cli/request_args.h"
#include "cli/request_session.h"
#include "cli/request_text.h"
#include "cli/verifier_report.h"

namespace wmiport::cli {

namespace {

struct RequestState {
  GlobalArgs global;
  RequestArgs args;
};

std::string code_text(NtStatusCode code) {
  return fmt::format("0x{:08X}", static_cast<std::uint32_t>(code));
}

void print_output(const RequestOutput& out, bool json) {
  if (out.json_lines)
    return;  // events were printed as they arrived
  if (json)
    std::printf("%s\n", out.json.dump().c_str());
  else
    std::fputs(out.text.c_str(), stdout);
  std::fflush(stdout);
}

void install_event_printer(RequestSession& session, bool json) {
  session.set_event_printer([json](const nlohmann::ordered_json& event) {
    const std::string line = json ? event.dump() + "\n" : event_text(event);
    std::fputs(line.c_str(), stdout);
    std::fflush(stdout);
  });
}

// The name of a status, also for the loader's statuses the shared table does not name.
std::string status_name(NtStatusCode code) {
  static constexpr std::pair<std::uint32_t, const char*> kLoaderStatuses[] = {
      {0xC0000034u, "STATUS_OBJECT_NAME_NOT_FOUND"},
      {0xC000007Au, "STATUS_PROCEDURE_NOT_FOUND"},
      {0xC000007Bu, "STATUS_INVALID_IMAGE_FORMAT"},
      {0xC0000135u, "STATUS_DLL_NOT_FOUND"},
      {0xC0000182u, "STATUS_DEVICE_CONFIGURATION_ERROR"}};
  for (const auto& [value, name] : kLoaderStatuses) {
    if (static_cast<std::uint32_t>(code) == value)
      return name;
  }
  return ntstatus_name(code);
}

void print_error(const Error& error) {
  std::fprintf(stderr, "wmiport: %s (%s): %s\n", status_name(error.code()).c_str(), code_text(error.code()).c_str(),
               error.message().c_str());
}

// Splits a line into words at blanks, as a shell would for these simple cases: double or single quotes group words
// ("ROOT\X 0") and are removed; inside single quotes double quotes are literal, so a JSON value with strings
// goes in single quotes ('{"Type":2}'); a backslash is literal.
std::vector<std::string> split_words(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  char quote = 0;
  bool in_word = false;
  for (const char c : line) {
    if (quote == 0 && (c == '"' || c == '\'')) {
      quote = c;
      in_word = true;
    } else if (c == quote) {
      quote = 0;
    } else if (quote == 0 && (c == ' ' || c == '\t' || c == '\r')) {
      if (in_word)
        words.push_back(std::move(word));
      word.clear();
      in_word = false;
    } else {
      word += c;
      in_word = true;
    }
  }
  if (in_word)
    words.push_back(std::move(word));
  return words;
}

// One line of a `-` session; errors are reported and the session goes on.
bool run_session_line(RequestSession& session, const std::vector<std::string>& words, bool json) {
  RequestArgs args;
  CLI::App parser{"wmiport session line"};
  parser.require_subcommand(1);
  add_request_subcommands(parser, args, /*with_events=*/true);
  std::vector<std::string> reversed(words.rbegin(), words.rend());  // CLI11 takes a vector in reverse order
  Result<RequestOutput> output = Error(ntstatus::invalid_parameter, "");
  try {
    parser.parse(reversed);
    output = session.run(args, /*in_session=*/true);
  } catch (const CLI::ParseError& error) {
    output = Error(ntstatus::invalid_parameter, error.what());
  }
  if (output.ok()) {
    print_output(*output, json);
    return true;
  }
  const Error& error = output.error();
  if (json) {
    const nlohmann::ordered_json line{
        {"error", status_name(error.code())}, {"code", code_text(error.code())}, {"message", error.message()}};
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
  } else {
    print_error(error);
  }
  return false;
}

int run_session(const GlobalArgs& global, HostOptions options) {
  auto session = RequestSession::open(global, std::move(options));
  if (!session.ok()) {
    print_error(session.error());
    return kExitFailure;
  }
  install_event_printer(**session, global.json);
  bool all_ok = true;
  std::string line;
  while (std::getline(std::cin, line)) {
    const auto words = split_words(line);
    if (words.empty() || words.front().starts_with('#'))
      continue;
    all_ok = run_session_line(**session, words, global.json) && all_ok;
  }
  return all_ok ? 0 : kExitFailure;
}

int run_one(const GlobalArgs& global, const RequestArgs& args, HostOptions options) {
  auto session = RequestSession::open(global, std::move(options));
  if (!session.ok()) {
    print_error(session.error());
    return kExitFailure;
  }
  install_event_printer(**session, global.json);
  auto output = (*session)->run(args, /*in_session=*/false);
  if (!output.ok()) {
    print_error(output.error());
    return kExitFailure;
  }
  print_output(*output, global.json);
  return 0;
}

// Runs a command under the verifier --verifier asks for; the Host is gone when `run` returns, so the summary
// includes what its shutdown found (pool leaks).
int with_verifier(const GlobalArgs& global, const std::function<int(HostOptions)>& run) {
  VerifierReport report(global.verifier, global.json);
  const int code = run(report.host_options());
  return report.finish(code);
}

}  // namespace

void register_request_commands(CLI::App& app, int& exit_code) {
  static RequestState state;  // lives as long as the app's callbacks may run
  app.add_option("--driver", state.global.drivers, "Driver .so to load (repeatable)");
  app.add_option("--mof", state.global.mof_files, "MOF file describing blocks (repeatable)");
  app.add_flag("--json", state.global.json, "Print JSON");
  app.add_option("--verifier", state.global.verifier,
                 "Driver contract checks: on (default; violations on stderr), off, strict (exit status 3 on any)")
      ->check(CLI::IsMember({"off", "on", "strict"}));
  add_request_subcommands(app, state.args, /*with_events=*/false);
  for (const char* name : {"list", "query", "set", "set-item", "call", "watch"}) {
    app.get_subcommand(name)->callback([&exit_code] {
      exit_code =
          with_verifier(state.global, [](HostOptions o) { return run_one(state.global, state.args, std::move(o)); });
    });
  }
  auto* session = app.add_subcommand(kSessionCommand, "Read commands from standard input (written `-`)");
  session->group("");  // hidden: people write `-`
  session->callback([&exit_code] {
    exit_code = with_verifier(state.global, [](HostOptions o) { return run_session(state.global, std::move(o)); });
  });
}

}  // namespace wmiport::cli

namespace wmiport::cli {

void rewrite_stdin_marker(int argc, char** argv) {
  static char session_name[] = "session";
  for (int i = 1; i < argc; ++i) {
    const std::string_view word = argv[i];
    if (word == "--driver" || word == "--mof" || word == "--verifier") {
      ++i;  // skip the option's value
      continue;
    }
    if (word.starts_with("--"))
      continue;  // --json, --driver=PATH, --mof=FILE
    if (word == "-")
      argv[i] = session_name;
    return;  // the first word that is not a global option is COMMAND
  }
}

}  // namespace wmiport::cli
