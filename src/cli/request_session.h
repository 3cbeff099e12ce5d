// A request session: one wmiport::Client (include/wmiport/client.h) with the --mof schemas and the --driver
// drivers loaded, and the event subscriptions of `watch` in a `-` session. It turns the command's options into
// Client calls and each answer into what to print, as JSON and for people; the requests themselves live in the
// Client.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/request_args.h"
#include "common/result.h"
#include "wmiport/client.h"

namespace wmiport::cli {

struct RequestOutput {
  nlohmann::ordered_json json;  // one document
  std::string text;
  bool json_lines = false;  // events: printed already, one line each; nothing more to print
};

class RequestSession {
 public:
  // Compiles the MOF files, creates the Client's Host (with `options`) and loads the drivers.
  static Result<std::unique_ptr<RequestSession>> open(const GlobalArgs& global, HostOptions options = {});

  // in_session: `watch` subscribes and returns (events come with `events`).
  Result<RequestOutput> run(const RequestArgs& args, bool in_session);
  // Events are printed as they arrive (watch, events), each as its JSON line.
  void set_event_printer(std::function<void(const nlohmann::ordered_json&)> print) { print_event_ = std::move(print); }

 private:
  RequestSession() = default;
  Result<RequestOutput> list();
  Result<RequestOutput> query(const RequestArgs& args);
  Result<RequestOutput> set(const RequestArgs& args);
  Result<RequestOutput> set_item(const RequestArgs& args);
  Result<RequestOutput> call(const RequestArgs& args);
  Result<RequestOutput> watch(const RequestArgs& args, bool in_session);
  Result<RequestOutput> events(const RequestArgs& args);

  std::unique_ptr<Client> client_;
  std::vector<EventSubscription> subscriptions_;
  std::function<void(const nlohmann::ordered_json&)> print_event_;
};

}  // namespace wmiport::cli
