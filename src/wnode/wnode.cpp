#include "wnode/wnode.h"

#include <fmt/format.h>

#include "wnode/checks.h"
#include "wnode/flag_names.h"
#include "wnode/size_math.h"
#include "wnode/wire_layout.h"

namespace wmiport::wnode {

namespace {

template <typename T, typename Parse>
Result<Wnode> as_wnode(Parse parse, Bytes bytes) {
  WMIPORT_ASSIGN_OR_RETURN(T value, parse(bytes));
  return Wnode{std::move(value)};
}

}  // namespace

Result<Wnode> parse_wnode(Bytes bytes) {
  Bytes envelope = bytes;
  WMIPORT_ASSIGN_OR_RETURN(const WnodeHeader h, parse_wnode_envelope(envelope, header::kSize, "WNODE_HEADER"));
  switch (h.flags & flag::kStructureMask) {
    case flag::kAllData:
      return as_wnode<AllData>(parse_all_data, bytes);
    case flag::kSingleInstance:
      return as_wnode<SingleInstance>(parse_single_instance, bytes);
    case flag::kSingleItem:
      return as_wnode<SingleItem>(parse_single_item, bytes);
    case flag::kMethodItem:
      return as_wnode<MethodItem>(parse_method_item, bytes);
    case flag::kEventReference:
      return as_wnode<EventReference>(parse_event_reference, bytes);
    case flag::kTooSmall:
      return as_wnode<TooSmall>(parse_too_small, bytes);
    default:
      return invalid(fmt::format("WnodeHeader.Flags (0x{:08X}) mark {}, not exactly one WNODE structure", h.flags,
                                 (h.flags & flag::kStructureMask) == 0
                                     ? std::string("no structure")
                                     : wnode_flag_names(h.flags & flag::kStructureMask)));
  }
}

Result<std::uint32_t> encode_wnode(const Wnode& value, MutableBytes out) {
  return std::visit(
      [out](const auto& v) -> Result<std::uint32_t> {
        using T = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<T, AllData>)
          return encode_all_data(v, out);
        else if constexpr (std::is_same_v<T, SingleInstance>)
          return encode_single_instance(v, out);
        else if constexpr (std::is_same_v<T, SingleItem>)
          return encode_single_item(v, out);
        else if constexpr (std::is_same_v<T, MethodItem>)
          return encode_method_item(v, out);
        else if constexpr (std::is_same_v<T, EventReference>)
          return encode_event_reference(v, out);
        else
          return encode_too_small(v, out);
      },
      value);
}

Result<std::vector<std::uint8_t>> build_wnode(const Wnode& value) {
  return build_with([&value](MutableBytes out) { return encode_wnode(value, out); });
}

}  // namespace wmiport::wnode
