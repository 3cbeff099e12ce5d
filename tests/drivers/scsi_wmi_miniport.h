/* Shared between the scsi_wmi_* test miniports and their tests: the GUIDs, block and method numbers, the
 * logical units the miniport has, and the statistics block it exports (found with dlsym). */
#ifndef WMIPORT_TESTS_SCSI_WMI_MINIPORT_H_
#define WMIPORT_TESTS_SCSI_WMI_MINIPORT_H_

#include <stdint.h>

/* {5c510000+n-0000-4000-8000-00000000000n} */
#define SCSI_TEST_GUID(n)                \
  {                                      \
    0x5c510000u + (n), 0x0000, 0x4000, { \
      0x80, 0, 0, 0, 0, 0, 0, (n)        \
    }                                    \
  }

/* Adapter blocks (GUID numbers 0..7) */
enum {
  SCSI_TEST_ADAPTER_INFO = 0,      /* 1 instance, 8 bytes {ULONG Counter (read-only, item 1); ULONG Setting (item 2)} */
  SCSI_TEST_ADAPTER_METHOD = 1,    /* 1 instance, methods below */
  SCSI_TEST_ADAPTER_EVENT = 2,     /* event only */
  SCSI_TEST_ADAPTER_EXPENSIVE = 3, /* WMIREG_FLAG_EXPENSIVE, 1 instance: ULONG collection enables seen */
  SCSI_TEST_ADAPTER_DYNAMIC = 4,   /* dynamic names "PortA", "PortB": ULONG 0xA / 0xB */
  SCSI_TEST_ADAPTER_BIG = 5,       /* 1 instance of SCSI_TEST_BIG_SIZE bytes (k & 0xff) */
  SCSI_TEST_ADAPTER_EXTRA = 6,     /* registered only after SCSI_TEST_METHOD_TOGGLE_EXTRA (WMIReregister) */
  SCSI_TEST_ADAPTER_BLOCKS = 7
};
/* Logical-unit blocks (GUID numbers 16..18) */
enum {
  SCSI_TEST_LU_INFO =
      0, /* 1 instance per LU, 8 bytes {UCHAR PathId, TargetId, Lun, 0; ULONG Setting}; no set callbacks */
  SCSI_TEST_LU_EVENT = 1, /* event only */
  SCSI_TEST_LU_MULTI = 2, /* 2 instances of 4 and 12 bytes */
  SCSI_TEST_LU_BLOCKS = 3
};
#define SCSI_TEST_LU_GUID_BASE 16

#define SCSI_TEST_BIG_SIZE 5000

enum {
  SCSI_TEST_METHOD_DOUBLE = 1,       /* in ULONG x -> out {ULONG 2x; ULONG calls}; 8 output bytes needed */
  SCSI_TEST_METHOD_FIRE = 2,         /* in ULONG which: 0 adapter event, 1 LU event on (0,1,0); payload ULONG which */
  SCSI_TEST_METHOD_TOGGLE_EXTRA = 3, /* add/remove the EXTRA block, then WMIReregister for the adapter */
  SCSI_TEST_METHOD_LOG_ERROR = 4     /* ScsiPortLogError(SP_INTERNAL_ADAPTER_ERROR, unique id = input ULONG) */
};

/* The logical units present: (bus, target, lun). Target 3 is the initiator on both buses (never probed). */
#define SCSI_TEST_UNITS 4
#define SCSI_TEST_INITIATOR_ID 3

#define SCSI_TEST_LAST_REQUEST_MAX 512

typedef struct {
  volatile int32_t wmi_srbs;           /* SRB_FUNCTION_WMI seen */
  volatile int32_t inquiries;          /* INQUIRY SRBs seen */
  volatile int32_t initiator_probed;   /* INQUIRY SRBs to the initiator id (must stay 0) */
  volatile int32_t timer_calls;        /* HwTimer calls */
  volatile int32_t concurrent_startio; /* StartIo entered while another StartIo/HwTimer ran (must stay 0) */
  volatile int32_t find_adapter_calls;
  volatile int32_t had_argument_string;
  volatile int32_t function_control[2][2];          /* [ScsiWmiEventControl/DataBlockControl][disable/enable] */
  uint8_t last_request[SCSI_TEST_LAST_REQUEST_MAX]; /* the last WMI request WNODE (WnodeHeader.BufferSize bytes) */
  volatile uint32_t last_request_size;
  volatile uint8_t last_minor, last_flags, last_path, last_target, last_lun;
  volatile uint32_t last_srb_length, last_data_length;
  volatile uint64_t last_data_path; /* the SRB's DataPath (a GUID pointer or WMIREGISTER/WMIUPDATE) */
  volatile uint64_t last_original_request;
  volatile int32_t last_extension_aligned; /* SrbExtension and DataBuffer 8-aligned */
} SCSI_TEST_STATS;

#endif /* WMIPORT_TESTS_SCSI_WMI_MINIPORT_H_ */
