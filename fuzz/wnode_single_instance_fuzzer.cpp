// libFuzzer target for the WNODE_SINGLE_INSTANCE parser, with the build/parse round-trip check of wnode_round_trip.h.
#include "wnode/single_instance.h"
#include "wnode_round_trip.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wmiport::wnode;
  return fuzz::check_round_trip(
      "wnode_single_instance_fuzzer", wmiport::Bytes(data, size),
      [](wmiport::Bytes b) { return parse_single_instance(b); },
      [](const auto& value) { return build_single_instance(value); });
}
