// Kernel::load_driver: a driver image is a shared object exporting DriverEntry, opened with
// dlopen(RTLD_NOW | RTLD_LOCAL): every kernel routine it imports must resolve at load time (from the runtime
// library already in the process, as a .sys resolves its imports from ntoskrnl), and its own symbols stay
// private, so two drivers may both define the same helper names. See docs/decisions.md.
#include <dlfcn.h>

#include <string>

#include <fmt/format.h>

#include "kernel/kernel.h"

namespace wmiport::kernel {

namespace {

// NTSTATUS codes of image loading (not in include/wdk/ntstatus.h, which lists what drivers use).
constexpr NtStatusCode kStatusProcedureNotFound = static_cast<NtStatusCode>(0xC000007Au);
constexpr NtStatusCode kStatusInvalidImageFormat = static_cast<NtStatusCode>(0xC000007Bu);
constexpr NtStatusCode kStatusDriverEntrypointNotFound = static_cast<NtStatusCode>(0xC0000263u);
constexpr NtStatusCode kStatusObjectNameNotFound = static_cast<NtStatusCode>(0xC0000034u);
constexpr NtStatusCode kStatusDriverUnableToLoad = static_cast<NtStatusCode>(0xC000026Cu);

std::string default_name(const std::filesystem::path& path) {
  std::string name = path.filename().string();
  if (const auto dot = name.find('.'); dot != std::string::npos)
    name.resize(dot);
  if (name.starts_with("lib") && name.size() > 3)
    name.erase(0, 3);
  return name;
}

Error load_error(const std::filesystem::path& path, const std::string& reason) {
  constexpr std::string_view kUndefined = "undefined symbol: ";
  if (const auto at = reason.find(kUndefined); at != std::string::npos) {
    std::string symbol = reason.substr(at + kUndefined.size());
    if (const auto end = symbol.find_first_of(" \t\n("); end != std::string::npos)
      symbol.resize(end);
    return Error(kStatusDriverEntrypointNotFound,
                 fmt::format("cannot load driver {}: it imports {}, which the emulated kernel does not provide ({})",
                             path.string(), symbol, reason));
  }
  if (reason.find("invalid ELF header") != std::string::npos || reason.find("file too short") != std::string::npos ||
      reason.find("wrong ELF class") != std::string::npos || reason.find("not an ELF") != std::string::npos ||
      reason.find("only ET_DYN") != std::string::npos)
    return Error(kStatusInvalidImageFormat,
                 fmt::format("cannot load driver {}: not a shared object ({})", path.string(), reason));
  return Error(kStatusDriverUnableToLoad, fmt::format("cannot load driver {}: {}", path.string(), reason));
}

}  // namespace

Result<Driver*> Kernel::load_driver(const std::filesystem::path& path, const LoadOptions& options) {
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error))
    return Error(kStatusObjectNameNotFound, fmt::format("driver file {} does not exist", path.string()));
  const std::string name = options.name.empty() ? default_name(path) : options.name;
  if (name.empty())
    return Error(ntstatus::invalid_parameter, fmt::format("cannot derive a driver name from {}", path.string()));
  if (find_driver(name) != nullptr)
    return Error(static_cast<NtStatusCode>(0xC0000035u), fmt::format("a driver named {} is already loaded", name));

  dlerror();
  void* library = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
  if (library == nullptr) {
    const char* reason = dlerror();
    return load_error(path, reason != nullptr ? reason : "dlopen failed");
  }
  auto entry = reinterpret_cast<PDRIVER_INITIALIZE>(dlsym(library, "DriverEntry"));
  if (entry == nullptr) {
    dlclose(library);
    return Error(kStatusProcedureNotFound, fmt::format("driver {} exports no DriverEntry", path.string()));
  }
  return start_driver(std::unique_ptr<Driver>(new Driver(name, library)), entry, options);
}

}  // namespace wmiport::kernel
