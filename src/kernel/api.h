// Visibility of the emulated kernel's host-facing C++ API.
//
// The runtime library is built with hidden visibility: only the WDK routines (NTKERNELAPI, default visibility in
// include/wdk) and the classes a host drives directly (Kernel, Driver, the contract hook types) are exported.
#pragma once

#define WMIPORT_KERNEL_API __attribute__((visibility("default")))
