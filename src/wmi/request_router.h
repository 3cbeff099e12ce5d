// Routes consumer requests to providers (spec §6). Every request goes through one prelude, resolve(), which
// checks the minor code against the table, looks up the GUID (STATUS_WMI_GUID_NOT_FOUND), refuses queries and
// sets on event-only blocks, and finds the instance (static names by name or index, else the providers with
// dynamic names, tried in order until one does not answer STATUS_WMI_INSTANCE_NOT_FOUND). exchange() then
// sends one request with the too-small protocol: start with a reasonable buffer, on WNODE_TOO_SMALL retry once
// with exactly SizeNeeded; a second too-small answer is a contract violation, never a loop. Every reply WNODE is
// validated with the wnode parsers before anything is read from it.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/byte_io.h"
#include "common/guid.h"
#include "common/result.h"
#include "wmi/consumer_types.h"
#include "wmi/registration_database.h"
#include "wmi/request_buffers.h"

namespace wmiport::wmi {

struct RouterLimits {
  std::uint32_t initial_buffer_size = 4096;
  std::uint32_t max_buffer_size = 16u << 20;
  // A request still pending after this long is reported (irp_not_completed); 0: never.
  std::chrono::milliseconds irp_overdue_after{0};
};

// The buffer a request travels in. By default the router grows it by the too-small protocol. With caller_size
// (the <wmium.h> calls) the provider gets exactly the caller's size (never less than the request WNODE itself)
// and a WNODE_TOO_SMALL answer comes back as the reply instead of being retried, as on Windows. For methods the
// caller's size counts output data only: the buffer is DataBlockOffset + caller_size (WmiLib's OutBufferSize).
//
// For the verifier's active checks (without caller_size): a first buffer of exactly `first_capacity` bytes
// (instead of the usual initial size), and `on_too_small` called when the provider answers WNODE_TOO_SMALL,
// before the retry with the size it asked for.
struct BufferPolicy {
  std::optional<std::uint32_t> caller_size;
  bool counts_output_data = false;  // methods
  std::optional<std::uint32_t> first_capacity;
  std::function<void()> on_too_small;
};

// One provider that may own the requested instance.
struct RouteCandidate {
  BlockRef ref;
  std::optional<std::uint32_t> static_index;  // static names: the provider's instance index
  std::u16string name;                        // the instance name (static or the dynamic name asked for)
};

struct Route {
  std::shared_ptr<const Snapshot> snapshot;  // keeps every candidate alive for the request
  std::vector<RouteCandidate> candidates;    // QUERY_ALL_DATA / controls: every provider; else the owner(s)
};

// The request a handler builds for one candidate (already sized), and how to read the answer.
using RequestBuilder = std::function<Result<std::vector<std::uint8_t>>(const RouteCandidate&)>;

class RequestRouter {
 public:
  RequestRouter(const RegistrationDatabase& database, RouterLimits limits) : database_(database), limits_(limits) {}

  // The shared prelude. `instance` is required exactly when the minor code needs one. `snapshot`: the
  // registration to route by, when the caller already holds one (else the current one).
  Result<Route> resolve(std::uint8_t minor, const Guid& guid, const InstanceSelector* instance,
                        std::shared_ptr<const Snapshot> snapshot = nullptr) const;

  // Sends `request` (a complete WNODE) with the too-small protocol. Returns the reply bytes (empty when the
  // minor code has no reply WNODE). STATUS_WMI_GUID_NOT_FOUND when the provider is deregistering.
  Result<std::vector<std::uint8_t>> exchange(const BlockRef& ref, std::uint8_t minor, const Guid& guid,
                                             const std::vector<std::uint8_t>& request,
                                             const BufferPolicy& policy = {}) const;
  // The same with the buffers taken from `buffers`: the reply WNODE is returned where it lies, in the last buffer
  // `buffers` gave out (empty when the minor code has no reply WNODE).
  Result<Bytes> exchange_in(const BlockRef& ref, std::uint8_t minor, const Guid& guid, Bytes request,
                            const BufferPolicy& policy, RequestBuffers& buffers) const;

  // Single-instance requests: tries the candidates in order; a candidate answering
  // STATUS_WMI_INSTANCE_NOT_FOUND passes the request to the next one (dynamic names).
  Result<std::pair<RouteCandidate, std::vector<std::uint8_t>>> exchange_with_owner(
      const Route& route, std::uint8_t minor, const Guid& guid, const RequestBuilder& build,
      const BufferPolicy& policy = {}) const;

 private:
  const RegistrationDatabase& database_;
  const RouterLimits limits_;
};

// A reply that is a WNODE_TOO_SMALL (only returned under a BufferPolicy with caller_size).
bool is_too_small_reply(Bytes reply);

// WnodeHeader.Flags for a request addressed to a block: static names (and PDO names) or dynamic names.
std::uint32_t request_name_flags(const RegisteredBlock& block);

// The request WNODEs of every minor code (golden-tested in tests/wmi).
std::vector<std::uint8_t> build_all_data_request(const Guid& guid, std::uint32_t name_flags);
std::vector<std::uint8_t> build_header_only_request(const Guid& guid);  // ENABLE/DISABLE_*
Result<std::vector<std::uint8_t>> build_single_instance_request(const Guid& guid, const RouteCandidate& target,
                                                                Bytes data);
Result<std::vector<std::uint8_t>> build_single_item_request(const Guid& guid, const RouteCandidate& target,
                                                            std::uint32_t item_id, Bytes data);
Result<std::vector<std::uint8_t>> build_method_request(const Guid& guid, const RouteCandidate& target,
                                                       std::uint32_t method_id, Bytes input);

}  // namespace wmiport::wmi
