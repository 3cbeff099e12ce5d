// IoWMIDeviceObjectToProviderId: a 32-bit id per device object (on x64 a pointer does not fit a ULONG).
// Ids are handed out from 1 upwards on first use and never reused or forgotten for the life of the process, so
// an id is stable and unique while its device lives (a later device at the same address inherits the id, which
// is harmless: the earlier device is gone).
#pragma once

#include <cstdint>

namespace wmiport::wmi {

std::uint32_t provider_id_of(const void* device_object);

}  // namespace wmiport::wmi
