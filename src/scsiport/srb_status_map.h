// How a completed WMI SRB becomes the IRP's IoStatus (docs/decisions.md, "SRB status mapping"). One function,
// pure, tested row by row in tests/scsiport/srb_status_map_test.cpp.
#pragma once

#include <cstdint>

#include <wdm.h>

namespace wmiport::scsiport {

struct WmiCompletion {
  NTSTATUS status = STATUS_SUCCESS;
  ULONG_PTR information = 0;
  bool contract_broken = false;  // the miniport's answer breaks the port contract (reported by the caller)
};

struct WmiSrbOutcome {
  UCHAR minor = 0;                 // IRP_MN_* of the request
  UCHAR srb_status = 0;            // as the miniport completed the SRB (flag bits included)
  ULONG data_transfer_length = 0;  // as the miniport left it
  ULONG buffer_size = 0;           // the IRP's Parameters.WMI.BufferSize
  bool dynamic_names = false;      // the block is registered with dynamic instance names (CALL_BY_NAME)
};

WmiCompletion map_wmi_srb_status(const WmiSrbOutcome& outcome);

}  // namespace wmiport::scsiport
