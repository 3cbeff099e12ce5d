/* Shared between the wmi_sample test driver and its tests: the GUIDs, method ids, and the statistics block the
 * driver exports (the tests find it with dlsym) so they can count the IRPs the driver saw. */
#ifndef WMIPORT_TESTS_WMI_SAMPLE_H_
#define WMIPORT_TESTS_WMI_SAMPLE_H_

#include <stdint.h>

#define WMI_SAMPLE_GUID(n)               \
  {                                      \
    0x5a1e0000u + (n), 0x0000, 0x4000, { \
      0x80, 0, 0, 0, 0, 0, 0, (n)        \
    }                                    \
  }

/* Block indexes in the driver's GuidList, and the GUID number used in WMI_SAMPLE_GUID. */
enum {
  WMI_SAMPLE_DATA = 0,      /* 2 instances, PDO names, 8 bytes {ULONG Counter (read-only); ULONG Setting} */
  WMI_SAMPLE_VAR = 1,       /* 3 instances, base name "WmiSampleVar", sizes 4/12/6 (or wmi_sample_big_size) */
  WMI_SAMPLE_EXPENSIVE = 2, /* 1 instance, PDO, WMIREG_FLAG_EXPENSIVE */
  WMI_SAMPLE_EVENT = 3,     /* 1 instance, PDO, WMIREG_FLAG_EVENT_ONLY_GUID */
  WMI_SAMPLE_METHOD = 4,    /* 1 instance, PDO, methods below */
  WMI_SAMPLE_PENDING = 5,   /* 1 instance, PDO, queries completed from a work item */
  WMI_SAMPLE_EXTRA = 6,     /* 1 instance, base name; registered only after METHOD_TOGGLE_EXTRA + UPDATE_GUIDS */
  WMI_SAMPLE_BLOCKS = 7
};

/* Methods of the METHOD block. */
enum {
  WMI_SAMPLE_METHOD_ECHO = 1,         /* output = input bytes reversed */
  WMI_SAMPLE_METHOD_FIRE = 2,         /* input ULONG n: WmiFireEvent(EVENT, n payload bytes 0,1,2...) */
  WMI_SAMPLE_METHOD_TOGGLE_EXTRA = 3, /* add/remove the EXTRA block, then IoWMIRegistrationControl(UPDATE) */
  WMI_SAMPLE_METHOD_NEEDS = 4,        /* input ULONG n: needs n output bytes (BUFFER_TOO_SMALL below that) */
  WMI_SAMPLE_METHOD_FIRE_REF = 5,     /* fires a WNODE_EVENT_REFERENCE to DATA instance 1 */
  WMI_SAMPLE_METHOD_DEREGISTER = 6    /* calls IoWMIRegistrationControl(DEREGISTER) from inside the dispatch */
};

#define WMI_SAMPLE_LAST_REQUEST_MAX 512

typedef struct {
  volatile int32_t irps_by_minor[12];                 /* IRP_MJ_SYSTEM_CONTROL seen per minor code */
  volatile int32_t events_enabled[WMI_SAMPLE_BLOCKS]; /* FunctionControl(WmiEventControl, TRUE) per block */
  volatile int32_t events_disabled[WMI_SAMPLE_BLOCKS];
  volatile int32_t collection_enabled[WMI_SAMPLE_BLOCKS]; /* FunctionControl(WmiDataBlockControl, TRUE) */
  volatile int32_t collection_disabled[WMI_SAMPLE_BLOCKS];
  volatile int32_t double_enables; /* an enable while already enabled (must stay 0) */
  volatile int32_t last_fire_status;
  volatile int32_t last_deregister_status;
  /* The request WNODE of the last WMI IRP (except REGINFO), as it arrived. */
  uint8_t last_request[WMI_SAMPLE_LAST_REQUEST_MAX];
  uint32_t last_request_size;
  uint8_t last_minor;
  /* Instance 0 of VAR has this size when nonzero (to exercise the too-small retry). */
  volatile uint32_t var_big_size;
  volatile int32_t double_disables; /* a disable while already disabled (must stay 0) */
} WMI_SAMPLE_STATS;

#endif
