// IRP_MN_REGINFO / IRP_MN_REGINFO_EX answered by the port: it asks the miniport (a WMI SRB with the reginfo
// minor), validates the SCSI Port WMI library's result (scsiwmi_port.h) and builds the WMIREGINFO with the
// wnode codec: static blocks named by the device's PDO (WMIREG_FLAG_INSTANCE_PDO), dynamic ones without a
// naming flag, the miniport's MOF resource name and registry path.
#pragma once

#include <cstdint>
#include <vector>

#include <wdm.h>

#include "common/result.h"
#include "scsiport/adapter.h"
#include "wnode/reginfo.h"

namespace wmiport::scsiport {

NTSTATUS answer_reginfo(Adapter& adapter, WmiDevice& device, PIRP irp);

struct RegInfoPlan {
  wnode::RegInfo info;                       // what the WMI core gets
  std::vector<SCSIWMI_PORT_REGGUID> blocks;  // what the port holds afterwards (prechecks, events)
};

// Pure: the WMIREGINFO for `device` from the miniport's parsed result. `held` is what the core holds now (for
// WMIUPDATE, blocks that vanished from the miniport's list are reported with WMIREG_FLAG_REMOVE_GUID).
Result<RegInfoPlan> plan_reginfo(const SCSIWMI_PORT_REGINFO_VIEW& view, std::uintptr_t pdo,
                                 const std::u16string& registry_path, const std::vector<SCSIWMI_PORT_REGGUID>& held);

}  // namespace wmiport::scsiport
