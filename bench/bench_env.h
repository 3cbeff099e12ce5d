// The process-wide environment every benchmark shares: one wmiport::Host (one per process at a time) with the
// bench drivers loaded, the drivers' exported control blocks, and helpers naming their GUIDs. Created by main()
// before the benchmarks run and destroyed after them.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "wmiport/host.h"

extern "C" {
#include "bench_driver.h"
}

namespace wmiport::bench {

struct BenchEnv {
  std::unique_ptr<Host> host;
  kernel::Driver* wdm = nullptr;   // bench_wdm: device 0 has the single-instance, event and sized blocks
  kernel::Driver* scsi = nullptr;  // bench_scsi: two adapters
  BENCH_WDM_CONTROL* wdm_control = nullptr;
  BENCH_SCSI_CONTROL* scsi_control = nullptr;
};

// Creates the environment (loads the drivers); aborts with a message when that fails.
void create_env();
void destroy_env();
BenchEnv& env();

// The GUID of block `kind` of bench_wdm device `serial`.
Guid wdm_guid(std::uint32_t kind, std::uint32_t serial);
Guid scsi_guid(std::uint32_t n);

// Adds `count` bench_wdm devices of `blocks` blocks with `instances` instances in their all-data blocks and waits
// until they are registered. Returns the first one's serial (the others follow).
std::uint32_t add_wdm_devices(std::uint32_t count, std::uint32_t blocks, std::uint32_t instances);

// Paths given by the build.
std::filesystem::path driver_dir();
std::filesystem::path shared_dir();
std::filesystem::path cli_path();

// Aborts the run with a message (a benchmark that cannot measure what it claims must not report a figure).
[[noreturn]] void fail(const std::string& what);

}  // namespace wmiport::bench
