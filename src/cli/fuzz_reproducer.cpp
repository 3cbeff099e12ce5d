#include "cli/fuzz_reproducer.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "cli/hex_text.h"
#include "common/utf16.h"

namespace wmiport::cli {

using fuzzing::FuzzRequest;
using fuzzing::op_from_name;
using fuzzing::op_name;

namespace {

using Json = nlohmann::ordered_json;
constexpr const char* kFormat = "wmiport-fuzz-reproducer";
constexpr int kVersion = 1;

}  // namespace

Json request_to_json(const FuzzRequest& request) {
  Json j;
  j["op"] = std::string(op_name(request.op));
  j["guid"] = request.guid.to_string();
  j["provider"] = request.provider;
  if (const auto* index = std::get_if<std::uint32_t>(&request.instance))
    j["instance"] = *index;
  else
    j["instance"] = utf16_to_utf8(std::get<std::u16string>(request.instance));
  j["item"] = request.item_id;
  j["method"] = request.method_id;
  j["buffer_size"] = request.buffer_size;
  j["via"] = request.via_core ? "core" : "irp";
  j["input"] = to_hex(request.input);
  return j;
}

Result<FuzzRequest> request_from_json(const Json& j) {
  if (!j.is_object())
    return Error(ntstatus::invalid_parameter, "a request must be a JSON object");
  FuzzRequest request;
  auto op = op_from_name(j.at("op").get<std::string>());
  if (!op)
    return Error(ntstatus::invalid_parameter, "unknown op \"" + j.at("op").get<std::string>() + "\"");
  request.op = *op;
  WMIPORT_ASSIGN_OR_RETURN(request.guid, Guid::parse(j.at("guid").get<std::string>()));
  request.provider = j.value("provider", 0u);
  const Json& instance = j.at("instance");
  if (instance.is_string()) {
    WMIPORT_ASSIGN_OR_RETURN(auto name, utf8_to_utf16(instance.get<std::string>()));
    request.instance = std::move(name);
  } else {
    request.instance = instance.get<std::uint32_t>();
  }
  request.item_id = j.value("item", 0u);
  request.method_id = j.value("method", 0u);
  request.buffer_size = j.at("buffer_size").get<std::uint32_t>();
  request.via_core = j.value("via", std::string("irp")) == "core";
  WMIPORT_ASSIGN_OR_RETURN(request.input, parse_hex(j.value("input", std::string())));
  return request;
}

Json findings_to_json(const std::vector<Finding>& findings) {
  Json out = Json::array();
  for (const auto& finding : findings)
    out.push_back({{"kind", finding.kind}, {"rule", finding.rule}, {"message", finding.message}});
  return out;
}

std::vector<Finding> findings_from_json(const Json& json) {
  std::vector<Finding> out;
  if (!json.is_array())
    return out;
  for (const auto& finding : json)
    if (finding.is_object())
      out.push_back({finding.value("kind", std::string()), finding.value("rule", std::string()),
                     finding.value("message", std::string())});
  return out;
}

std::string write_reproducer(const Reproducer& reproducer) {
  Json j;
  j["format"] = kFormat;
  j["version"] = kVersion;
  j["driver"] = reproducer.driver;
  j["findings"] = findings_to_json(reproducer.findings);
  Json requests = Json::array();
  for (const auto& request : reproducer.requests)
    requests.push_back(request_to_json(request));
  j["requests"] = std::move(requests);
  return j.dump(2) + "\n";
}

Result<Reproducer> read_reproducer(const std::string& text) {
  Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object())
    return Error(ntstatus::invalid_parameter, "not a JSON object");
  if (j.value("format", std::string()) != kFormat || j.value("version", 0) != kVersion)
    return Error(ntstatus::invalid_parameter,
                 fmt::format("not a reproducer (want \"format\": \"{}\", \"version\": {})", kFormat, kVersion));
  Reproducer out;
  try {
    out.driver = j.value("driver", std::string());
    out.findings = findings_from_json(j.value("findings", Json::array()));
    for (const auto& request : j.at("requests")) {
      WMIPORT_ASSIGN_OR_RETURN(auto parsed, request_from_json(request));
      out.requests.push_back(std::move(parsed));
    }
  } catch (const Json::exception& e) {
    return Error(ntstatus::invalid_parameter, std::string("malformed reproducer: ") + e.what());
  }
  return out;
}

}  // namespace wmiport::cli
