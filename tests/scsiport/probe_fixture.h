// A ScsiPortTest with the scsi_port_probe miniport (tests/drivers/scsi_port_probe.c) loaded: its counters
// (ScsiProbeStats, read through dlsym), its adapter and the GUIDs of its blocks. The ScsiPort* routine tests
// (services_test.cpp) and the request reuse tests (request_reuse_test.cpp) ask it.
#pragma once

#include <dlfcn.h>

#include <cstdint>

#include "scsiport_fixture.h"

extern "C" {
#include "scsi_port_probe.h"
}

namespace wmiport::test {

// The probe's block n (SCSI_PROBE_CONTROL, SCSI_PROBE_HOLD, ...).
inline Guid probe_guid(std::uint32_t n) {
  return Guid{0x5c520000u + n, 0, 0x4000, {0x80, 0, 0, 0, 0, 0, 0, static_cast<std::uint8_t>(n)}};
}

class ScsiProbeTest : public ScsiPortTest {
 protected:
  void SetUp() override {
    ScsiPortTest::SetUp();
    auto driver = host_->load_driver(driver_path("scsi_port_probe"));
    ASSERT_TRUE(driver.ok()) << driver.error().to_string();
    driver_ = *driver;
    void* handle = dlopen(driver_path("scsi_port_probe").c_str(), RTLD_NOW | RTLD_NOLOAD);
    ASSERT_NE(handle, nullptr);
    stats_ = static_cast<SCSI_PROBE_STATS*>(dlsym(handle, "ScsiProbeStats"));
    dlclose(handle);
    ASSERT_NE(stats_, nullptr);
    adapter_ = adapter_of("scsi_port_probe");
    ASSERT_EQ(adapter_.logical_units.size(), 3u);
  }
  // The miniport updates its counters from the port's threads.
  int32_t stat(const int32_t& field) const { return __atomic_load_n(&field, __ATOMIC_SEQ_CST); }

  kernel::Driver* driver_ = nullptr;
  SCSI_PROBE_STATS* stats_ = nullptr;
  scsiport::AdapterInfo adapter_;
};

}  // namespace wmiport::test
