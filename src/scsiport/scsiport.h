// wmiport::scsiport: what a host (tests, the verifier, the command) can see of the SCSI port driver.
//
// The port itself is reached by miniports only through the WDK routines of srb.h (ScsiPortInitialize,
// ScsiPortNotification, ...), exported from libwmiport_runtime.so. This header is the host side: the adapters
// and logical units the port created, and what it recorded about each miniport (ScsiPortLogError entries,
// SCSI Port WMI library contract violations, events it dropped, port contract breaches).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <wdm.h>

#define WMIPORT_SCSIPORT_API __attribute__((visibility("default")))

namespace wmiport::scsiport {

enum class RecordKind {
  log_error,          // ScsiPortLogError: code = ErrorCode, detail = UniqueId
  library_violation,  // WmiPortScsiWmiContractViolation: code = SCSIWMI_RULE, detail = its Detail
  event_not_enabled,  // WMIEvent for a GUID the consumer has not enabled on that device: dropped
  event_rejected,     // WMIEvent malformed, for an unknown unit, or refused by the WMI core: dropped
  port_contract,      // the miniport broke a port rule (e.g. completed an SRB it was not given)
  configuration,      // HW_INITIALIZATION_DATA / PORT_CONFIGURATION_INFORMATION refused or adjusted
  bus_event,          // ScsiPortNotification ResetDetected / BusChangeDetected (code = the notification type)
};

WMIPORT_SCSIPORT_API const char* record_kind_name(RecordKind kind);

struct PortRecord {
  std::string driver;  // the miniport's service name
  RecordKind kind = RecordKind::port_contract;
  std::uint32_t code = 0;
  std::uint32_t detail = 0;
  std::uint8_t path_id = 0xff, target_id = 0, lun = 0;  // the unit concerned (0xff: the adapter / none)
  std::string text;
};

struct LogicalUnitInfo {
  std::uint8_t path_id = 0, target_id = 0, lun = 0;
  PDEVICE_OBJECT pdo = nullptr;
  std::u16string instance_path;  // SCSI\<Type>&Ven_<vendor>&Prod_<product>\<adapter>&<PP><TT><LL>
};

struct AdapterInfo {
  std::string driver;
  PDEVICE_OBJECT fdo = nullptr;
  PDEVICE_OBJECT pdo = nullptr;  // the root PDO the adapter FDO is attached to
  bool wmi_data_provider = false;
  std::uint32_t inquiries_sent = 0;
  std::vector<LogicalUnitInfo> logical_units;  // in scan order (bus, target, lun)
};

// Everything recorded since the process started (or since clear_records), oldest first.
WMIPORT_SCSIPORT_API std::vector<PortRecord> records();
WMIPORT_SCSIPORT_API void clear_records();
// The started adapters of every loaded miniport.
WMIPORT_SCSIPORT_API std::vector<AdapterInfo> adapters();
// The ArgumentString HwFindAdapter receives for the miniport `driver` (Windows reads it from the service's
// DriverParameter registry value); without one HwFindAdapter gets NULL.
WMIPORT_SCSIPORT_API void set_argument_string(const std::string& driver, const std::string& text);
// The TimeOutValue (seconds) of the WMI SRBs the port sends from now on (default 10); a request the miniport keeps
// longer makes the port call HwResetBus (docs/decisions.md P16). Tests shorten it.
WMIPORT_SCSIPORT_API void set_wmi_srb_timeout(std::uint32_t seconds);

// How many request objects (SRB, SRB extension, completion) the port allocated on the calling thread. Each thread
// keeps the last request it finished with and takes it for its next one (docs/decisions.md P17): tests check the
// reuse with this.
WMIPORT_SCSIPORT_API std::uint64_t requests_allocated_by_this_thread();

}  // namespace wmiport::scsiport
