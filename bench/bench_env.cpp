#include "bench_env.h"

#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

namespace wmiport::bench {

namespace {

BenchEnv* g_env = nullptr;

template <typename T>
T* exported(const std::filesystem::path& library, const char* symbol) {
  // The kernel's own handle keeps the library loaded; this one only finds the symbol.
  void* handle = dlopen(library.c_str(), RTLD_NOW | RTLD_NOLOAD);
  if (handle == nullptr)
    fail(library.string() + " is not loaded");
  void* address = dlsym(handle, symbol);
  dlclose(handle);
  if (address == nullptr)
    fail(library.string() + " does not export " + symbol);
  return static_cast<T*>(address);
}

}  // namespace

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "wmiport_bench: %s\n", what.c_str());
  std::exit(1);
}

std::filesystem::path driver_dir() {
  return WMIPORT_BENCH_DRIVER_DIR;
}
std::filesystem::path shared_dir() {
  return WMIPORT_SHARED_DIR;
}
std::filesystem::path cli_path() {
  return WMIPORT_BENCH_CLI;
}

Guid wdm_guid(std::uint32_t kind, std::uint32_t serial) {
  return Guid{BENCH_GUID_DATA1(kind),
              static_cast<std::uint16_t>(serial >> 16),
              static_cast<std::uint16_t>(serial),
              {0x80, 0, 0, 0, 0, 0, 0, 0}};
}

Guid scsi_guid(std::uint32_t n) {
  return Guid{BENCH_SCSI_GUID_DATA1(n), 0, 0, {0x80, 0, 0, 0, 0, 0, 0, static_cast<std::uint8_t>(n)}};
}

void create_env() {
  HostOptions options;
  // Room for a million-instance reply and for event bursts that nothing is dropped from.
  options.wmi.max_buffer_size = 256u << 20;
  options.wmi.subscriber_queue_capacity = 1u << 17;
  options.wmi.pending_event_capacity = 1u << 17;
  auto host = Host::create(std::move(options));
  if (!host.ok())
    fail("Host::create: " + host.error().to_string());
  g_env = new BenchEnv;
  g_env->host = std::move(host).value();

  const auto wdm_path = driver_dir() / "bench_wdm.so";
  const auto scsi_path = driver_dir() / "bench_scsi.so";
  // bench_wdm starts with device 0: every kind of block, one instance each.
  auto wdm = g_env->host->load_driver(wdm_path, kernel::LoadOptions{"bench_wdm", 1, false});
  if (!wdm.ok())
    fail("loading bench_wdm: " + wdm.error().to_string());
  g_env->wdm = *wdm;
  g_env->wdm_control = exported<BENCH_WDM_CONTROL>(wdm_path, "BenchWdmControl");
  auto scsi = g_env->host->load_driver(scsi_path, kernel::LoadOptions{"bench_scsi", 2, false});
  if (!scsi.ok())
    fail("loading bench_scsi: " + scsi.error().to_string());
  g_env->scsi = *scsi;
  g_env->scsi_control = exported<BENCH_SCSI_CONTROL>(scsi_path, "BenchScsiControl");
  for (const auto& report : g_env->host->wmi_reports())
    std::fprintf(stderr, "wmiport_bench: WMI report while loading: %s\n", report.c_str());
}

void destroy_env() {
  delete g_env;
  g_env = nullptr;
}

BenchEnv& env() {
  return *g_env;
}

std::uint32_t add_wdm_devices(std::uint32_t count, std::uint32_t blocks, std::uint32_t instances) {
  BenchEnv& e = env();
  e.wdm_control->block_count = blocks;
  e.wdm_control->instances = instances;
  const std::uint32_t serial = e.wdm_control->devices;
  for (std::uint32_t k = 0; k < count; ++k) {
    auto device = e.host->kernel().add_device(*e.wdm);
    if (!device.ok())
      fail("adding a bench_wdm device: " + device.error().to_string());
  }
  e.host->settle();
  return serial;
}

}  // namespace wmiport::bench
