// Static instance names (spec §7), one rule each, and how collisions between providers of one GUID are resolved:
//   PDO        <device instance path>_<n>    e.g. ROOT\WMIPORT\0000_0, _1, ...
//   base name  <base name><n>                e.g. Disk0, Disk1, ...
//   list       the provider's own names, index k = instance k
// For PDO and base names n runs from a start counter s to s + InstanceCount - 1; s is 0 unless one of those
// names is already taken for this GUID by another provider, in which case s is bumped to the first value where
// the whole run is free. A listed name that is taken gets "#<m>" appended (smallest m >= 1 that is free).
// Dynamic names (no naming flag) are not assigned here: they travel in every WNODE.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace wmiport::wmi {

enum class NamingKind { dynamic, pdo, base_name, static_list };

struct NamingRequest {
  NamingKind kind = NamingKind::dynamic;
  std::uint32_t instance_count = 0;
  std::u16string stem;                       // PDO: the device instance path; base name: the base name
  std::vector<std::u16string> listed_names;  // static_list: instance_count names
};

using NameTaken = std::function<bool(std::u16string_view)>;

// The static names for instances 0..instance_count-1 (empty for dynamic naming).
std::vector<std::u16string> assign_static_names(const NamingRequest& request, const NameTaken& taken);

// "<stem><separator><n>" with n in decimal.
std::u16string counted_name(std::u16string_view stem, std::u16string_view separator, std::uint64_t n);

}  // namespace wmiport::wmi
