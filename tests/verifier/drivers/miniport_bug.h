/* The SCSI misbehaving miniports (miniport_bug.c): one source built once per MBUG value, each breaking one rule of
 * the SCSI Port WMI library contract. MBUG_NONE is the well-behaved control. */
#ifndef WMIPORT_TESTS_VERIFIER_MINIPORT_BUG_H_
#define WMIPORT_TESTS_VERIFIER_MINIPORT_BUG_H_

/* The adapter's blocks: 0 = data, 8 bytes {ULONG Counter; ULONG Value}, method 1 fires block 1; 1 = event only. */
#define MINIPORT_BUG_GUID(n)                         \
  {                                                  \
    0x7e21f0c0u + (n), 0x5a1d, 0x4c3e, {             \
      0x9b, 0x10, 0x42, 0x75, 0x67, 0x0d, 0xbe, 0x02 \
    }                                                \
  }
#define MINIPORT_BUG_METHOD_FIRE 1

#define MBUG_NONE 0
#define MBUG_POSTPROCESS_MISSING 1 /* postprocess_missing: the method returns without ScsiPortWmiPostProcess */
#define MBUG_POSTPROCESS_TWICE 2   /* postprocess_twice */
#define MBUG_REGINFO_POSTPROCESS 3 /* reginfo_postprocess: HwScsiWmiQueryReginfo calls ScsiPortWmiPostProcess */
#define MBUG_REGINFO_FLAGS 4       /* reginfo_flags: WMIREG_FLAG_INSTANCE_PDO in the GuidList */
#define MBUG_OVERRUN_FITS 5        /* too_small_not_exact: DATA_OVERRUN asking for the size it was given */
#define MBUG_EVENT_NOT_ENABLED 6   /* event_not_enabled: fires the event block without an enable */
#define MBUG_USED_TOO_LARGE 7      /* size_exceeds_buffer: reports one byte more written than BufferAvail */
#define MBUG_LENGTHS_UNFILLED 8    /* instance_lengths: writes the instance, leaves InstanceLengthArray unfilled */
#define MBUG_INSTANCES_PACKED 9    /* instance_not_aligned: block 0 has 2 instances of 6 bytes, laid end to end */
#define MBUG_WRITE_PAST 10         /* write_outside_buffer: QUERY writes one byte at Buffer[BufferAvail] */

#endif
