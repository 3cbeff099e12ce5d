#include "wmi/provider_ids.h"

#include "kernel/device.h"

namespace wmiport::wmi {

std::uint32_t provider_id_of(const void* device_object) {
  return kernel::device_provider_id(device_object);
}

}  // namespace wmiport::wmi
