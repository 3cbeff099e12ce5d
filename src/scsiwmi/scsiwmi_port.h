/* src/scsiwmi/scsiwmi_port.h - the library-private registration result between the SCSI Port WMI library (linked
 * into the miniport) and the SCSI port driver (src/scsiport), and the port's parse/validate helper.
 *
 * For IRP_MN_REGINFO / IRP_MN_REGINFO_EX the port sends the miniport a WMI SRB whose DataPath is the integer
 * WMIREGISTER (0) or WMIUPDATE (1) and whose DataBuffer receives this result (the port, not the miniport, builds the
 * WMIREGINFO for the WMI core). The format has fixed-width fields only, so it is the same for 32- and 64-bit code:
 *
 *   offset  size          field
 *   0       32            SCSIWMI_PORT_REGINFO (header)
 *   32      24*GuidCount  SCSIWMI_PORT_REGGUID[GuidCount]
 *   ..      2+n+2         MOF resource name, when there is one: USHORT byte count n, n bytes of UTF-16, a UTF-16 NUL
 *                         (not counted); 2-aligned (it follows 24-byte entries, so it is in fact 8-aligned)
 *
 * Completion: ReturnStatus SRB_STATUS_SUCCESS with ReturnSize = TotalSize; or SRB_STATUS_DATA_OVERRUN when the
 * buffer is too small, with the exact size needed in the first ULONG of the buffer (ReturnSize 4) when the buffer
 * has at least 4 bytes, else ReturnSize 0. Any other status: the miniport could not register (see
 * docs/scsiwmi-port-contract.md).
 */
#ifndef WMIPORT_SCSIWMI_PORT_H_
#define WMIPORT_SCSIWMI_PORT_H_

#include <scsiwmi.h>

EXTERN_C_START

/* The DataPath values of the reginfo minors (wdm.h's WMIREGISTER / WMIUPDATE; miniports do not include wdm.h). */
#define SCSIWMI_PORT_WMIREGISTER 0
#define SCSIWMI_PORT_WMIUPDATE 1

/* "SWRG" in memory order. */
#define SCSIWMI_PORT_REGINFO_SIGNATURE 0x47525753u
#define SCSIWMI_PORT_REGINFO_VERSION 1

/* Longest MOF resource name accepted from HwScsiWmiQueryReginfo, in UTF-16 code units (its USHORT byte count must
 * fit in 16 bits; resource names are short in practice). */
#define SCSIWMI_MAX_MOF_NAME_CHARS 0x7ffe

/* The only GuidList flags a miniport may set (spec §1.1); the port sets every other registration flag. */
#define SCSIWMI_MINIPORT_REG_FLAGS (WMIREG_FLAG_EVENT_ONLY_GUID | WMIREG_FLAG_EXPENSIVE | WMIREG_FLAG_REMOVE_GUID)
/* Flags of a SCSIWMI_PORT_REGGUID: the miniport's flags plus WMIREG_FLAG_CALL_BY_NAME for a block with dynamic
 * instance names (InstanceCount 0xffffffff or CALL_BY_NAME in the GuidList): the port registers such a block
 * without an instance-naming flag. */
#define SCSIWMI_PORT_REG_FLAGS (SCSIWMI_MINIPORT_REG_FLAGS | WMIREG_FLAG_CALL_BY_NAME)
/* GuidList InstanceCount meaning "dynamic instance names" (scsiwmi.h header comment). */
#define SCSIWMI_DYNAMIC_INSTANCE_COUNT 0xffffffffu

typedef struct _SCSIWMI_PORT_REGINFO {
  ULONG TotalSize;          /* bytes of the whole result (header, GUID entries, name) */
  ULONG Signature;          /* SCSIWMI_PORT_REGINFO_SIGNATURE */
  USHORT Version;           /* SCSIWMI_PORT_REGINFO_VERSION */
  USHORT HeaderSize;        /* sizeof(SCSIWMI_PORT_REGINFO) */
  ULONG RegistrationAction; /* the DataPath value: SCSIWMI_PORT_WMIREGISTER or SCSIWMI_PORT_WMIUPDATE */
  ULONG GuidCount;
  ULONG GuidListOffset;        /* from the start of the header; 8-aligned */
  ULONG MofResourceNameOffset; /* 0: the miniport has no MOF resource */
  ULONG Reserved;              /* 0 */
} SCSIWMI_PORT_REGINFO, *PSCSIWMI_PORT_REGINFO;
WMIPORT_ASSERT_SIZE_ALL(SCSIWMI_PORT_REGINFO, 32);
WMIPORT_ASSERT_OFFSET_ALL(SCSIWMI_PORT_REGINFO, Version, 8);
WMIPORT_ASSERT_OFFSET_ALL(SCSIWMI_PORT_REGINFO, RegistrationAction, 12);
WMIPORT_ASSERT_OFFSET_ALL(SCSIWMI_PORT_REGINFO, GuidListOffset, 20);
WMIPORT_ASSERT_OFFSET_ALL(SCSIWMI_PORT_REGINFO, MofResourceNameOffset, 24);

typedef struct _SCSIWMI_PORT_REGGUID {
  GUID Guid;
  ULONG Flags;         /* within SCSIWMI_PORT_REG_FLAGS */
  ULONG InstanceCount; /* as the miniport registered it (0xffffffff: dynamic names) */
} SCSIWMI_PORT_REGGUID, *PSCSIWMI_PORT_REGGUID;
WMIPORT_ASSERT_SIZE_ALL(SCSIWMI_PORT_REGGUID, 24);
WMIPORT_ASSERT_OFFSET_ALL(SCSIWMI_PORT_REGGUID, Flags, 16);
WMIPORT_ASSERT_OFFSET_ALL(SCSIWMI_PORT_REGGUID, InstanceCount, 20);

/* ---- Port side: validate and read a result --------------------------------------------------------------------- */

typedef enum _SCSIWMI_PORT_PARSE_RESULT {
  ScsiWmiPortParseOk = 0,
  ScsiWmiPortParseTruncated,    /* Size is below the header or below TotalSize */
  ScsiWmiPortParseBadSignature, /* Signature, Version or HeaderSize is not this format's */
  ScsiWmiPortParseBadAction,    /* RegistrationAction is neither WMIREGISTER nor WMIUPDATE */
  ScsiWmiPortParseBadGuidList,  /* GuidListOffset misplaced, or GuidCount entries run past TotalSize */
  ScsiWmiPortParseBadFlags,     /* an entry has flags outside SCSIWMI_PORT_REG_FLAGS */
  ScsiWmiPortParseBadMofName,   /* the name is misplaced, runs past TotalSize, has an odd length or no NUL */
  ScsiWmiPortParseBadReserved,  /* Reserved is not 0 */
} SCSIWMI_PORT_PARSE_RESULT;

/* What a valid result says. Pointers point into the buffer given to ScsiWmiPortParseRegInfo. */
typedef struct _SCSIWMI_PORT_REGINFO_VIEW {
  ULONG TotalSize;
  ULONG RegistrationAction;
  ULONG GuidCount;
  const UCHAR* GuidList;        /* GuidCount packed SCSIWMI_PORT_REGGUID; read them with ScsiWmiPortGetRegGuid */
  const UCHAR* MofResourceName; /* the UTF-16 characters (not NUL-terminated in the count), or NULL */
  USHORT MofResourceNameLength; /* in bytes */
} SCSIWMI_PORT_REGINFO_VIEW, *PSCSIWMI_PORT_REGINFO_VIEW;

/* Validates the Size bytes at Buffer (Size = the SRB's returned DataTransferLength) and fills *View. Reads only
 * inside [Buffer, Buffer + Size); needs no alignment. */
SCSIWMI_PORT_PARSE_RESULT ScsiWmiPortParseRegInfo(const VOID* Buffer, ULONG Size, PSCSIWMI_PORT_REGINFO_VIEW View);
/* Copies entry Index (< View->GuidCount) out of a parsed result. */
VOID ScsiWmiPortGetRegGuid(const SCSIWMI_PORT_REGINFO_VIEW* View, ULONG Index, PSCSIWMI_PORT_REGGUID Entry);
/* After SRB_STATUS_DATA_OVERRUN: the size to retry with (the first ULONG), or 0 when Size < 4. */
ULONG ScsiWmiPortRegInfoSizeNeeded(const VOID* Buffer, ULONG Size);
/* "ScsiWmiPortParseOk", ... */
const char* ScsiWmiPortParseResultName(SCSIWMI_PORT_PARSE_RESULT Result);

EXTERN_C_END

#endif /* WMIPORT_SCSIWMI_PORT_H_ */
