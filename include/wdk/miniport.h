/* wmiport WDK-compatible headers: miniport.h
 *
 * The base of the miniport world (SCSI miniports include miniport.h, srb.h, scsi.h and scsiwmi.h, not ntddk.h):
 * the NT base types of ntdef.h, NTSTATUS codes, the bus/DMA/interrupt enums and PCI configuration space.
 */
#ifndef WMIPORT_WDK_MINIPORT_H_
#define WMIPORT_WDK_MINIPORT_H_

#ifndef _MINIPORT_
#define _MINIPORT_
#endif

#include "ntdef.h"
#include "ntstatus.h"
#include "wmiport_hwtypes.h"

EXTERN_C_START

/* The memory macros miniports use (the same definitions as in wdm.h). */
#ifndef WMIPORT_RTL_MEMORY_MACROS_
#define WMIPORT_RTL_MEMORY_MACROS_
#define RtlEqualMemory(Destination, Source, Length) (!memcmp((Destination), (Source), (Length)))
#define RtlMoveMemory(Destination, Source, Length) memmove((Destination), (Source), (Length))
#define RtlCopyMemory(Destination, Source, Length) memcpy((Destination), (Source), (Length))
#define RtlCopyBytes RtlCopyMemory
#define RtlFillMemory(Destination, Length, Fill) memset((Destination), (Fill), (Length))
#define RtlFillBytes RtlFillMemory
#define RtlZeroMemory(Destination, Length) memset((Destination), 0, (Length))
#define RtlZeroBytes RtlZeroMemory
#endif

/* ---- PCI configuration space (for ScsiPortGetBusData(PCIConfiguration, ...)) ---------------------------------------- */

typedef struct _PCI_SLOT_NUMBER {
  union {
    struct {
      ULONG DeviceNumber : 5;
      ULONG FunctionNumber : 3;
      ULONG Reserved : 24;
    } bits;
    ULONG AsULONG;
  } u;
} PCI_SLOT_NUMBER, *PPCI_SLOT_NUMBER;
WMIPORT_ASSERT_SIZE_ALL(PCI_SLOT_NUMBER, 4);

#define PCI_TYPE0_ADDRESSES 6
#define PCI_TYPE1_ADDRESSES 2
#define PCI_TYPE2_ADDRESSES 5

typedef struct _PCI_COMMON_CONFIG {
  USHORT VendorID;
  USHORT DeviceID;
  USHORT Command;
  USHORT Status;
  UCHAR RevisionID;
  UCHAR ProgIf;
  UCHAR SubClass;
  UCHAR BaseClass;
  UCHAR CacheLineSize;
  UCHAR LatencyTimer;
  UCHAR HeaderType;
  UCHAR BIST;
  union {
    struct _PCI_HEADER_TYPE_0 {
      ULONG BaseAddresses[PCI_TYPE0_ADDRESSES];
      ULONG CIS;
      USHORT SubVendorID;
      USHORT SubSystemID;
      ULONG ROMBaseAddress;
      UCHAR CapabilitiesPtr;
      UCHAR Reserved1[3];
      ULONG Reserved2;
      UCHAR InterruptLine;
      UCHAR InterruptPin;
      UCHAR MinimumGrant;
      UCHAR MaximumLatency;
    } type0;
    ULONG Raw[12];
  } u;
  UCHAR DeviceSpecific[192];
} PCI_COMMON_CONFIG, *PPCI_COMMON_CONFIG;
WMIPORT_ASSERT_SIZE_ALL(PCI_COMMON_CONFIG, 256);
WMIPORT_ASSERT_OFFSET_ALL(PCI_COMMON_CONFIG, u, 16);
WMIPORT_ASSERT_OFFSET_ALL(PCI_COMMON_CONFIG, DeviceSpecific, 64);

#define PCI_COMMON_HDR_LENGTH (FIELD_OFFSET(PCI_COMMON_CONFIG, DeviceSpecific))
#define PCI_MAX_DEVICES 32
#define PCI_MAX_FUNCTION 8
#define PCI_MAX_BRIDGE_NUMBER 0xFF
#define PCI_INVALID_VENDORID 0xFFFF

#define PCI_ENABLE_IO_SPACE 0x0001
#define PCI_ENABLE_MEMORY_SPACE 0x0002
#define PCI_ENABLE_BUS_MASTER 0x0004

EXTERN_C_END

#endif /* WMIPORT_WDK_MINIPORT_H_ */
