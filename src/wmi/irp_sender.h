// Sends one IRP_MJ_SYSTEM_CONTROL request to a registered device and waits for it to complete, the way the
// Windows WMI component does: the IRP goes to the top of the device's stack (IoGetAttachedDeviceReference),
// carries Parameters.WMI.ProviderId = the registered device's provider id, and starts with
// IoStatus.Status = STATUS_NOT_SUPPORTED so that a stack where nobody claims the request fails it cleanly.
// The driver may complete inline or pend and complete from any thread; both end in the same wait.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>

#include <wdm.h>

#include "common/result.h"

namespace wmiport::wmi {

struct IrpOutcome {
  NtStatusCode status = 0;
  std::uint64_t information = 0;
};

struct WmiIrpRequest {
  PDEVICE_OBJECT registered_device = nullptr;  // the device object given to IoWMIRegistrationControl
  std::uint32_t provider_id = 0;
  std::uint8_t minor = 0;
  void* data_path = nullptr;  // a GUID*, or WMIREGISTER / WMIUPDATE for the reginfo minors
  void* buffer = nullptr;
  std::uint32_t buffer_size = 0;
  // When set: called once if the IRP is still not completed after `overdue_after` (the verifier's
  // irp_not_completed rule); the sender then keeps waiting, since the driver still owns the IRP and buffer.
  std::chrono::milliseconds overdue_after{0};
  std::function<void()> on_overdue;
};

// Returns the final IoStatus. Fails only when the IRP cannot be built (STATUS_INSUFFICIENT_RESOURCES).
// Exported from the runtime for the fuzzer (src/fuzzing), which must choose Parameters.WMI.BufferSize itself.
__attribute__((visibility("default"))) Result<IrpOutcome> send_wmi_irp(const WmiIrpRequest& request);

// True while this thread is inside IoCallDriver for a WMI request to `device` (used to detect a DEREGISTER
// issued from the device's own WMI dispatch path, which would otherwise wait for itself forever).
bool dispatching_on_this_thread(PDEVICE_OBJECT device);

}  // namespace wmiport::wmi
