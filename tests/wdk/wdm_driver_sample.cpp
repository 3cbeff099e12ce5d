// tests/wdk/wdm_driver_sample.cpp - the same driver compiled as C++20 (driver code written in C++ includes the
// WDK headers the same way).
#include "wdm_driver_sample.c"
