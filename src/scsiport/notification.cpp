// ScsiPortNotification and the routines with which the miniport reaches its requests and units. The adapter
// is found from HwDeviceExtension; an unknown extension is a miniport bug: recorded, nothing done.
#include <cstdarg>

#include <fmt/format.h>

#include "kernel/current_driver.h"
#include "kernel/driver.h"
#include "scsiport/adapter.h"
#include "scsiport/port_driver.h"
#include "scsiport/records.h"

using namespace wmiport::scsiport;

namespace {

Adapter* adapter_or_record(PVOID ext, const char* routine) {
  Adapter* adapter = adapter_from_extension(ext);
  if (adapter == nullptr) {
    PortRecord r;
    auto* driver = wmiport::kernel::current_driver();
    r.driver = driver != nullptr ? driver->name() : "?";
    r.kind = RecordKind::port_contract;
    r.text = fmt::format("{} with a HwDeviceExtension the port did not allocate", routine);
    add_record(std::move(r));
  }
  return adapter;
}

// Variadic UCHAR arguments arrive promoted to int.
UCHAR next_uchar(std::va_list& ap) {
  return static_cast<UCHAR>(va_arg(ap, int));
}

}  // namespace

extern "C" VOID ScsiPortNotification(SCSI_NOTIFICATION_TYPE NotificationType, PVOID HwDeviceExtension, ...) {
  Adapter* adapter = adapter_or_record(HwDeviceExtension, "ScsiPortNotification");
  if (adapter == nullptr)
    return;
  std::va_list ap;
  va_start(ap, HwDeviceExtension);
  switch (NotificationType) {
    case RequestComplete: {
      auto* srb = va_arg(ap, PSCSI_REQUEST_BLOCK);
      adapter->notify_request_complete(srb);
      break;
    }
    case NextRequest:
      adapter->notify_next_request();
      break;
    case NextLuRequest: {
      const UCHAR path = next_uchar(ap);
      const UCHAR target = next_uchar(ap);
      const UCHAR lun = next_uchar(ap);
      adapter->notify_next_lu_request(UnitAddress{path, target, lun});
      break;
    }
    case RequestTimerCall: {
      auto* routine = va_arg(ap, PHW_TIMER);
      const ULONG microseconds = va_arg(ap, ULONG);
      adapter->notify_timer(routine, microseconds);
      break;
    }
    case WMIEvent: {
      PVOID wnode = va_arg(ap, PVOID);
      const UCHAR path = next_uchar(ap);
      // PathId 0xFF: the adapter fires the event, and no TargetId/Lun follow (spec §1.2).
      if (path == SP_UNTAGGED) {
        adapter->notify_wmi_event(wnode, kAdapterUnit, true);
      } else {
        const UCHAR target = next_uchar(ap);
        const UCHAR lun = next_uchar(ap);
        adapter->notify_wmi_event(wnode, UnitAddress{path, target, lun}, false);
      }
      break;
    }
    case WMIReregister: {
      const UCHAR path = next_uchar(ap);
      if (path == SP_UNTAGGED) {
        adapter->notify_wmi_reregister(kAdapterUnit, true);
      } else {
        const UCHAR target = next_uchar(ap);
        const UCHAR lun = next_uchar(ap);
        adapter->notify_wmi_reregister(UnitAddress{path, target, lun}, false);
      }
      break;
    }
    case ResetDetected:
      adapter->notify_reset_detected();
      break;
    case BusChangeDetected:
      // No extra argument for SCSI Port (the WDK lists none); every bus is rescanned.
      adapter->notify_bus_change();
      break;
    case CallDisableInterrupts:
      adapter->notify_deferred_call(va_arg(ap, PHW_INTERRUPT), "CallDisableInterrupts");
      break;
    case CallEnableInterrupts:
      adapter->notify_deferred_call(va_arg(ap, PHW_INTERRUPT), "CallEnableInterrupts");
      break;
    case LinkUp:
    case LinkDown:
    case QueryTickCount:
    case BufferOverrunDetected:
    case TraceNotification:
      // No links, tick counts or tracing in the emulation: accepted and ignored.
      break;
    default:
      adapter->record(RecordKind::port_contract, kAdapterUnit, NotificationType, 0,
                      fmt::format("ScsiPortNotification with unknown type {}", static_cast<int>(NotificationType)));
      break;
  }
  va_end(ap);
}

extern "C" VOID ScsiPortCompleteRequest(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun,
                                        UCHAR SrbStatus) {
  if (Adapter* adapter = adapter_or_record(HwDeviceExtension, "ScsiPortCompleteRequest"))
    adapter->complete_outstanding(UnitAddress{PathId, TargetId, Lun}, SrbStatus);
}

extern "C" PVOID ScsiPortGetLogicalUnit(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun) {
  Adapter* adapter = adapter_or_record(HwDeviceExtension, "ScsiPortGetLogicalUnit");
  return adapter == nullptr ? nullptr : adapter->lu_extension(UnitAddress{PathId, TargetId, Lun});
}

extern "C" PSCSI_REQUEST_BLOCK ScsiPortGetSrb(PVOID DeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun, LONG) {
  Adapter* adapter = adapter_or_record(DeviceExtension, "ScsiPortGetSrb");
  return adapter == nullptr ? nullptr : adapter->active_srb(UnitAddress{PathId, TargetId, Lun});
}

extern "C" VOID ScsiPortLogError(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb, UCHAR PathId, UCHAR TargetId,
                                 UCHAR Lun, ULONG ErrorCode, ULONG UniqueId) {
  Adapter* adapter = adapter_or_record(HwDeviceExtension, "ScsiPortLogError");
  if (adapter == nullptr)
    return;
  adapter->record(RecordKind::log_error, UnitAddress{PathId, TargetId, Lun}, ErrorCode, UniqueId,
                  fmt::format("ScsiPortLogError 0x{:x} (unique id 0x{:x}){}", ErrorCode, UniqueId,
                              Srb != nullptr ? fmt::format(", SRB function 0x{:02x}", Srb->Function) : ""));
}

extern "C" PVOID ScsiPortGetUncachedExtension(PVOID HwDeviceExtension, PPORT_CONFIGURATION_INFORMATION,
                                              ULONG NumberOfBytes) {
  Adapter* adapter = adapter_or_record(HwDeviceExtension, "ScsiPortGetUncachedExtension");
  return adapter == nullptr ? nullptr : adapter->uncached_extension(NumberOfBytes);
}
