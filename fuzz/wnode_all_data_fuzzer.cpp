// libFuzzer target for the WNODE_ALL_DATA parser, with the build/parse round-trip check of wnode_round_trip.h.
#include "wnode/all_data.h"
#include "wnode_round_trip.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wmiport::wnode;
  return fuzz::check_round_trip(
      "wnode_all_data_fuzzer", wmiport::Bytes(data, size), [](wmiport::Bytes b) { return parse_all_data(b); },
      [](const auto& value) { return build_all_data(value); });
}
