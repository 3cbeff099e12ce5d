// Minimal PnP manager: the synchronous PnP IRPs the kernel sends to a device stack.
#pragma once

#include <wdm.h>

namespace wmiport::kernel {

// Sends IRP_MJ_PNP / `minor` to the top of the stack `pdo` belongs to and waits for its completion (the driver
// may pend it). The IRP starts with STATUS_NOT_SUPPORTED, as PnP IRPs do. Returns the final IoStatus.Status.
NTSTATUS send_pnp_irp(PDEVICE_OBJECT pdo, UCHAR minor);

}  // namespace wmiport::kernel
