#include "cli/request_args.h"

#include <CLI/CLI.hpp>

namespace wmiport::cli {

namespace {

CLI::App* add_request(CLI::App& app, RequestArgs& args, const char* name, const char* description) {
  auto* sub = app.add_subcommand(name, description);
  sub->parse_complete_callback([&args, name] { args.command = name; });
  return sub;
}

void add_block(CLI::App* sub, RequestArgs& args) {
  sub->add_option("BLOCK", args.block, "GUID in braces or MOF class name")->required();
}

// --instance NAME or --index N: one of the two is required (the request says which is missing).
void add_instance(CLI::App* sub, RequestArgs& args) {
  auto* instance = sub->add_option("--instance", args.instance, "Instance name");
  sub->add_option("--index", args.index, "Instance index (position in the block's instance list)")->excludes(instance);
}

}  // namespace

void add_request_subcommands(CLI::App& app, RequestArgs& args, bool with_events) {
  add_request(app, args, "list", "List the registered blocks");

  auto* query = add_request(app, args, "query", "Query all instances of a block, or one");
  add_block(query, args);
  add_instance(query, args);

  auto* set = add_request(app, args, "set", "Set an instance");
  add_block(set, args);
  add_instance(set, args);
  auto* data = set->add_option("--data", args.data_hex, "The whole instance data, in hex");
  set->add_option("--prop", args.properties, "NAME=VALUE (needs the MOF class)")->excludes(data);

  auto* set_item = add_request(app, args, "set-item", "Set one data item of an instance");
  add_block(set_item, args);
  add_instance(set_item, args);
  set_item->add_option("--item", args.item, "WmiDataId of the item")->required();
  auto* item_data = set_item->add_option("--data", args.data_hex, "The item bytes, in hex");
  set_item->add_option("--value", args.value, "The item value (needs the MOF class)")->excludes(item_data);

  auto* call = add_request(app, args, "call", "Execute a method");
  add_block(call, args);
  add_instance(call, args);
  call->add_option("--method", args.method, "Method id or name")->required();
  auto* in = call->add_option("--in", args.in_hex, "The input block, in hex");
  call->add_option("--arg", args.arguments, "NAME=VALUE (needs the MOF class)")->excludes(in);

  auto* watch = add_request(app, args, "watch", "Print the events of a block");
  add_block(watch, args);
  watch->add_option("--count", args.count, "Stop after N events");
  watch->add_option("--timeout", args.timeout_seconds, "Stop after SECONDS");

  if (with_events) {
    auto* events = add_request(app, args, "events", "Print the events that arrived for the watched blocks");
    events->add_option("--count", args.count, "Wait for N events");
    events->add_option("--timeout", args.timeout_seconds, "Wait at most SECONDS (default 1)");
  }
}

}  // namespace wmiport::cli
