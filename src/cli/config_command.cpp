// `wmiport config`: the compile and link flags for building a driver against this build tree, like pkg-config:
//   cc -std=c11 -shared -fPIC $(wmiport config --cflags) drv.c -o drv.so $(wmiport config --libs wdm)
// A driver needs only include/wdk and the driver options (-fshort-wchar: L"..." literals are 16-bit WCHAR
// strings); it is not linked against the runtime, whose routines resolve when a host dlopens it.
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>

#include <fmt/format.h>

#include "cli/commands.h"

namespace wmiport::cli {

namespace {

// The sanitizers this build tree uses: a driver loaded into one of its hosts is checked the same way.
std::string sanitizer_flags() {
  const std::string sanitize = WMIPORT_CONFIG_SANITIZE;
  return sanitize.empty() ? "" : fmt::format(" -fsanitize={} -fno-omit-frame-pointer", sanitize);
}

std::optional<std::string> cflags(const std::string& kind) {
  if (kind == "wdm")
    return fmt::format("-std=c11 -fshort-wchar -Wno-multichar -I{}/include/wdk{}", WMIPORT_CONFIG_SOURCE_DIR,
                       sanitizer_flags());
  if (kind == "client")  // a consumer program: <wmium.h> and the WDK types it uses
    return fmt::format("-I{0}/include/client -I{0}/include/wdk{1}", WMIPORT_CONFIG_SOURCE_DIR, sanitizer_flags());
  return std::nullopt;
}

std::optional<std::string> libs(const std::string& kind) {
  if (kind == "wdm") {
    // Nothing to link: the kernel imports stay undefined in the driver (-z undefs says so even where the
    // toolchain defaults to -z defs) and resolve from libwmiport_runtime.so at load time.
    std::string flags = "-Wl,-z,undefs" + sanitizer_flags();
    return flags;
  }
  if (kind == "scsiport") {
    // A miniport links the SCSI Port WMI library statically, as scsiwmi.lib on Windows; its ScsiPort* imports
    // stay undefined and resolve from the runtime (the port driver) at load time, like the kernel's.
    const auto library = std::filesystem::path(WMIPORT_CONFIG_BINARY_DIR) / "lib" / "libwmiport_scsiwmi.a";
    if (std::filesystem::exists(library))
      return fmt::format("{} -Wl,-z,undefs{}", library.string(), sanitizer_flags());
    std::fprintf(stderr,
                 "wmiport config --libs scsiport: %s is not built (cmake --build ... --target wmiport_scsiwmi)\n",
                 library.string().c_str());
  }
  if (kind == "client") {
    // libwmiport_client.so hosts the drivers in the program's process; rpath finds it and the runtime.
    const auto lib_dir = std::filesystem::path(WMIPORT_CONFIG_BINARY_DIR) / "lib";
    // The library is C++: a sanitized C program linked by clang needs the C++ half of its UBSan runtime too
    // (GCC's libubsan has both halves). Sanitized trees are test builds, linked by the compiler that built them.
    std::string runtime_flags = sanitizer_flags();
#if defined(__clang__)
    if (!runtime_flags.empty())
      runtime_flags += " -fsanitize-link-c++-runtime -lstdc++";
#endif
    return fmt::format("-L{0} -Wl,-rpath,{0} -lwmiport_client{1}", lib_dir.string(), runtime_flags);
  }
  return std::nullopt;
}

}  // namespace

void register_config_command(CLI::App& app, int& exit_code) {
  auto* config = app.add_subcommand("config", "Print compile or link flags for building drivers (like pkg-config)");
  auto cflags_kind = std::make_shared<std::string>("wdm");
  auto libs_kind = std::make_shared<std::string>();
  auto* cflags_option = config->add_option("--cflags", *cflags_kind, "Compile flags: wdm (default) or client")
                            ->expected(0, 1)
                            ->check(CLI::IsMember({"wdm", "client"}));
  auto* libs_option = config->add_option("--libs", *libs_kind, "Link flags: wdm, scsiport or client")
                          ->check(CLI::IsMember({"wdm", "scsiport", "client"}));
  config->require_option(1);
  config->callback([&exit_code, cflags_option, libs_option, cflags_kind, libs_kind] {
    std::optional<std::string> flags;
    std::string what;
    if (cflags_option->count() > 0) {
      const std::string kind = cflags_kind->empty() ? "wdm" : *cflags_kind;
      flags = cflags(kind);
      what = "--cflags " + kind;
    } else if (libs_option->count() > 0) {
      flags = libs(*libs_kind);
      what = "--libs " + *libs_kind;
    }
    if (!flags) {
      std::fprintf(stderr, "wmiport config %s: not available yet (the %s part comes with a later issue)\n",
                   what.c_str(), what.ends_with("client") ? "client API" : "SCSI port");
      exit_code = kExitFailure;
      return;
    }
    std::printf("%s\n", flags->c_str());
    exit_code = 0;
  });
}

}  // namespace wmiport::cli
