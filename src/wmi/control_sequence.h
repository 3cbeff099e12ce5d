// The verifier's enable_twice rule, asserted on wmiport itself: the WMI core must never send a driver two
// enables in a row (IRP_MN_ENABLE_EVENTS, or IRP_MN_ENABLE_COLLECTION) for one block of one device without a
// disable in between (spec §2 FunctionControl: "exactly one enable when the first consumer appears and one disable
// when the last goes away, never two enables in a row"). WmiCore::reconcile_controls_locked sends an enable only
// when its state says "disabled", so this is an independent check of that logic, kept at the point where the IRP
// goes out: what it records is the sequence a driver observes.
//
// A failed enable leaves the block disabled (the driver refused it; the next reconcile may try again), a disable
// always counts (the core treats even a failed one as done), and a block or device that goes away is forgotten.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <tuple>

#include <wdm.h>

#include "common/guid.h"
#include "wmi/provider_violation.h"

namespace wmiport::wmi {

class ControlSequence {
 public:
  // Before sending `minor` (an ENABLE/DISABLE minor code) for `guid` to place.device: an enable while the last
  // control of that kind was an enable is reported as enable_twice (with `place`). Returns false when it reported.
  bool before_send(const RequestPlace& place, const Guid& guid, std::uint8_t minor);
  // After the driver answered: records the state the driver is now in.
  void after_send(PDEVICE_OBJECT device, const Guid& guid, std::uint8_t minor, bool succeeded);
  // The block (or every block of the device) is gone: its next enable starts a new sequence.
  void forget(PDEVICE_OBJECT device, const Guid& guid);
  void forget(PDEVICE_OBJECT device);

 private:
  using Key = std::tuple<PDEVICE_OBJECT, Guid, bool /* collection */>;
  static Key key_of(PDEVICE_OBJECT device, const Guid& guid, std::uint8_t minor);

  std::mutex mutex_;
  std::map<Key, bool /* enabled */> enabled_;  // guarded by mutex_
};

}  // namespace wmiport::wmi
