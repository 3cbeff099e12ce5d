// libFuzzer target for the WNODE_METHOD_ITEM parser, with the build/parse round-trip check of wnode_round_trip.h.
#include "wnode/method_item.h"
#include "wnode_round_trip.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wmiport::wnode;
  return fuzz::check_round_trip(
      "wnode_method_item_fuzzer", wmiport::Bytes(data, size), [](wmiport::Bytes b) { return parse_method_item(b); },
      [](const auto& value) { return build_method_item(value); });
}
