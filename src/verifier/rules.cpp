#include "verifier/rules.h"

#include <algorithm>
#include <array>

namespace wmiport::verifier {

namespace {

// One row per rule. The detector of each rule is named in docs/decisions.md ("Verifier (src/verifier)").
constexpr std::array kRules{
    // SCSI Port WMI library (src/scsiwmi) and the SCSI port (src/scsiport).
    Rule{"postprocess_missing",
         "A HwScsiWmi callback that does not return SRB_STATUS_PENDING must call ScsiPortWmiPostProcess exactly once "
         "before it returns."},
    Rule{"postprocess_twice", "ScsiPortWmiPostProcess is called once per request, never again for a completed SRB."},
    Rule{"postprocess_pending_status", "ScsiPortWmiPostProcess takes the final SRB status, never SRB_STATUS_PENDING."},
    Rule{"reginfo_postprocess",
         "HwScsiWmiQueryReginfo answers by returning: it must not call ScsiPortWmiPostProcess or WmiCompleteRequest."},
    Rule{"reginfo_completes",
         "DpWmiQueryReginfo answers by returning: it must not call WmiCompleteRequest or IoCompleteRequest (the driver "
         "completes the IRP after WmiSystemControl returns IrpNotCompleted)."},
    Rule{"reginfo_pending", "The registration callback must complete synchronously; it may not pend the request."},
    Rule{"reginfo_flags",
         "A miniport may set only WMIREG_FLAG_EVENT_ONLY_GUID, WMIREG_FLAG_EXPENSIVE and WMIREG_FLAG_REMOVE_GUID in "
         "its GuidList; the port sets every other registration flag."},
    Rule{"reginfo_guid_list", "Every registered block needs a GUID: a non-empty GuidList has no NULL Guid pointer."},
    Rule{"reginfo_mof_name", "A MofResourceName, when given, is a non-empty resource name of reasonable length."},
    Rule{"reginfo_naming_flag",
         "Every registered data block names its instances: RegFlags carries WMIREG_FLAG_INSTANCE_LIST, "
         "WMIREG_FLAG_INSTANCE_BASENAME or WMIREG_FLAG_INSTANCE_PDO, or the driver handles dynamic names."},
    Rule{"reginfo_pdo_missing", "A block registered with WMIREG_FLAG_INSTANCE_PDO must come with the device's PDO."},
    Rule{"reginfo_malformed", "The registration information a provider returns is a well-formed WMIREGINFO."},
    Rule{"required_callback_missing", "QueryWmiRegInfo and QueryWmiDataBlock are required callbacks."},
    Rule{"null_argument", "The WMI library routines are called with the request context and library info they need."},
    Rule{"dynamic_name_protocol",
         "The dynamic-instance-name helpers are used in order (instance count once, indices in range, every name set "
         "before post-processing)."},
    Rule{"event_arguments", "An event is fired with a GUID, its data, and a size that does not overflow."},
    Rule{"wnode_corrupted", "A driver leaves the WNODE fields WMI set up untouched; it writes only its data."},
    Rule{"instance_count_too_large", "A block's instance count must keep its QUERY_ALL_DATA reply representable."},
    Rule{"scsiport_contract", "A miniport completes only the SRBs it was given, with a status and length that fit."},
    // Buffers and sizes (src/wmi, src/scsiwmi).
    Rule{"write_outside_buffer",
         "A callback writes only inside [Buffer, Buffer + BufferAvail); the bytes around the buffer are not its own."},
    Rule{"size_exceeds_buffer", "The size a driver reports as written never exceeds the buffer it was given."},
    Rule{"too_small_not_exact",
         "A too-small answer (SRB_STATUS_DATA_OVERRUN, STATUS_BUFFER_TOO_SMALL) reports the exact size needed: the "
         "identical request with a buffer of that size must not fail the same way again."},
    Rule{"instance_lengths",
         "A QUERY_ALL_DATA answer fills InstanceLengthArray for every instance, consistent with the bytes used."},
    Rule{"instance_not_aligned",
         "Every instance of a QUERY_ALL_DATA answer starts on an 8-byte boundary: a callback writing several instances "
         "pads each but the last to a multiple of 8 bytes."},
    Rule{"reply_malformed",
         "A provider's reply is a well-formed WNODE: instances 8-byte aligned, offsets and sizes inside the buffer."},
    Rule{"method_side_effect_too_small",
         "A method checks OutBufferSize before it does anything: a too-small answer leaves the device unchanged."},
    // IRPs (src/kernel, src/wmi).
    Rule{"irp_double_completion", "An IRP is completed exactly once."},
    Rule{"irp_not_completed", "A pending IRP is completed, by some thread, in bounded time."},
    Rule{"irp_forwarded_by_lowest",
         "The lowest driver of a stack completes the WMI IRPs it does not handle; it has nowhere to forward them."},
    // Events and controls (src/wmi, src/scsiport).
    Rule{"event_not_enabled", "A driver fires an event only for a block whose events a consumer enabled."},
    Rule{"enable_twice",
         "WMI never sends the same enable request (events or collection) twice in a row for one block and device "
         "(a wmiport bug when seen)."},
    Rule{"event_malformed", "An event passed to IoWMIWriteEvent is a well-formed WNODE_EVENT_ITEM or reference."},
    // Lifetime (src/kernel, src/wmi).
    Rule{"pool_leak", "A driver frees all pool it allocated before its unload completes."},
    Rule{"deregister_in_dispatch",
         "IoWMIRegistrationControl(WMIREG_ACTION_DEREGISTER) is never called from the device's own WMI dispatch "
         "path."},
};

}  // namespace

std::span<const Rule> all_rules() {
  return kRules;
}

const Rule* find_rule(std::string_view id) {
  auto it = std::find_if(kRules.begin(), kRules.end(), [&](const Rule& rule) { return rule.id == id; });
  return it == kRules.end() ? nullptr : &*it;
}

}  // namespace wmiport::verifier
