/* Shared between the scsi_port_probe test miniport and tests/scsiport/services_test.cpp: the miniport exercises
 * the ScsiPort* routines (ScsiPortGetSrb, ScsiPortCompleteRequest, ScsiPortGetUncachedExtension,
 * ScsiPortGetLogicalUnit, ScsiPortMoveMemory, ScsiPortLogError) and the bus notifications (ResetDetected,
 * BusChangeDetected) on request of adapter methods, and holds LU requests so that several are outstanding. */
#ifndef WMIPORT_TESTS_SCSI_PORT_PROBE_H_
#define WMIPORT_TESTS_SCSI_PORT_PROBE_H_

#include <stdint.h>

/* {5c52000n-0000-4000-8000-00000000000n} */
#define SCSI_PROBE_GUID(n)               \
  {                                      \
    0x5c520000u + (n), 0x0000, 0x4000, { \
      0x80, 0, 0, 0, 0, 0, 0, (n)        \
    }                                    \
  }
#define SCSI_PROBE_CONTROL 0 /* adapter block: 1 instance, methods below, 4-byte data */
#define SCSI_PROBE_HOLD 1    /* LU block: 1 instance of 4 bytes; a query is held (never answered) by StartIo */

enum {
  /* in {UCHAR PathId, TargetId, Lun, SrbStatus}: the next HwTimer call runs ScsiPortCompleteRequest with them */
  SCSI_PROBE_METHOD_COMPLETE = 1,
  /* in {UCHAR PathId, TargetId, Lun}: out ULONG 1 = ScsiPortGetSrb gave the SRB held for that unit, 0 = NULL,
   * 2 = another SRB */
  SCSI_PROBE_METHOD_GET_SRB = 2,
  /* in {UCHAR PathId, TargetId, Lun}: out ULONG 1 = ScsiPortGetLogicalUnit gave the extension the INQUIRY of that
   * unit filled, 0 = NULL, 2 = an extension of another unit */
  SCSI_PROBE_METHOD_GET_LU = 3,
  /* out 8 bytes: "abcdefgh" after ScsiPortMoveMemory(buffer + 2, buffer, 6) and a zero-length move */
  SCSI_PROBE_METHOD_MOVE = 4,
  /* out {ULONG huge request gave NULL, ULONG 4096-byte extension 8-aligned and zeroed, ULONG the pattern written
   * in HwFindAdapter is still there, ULONG a second call gave the same block} */
  SCSI_PROBE_METHOD_UNCACHED = 5,
  /* in {UCHAR PathId, TargetId, Lun}: ScsiPortLogError(SP_BUS_TIME_OUT, unique id 0x77) with the SRB held for
   * that unit */
  SCSI_PROBE_METHOD_LOG_ERROR = 6,
  /* the next HwTimer call reports ScsiPortNotification(ResetDetected) */
  SCSI_PROBE_METHOD_RESET = 7,
  /* unit (1,1,0) appears; then ScsiPortNotification(BusChangeDetected) */
  SCSI_PROBE_METHOD_PLUG = 8,
  /* ScsiPortNotification(CallDisableInterrupts, routine), then (CallEnableInterrupts, routine): each routine counts
   * its call in deferred_calls, and both run before this method's reply */
  SCSI_PROBE_METHOD_DEFERRED = 9,
  /* from now on HwResetBus completes nothing (a miniport that loses requests) */
  SCSI_PROBE_METHOD_IGNORE_RESET = 10,
  /* this method's SRB is completed twice (RequestComplete again right after the first) */
  SCSI_PROBE_METHOD_COMPLETE_TWICE = 11,
  /* the next HwTimer call completes every held SRB with RequestComplete, even one the port gave up (late) */
  SCSI_PROBE_METHOD_COMPLETE_HELD = 12
};

#define SCSI_PROBE_INITIATOR_ID 7

typedef struct {
  int32_t held;                 /* LU requests held now (atomic access) */
  int32_t timer_calls;          /* HwTimer calls (atomic access) */
  int32_t inquiries;            /* INQUIRY SRBs seen (atomic access) */
  int32_t deferred_calls;       /* CallDisableInterrupts/CallEnableInterrupts routines run (atomic access) */
  int32_t reset_bus_calls;      /* HwResetBus calls (atomic access) */
  int32_t wmi_srbs;             /* WMI SRBs seen (atomic access) */
  int32_t dirty_srb_extensions; /* WMI SRBs whose SrbExtension was not all zero in HwStartIo (atomic access) */
} SCSI_PROBE_STATS;

#endif /* WMIPORT_TESTS_SCSI_PORT_PROBE_H_ */
