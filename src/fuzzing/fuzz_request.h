// One consumer request of a fuzz sequence, as the request generator derives it from input bytes and as a
// reproducer file lists it (docs/decisions.md, "Fuzzing through the stack").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/guid.h"
#include "wmi/consumer_types.h"

namespace wmiport::fuzzing {

enum class RequestOp : std::uint8_t {
  query_all,
  query_single,
  set_instance,
  set_item,
  execute_method,
  enable_events,
  disable_events,
  enable_collection,
  disable_collection,
  reginfo,
};
inline constexpr std::uint8_t kRequestOpCount = 10;

std::string_view op_name(RequestOp op);
std::optional<RequestOp> op_from_name(std::string_view name);

// How the generator asked for the IRP's BufferSize; the runner turns it into a number (it knows what the driver
// needed last time) and stores that number in the request, so a reproducer always carries exact sizes.
enum class SizeChoice : std::uint8_t { exact, zero, needed_minus_one, needed, needed_plus_one, page, too_small_wnode };

struct FuzzRequest {
  RequestOp op = RequestOp::query_all;
  Guid guid;
  // Which of the GUID's providers gets a raw IRP (modulo their number); for a GUID nobody registered, which of
  // all WMI providers.
  std::uint32_t provider = 0;
  // Static names: the provider's instance index; otherwise (or to send a wrong name) the instance name.
  wmi::InstanceSelector instance = std::uint32_t{0};
  std::uint32_t item_id = 0;
  std::uint32_t method_id = 0;
  // Parameters.WMI.BufferSize of the raw IRP (never less than the request WNODE for the minors that carry one).
  std::uint32_t buffer_size = 0;
  SizeChoice size_choice = SizeChoice::exact;
  // Through the Host's consumer calls (the WMI core picks the buffer size) instead of a raw IRP.
  bool via_core = false;
  std::vector<std::uint8_t> input;  // CHANGE_* data, method input
};

using RequestSequence = std::vector<FuzzRequest>;

// One line for people: "query_single {guid} provider 0 instance #1 size 120 via irp".
std::string describe(const FuzzRequest& request);

}  // namespace wmiport::fuzzing
