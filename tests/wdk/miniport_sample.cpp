// tests/wdk/miniport_sample.cpp - the same miniport compiled as C++20.
#include "miniport_sample.c"
