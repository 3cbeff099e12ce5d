// The DbgPrint format language: printf with Windows integer sizes and the kernel's string conversions.
//
// Differences from the C library that matter on LP64: `l` means 32 bits (LONG/ULONG), `I64`/`ll` 64 bits,
// `I`/`z` pointer size; `%wZ` prints a PUNICODE_STRING, `%Z` a PANSI_STRING, `%ws`/`%S`/`%ls` a NUL-terminated
// WCHAR string, `%wc`/`%C` a WCHAR.
#pragma once

#include <cstdarg>
#include <string>

namespace wmiport::kernel {

std::string format_debug_message(const char* format, std::va_list args);

}  // namespace wmiport::kernel
