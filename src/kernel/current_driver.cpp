#include "kernel/current_driver.h"

namespace wmiport::kernel {

namespace {
thread_local Driver* t_current_driver = nullptr;
}

Driver* current_driver() {
  return t_current_driver;
}

DriverScope::DriverScope(Driver* driver) : previous_(t_current_driver) {
  t_current_driver = driver;
}

DriverScope::~DriverScope() {
  t_current_driver = previous_;
}

}  // namespace wmiport::kernel
