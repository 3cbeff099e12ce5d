// The root bus: a built-in bus driver whose PDOs are the root-enumerated devices drivers are loaded on
// (device instance paths ROOT\WMIPORT\0000, 0001, ...). It answers the PnP, power and WMI IRPs that reach
// the bottom of a stack, as a bus driver does.
#pragma once

#include <string>

#include <wdm.h>

namespace wmiport::kernel {

// Installs the root bus dispatch routines in its driver object.
void initialize_root_bus(PDRIVER_OBJECT root);

// Creates the PDO of instance `number` (ROOT\WMIPORT\<number as 4 decimal digits>).
NTSTATUS create_root_pdo(PDRIVER_OBJECT root, unsigned number, PDEVICE_OBJECT* pdo);

std::u16string root_instance_path(unsigned number);

}  // namespace wmiport::kernel
