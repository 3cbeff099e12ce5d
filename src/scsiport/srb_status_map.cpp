#include "scsiport/srb_status_map.h"

#include <srb.h>

namespace wmiport::scsiport {

namespace {

bool is_change(UCHAR minor) {
  return minor == IRP_MN_CHANGE_SINGLE_INSTANCE || minor == IRP_MN_CHANGE_SINGLE_ITEM;
}

bool names_an_instance(UCHAR minor) {
  return minor == IRP_MN_QUERY_SINGLE_INSTANCE || is_change(minor) || minor == IRP_MN_EXECUTE_METHOD;
}

// Statuses that mean "the miniport could not do it" without a WMI-specific meaning.
NTSTATUS generic_failure(UCHAR status) {
  switch (status) {
    case SRB_STATUS_INVALID_REQUEST:
    case SRB_STATUS_BAD_FUNCTION:
      return STATUS_INVALID_DEVICE_REQUEST;
    case SRB_STATUS_BUSY:
      return STATUS_DEVICE_BUSY;
    case SRB_STATUS_TIMEOUT:
    case SRB_STATUS_COMMAND_TIMEOUT:
    case SRB_STATUS_SELECTION_TIMEOUT:
      return STATUS_IO_TIMEOUT;
    case SRB_STATUS_NO_DEVICE:
    case SRB_STATUS_INVALID_LUN:
    case SRB_STATUS_INVALID_TARGET_ID:
    case SRB_STATUS_INVALID_PATH_ID:
    case SRB_STATUS_NO_HBA:
      return STATUS_NO_SUCH_DEVICE;
    case SRB_STATUS_ABORTED:
    case SRB_STATUS_REQUEST_FLUSHED:
      return STATUS_CANCELLED;
    case SRB_STATUS_INSUFFICIENT_RESOURCES:
      return STATUS_INSUFFICIENT_RESOURCES;
    case SRB_STATUS_NOT_POWERED:
      return STATUS_DEVICE_NOT_READY;
    default:
      return STATUS_IO_DEVICE_ERROR;
  }
}

}  // namespace

WmiCompletion map_wmi_srb_status(const WmiSrbOutcome& outcome) {
  const UCHAR status = SRB_STATUS(outcome.srb_status);
  switch (status) {
    case SRB_STATUS_SUCCESS:
      // The library reports WNODE_TOO_SMALL as a success of 56 bytes (as WmiCompleteRequest does); the WMI core
      // reads it from the buffer. A length beyond the buffer would make the core read past it.
      if (outcome.data_transfer_length > outcome.buffer_size)
        return {STATUS_DRIVER_INTERNAL_ERROR, 0, true};
      return {STATUS_SUCCESS, outcome.data_transfer_length, false};
    case SRB_STATUS_PENDING:
      // Completing an SRB still marked pending: the request was never post-processed.
      return {STATUS_DRIVER_INTERNAL_ERROR, 0, true};
    case SRB_STATUS_DATA_OVERRUN:
      // Only for buffers below sizeof(WNODE_TOO_SMALL): nothing useful fits.
      return {STATUS_BUFFER_TOO_SMALL, 0, false};
    case SRB_STATUS_ERROR:
      // The GUID and a static instance index were checked against the registration before the SRB was sent,
      // so an error here is the miniport's: a refused change, or, for a block with dynamic names, a name the
      // miniport does not know (which tells the WMI core to try the next provider).
      if (is_change(outcome.minor))
        return {STATUS_WMI_SET_FAILURE, 0, false};
      if (outcome.dynamic_names && names_an_instance(outcome.minor))
        return {STATUS_WMI_INSTANCE_NOT_FOUND, 0, false};
      return {STATUS_UNSUCCESSFUL, 0, false};
    default:
      return {generic_failure(status), 0, false};
  }
}

}  // namespace wmiport::scsiport
