// libFuzzer target for the WNODE_TOO_SMALL parser, with the build/parse round-trip check of wnode_round_trip.h.
#include "wnode/too_small.h"
#include "wnode_round_trip.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wmiport::wnode;
  return fuzz::check_round_trip(
      "wnode_too_small_fuzzer", wmiport::Bytes(data, size), [](wmiport::Bytes b) { return parse_too_small(b); },
      [](const auto& value) { return build_too_small(value); });
}
