#include "cli/request_session.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include "cli/hex_text.h"
#include "cli/request_text.h"
#include "common/utf16.h"
#include "wmiport/value_codec.h"

namespace wmiport::cli {

namespace {

using Json = nlohmann::ordered_json;

// Registration flags by name, in bit order (include/wdk/wmistr.h).
constexpr std::pair<std::uint32_t, const char*> kFlagNames[] = {
    {0x00000001, "EXPENSIVE"},    {0x00000004, "INSTANCE_LIST"},   {0x00000008, "INSTANCE_BASENAME"},
    {0x00000020, "INSTANCE_PDO"}, {0x00000040, "EVENT_ONLY_GUID"}, {0x00001000, "TRACE_CONTROL_GUID"},
    {0x00010000, "REMOVE_GUID"},  {0x00020000, "RESERVED1"},       {0x00040000, "RESERVED2"},
    {0x00080000, "TRACED_GUID"},
};

Json flag_names(std::uint32_t flags) {
  Json names = Json::array();
  for (const auto& [bit, name] : kFlagNames) {
    if ((flags & bit) != 0)
      names.push_back(name);
  }
  return names;
}

// GUIDs in output are upper case in braces, as Windows tools print them.
std::string guid_text(const Guid& guid) {
  std::string text = guid.to_string();
  std::ranges::transform(text, text.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

Json class_name(const std::optional<ClassRef>& cls) {
  return cls ? Json(cls->cls->name) : Json(nullptr);
}

Result<InstanceSelector> selector(const RequestArgs& args) {
  if (args.index)
    return InstanceSelector{*args.index};
  if (!args.instance)
    return Error(ntstatus::invalid_parameter, "--instance or --index is required");
  WMIPORT_ASSIGN_OR_RETURN(std::u16string name, utf8_to_utf16(*args.instance));
  return InstanceSelector{std::move(name)};
}

std::string selector_text(const RequestArgs& args) {
  return args.index ? fmt::format("#{}", *args.index) : fmt::format("\"{}\"", args.instance.value_or(""));
}

// The core's errors are about the request; restate the ones a person acts on with the names they typed.
Error explain(Error error, const RequestArgs& args, const Guid& guid) {
  if (error.code() == ntstatus::wmi_instance_not_found)
    return Error(error.code(), fmt::format("no instance {} of {}", selector_text(args), guid_text(guid)));
  if (error.code() == ntstatus::wmi_guid_not_found)
    return Error(error.code(), fmt::format("no block {} is registered", guid_text(guid)));
  return error;
}

Result<PropertyAssignments> assignments(const std::vector<std::string>& texts) {
  PropertyAssignments out;
  for (const auto& text : texts) {
    WMIPORT_ASSIGN_OR_RETURN(auto pair, parse_assignment(text));
    out.push_back(std::move(pair));
  }
  return out;
}

Error needs_class(const Guid& guid, std::string_view option) {
  return Error(ntstatus::invalid_parameter,
               fmt::format("{} needs the MOF class of {}: give it with --mof", option, guid_text(guid)));
}

RequestOutput status_success() {
  return RequestOutput{Json{{"status", "STATUS_SUCCESS"}}, "STATUS_SUCCESS\n", false};
}

}  // namespace

Result<std::unique_ptr<RequestSession>> RequestSession::open(const GlobalArgs& global, HostOptions options) {
  std::unique_ptr<RequestSession> session(new RequestSession());
  for (const auto& path : global.mof_files)
    WMIPORT_TRY(session->catalog_.add_mof_file(path));
  WMIPORT_ASSIGN_OR_RETURN(session->host_, Host::create(std::move(options)));
  for (const auto& path : global.drivers) {
    auto driver = session->host_->load_driver(std::filesystem::path(path));
    if (!driver.ok())
      return Error(driver.error().code(), fmt::format("cannot load {}: {}", path, driver.error().message()));
  }
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

Result<RequestSession::Block> RequestSession::resolve(const std::string& text) const {
  Block block;
  if (!text.empty() && text.front() == '{') {
    auto guid = Guid::parse(text);
    if (!guid.ok())
      return Error(ntstatus::invalid_parameter, fmt::format("malformed GUID \"{}\"", text));
    block.guid = *guid;
    block.cls = catalog_.find_class(block.guid);
  } else {
    block.cls = catalog_.find_class(text);
    if (!block.cls)
      return Error(ntstatus::wmi_guid_not_found,
                   fmt::format("no MOF class named \"{}\" (give its MOF with --mof)", text));
    const auto guid = block.cls->cls->guid();
    if (!guid)
      return Error(ntstatus::wmi_guid_not_found, fmt::format("MOF class \"{}\" has no guid qualifier", text));
    block.guid = *guid;
  }
  return block;
}

Json RequestSession::properties(const Block& block, Bytes data) const {
  if (!block.cls)
    return nullptr;
  auto decoded = decode_instance(*block.cls, data);
  return decoded.ok() ? Json(std::move(*decoded)) : Json(nullptr);
}

Result<RequestOutput> RequestSession::list() {
  Json blocks = Json::array();
  for (const auto& info : host_->list_blocks()) {
    Json instances = Json::array();
    for (const auto& name : info.instance_names)
      instances.push_back(utf16_to_utf8(name));
    blocks.push_back(Json{{"guid", guid_text(info.guid)},
                          {"class", class_name(catalog_.find_class(info.guid))},
                          {"flags", flag_names(info.flags)},
                          {"instances", std::move(instances)}});
  }
  RequestOutput out{std::move(blocks), {}, false};
  out.text = list_text(out.json);
  return out;
}

Result<RequestOutput> RequestSession::query(const RequestArgs& args) {
  WMIPORT_ASSIGN_OR_RETURN(const Block block, resolve(args.block));
  std::vector<InstanceData> instances;
  if (args.instance || args.index) {
    WMIPORT_ASSIGN_OR_RETURN(const InstanceSelector which, selector(args));
    auto reply = host_->query_single_instance(block.guid, which);
    if (!reply.ok())
      return explain(std::move(reply).error(), args, block.guid);
    instances.push_back(std::move(reply->instance));
  } else {
    auto reply = host_->query_all_data(block.guid);
    if (!reply.ok())
      return explain(std::move(reply).error(), args, block.guid);
    instances = std::move(reply->instances);
  }
  Json list = Json::array();
  for (const auto& instance : instances) {
    list.push_back(Json{{"name", utf16_to_utf8(instance.name)},
                        {"data", to_hex(instance.data)},
                        {"properties", properties(block, instance.data)}});
  }
  RequestOutput out{
      Json{{"guid", guid_text(block.guid)}, {"class", class_name(block.cls)}, {"instances", list}}, {}, false};
  out.text = query_text(out.json);
  return out;
}

Result<RequestOutput> RequestSession::set(const RequestArgs& args) {
  WMIPORT_ASSIGN_OR_RETURN(const Block block, resolve(args.block));
  WMIPORT_ASSIGN_OR_RETURN(const InstanceSelector which, selector(args));
  std::vector<std::uint8_t> data;
  if (args.data_hex) {
    WMIPORT_ASSIGN_OR_RETURN(data, parse_hex(*args.data_hex));
  } else if (!args.properties.empty()) {
    if (!block.cls)
      return needs_class(block.guid, "--prop");
    WMIPORT_ASSIGN_OR_RETURN(const PropertyAssignments props, assignments(args.properties));
    auto current = host_->query_single_instance(block.guid, which);
    if (!current.ok())
      return explain(std::move(current).error(), args, block.guid);
    WMIPORT_ASSIGN_OR_RETURN(data, encode_instance(*block.cls, current->instance.data, props));
  } else {
    return Error(ntstatus::invalid_parameter, "set needs --data HEX or --prop NAME=VALUE");
  }
  auto status = host_->set_single_instance(block.guid, which, data);
  if (!status.ok())
    return explain(std::move(status).error(), args, block.guid);
  return status_success();
}

Result<RequestOutput> RequestSession::set_item(const RequestArgs& args) {
  WMIPORT_ASSIGN_OR_RETURN(const Block block, resolve(args.block));
  WMIPORT_ASSIGN_OR_RETURN(const InstanceSelector which, selector(args));
  std::vector<std::uint8_t> data;
  if (args.data_hex) {
    WMIPORT_ASSIGN_OR_RETURN(data, parse_hex(*args.data_hex));
  } else if (args.value) {
    if (!block.cls)
      return needs_class(block.guid, "--value");
    WMIPORT_ASSIGN_OR_RETURN(data, encode_item(*block.cls, args.item.value_or(0), *args.value));
  } else {
    return Error(ntstatus::invalid_parameter, "set-item needs --data HEX or --value VALUE");
  }
  auto status = host_->set_single_item(block.guid, which, args.item.value_or(0), data);
  if (!status.ok())
    return explain(std::move(status).error(), args, block.guid);
  return status_success();
}

Result<RequestOutput> RequestSession::call(const RequestArgs& args) {
  WMIPORT_ASSIGN_OR_RETURN(const Block block, resolve(args.block));
  WMIPORT_ASSIGN_OR_RETURN(const InstanceSelector which, selector(args));
  const mof::Method* method = nullptr;
  std::uint32_t method_id = 0;
  if (block.cls) {
    WMIPORT_ASSIGN_OR_RETURN(method, find_method(*block.cls, args.method));
    const auto id = method->method_id();
    if (!id)
      return Error(ntstatus::invalid_parameter, fmt::format("method {} has no WmiMethodId", method->name));
    method_id = *id;
  } else {
    auto [end, error] = std::from_chars(args.method.data(), args.method.data() + args.method.size(), method_id);
    if (error != std::errc() || end != args.method.data() + args.method.size())
      return needs_class(block.guid, fmt::format("method name \"{}\"", args.method));
  }
  std::vector<std::uint8_t> input;
  if (args.in_hex) {
    WMIPORT_ASSIGN_OR_RETURN(input, parse_hex(*args.in_hex));
  } else if (!args.arguments.empty()) {
    if (method == nullptr)
      return needs_class(block.guid, "--arg");
    WMIPORT_ASSIGN_OR_RETURN(const PropertyAssignments arguments, assignments(args.arguments));
    WMIPORT_ASSIGN_OR_RETURN(input, encode_method_input(*block.cls, *method, arguments));
  } else if (method != nullptr) {
    WMIPORT_ASSIGN_OR_RETURN(input, encode_method_input(*block.cls, *method, {}));
  }
  auto reply = host_->execute_method(block.guid, which, method_id, input);
  if (!reply.ok())
    return explain(std::move(reply).error(), args, block.guid);
  Json decoded = nullptr;
  if (method != nullptr) {
    auto out = decode_method_output(*block.cls, *method, reply->instance.data);
    if (out.ok())
      decoded = std::move(*out);
  }
  RequestOutput out{Json{{"out", to_hex(reply->instance.data)}, {"properties", std::move(decoded)}}, {}, false};
  out.text = call_text(out.json);
  return out;
}

Json RequestSession::event_json(const EventRecord& event) const {
  Block block{event.guid, catalog_.find_class(event.guid)};
  return Json{{"guid", guid_text(event.guid)},
              {"instance", utf16_to_utf8(event.instance_name)},
              {"data", to_hex(event.data)},
              {"lost", event.count_lost},
              {"properties", properties(block, event.data)}};
}

Result<RequestOutput> RequestSession::watch(const RequestArgs& args, bool in_session) {
  WMIPORT_ASSIGN_OR_RETURN(const Block block, resolve(args.block));
  const bool registered =
      std::ranges::any_of(host_->list_blocks(), [&](const auto& info) { return info.guid == block.guid; });
  if (!registered)
    return Error(ntstatus::wmi_guid_not_found, fmt::format("no block {} is registered", guid_text(block.guid)));
  subscriptions_.push_back(host_->subscribe(block.guid));
  if (in_session)
    return status_success();
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
