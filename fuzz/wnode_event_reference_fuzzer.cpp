// libFuzzer target for the WNODE_EVENT_REFERENCE parser, with the build/parse round-trip check of wnode_round_trip.h.
#include "wnode/event_reference.h"
#include "wnode_round_trip.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wmiport::wnode;
  return fuzz::check_round_trip(
      "wnode_event_reference_fuzzer", wmiport::Bytes(data, size),
      [](wmiport::Bytes b) { return parse_event_reference(b); },
      [](const auto& value) { return build_event_reference(value); });
}
