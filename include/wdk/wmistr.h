/* wmiport WDK-compatible headers: wmistr.h
 *
 * The WMI wire structures exchanged between the WMI core and data providers: the WNODE_* buffers of every WMI
 * request and event, the registration structures returned for IRP_MN_REGINFO(_EX), and their flags
 * (spec wmi-interfaces.md §5.1-§5.4). Natural alignment; the x64 layout of spec §9 is asserted after each
 * definition. The variable-length tails are zero-length arrays (a GNU C extension, accepted by GCC and Clang in
 * C11 and C++ without -pedantic), so sizeof(WNODE_ALL_DATA) is 64 as with the WDK's flexible array member.
 */
#ifndef WMIPORT_WDK_WMISTR_H_
#define WMIPORT_WDK_WMISTR_H_

#ifndef _WMISTR_
#define _WMISTR_
#endif

#include "ntdef.h"

EXTERN_C_START

/* ---- WNODE_HEADER (§5.1) ----------------------------------------------------------------------------------------- */

typedef struct _WNODE_HEADER {
  ULONG BufferSize; /* size of the whole WNODE including the variable data */
  ULONG ProviderId; /* events: IoWMIDeviceObjectToProviderId(device); otherwise reserved */
  union {
    ULONG64 HistoricalContext; /* logger handle (tracing) */
    struct {
      ULONG Version;
      ULONG Linkage;
    } DUMMYSTRUCTNAME;
  } DUMMYUNIONNAME;
  union {
    ULONG CountLost;
    HANDLE KernelHandle;
    LARGE_INTEGER TimeStamp; /* 100 ns units since 1601-01-01 */
  } DUMMYUNIONNAME2;
  GUID Guid;
  ULONG ClientContext;
  ULONG Flags; /* WNODE_FLAG_* */
} WNODE_HEADER, *PWNODE_HEADER;
WMIPORT_ASSERT_SIZE_ALL(WNODE_HEADER, 48);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_HEADER, ProviderId, 4);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_HEADER, HistoricalContext, 8);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_HEADER, Version, 8);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_HEADER, Linkage, 12);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_HEADER, CountLost, 16);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_HEADER, KernelHandle, 16);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_HEADER, TimeStamp, 16);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_HEADER, Guid, 24);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_HEADER, ClientContext, 40);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_HEADER, Flags, 44);

/* ---- WNODE_FLAG_* (§5.2) ----------------------------------------------------------------------------------------- */

#define WNODE_FLAG_ALL_DATA 0x00000001
#define WNODE_FLAG_SINGLE_INSTANCE 0x00000002
#define WNODE_FLAG_SINGLE_ITEM 0x00000004
#define WNODE_FLAG_EVENT_ITEM 0x00000008
#define WNODE_FLAG_FIXED_INSTANCE_SIZE 0x00000010
#define WNODE_FLAG_TOO_SMALL 0x00000020
#define WNODE_FLAG_INSTANCES_SAME 0x00000040
#define WNODE_FLAG_STATIC_INSTANCE_NAMES 0x00000080
#define WNODE_FLAG_INTERNAL 0x00000100
#define WNODE_FLAG_USE_TIMESTAMP 0x00000200
#define WNODE_FLAG_PERSIST_EVENT 0x00000400
#define WNODE_FLAG_EVENT_REFERENCE 0x00002000
#define WNODE_FLAG_ANSI_INSTANCENAMES 0x00004000
#define WNODE_FLAG_METHOD_ITEM 0x00008000
#define WNODE_FLAG_PDO_INSTANCE_NAMES 0x00010000
#define WNODE_FLAG_TRACED_GUID 0x00020000
#define WNODE_FLAG_LOG_WNODE 0x00040000
#define WNODE_FLAG_USE_GUID_PTR 0x00080000
#define WNODE_FLAG_USE_MOF_PTR 0x00100000
#define WNODE_FLAG_NO_HEADER 0x00200000
#define WNODE_FLAG_SEND_DATA_BLOCK 0x00400000
#define WNODE_FLAG_VERSIONED_PROPERTIES 0x00800000
#define WNODE_FLAG_SEVERITY_MASK 0xff000000
/* Event-reference severity: 0 (least) ... 0xff (most) in the top byte of Flags. */
#define WnodeFlagSeverity(Flags) ((UCHAR)(((Flags)&WNODE_FLAG_SEVERITY_MASK) >> 24))

/* ---- WNODE bodies (§5.3) ----------------------------------------------------------------------------------------- */

typedef struct {
  ULONG OffsetInstanceData; /* from the start of the WNODE, 8-aligned */
  ULONG LengthInstanceData;
} OFFSETINSTANCEDATAANDLENGTH, *POFFSETINSTANCEDATAANDLENGTH;
WMIPORT_ASSERT_SIZE_ALL(OFFSETINSTANCEDATAANDLENGTH, 8);
WMIPORT_ASSERT_OFFSET_ALL(OFFSETINSTANCEDATAANDLENGTH, LengthInstanceData, 4);

typedef struct tagWNODE_ALL_DATA {
  struct _WNODE_HEADER WnodeHeader;
  ULONG DataBlockOffset;
  ULONG InstanceCount;
  ULONG OffsetInstanceNameOffsets;
  union {
    ULONG FixedInstanceSize; /* WNODE_FLAG_FIXED_INSTANCE_SIZE set */
    /* One entry per instance (WNODE_FLAG_FIXED_INSTANCE_SIZE clear). */
    OFFSETINSTANCEDATAANDLENGTH OffsetInstanceDataAndLength[0];
  } DUMMYUNIONNAME;
} WNODE_ALL_DATA, *PWNODE_ALL_DATA;
WMIPORT_ASSERT_SIZE_ALL(WNODE_ALL_DATA, 64);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_ALL_DATA, DataBlockOffset, 48);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_ALL_DATA, InstanceCount, 52);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_ALL_DATA, OffsetInstanceNameOffsets, 56);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_ALL_DATA, FixedInstanceSize, 60);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_ALL_DATA, OffsetInstanceDataAndLength, 60);

typedef struct tagWNODE_SINGLE_INSTANCE {
  struct _WNODE_HEADER WnodeHeader;
  ULONG OffsetInstanceName; /* dynamic names: USHORT byte count + UTF-16 */
  ULONG InstanceIndex;      /* static names */
  ULONG DataBlockOffset;
  ULONG SizeDataBlock;
  UCHAR VariableData[0];
} WNODE_SINGLE_INSTANCE, *PWNODE_SINGLE_INSTANCE;
WMIPORT_ASSERT_SIZE_ALL(WNODE_SINGLE_INSTANCE, 64);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_SINGLE_INSTANCE, OffsetInstanceName, 48);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_SINGLE_INSTANCE, InstanceIndex, 52);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_SINGLE_INSTANCE, DataBlockOffset, 56);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_SINGLE_INSTANCE, SizeDataBlock, 60);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_SINGLE_INSTANCE, VariableData, 64);

typedef struct tagWNODE_SINGLE_ITEM {
  struct _WNODE_HEADER WnodeHeader;
  ULONG OffsetInstanceName;
  ULONG InstanceIndex;
  ULONG ItemId;
  ULONG DataBlockOffset;
  ULONG SizeDataItem;
  UCHAR VariableData[0];
} WNODE_SINGLE_ITEM, *PWNODE_SINGLE_ITEM;
WMIPORT_ASSERT_SIZE_ALL(WNODE_SINGLE_ITEM, 72);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_SINGLE_ITEM, OffsetInstanceName, 48);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_SINGLE_ITEM, InstanceIndex, 52);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_SINGLE_ITEM, ItemId, 56);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_SINGLE_ITEM, DataBlockOffset, 60);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_SINGLE_ITEM, SizeDataItem, 64);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_SINGLE_ITEM, VariableData, 68);

typedef struct tagWNODE_METHOD_ITEM {
  struct _WNODE_HEADER WnodeHeader;
  ULONG OffsetInstanceName;
  ULONG InstanceIndex;
  ULONG MethodId;
  ULONG DataBlockOffset;
  ULONG SizeDataBlock; /* input size on the way in, output size on the way out */
  UCHAR VariableData[0];
} WNODE_METHOD_ITEM, *PWNODE_METHOD_ITEM;
WMIPORT_ASSERT_SIZE_ALL(WNODE_METHOD_ITEM, 72);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_METHOD_ITEM, OffsetInstanceName, 48);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_METHOD_ITEM, InstanceIndex, 52);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_METHOD_ITEM, MethodId, 56);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_METHOD_ITEM, DataBlockOffset, 60);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_METHOD_ITEM, SizeDataBlock, 64);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_METHOD_ITEM, VariableData, 68);

/* An event: the header, followed by an ALL_DATA, SINGLE_INSTANCE or SINGLE_ITEM body according to Flags. */
typedef struct tagWNODE_EVENT_ITEM {
  struct _WNODE_HEADER WnodeHeader;
} WNODE_EVENT_ITEM, *PWNODE_EVENT_ITEM;
WMIPORT_ASSERT_SIZE_ALL(WNODE_EVENT_ITEM, 48);

/* An event too large to deliver: names the block the consumer should query instead. */
typedef struct tagWNODE_EVENT_REFERENCE {
  struct _WNODE_HEADER WnodeHeader;
  GUID TargetGuid;
  ULONG TargetDataBlockSize;
  union {
    ULONG TargetInstanceIndex;
    WCHAR TargetInstanceName[0];
  } DUMMYUNIONNAME;
} WNODE_EVENT_REFERENCE, *PWNODE_EVENT_REFERENCE;
WMIPORT_ASSERT_SIZE_ALL(WNODE_EVENT_REFERENCE, 72);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_EVENT_REFERENCE, TargetGuid, 48);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_EVENT_REFERENCE, TargetDataBlockSize, 64);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_EVENT_REFERENCE, TargetInstanceIndex, 68);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_EVENT_REFERENCE, TargetInstanceName, 68);

/* The answer to a request whose buffer was too small: the size that would have been needed. */
typedef struct tagWNODE_TOO_SMALL {
  struct _WNODE_HEADER WnodeHeader;
  ULONG SizeNeeded;
} WNODE_TOO_SMALL, *PWNODE_TOO_SMALL;
WMIPORT_ASSERT_SIZE_ALL(WNODE_TOO_SMALL, 56);
WMIPORT_ASSERT_OFFSET_ALL(WNODE_TOO_SMALL, SizeNeeded, 48);

/* ---- Registration (§5.4) ----------------------------------------------------------------------------------------- */

typedef struct {
  GUID Guid;
  ULONG Flags; /* WMIREG_FLAG_* */
  ULONG InstanceCount;
  union {
    ULONG InstanceNameList; /* WMIREG_FLAG_INSTANCE_LIST: offset of InstanceCount counted strings */
    ULONG BaseNameOffset;   /* WMIREG_FLAG_INSTANCE_BASENAME: offset of one counted string */
    ULONG_PTR Pdo;          /* WMIREG_FLAG_INSTANCE_PDO: the PDO */
    ULONG_PTR InstanceInfo;
  } DUMMYUNIONNAME;
} WMIREGGUIDW, *PWMIREGGUIDW;
WMIPORT_ASSERT_SIZE(WMIREGGUIDW, 32);
WMIPORT_ASSERT_OFFSET_ALL(WMIREGGUIDW, Flags, 16);
WMIPORT_ASSERT_OFFSET_ALL(WMIREGGUIDW, InstanceCount, 20);
WMIPORT_ASSERT_OFFSET(WMIREGGUIDW, InstanceNameList, 24);
WMIPORT_ASSERT_OFFSET(WMIREGGUIDW, BaseNameOffset, 24);
WMIPORT_ASSERT_OFFSET(WMIREGGUIDW, Pdo, 24);
WMIPORT_ASSERT_OFFSET(WMIREGGUIDW, InstanceInfo, 24);

typedef struct {
  ULONG BufferSize;      /* bytes of this WMIREGINFO and everything it refers to */
  ULONG NextWmiRegInfo;  /* offset of a chained WMIREGINFO, or 0 */
  ULONG RegistryPath;    /* offset of a counted string */
  ULONG MofResourceName; /* offset of a counted string, or 0 */
  ULONG GuidCount;
  WMIREGGUIDW WmiRegGuid[0];
} WMIREGINFOW, *PWMIREGINFOW;
WMIPORT_ASSERT_SIZE(WMIREGINFOW, 24);
WMIPORT_ASSERT_OFFSET_ALL(WMIREGINFOW, NextWmiRegInfo, 4);
WMIPORT_ASSERT_OFFSET_ALL(WMIREGINFOW, RegistryPath, 8);
WMIPORT_ASSERT_OFFSET_ALL(WMIREGINFOW, MofResourceName, 12);
WMIPORT_ASSERT_OFFSET_ALL(WMIREGINFOW, GuidCount, 16);
WMIPORT_ASSERT_OFFSET(WMIREGINFOW, WmiRegGuid, 24);

typedef WMIREGGUIDW WMIREGGUID;
typedef PWMIREGGUIDW PWMIREGGUID;
typedef WMIREGINFOW WMIREGINFO;
typedef PWMIREGINFOW PWMIREGINFO;

#define WMIREG_FLAG_EXPENSIVE 0x00000001
#define WMIREG_FLAG_INSTANCE_LIST 0x00000004
#define WMIREG_FLAG_INSTANCE_BASENAME 0x00000008
#define WMIREG_FLAG_INSTANCE_PDO 0x00000020
#define WMIREG_FLAG_EVENT_ONLY_GUID 0x00000040
#define WMIREG_FLAG_TRACE_CONTROL_GUID 0x00001000
#define WMIREG_FLAG_REMOVE_GUID 0x00010000
#define WMIREG_FLAG_RESERVED1 0x00020000
#define WMIREG_FLAG_RESERVED2 0x00040000
#define WMIREG_FLAG_TRACED_GUID 0x00080000
/* Kernel-trace provider flags (wmikm.h in the WDK). */
#define WMIREG_FLAG_TRACE_PROVIDER 0x00010000
#define WMIREG_FLAG_TRACE_NOTIFY_MASK 0x00F00000
#define WMIREG_NOTIFY_DISK_IO (1 << 20)
#define WMIREG_NOTIFY_TDI_IO (2 << 20)

/* The request codes a user-mode provider sees; they parallel the IRP_MN_* WMI minor codes. */
typedef enum {
  WMI_GET_ALL_DATA = 0,
  WMI_GET_SINGLE_INSTANCE = 1,
  WMI_SET_SINGLE_INSTANCE = 2,
  WMI_SET_SINGLE_ITEM = 3,
  WMI_ENABLE_EVENTS = 4,
  WMI_DISABLE_EVENTS = 5,
  WMI_ENABLE_COLLECTION = 6,
  WMI_DISABLE_COLLECTION = 7,
  WMI_REGINFO = 8,
  WMI_EXECUTE_METHOD = 9,
  WMI_CAPTURE_STATE = 10
} WMIDPREQUESTCODE;
WMIPORT_STATIC_ASSERT(sizeof(WMIDPREQUESTCODE) == 4, "WMIDPREQUESTCODE is a 32-bit enum");

/* GUID types reported to user-mode consumers. */
#define WMI_GUIDTYPE_TRACECONTROL 0
#define WMI_GUIDTYPE_TRACE 1
#define WMI_GUIDTYPE_DATA 2
#define WMI_GUIDTYPE_EVENT 3

EXTERN_C_END

#endif /* WMIPORT_WDK_WMISTR_H_ */
