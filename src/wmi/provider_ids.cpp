#include "wmi/provider_ids.h"

#include <mutex>
#include <unordered_map>

namespace wmiport::wmi {

std::uint32_t provider_id_of(const void* device_object) {
  static std::mutex mutex;
  static std::unordered_map<const void*, std::uint32_t> ids;  // guarded by mutex
  static std::uint32_t next_id = 1;                           // guarded by mutex
  std::lock_guard lock(mutex);
  auto [it, inserted] = ids.try_emplace(device_object, next_id);
  if (inserted)
    ++next_id;
  return it->second;
}

}  // namespace wmiport::wmi
