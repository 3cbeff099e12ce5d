/* The wmi_lib_probe test driver: a WmiLib driver with only the required callbacks, whose system-control
 * dispatch records what WmiSystemControl answered. The tests send it IRPs directly. */
#ifndef WMIPORT_TESTS_WMI_LIB_PROBE_H_
#define WMIPORT_TESTS_WMI_LIB_PROBE_H_

#include <stdint.h>

#define WMI_PROBE_GUID(n)                \
  {                                      \
    0x9b0be000u + (n), 0x0000, 0x4000, { \
      0x80, 0, 0, 0, 0, 0, 0, (n)        \
    }                                    \
  }

enum {
  WMI_PROBE_NAMED = 0, /* 2 instances, base name "Pb" (RegFlags), 8 bytes each: {index, 0x5A5A5A5A} */
  WMI_PROBE_LIAR = 1,  /* 1 instance, PDO + EXPENSIVE; its query claims 8 bytes more than it was given */
  WMI_PROBE_BLOCKS = 2
};

typedef struct {
  void* device;                 /* the FDO (PDEVICE_OBJECT) */
  void* pdo;                    /* the PDO it reports */
  volatile int32_t disposition; /* SYSCTL_IRP_DISPOSITION of the last WmiSystemControl call */
  volatile int32_t status;      /* what WmiSystemControl returned */
  volatile int32_t query_calls; /* QueryWmiDataBlock calls */
  volatile uint32_t last_buffer_avail;
  volatile int32_t last_lengths_null;
  /* Set by the tests: NAMED's instance count (WmiLib reads it from the GuidList at each request), and whether its
   * instances take variable sizes: instance k then has (5 * k) % 19 bytes (some empty), each byte (k + 1). */
  volatile uint32_t* named_instance_count;
  volatile int32_t named_variable;
} WMI_PROBE_STATE;

#endif
