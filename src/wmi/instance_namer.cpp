#include "wmi/instance_namer.h"

namespace wmiport::wmi {

namespace {

std::u16string decimal(std::uint64_t n) {
  std::u16string digits;
  do {
    digits.insert(digits.begin(), static_cast<char16_t>(u'0' + n % 10));
    n /= 10;
  } while (n != 0);
  return digits;
}

std::vector<std::u16string> counted_run(const NamingRequest& request, std::u16string_view separator,
                                        const NameTaken& taken) {
  // Each step past a collision moves the start beyond at least one taken name, so this ends after at most
  // (number of taken names + 1) rounds.
  std::uint64_t start = 0;
  for (;;) {
    std::vector<std::u16string> names;
    names.reserve(request.instance_count);
    bool collided = false;
    for (std::uint32_t k = 0; k < request.instance_count && !collided; ++k) {
      names.push_back(counted_name(request.stem, separator, start + k));
      if (taken(names.back())) {
        start = start + k + 1;
        collided = true;
      }
    }
    if (!collided)
      return names;
  }
}

std::vector<std::u16string> listed(const NamingRequest& request, const NameTaken& taken) {
  std::vector<std::u16string> names;
  names.reserve(request.listed_names.size());
  auto in_own_list = [&names](std::u16string_view name) {
    for (const auto& n : names)
      if (n == name)
        return true;
    return false;
  };
  for (const auto& wanted : request.listed_names) {
    std::u16string name = wanted;
    for (std::uint64_t m = 1; taken(name) || in_own_list(name); ++m)
      name = counted_name(wanted, u"#", m);
    names.push_back(std::move(name));
  }
  return names;
}

}  // namespace

std::u16string counted_name(std::u16string_view stem, std::u16string_view separator, std::uint64_t n) {
  std::u16string name(stem);
  name += separator;
  name += decimal(n);
  return name;
}

std::vector<std::u16string> assign_static_names(const NamingRequest& request, const NameTaken& taken) {
  switch (request.kind) {
    case NamingKind::pdo:
      return counted_run(request, u"_", taken);
    case NamingKind::base_name:
      return counted_run(request, u"", taken);
    case NamingKind::static_list:
      return listed(request, taken);
    case NamingKind::dynamic:
      break;
  }
  return {};
}

}  // namespace wmiport::wmi
