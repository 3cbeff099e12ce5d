/* The wmi_rogue test driver: handles WMI IRPs itself (no WmiLib), answers IRP_MN_REGINFO only (REGINFO_EX gets
 * STATUS_INVALID_DEVICE_REQUEST), reports a short REGINFO buffer the KMDF way (STATUS_SUCCESS, Information 4),
 * and breaks the reply contract on purpose for some blocks. */
#ifndef WMIPORT_TESTS_WMI_ROGUE_H_
#define WMIPORT_TESTS_WMI_ROGUE_H_

#define WMI_ROGUE_GUID(n)                \
  {                                      \
    0x706e0000u + (n), 0x0000, 0x4000, { \
      0x80, 0, 0, 0, 0, 0, 0, (n)        \
    }                                    \
  }

enum {
  WMI_ROGUE_TWICE = 0,   /* base name "Rogue": QUERY_ALL_DATA always answers WNODE_TOO_SMALL, asking for more */
  WMI_ROGUE_LIAR = 1,    /* base name "Liar": QUERY_ALL_DATA claims more bytes than the buffer holds */
  WMI_ROGUE_GARBAGE = 2, /* base name "Garbage": QUERY_ALL_DATA returns an inconsistent WNODE_ALL_DATA */
  WMI_ROGUE_DYNAMIC = 3, /* dynamic names "dynA", "dynB" (4 bytes each) */
  WMI_ROGUE_LIST = 4,    /* static name list "alpha", "beta"; single instance k = ULONG 0x100 + k */
  WMI_ROGUE_BLOCKS = 5
};

#endif
