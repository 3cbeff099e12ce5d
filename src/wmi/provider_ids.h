// IoWMIDeviceObjectToProviderId: a 32-bit id per device object (on x64 a pointer does not fit a ULONG). The kernel
// hands the id out when it creates the device and keeps it in the device's private state (never reused, so
// unique; fixed for the device's life, so stable); asking costs one object-table probe, no lock shared by all
// devices. Anything that is not a live device object gets 0, which no device has.
#pragma once

#include <cstdint>

namespace wmiport::wmi {

std::uint32_t provider_id_of(const void* device_object);

}  // namespace wmiport::wmi
