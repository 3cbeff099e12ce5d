// libFuzzer target for the WNODE_SINGLE_ITEM parser, with the build/parse round-trip check of wnode_round_trip.h.
#include "wnode/single_item.h"
#include "wnode_round_trip.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wmiport::wnode;
  return fuzz::check_round_trip(
      "wnode_single_item_fuzzer", wmiport::Bytes(data, size), [](wmiport::Bytes b) { return parse_single_item(b); },
      [](const auto& value) { return build_single_item(value); });
}
