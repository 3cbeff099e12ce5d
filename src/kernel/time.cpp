// KeQuerySystemTime, KeQueryTickCount, KeQueryInterruptTime, KeQueryTimeIncrement, KeStallExecutionProcessor,
// KeDelayExecutionThread, KeQueryPerformanceCounter-like clocks.
//
// System time is 100-ns units since 1601-01-01 UTC. It is read once from the wall clock and then advanced by the
// monotonic clock, so it never goes backwards within a process (wall-clock steps do not reorder timestamps of WMI
// events), at the price of not following NTP adjustments made while the process runs.
#include <chrono>
#include <thread>

#include <fmt/format.h>

#include <wdm.h>

#include "kernel/contract.h"
#include "kernel/irql.h"

namespace {

using Ticks = std::chrono::duration<long long, std::ratio<1, 10'000'000>>;  // 100 ns
// Seconds between 1601-01-01 and 1970-01-01.
constexpr long long kEpochDifference100ns = 116444736000000000LL;
// The clock interrupt period Windows reports by default (15.625 ms in 100-ns units).
constexpr ULONG kTimeIncrement = 156250;

struct Clocks {
  std::chrono::steady_clock::time_point boot = std::chrono::steady_clock::now();
  long long system_at_boot =
      std::chrono::duration_cast<Ticks>(std::chrono::system_clock::now().time_since_epoch()).count() +
      kEpochDifference100ns;
};

const Clocks& clocks() {
  static const Clocks value;
  return value;
}

long long interrupt_time() {
  return std::chrono::duration_cast<Ticks>(std::chrono::steady_clock::now() - clocks().boot).count();
}

}  // namespace

extern "C" {

VOID KeQuerySystemTime(PLARGE_INTEGER CurrentTime) {
  CurrentTime->QuadPart = clocks().system_at_boot + interrupt_time();
}

ULONGLONG KeQueryInterruptTime(void) {
  return static_cast<ULONGLONG>(interrupt_time());
}

VOID KeQueryTickCount(PLARGE_INTEGER TickCount) {
  TickCount->QuadPart = interrupt_time() / kTimeIncrement;
}

ULONG KeQueryTimeIncrement(void) {
  return kTimeIncrement;
}

VOID KeStallExecutionProcessor(ULONG MicroSeconds) {
  // A busy wait on Windows; sleeping gives the same lower bound without burning a shared core.
  std::this_thread::sleep_for(std::chrono::microseconds(MicroSeconds));
}

NTSTATUS KeDelayExecutionThread(KPROCESSOR_MODE WaitMode, BOOLEAN Alertable, PLARGE_INTEGER Interval) {
  (void)WaitMode;
  (void)Alertable;
  const KIRQL irql = wmiport::kernel::current_irql();
  if (irql > APC_LEVEL) {
    wmiport::kernel::report_violation("wait_irql", fmt::format("KeDelayExecutionThread at IRQL {}", irql));
    return STATUS_INVALID_PARAMETER;
  }
  if (Interval == nullptr)
    return STATUS_INVALID_PARAMETER;
  if (Interval->QuadPart < 0) {
    std::this_thread::sleep_for(Ticks(-Interval->QuadPart));
  } else {
    LARGE_INTEGER now;
    KeQuerySystemTime(&now);
    if (Interval->QuadPart > now.QuadPart)
      std::this_thread::sleep_for(Ticks(Interval->QuadPart - now.QuadPart));
  }
  return STATUS_SUCCESS;
}

}  // extern "C"
