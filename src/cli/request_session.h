// A request session: one Host with the --driver drivers loaded, the --mof schemas, and the event
// subscriptions of `watch` in a `-` session. Each request returns what to print, as JSON and for people.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/request_args.h"
#include "common/result.h"
#include "wmiport/host.h"
#include "wmiport/schema_catalog.h"

namespace wmiport::cli {

struct RequestOutput {
  nlohmann::ordered_json json;  // one document
  std::string text;
  bool json_lines = false;  // events: printed already, one line each; nothing more to print
};

class RequestSession {
 public:
  // Creates the Host, loads the drivers and compiles the MOF files.
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

  struct Block {
    Guid guid;
    std::optional<ClassRef> cls;
  };
  Result<Block> resolve(const std::string& text) const;
  nlohmann::ordered_json properties(const Block& block, Bytes data) const;
  nlohmann::ordered_json event_json(const EventRecord& event) const;

  std::unique_ptr<Host> host_;
  SchemaCatalog catalog_;
  std::vector<Subscription> subscriptions_;
  std::function<void(const nlohmann::ordered_json&)> print_event_;
};

}  // namespace wmiport::cli
