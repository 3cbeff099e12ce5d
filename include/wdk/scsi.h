/* wmiport WDK-compatible headers: scsi.h
 *
 * SCSI command descriptor blocks, operation codes, status bytes, sense data and inquiry data as SCSI miniports and
 * class drivers use them. All these structures are byte arrays on the wire (multi-byte fields big-endian); CDB
 * alternatives made only of bytes need no packing.
 */
#ifndef WMIPORT_WDK_SCSI_H_
#define WMIPORT_WDK_SCSI_H_

#ifndef _NTSCSI_
#define _NTSCSI_
#endif

#include "ntdef.h"

EXTERN_C_START

/* ---- Command descriptor block ------------------------------------------------------------------------------------ */

#define CDB6GENERIC_LENGTH 6
#define CDB10GENERIC_LENGTH 10
#define CDB12GENERIC_LENGTH 12
#define CDB16GENERIC_LENGTH 16

typedef union _CDB {
  struct _CDB6GENERIC {
    UCHAR OperationCode;
    UCHAR Immediate : 1;
    UCHAR CommandUniqueBits : 4;
    UCHAR LogicalUnitNumber : 3;
    UCHAR CommandUniqueBytes[3];
    UCHAR Link : 1;
    UCHAR Flag : 1;
    UCHAR Reserved : 4;
    UCHAR VendorUnique : 2;
  } CDB6GENERIC;
  struct _CDB6READWRITE {
    UCHAR OperationCode;
    UCHAR LogicalBlockMsb1 : 5;
    UCHAR LogicalUnitNumber : 3;
    UCHAR LogicalBlockMsb0;
    UCHAR LogicalBlockLsb;
    UCHAR TransferBlocks;
    UCHAR Control;
  } CDB6READWRITE;
  struct _CDB6INQUIRY {
    UCHAR OperationCode;
    UCHAR Reserved1 : 5;
    UCHAR LogicalUnitNumber : 3;
    UCHAR PageCode;
    UCHAR IReserved;
    UCHAR AllocationLength;
    UCHAR Control;
  } CDB6INQUIRY;
  struct _CDB6INQUIRY3 {
    UCHAR OperationCode;
    UCHAR EnableVitalProductData : 1;
    UCHAR CommandSupportData : 1;
    UCHAR Reserved1 : 6;
    UCHAR PageCode;
    UCHAR Reserved2;
    UCHAR AllocationLength;
    UCHAR Control;
  } CDB6INQUIRY3;
  struct _MODE_SENSE {
    UCHAR OperationCode;
    UCHAR Reserved1 : 3;
    UCHAR Dbd : 1;
    UCHAR Reserved2 : 1;
    UCHAR LogicalUnitNumber : 3;
    UCHAR PageCode : 6;
    UCHAR Pc : 2;
    UCHAR Reserved3;
    UCHAR AllocationLength;
    UCHAR Control;
  } MODE_SENSE;
  struct _START_STOP {
    UCHAR OperationCode;
    UCHAR Immediate : 1;
    UCHAR Reserved1 : 4;
    UCHAR LogicalUnitNumber : 3;
    UCHAR Reserved2[2];
    UCHAR Start : 1;
    UCHAR LoadEject : 1;
    UCHAR Reserved3 : 6;
    UCHAR Control;
  } START_STOP;
  struct _CDB10 {
    UCHAR OperationCode;
    UCHAR RelativeAddress : 1;
    UCHAR Reserved1 : 2;
    UCHAR ForceUnitAccess : 1;
    UCHAR DisablePageOut : 1;
    UCHAR LogicalUnitNumber : 3;
    UCHAR LogicalBlockByte0;
    UCHAR LogicalBlockByte1;
    UCHAR LogicalBlockByte2;
    UCHAR LogicalBlockByte3;
    UCHAR Reserved2;
    UCHAR TransferBlocksMsb;
    UCHAR TransferBlocksLsb;
    UCHAR Control;
  } CDB10;
  struct _CDB12 {
    UCHAR OperationCode;
    UCHAR RelativeAddress : 1;
    UCHAR Reserved1 : 2;
    UCHAR ForceUnitAccess : 1;
    UCHAR DisablePageOut : 1;
    UCHAR LogicalUnitNumber : 3;
    UCHAR LogicalBlock[4];
    UCHAR TransferLength[4];
    UCHAR Reserved2;
    UCHAR Control;
  } CDB12;
  struct _CDB16 {
    UCHAR OperationCode;
    UCHAR Reserved1 : 3;
    UCHAR ForceUnitAccess : 1;
    UCHAR DisablePageOut : 1;
    UCHAR Protection : 3;
    UCHAR LogicalBlock[8];
    UCHAR TransferLength[4];
    UCHAR Reserved2;
    UCHAR Control;
  } CDB16;
  struct _REPORT_LUNS {
    UCHAR OperationCode;
    UCHAR Reserved1[5];
    UCHAR AllocationLength[4];
    UCHAR Reserved2[1];
    UCHAR Control;
  } REPORT_LUNS;
  struct _READ_CAPACITY16 {
    UCHAR OperationCode;
    UCHAR ServiceAction : 5;
    UCHAR Reserved1 : 3;
    UCHAR LogicalBlock[8];
    UCHAR AllocationLength[4];
    UCHAR PMI : 1;
    UCHAR Reserved2 : 7;
    UCHAR Control;
  } READ_CAPACITY16;
  ULONG AsUlong[4];
  UCHAR AsByte[16];
} CDB, *PCDB;
WMIPORT_ASSERT_SIZE_ALL(CDB, 16);

/* ---- Operation codes --------------------------------------------------------------------------------------------- */

#define SCSIOP_TEST_UNIT_READY 0x00
#define SCSIOP_REZERO_UNIT 0x01
#define SCSIOP_REQUEST_BLOCK_ADDR 0x02
#define SCSIOP_REQUEST_SENSE 0x03
#define SCSIOP_FORMAT_UNIT 0x04
#define SCSIOP_READ_BLOCK_LIMITS 0x05
#define SCSIOP_REASSIGN_BLOCKS 0x07
#define SCSIOP_READ6 0x08
#define SCSIOP_RECEIVE 0x08
#define SCSIOP_WRITE6 0x0A
#define SCSIOP_PRINT 0x0A
#define SCSIOP_SEND 0x0A
#define SCSIOP_SEEK6 0x0B
#define SCSIOP_READ_REVERSE 0x0F
#define SCSIOP_WRITE_FILEMARKS 0x10
#define SCSIOP_SPACE 0x11
#define SCSIOP_INQUIRY 0x12
#define SCSIOP_VERIFY6 0x13
#define SCSIOP_RECOVER_BUF_DATA 0x14
#define SCSIOP_MODE_SELECT 0x15
#define SCSIOP_RESERVE_UNIT 0x16
#define SCSIOP_RELEASE_UNIT 0x17
#define SCSIOP_COPY 0x18
#define SCSIOP_ERASE 0x19
#define SCSIOP_MODE_SENSE 0x1A
#define SCSIOP_START_STOP_UNIT 0x1B
#define SCSIOP_RECEIVE_DIAGNOSTIC 0x1C
#define SCSIOP_SEND_DIAGNOSTIC 0x1D
#define SCSIOP_MEDIUM_REMOVAL 0x1E
#define SCSIOP_READ_FORMATTED_CAPACITY 0x23
#define SCSIOP_READ_CAPACITY 0x25
#define SCSIOP_READ 0x28
#define SCSIOP_WRITE 0x2A
#define SCSIOP_SEEK 0x2B
#define SCSIOP_WRITE_VERIFY 0x2E
#define SCSIOP_VERIFY 0x2F
#define SCSIOP_SYNCHRONIZE_CACHE 0x35
#define SCSIOP_WRITE_BUFFER 0x3B
#define SCSIOP_READ_BUFFER 0x3C
#define SCSIOP_UNMAP 0x42
#define SCSIOP_READ_TOC 0x43
#define SCSIOP_LOG_SELECT 0x4C
#define SCSIOP_LOG_SENSE 0x4D
#define SCSIOP_MODE_SELECT10 0x55
#define SCSIOP_MODE_SENSE10 0x5A
#define SCSIOP_PERSISTENT_RESERVE_IN 0x5E
#define SCSIOP_PERSISTENT_RESERVE_OUT 0x5F
#define SCSIOP_ATA_PASSTHROUGH16 0x85
#define SCSIOP_READ16 0x88
#define SCSIOP_WRITE16 0x8A
#define SCSIOP_VERIFY16 0x8F
#define SCSIOP_SYNCHRONIZE_CACHE16 0x91
#define SCSIOP_SERVICE_ACTION_IN16 0x9E
#define SCSIOP_READ_CAPACITY16 0x9E
#define SCSIOP_REPORT_LUNS 0xA0
#define SCSIOP_ATA_PASSTHROUGH12 0xA1
#define SCSIOP_SECURITY_PROTOCOL_IN 0xA2
#define SCSIOP_MAINTENANCE_IN 0xA3
#define SCSIOP_READ12 0xA8
#define SCSIOP_WRITE12 0xAA
#define SCSIOP_SECURITY_PROTOCOL_OUT 0xB5
#define SERVICE_ACTION_READ_CAPACITY16 0x10

/* ---- Status byte ------------------------------------------------------------------------------------------------- */

#define SCSISTAT_GOOD 0x00
#define SCSISTAT_CHECK_CONDITION 0x02
#define SCSISTAT_CONDITION_MET 0x04
#define SCSISTAT_BUSY 0x08
#define SCSISTAT_INTERMEDIATE 0x10
#define SCSISTAT_INTERMEDIATE_COND_MET 0x14
#define SCSISTAT_RESERVATION_CONFLICT 0x18
#define SCSISTAT_COMMAND_TERMINATED 0x22
#define SCSISTAT_QUEUE_FULL 0x28

/* ---- Inquiry data ------------------------------------------------------------------------------------------------ */

#define INQUIRYDATABUFFERSIZE 36

typedef struct _INQUIRYDATA {
  UCHAR DeviceType : 5;
  UCHAR DeviceTypeQualifier : 3;
  UCHAR DeviceTypeModifier : 7;
  UCHAR RemovableMedia : 1;
  union {
    UCHAR Versions;
    struct {
      UCHAR ANSIVersion : 3;
      UCHAR ECMAVersion : 3;
      UCHAR ISOVersion : 2;
    } DUMMYSTRUCTNAME;
  } DUMMYUNIONNAME;
  UCHAR ResponseDataFormat : 4;
  UCHAR HiSupport : 1;
  UCHAR NormACA : 1;
  UCHAR TerminateTask : 1;
  UCHAR AERC : 1;
  UCHAR AdditionalLength;
  union {
    UCHAR Reserved;
    struct {
      UCHAR PROTECT : 1;
      UCHAR Comp_Reserved : 2;
      UCHAR ThirdPartyCoppy : 1;
      UCHAR TPGS : 2;
      UCHAR ACC : 1;
      UCHAR SCCS : 1;
    } DUMMYSTRUCTNAME;
  } DUMMYUNIONNAME2;
  UCHAR Addr16 : 1;
  UCHAR Addr32 : 1;
  UCHAR AckReqQ : 1;
  UCHAR MediumChanger : 1;
  UCHAR MultiPort : 1;
  UCHAR ReservedBit2 : 1;
  UCHAR EnclosureServices : 1;
  UCHAR ReservedBit3 : 1;
  UCHAR SoftReset : 1;
  UCHAR CommandQueue : 1;
  UCHAR TransferDisable : 1;
  UCHAR LinkedCommands : 1;
  UCHAR Synchronous : 1;
  UCHAR Wide16Bit : 1;
  UCHAR Wide32Bit : 1;
  UCHAR RelativeAddressing : 1;
  UCHAR VendorId[8];
  UCHAR ProductId[16];
  UCHAR ProductRevisionLevel[4];
  UCHAR VendorSpecific[20];
  UCHAR Reserved3[2];
  USHORT VersionDescriptors[8];
  UCHAR Reserved4[22];
} INQUIRYDATA, *PINQUIRYDATA;
WMIPORT_ASSERT_SIZE_ALL(INQUIRYDATA, 96);
WMIPORT_ASSERT_OFFSET_ALL(INQUIRYDATA, AdditionalLength, 4);
WMIPORT_ASSERT_OFFSET_ALL(INQUIRYDATA, VendorId, 8);
WMIPORT_ASSERT_OFFSET_ALL(INQUIRYDATA, ProductId, 16);
WMIPORT_ASSERT_OFFSET_ALL(INQUIRYDATA, ProductRevisionLevel, 32);
WMIPORT_ASSERT_OFFSET_ALL(INQUIRYDATA, VendorSpecific, 36);
WMIPORT_ASSERT_OFFSET_ALL(INQUIRYDATA, VersionDescriptors, 58);

/* INQUIRYDATA.DeviceType */
#define DIRECT_ACCESS_DEVICE 0x00
#define SEQUENTIAL_ACCESS_DEVICE 0x01
#define PRINTER_DEVICE 0x02
#define PROCESSOR_DEVICE 0x03
#define WRITE_ONCE_READ_MULTIPLE_DEVICE 0x04
#define READ_ONLY_DIRECT_ACCESS_DEVICE 0x05
#define SCANNER_DEVICE 0x06
#define OPTICAL_DEVICE 0x07
#define MEDIUM_CHANGER 0x08
#define COMMUNICATION_DEVICE 0x09
#define ARRAY_CONTROLLER_DEVICE 0x0C
#define SCSI_ENCLOSURE_DEVICE 0x0D
#define REDUCED_BLOCK_DEVICE 0x0E
#define LOGICAL_UNIT_NOT_PRESENT_DEVICE 0x7F
/* INQUIRYDATA.DeviceTypeQualifier */
#define DEVICE_QUALIFIER_ACTIVE 0x00
#define DEVICE_QUALIFIER_NOT_ACTIVE 0x01
#define DEVICE_QUALIFIER_NOT_SUPPORTED 0x03
#define DEVICE_CONNECTED 0x00

/* ---- Sense data -------------------------------------------------------------------------------------------------- */

typedef struct _SENSE_DATA {
  UCHAR ErrorCode : 7;
  UCHAR Valid : 1;
  UCHAR SegmentNumber;
  UCHAR SenseKey : 4;
  UCHAR Reserved : 1;
  UCHAR IncorrectLength : 1;
  UCHAR EndOfMedia : 1;
  UCHAR FileMark : 1;
  UCHAR Information[4];
  UCHAR AdditionalSenseLength;
  UCHAR CommandSpecificInformation[4];
  UCHAR AdditionalSenseCode;
  UCHAR AdditionalSenseCodeQualifier;
  UCHAR FieldReplaceableUnitCode;
  UCHAR SenseKeySpecific[3];
} SENSE_DATA, *PSENSE_DATA;
WMIPORT_ASSERT_SIZE_ALL(SENSE_DATA, 18);
WMIPORT_ASSERT_OFFSET_ALL(SENSE_DATA, AdditionalSenseLength, 7);
WMIPORT_ASSERT_OFFSET_ALL(SENSE_DATA, AdditionalSenseCode, 12);
#define SENSE_BUFFER_SIZE 18

#define SCSI_SENSE_ERRORCODE_FIXED_CURRENT 0x70
#define SCSI_SENSE_ERRORCODE_FIXED_DEFERRED 0x71

/* Sense keys */
#define SCSI_SENSE_NO_SENSE 0x00
#define SCSI_SENSE_RECOVERED_ERROR 0x01
#define SCSI_SENSE_NOT_READY 0x02
#define SCSI_SENSE_MEDIUM_ERROR 0x03
#define SCSI_SENSE_HARDWARE_ERROR 0x04
#define SCSI_SENSE_ILLEGAL_REQUEST 0x05
#define SCSI_SENSE_UNIT_ATTENTION 0x06
#define SCSI_SENSE_DATA_PROTECT 0x07
#define SCSI_SENSE_BLANK_CHECK 0x08
#define SCSI_SENSE_UNIQUE 0x09
#define SCSI_SENSE_COPY_ABORTED 0x0A
#define SCSI_SENSE_ABORTED_COMMAND 0x0B
#define SCSI_SENSE_EQUAL 0x0C
#define SCSI_SENSE_VOL_OVERFLOW 0x0D
#define SCSI_SENSE_MISCOMPARE 0x0E
#define SCSI_SENSE_RESERVED 0x0F

/* Additional sense codes */
#define SCSI_ADSENSE_NO_SENSE 0x00
#define SCSI_ADSENSE_LUN_NOT_READY 0x04
#define SCSI_ADSENSE_WRITE_ERROR 0x0C
#define SCSI_ADSENSE_TRACK_ERROR 0x14
#define SCSI_ADSENSE_SEEK_ERROR 0x15
#define SCSI_ADSENSE_REC_DATA_NOECC 0x17
#define SCSI_ADSENSE_REC_DATA_ECC 0x18
#define SCSI_ADSENSE_ILLEGAL_COMMAND 0x20
#define SCSI_ADSENSE_ILLEGAL_BLOCK 0x21
#define SCSI_ADSENSE_INVALID_CDB 0x24
#define SCSI_ADSENSE_INVALID_LUN 0x25
#define SCSI_ADSENSE_INVALID_FIELD_PARAMETER_LIST 0x26
#define SCSI_ADSENSE_WRITE_PROTECT 0x27
#define SCSI_ADSENSE_MEDIUM_CHANGED 0x28
#define SCSI_ADSENSE_BUS_RESET 0x29
#define SCSI_ADSENSE_NO_MEDIA_IN_DEVICE 0x3a

/* ---- Capacity ---------------------------------------------------------------------------------------------------- */

/* Both values big-endian. */
typedef struct _READ_CAPACITY_DATA {
  ULONG LogicalBlockAddress;
  ULONG BytesPerBlock;
} READ_CAPACITY_DATA, *PREAD_CAPACITY_DATA;
WMIPORT_ASSERT_SIZE_ALL(READ_CAPACITY_DATA, 8);

EXTERN_C_END

#endif /* WMIPORT_WDK_SCSI_H_ */
