#include "cli/request_session.h"

#include <algorithm>
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "cli/hex_text.h"
#include "cli/request_text.h"
#include "common/utf16.h"

namespace wmiport::cli {

namespace {

using Json = nlohmann::ordered_json;

Json optional_json(const std::optional<Properties>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Json optional_json(const std::optional<std::string>& value) {
  return value ? Json(*value) : Json(nullptr);
}

Result<InstanceSelector> selector(const RequestArgs& args) {
  if (args.index)
    return InstanceSelector{*args.index};
  if (!args.instance)
    return Error(ntstatus::invalid_parameter, "--instance or --index is required");
  WMIPORT_ASSIGN_OR_RETURN(std::u16string name, utf8_to_utf16(*args.instance));
  return InstanceSelector{std::move(name)};
}

Result<PropertyAssignments> assignments(const std::vector<std::string>& texts) {
  PropertyAssignments out;
  for (const auto& text : texts) {
    WMIPORT_ASSIGN_OR_RETURN(auto pair, parse_assignment(text));
    out.push_back(std::move(pair));
  }
  return out;
}

Result<RequestOutput> status_success(const Status& status) {
  if (!status.ok())
    return status.error();
  return RequestOutput{Json{{"status", "STATUS_SUCCESS"}}, "STATUS_SUCCESS\n", false};
}

Json event_json(const Event& event) {
  return Json{{"guid", guid_text(event.record.guid)},
              {"instance", utf16_to_utf8(event.record.instance_name)},
              {"data", to_hex(event.record.data)},
              {"lost", event.record.count_lost},
              {"properties", optional_json(event.properties)}};
}

}  // namespace

Result<std::unique_ptr<RequestSession>> RequestSession::open(const GlobalArgs& global, HostOptions options) {
  std::unique_ptr<RequestSession> session(new RequestSession());
  ClientOptions client_options;
  client_options.mof_files.assign(global.mof_files.begin(), global.mof_files.end());
  client_options.drivers.assign(global.drivers.begin(), global.drivers.end());
  client_options.host = std::move(options);
  WMIPORT_ASSIGN_OR_RETURN(session->client_, Client::create(std::move(client_options)));
  return session;
}

Result<RequestOutput> RequestSession::run(const RequestArgs& args, bool in_session) {
  if (args.command == "list")
    return list();
  if (args.command == "query")
    return query(args);
  if (args.command == "set")
    return set(args);
  if (args.command == "set-item")
    return set_item(args);
  if (args.command == "call")
    return call(args);
  if (args.command == "watch")
    return watch(args, in_session);
  if (args.command == "events")
    return events(args);
  return Error(ntstatus::invalid_parameter, fmt::format("unknown command \"{}\"", args.command));
}

Result<RequestOutput> RequestSession::list() {
  Json blocks = Json::array();
  for (const auto& listing : client_->list()) {
    Json instances = Json::array();
    for (const auto& name : listing.instance_names)
      instances.push_back(utf16_to_utf8(name));
    blocks.push_back(Json{{"guid", guid_text(listing.guid)},
                          {"class", optional_json(listing.class_name)},
                          {"flags", registration_flag_names(listing.flags)},
                          {"instances", std::move(instances)}});
  }
  RequestOutput out{std::move(blocks), {}, false};
  out.text = list_text(out.json);
  return out;
}

Result<RequestOutput> RequestSession::query(const RequestArgs& args) {
  WMIPORT_ASSIGN_OR_RETURN(const BlockId block, client_->resolve(args.block));
  std::vector<Instance> instances;
  if (args.instance || args.index) {
    WMIPORT_ASSIGN_OR_RETURN(const InstanceSelector which, selector(args));
    WMIPORT_ASSIGN_OR_RETURN(Instance one, client_->query(block, which));
    instances.push_back(std::move(one));
  } else {
    WMIPORT_ASSIGN_OR_RETURN(QueryResult all, client_->query(block));
    instances = std::move(all.instances);
  }
  Json list = Json::array();
  for (const auto& instance : instances) {
    list.push_back(Json{{"name", utf16_to_utf8(instance.name)},
                        {"data", to_hex(instance.data)},
                        {"properties", optional_json(instance.properties)}});
  }
  RequestOutput out{
      Json{{"guid", guid_text(block.guid)}, {"class", optional_json(block.class_name())}, {"instances", list}},
      {},
      false};
  out.text = query_text(out.json);
  return out;
}

Result<RequestOutput> RequestSession::set(const RequestArgs& args) {
  WMIPORT_ASSIGN_OR_RETURN(const BlockId block, client_->resolve(args.block));
  WMIPORT_ASSIGN_OR_RETURN(const InstanceSelector which, selector(args));
  if (args.data_hex) {
    WMIPORT_ASSIGN_OR_RETURN(auto data, parse_hex(*args.data_hex));
    return status_success(client_->set(block, which, RawBytes{std::move(data)}));
  }
  if (args.properties.empty())
    return Error(ntstatus::invalid_parameter, "set needs --data HEX or --prop NAME=VALUE");
  WMIPORT_ASSIGN_OR_RETURN(const PropertyAssignments props, assignments(args.properties));
  return status_success(client_->set(block, which, props));
}

Result<RequestOutput> RequestSession::set_item(const RequestArgs& args) {
  WMIPORT_ASSIGN_OR_RETURN(const BlockId block, client_->resolve(args.block));
  WMIPORT_ASSIGN_OR_RETURN(const InstanceSelector which, selector(args));
  const std::uint32_t item = args.item.value_or(0);
  if (args.data_hex) {
    WMIPORT_ASSIGN_OR_RETURN(auto data, parse_hex(*args.data_hex));
    return status_success(client_->set_item(block, which, item, RawBytes{std::move(data)}));
  }
  if (!args.value)
    return Error(ntstatus::invalid_parameter, "set-item needs --data HEX or --value VALUE");
  return status_success(client_->set_item(block, which, item, std::string_view(*args.value)));
}

Result<RequestOutput> RequestSession::call(const RequestArgs& args) {
  WMIPORT_ASSIGN_OR_RETURN(const BlockId block, client_->resolve(args.block));
  WMIPORT_ASSIGN_OR_RETURN(const InstanceSelector which, selector(args));
  Result<MethodResult> reply = Error(ntstatus::unsuccessful, "not called");
  if (args.in_hex) {
    WMIPORT_ASSIGN_OR_RETURN(auto input, parse_hex(*args.in_hex));
    reply = client_->call(block, which, args.method, RawBytes{std::move(input)});
  } else {
    WMIPORT_ASSIGN_OR_RETURN(const PropertyAssignments arguments, assignments(args.arguments));
    reply = client_->call(block, which, args.method, arguments);
  }
  if (!reply.ok())
    return std::move(reply).error();
  RequestOutput out{Json{{"out", to_hex(reply->out)}, {"properties", optional_json(reply->properties)}}, {}, false};
  out.text = call_text(out.json);
  return out;
}

Result<RequestOutput> RequestSession::watch(const RequestArgs& args, bool in_session) {
  WMIPORT_ASSIGN_OR_RETURN(const BlockId block, client_->resolve(args.block));
  WMIPORT_ASSIGN_OR_RETURN(EventSubscription subscription, client_->subscribe(block));
  subscriptions_.push_back(std::move(subscription));
  if (in_session)
    return status_success(ok_status());
  RequestArgs wait = args;
  if (!wait.timeout_seconds && !wait.count)
    wait.timeout_seconds = 1e9;  // a person watching stops with Ctrl-C
  return events(wait);
}

Result<RequestOutput> RequestSession::events(const RequestArgs& args) {
  using Clock = std::chrono::steady_clock;
  const double seconds = std::clamp(args.timeout_seconds.value_or(1.0), 0.0, 1e9);
  const auto deadline =
      Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(std::min(seconds, 1e7)));
  RequestOutput out{Json::array(), {}, true};  // the events went to print_event_ as they arrived
  std::size_t printed = 0;
  const std::uint32_t wanted = args.count.value_or(0);
  const auto poll = std::chrono::milliseconds(10);
  while ((wanted == 0 || printed < wanted) && !subscriptions_.empty()) {
    bool any = false;
    for (auto& subscription : subscriptions_) {
      // Drain what is queued first; wait only when nothing is.
      while (auto event = subscription.next(std::chrono::milliseconds(0))) {
        printed += 1;
        if (print_event_)
          print_event_(event_json(*event));
        any = true;
        if (wanted != 0 && printed >= wanted)
          break;
      }
    }
    if (wanted != 0 && printed >= wanted)
      break;
    if (Clock::now() >= deadline)
      break;
    if (!any)
      std::this_thread::sleep_for(poll);
  }
  return out;
}

}  // namespace wmiport::cli
