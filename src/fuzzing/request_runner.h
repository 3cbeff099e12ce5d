// Runs generated requests against a Host. Queries, sets and methods go to the driver as raw IRP_MJ_SYSTEM_CONTROL
// requests through the WMI core's IRP sender (src/wmi/irp_sender.h), so the chosen Parameters.WMI.BufferSize
// really reaches the driver, in a heap buffer of exactly that size (ASan sees a write one byte past it), or,
// when a request says via_core, through the Host's consumer calls. Event and collection controls always go
// through the Host (subscriptions and open handles), so enable/disable stay paired as the WMI core pairs them.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <wdm.h>

#include "fuzzing/fuzz_request.h"
#include "fuzzing/target_model.h"
#include "wmiport/host.h"

namespace wmiport::fuzzing {

struct RequestOutcome {
  NtStatusCode status = 0;
  std::uint64_t information = 0;
  std::string text;  // "STATUS_SUCCESS, 120 bytes"
};

class RequestRunner {
 public:
  RequestRunner(Host& host, TargetModel& model);
  ~RequestRunner();  // drops the subscriptions and block handles still held
  RequestRunner(const RequestRunner&) = delete;
  RequestRunner& operator=(const RequestRunner&) = delete;

  // Turns request.size_choice into request.buffer_size (what the driver needed so far), so that the request,
  // as reported before it runs, replays exactly.
  void prepare(FuzzRequest& request) const;
  RequestOutcome run(FuzzRequest& request);

 private:
  struct Target {
    PDEVICE_OBJECT device = nullptr;
    std::uint32_t provider_id = 0;
  };
  Target target_of(const FuzzRequest& request) const;
  void resolve_size(FuzzRequest& request, std::uint32_t request_size) const;
  RequestOutcome run_raw(FuzzRequest& request);
  RequestOutcome run_via_core(FuzzRequest& request);
  RequestOutcome run_control(const FuzzRequest& request);
  void check_reply(const FuzzRequest& request, const std::uint8_t* buffer, const RequestOutcome& outcome);

  Host& host_;
  TargetModel& model_;
  std::map<Guid, std::vector<Target>> providers_by_guid_;
  std::vector<Target> all_providers_;
  std::vector<Subscription> subscriptions_;
  std::vector<BlockHandle> handles_;
};

}  // namespace wmiport::fuzzing
