#include "fuzzing/fuzz_request.h"

#include <array>

#include <fmt/format.h>

#include "common/utf16.h"

namespace wmiport::fuzzing {

namespace {

constexpr std::array<std::string_view, kRequestOpCount> kOpNames{
    "query_all",     "query_single",   "set_instance",      "set_item",           "execute_method",
    "enable_events", "disable_events", "enable_collection", "disable_collection", "reginfo",
};

}  // namespace

std::string_view op_name(RequestOp op) {
  return kOpNames.at(static_cast<std::size_t>(op));
}

std::optional<RequestOp> op_from_name(std::string_view name) {
  for (std::size_t i = 0; i < kOpNames.size(); ++i)
    if (kOpNames[i] == name)
      return static_cast<RequestOp>(i);
  return std::nullopt;
}

std::string describe(const FuzzRequest& request) {
  std::string out = fmt::format("{} {}", op_name(request.op), request.guid.to_string());
  if (request.via_core) {
    out += " via core";
  } else {
    out += fmt::format(" provider {}", request.provider);
  }
  switch (request.op) {
    case RequestOp::query_single:
    case RequestOp::set_instance:
    case RequestOp::set_item:
    case RequestOp::execute_method:
      if (const auto* index = std::get_if<std::uint32_t>(&request.instance))
        out += fmt::format(" instance #{}", *index);
      else
        out += fmt::format(" instance \"{}\"", utf16_to_utf8(std::get<std::u16string>(request.instance)));
      break;
    default:
      break;
  }
  if (request.op == RequestOp::set_item)
    out += fmt::format(" item {}", request.item_id);
  if (request.op == RequestOp::execute_method)
    out += fmt::format(" method {}", request.method_id);
  if (!request.via_core && request.op != RequestOp::enable_events && request.op != RequestOp::disable_events &&
      request.op != RequestOp::enable_collection && request.op != RequestOp::disable_collection)
    out += fmt::format(" size {}", request.buffer_size);
  if (!request.input.empty())
    out += fmt::format(" input {} bytes", request.input.size());
  return out;
}

}  // namespace wmiport::fuzzing
