// DbgPrint, DbgPrintEx (KdPrint/KdPrintEx expand to them), RtlAssert, DbgBreakPoint, KeBugCheckEx.
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

#include <wdm.h>

#include "kernel/contract.h"
#include "kernel/current_driver.h"
#include "kernel/debug_format.h"
#include "kernel/driver.h"
#include "kernel/kernel.h"

namespace {

using namespace wmiport::kernel;

std::string current_driver_name() {
  Driver* driver = current_driver();
  return driver != nullptr ? driver->name() : std::string();
}

void emit(const std::string& text) {
  const std::string driver = current_driver_name();
  if (Kernel* kernel = Kernel::current()) {
    kernel->debug_print(driver, text);
    return;
  }
  std::fprintf(stderr, "[wmiport:%s] %s%s", driver.empty() ? "kernel" : driver.c_str(), text.c_str(),
               !text.empty() && text.back() == '\n' ? "" : "\n");
}

}  // namespace

extern "C" {

ULONG DbgPrint(PCSTR Format, ...) {
  std::va_list args;
  va_start(args, Format);
  const std::string text = format_debug_message(Format, args);
  va_end(args);
  emit(text);
  return STATUS_SUCCESS;
}

ULONG DbgPrintEx(ULONG ComponentId, ULONG Level, PCSTR Format, ...) {
  (void)ComponentId;
  // Windows' default filter shows error-level messages only (levels 0..31 are DPFLTR_*_LEVEL, larger values are
  // bit masks whose bit 0 is the error level).
  const bool shown = Level == DPFLTR_ERROR_LEVEL || (Level > 31 && (Level & 1u) != 0) ||
                     std::getenv("WMIPORT_DBGPRINT_ALL") != nullptr;
  if (!shown)
    return STATUS_SUCCESS;
  std::va_list args;
  va_start(args, Format);
  const std::string text = format_debug_message(Format, args);
  va_end(args);
  emit(text);
  return STATUS_SUCCESS;
}

VOID DbgBreakPoint(void) {
  report_violation("debug_break", "DbgBreakPoint (no debugger is attached)");
}

VOID RtlAssert(PVOID VoidFailedAssertion, PVOID VoidFileName, ULONG LineNumber, PSTR MutableMessage) {
  report_violation("assertion_failed",
                   fmt::format("ASSERT({}) failed at {}:{}{}{}", static_cast<const char*>(VoidFailedAssertion),
                               static_cast<const char*>(VoidFileName), LineNumber,
                               MutableMessage != nullptr ? ": " : "", MutableMessage != nullptr ? MutableMessage : ""));
}

VOID KeBugCheckEx(ULONG BugCheckCode, ULONG_PTR BugCheckParameter1, ULONG_PTR BugCheckParameter2,
                  ULONG_PTR BugCheckParameter3, ULONG_PTR BugCheckParameter4) {
  // A driver asked to stop the system: stop the process, after saying why.
  std::fprintf(stderr, "[wmiport:%s] KeBugCheckEx(%#x, %#zx, %#zx, %#zx, %#zx): stopping\n",
               current_driver_name().c_str(), BugCheckCode, static_cast<std::size_t>(BugCheckParameter1),
               static_cast<std::size_t>(BugCheckParameter2), static_cast<std::size_t>(BugCheckParameter3),
               static_cast<std::size_t>(BugCheckParameter4));
  std::abort();
}

}  // extern "C"
