/* The WmiLib misbehaving drivers (wmilib_bug.c): one source, one .so per bug (compiled with -DBUG=<n>), each
 * breaking exactly one documented rule so that a test can prove the verifier reports that rule and nothing else.
 * BUG_NONE builds the well-behaved control driver. */
#ifndef WMIPORT_TESTS_VERIFIER_WMILIB_BUG_H_
#define WMIPORT_TESTS_VERIFIER_WMILIB_BUG_H_

/* The one block: static base name "Bug", one instance of 8 bytes {ULONG Counter; ULONG Value}. */
#define WMILIB_BUG_GUID                              \
  {                                                  \
    0x7e21f0b1u, 0x5a1d, 0x4c3e, {                   \
      0x9b, 0x10, 0x42, 0x75, 0x67, 0x0d, 0xbe, 0x01 \
    }                                                \
  }

enum {
  WMILIB_BUG_METHOD_BUMP = 1,      /* adds 1 to Counter; output: the 8-byte instance after the change */
  WMILIB_BUG_METHOD_FIRE = 2,      /* fires the block's event with the instance as data */
  WMILIB_BUG_METHOD_DEREGISTER = 3 /* BUG_DEREGISTER_IN_DISPATCH only */
};

#define BUG_NONE 0
#define BUG_WRITE_PAST 1             /* write_outside_buffer: QUERY writes one byte at Buffer[BufferAvail] */
#define BUG_TOO_SMALL_INEXACT 2      /* too_small_not_exact: asks for more every time */
#define BUG_METHOD_SIDE_EFFECT 3     /* method_side_effect_too_small: Bump changes Counter, then checks the size */
#define BUG_EVENT_NOT_ENABLED 4      /* event_not_enabled: Fire without checking that events are on */
#define BUG_POOL_LEAK 5              /* pool_leak: an allocation never freed */
#define BUG_DOUBLE_COMPLETE 6        /* irp_double_completion: QUERY completes the IRP a second time */
#define BUG_DEREGISTER_IN_DISPATCH 7 /* deregister_in_dispatch: method 3 deregisters from its own dispatch */
#define BUG_FORWARD_LOWEST 8         /* irp_forwarded_by_lowest: a device alone in its stack forwards QUERY */
#define BUG_NEVER_COMPLETED 9        /* irp_not_completed: QUERY pends until WmilibBugCompletePending() */
#define BUG_REGINFO_PENDING 10       /* reginfo_pending: QueryWmiRegInfo returns STATUS_PENDING */
#define BUG_PDO_MISSING 11           /* reginfo_pdo_missing: WMIREG_FLAG_INSTANCE_PDO, Pdo left NULL */
#define BUG_NO_NAMING_FLAG 12        /* reginfo_naming_flag: no naming flag in RegFlags or the GuidList */
#define BUG_INSTANCES_PACKED 13      /* instance_not_aligned: two instances (Bug0, Bug1) of 6 bytes laid end to end */
#define BUG_REGINFO_WMICOMPLETE 14   /* reginfo_completes: QueryWmiRegInfo calls WmiCompleteRequest on the IRP */
#define BUG_REGINFO_IOCOMPLETE 15    /* reginfo_completes: QueryWmiRegInfo calls IoCompleteRequest on the IRP */
#define BUG_USED_TOO_LARGE 16        /* size_exceeds_buffer: QUERY reports BufferAvail + 1 bytes used */
#define BUG_LENGTHS_UNFILLED 17      /* instance_lengths: QUERY writes the instance, leaves InstanceLengthArray */

#endif
