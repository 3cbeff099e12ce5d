/* tests/wdk/layout_entry.h - one compiled entry of layout_list.def, as the native (include/wdk) side records it. */
#ifndef WMIPORT_TESTS_WDK_LAYOUT_ENTRY_H_
#define WMIPORT_TESTS_WDK_LAYOUT_ENTRY_H_

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The first 8 bytes of the mingw-w64 blob, before the values ("WMILAYOU" in ASCII). */
#define WMIPORT_LAYOUT_MAGIC 0x554f59414c494d57ULL

struct wmiport_layout_entry {
  const char* name; /* "sizeof(T)", "offsetof(T, member)" or the constant's name */
  unsigned long long value;
};

extern const struct wmiport_layout_entry wmiport_layout_kernel[];
extern const size_t wmiport_layout_kernel_count;
extern const struct wmiport_layout_entry wmiport_layout_miniport[];
extern const size_t wmiport_layout_miniport_count;

#ifdef __cplusplus
}
#endif

#endif /* WMIPORT_TESTS_WDK_LAYOUT_ENTRY_H_ */
