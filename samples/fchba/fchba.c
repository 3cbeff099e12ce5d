/* fchba: a SCSI miniport for an imaginary two-port Fibre Channel HBA, written as a Windows SCSI Port miniport is
 * (shared/spec/wmi-interfaces.md §1-§3). It serves the hbaapi WMI classes a real FC HBA serves, from hbapiwmi.h,
 * which the build generates from the hbaapi MOF with `wmiport mof header -m -u` (as wmimofck -h -m -u generates it
 * in a WDK build). The MOF itself is attached to the image as the resource "MofResource" (MofResourceName below).
 *
 * The simulated hardware: two FC ports (N_Ports on a fabric); port 0 sees two remote target ports, each one a
 * SCSI target on bus 0 (targets 0 and 1) with two LUNs. Statistics grow on every HwTimer tick (100 ms) and on every
 * query; port 1's link goes down and up every LINK_TOGGLE_TICKS ticks, and each change fires MSFC_LinkEvent while
 * that event is enabled. RefreshInformation fires MSFC_AdapterEvent (HBA_EVENT_ADAPTER_CHANGE) while enabled.
 * Every method of MSFC_HBAAdapterMethods, MSFC_FibrePortHBAMethods and MSFC_HBAFCPInfo answers: the ELS and CT
 * pass-throughs with the accept payload the simulated fabric would send, the SCSI pass-throughs with the data of
 * the simulated disks, persistent bindings kept in a small table, and the link changes in an event buffer.
 *
 * Blocks (adapter requests; the logical units register none), all named from the adapter's PDO:
 *   MSFC_FCAdapterHBAAttributes (1)  MSFC_FibrePortHBAAttributes (2)  MSFC_FibrePortHBAStatistics (2)
 *   MSFC_HBAPortStatistics (2)       MSFC_FibrePortHBAMethods (2)     MSFC_HBAAdapterMethods (1)
 *   MSFC_HBAFCPInfo (1)              MSFC_LinkEvent (1, event)        MSFC_AdapterEvent (1, event) */
#include <miniport.h>
#include <scsi.h>
#include <scsiwmi.h>
#include <srb.h>

#include <hbaapi.h>

/* This file owns the GUIDs of hbapiwmi.h (DEFINE_GUID defines them after initguid.h). */
#include <initguid.h>

#define MSFC_HBA_API
#include "hbapiwmi.h"

#define FCHBA_PORTS 2
#define FCHBA_TARGETS 2
#define FCHBA_LUNS 2
#define FCHBA_TIMER_US 100000
#define LINK_TOGGLE_TICKS 3
#define WMI_EVENT_GAP 0x40   /* the library builds the event WNODE in the first 0x40 bytes (spec §1.2) */
#define FCHBA_MAX_BINDINGS 8 /* persistent bindings the adapter can hold */
#define FCHBA_EVENT_LOG 8    /* link changes kept for GetEventBuffer */
#define FCP_FC4_TYPE 8       /* FC-4 type of FCP (SCSI over Fibre Channel) */
#define ELS_LS_ACC 0x02      /* first byte of an ELS accept */
#define FCHBA_BIND_CAPABILITY (HBA_BIND_TO_D_ID | HBA_BIND_TO_WWPN | HBA_BIND_TO_WWNN | HBA_BIND_TARGETS)

enum {
  AdapterAttributesIndex = 0,
  PortAttributesIndex,
  PortStatisticsIndex,
  HbaPortStatisticsIndex,
  PortMethodsIndex,
  AdapterMethodsIndex,
  FcpInfoIndex,
  LinkEventIndex,
  AdapterEventIndex,
  FchbaGuidCount
};

/* The sizes of the blocks as WMI carries them: every item, no tail padding (MaxLen strings in fixed slots). */
#define ADAPTER_ATTRIBUTES_SIZE (FIELD_OFFSET(MSFC_FCAdapterHBAAttributes, MfgDomain) + sizeof(WCHAR) * (256 + 1))
#define LINK_EVENT_RLIR_SIZE 4
#define LINK_EVENT_SIZE (FIELD_OFFSET(MSFC_LinkEvent, RLIRBuffer) + LINK_EVENT_RLIR_SIZE)

static WCHAR FchbaMofResourceName[] = L"MofResource";

typedef struct _FCHBA_PORT {
  UCHAR PortWWN[8];
  ULONG PortFcId;
  ULONG PortState;
  ULONG TicksSinceReset;
  LONGLONG TxFrames, TxWords, RxFrames, RxWords;
  LONGLONG LIPCount, NOSCount, ErrorFrames, DumpedFrames;
  LONGLONG LinkFailureCount, LossOfSyncCount, LossOfSignalCount;
  LONGLONG PrimitiveSeqProtocolErrCount, InvalidTxWordCount, InvalidCRCCount;
} FCHBA_PORT, *PFCHBA_PORT;

typedef struct _FCHBA_EXTENSION {
  SCSI_WMILIB_CONTEXT AdapterWmiLib;
  SCSI_WMILIB_CONTEXT LogicalUnitWmiLib;
  SCSIWMIGUIDREGINFO GuidList[FchbaGuidCount];
  UCHAR NodeWWN[8];
  FCHBA_PORT Ports[FCHBA_PORTS];
  ULONG Ticks;
  ULONG RefreshCount;
  BOOLEAN LinkEventEnabled;
  BOOLEAN AdapterEventEnabled;
  ULONG LinkEventsFired;
  /* Link changes not yet read by GetEventBuffer (the oldest are dropped when it is full). */
  MSFC_EventBuffer EventLog[FCHBA_EVENT_LOG];
  ULONG EventLogCount;
  HBAFC3MgmtInfo Fc3MgmtInfo;
  ULONG BindingSupport;
  HBAFCPBindingEntry2 Bindings[FCHBA_MAX_BINDINGS]; /* all bind targets behind port 0 */
  ULONG BindingCount;
  /* Event buffers: 0x40 bytes for the library, then the payload. */
  ULONGLONG LinkEventBuffer[(WMI_EVENT_GAP + LINK_EVENT_SIZE + 7) / 8];
  ULONGLONG AdapterEventBuffer[(WMI_EVENT_GAP + MSFC_AdapterEvent_SIZE + 7) / 8];
} FCHBA_EXTENSION, *PFCHBA_EXTENSION;

typedef struct _FCHBA_SRB_EXTENSION {
  SCSIWMI_REQUEST_CONTEXT WmiContext;
} FCHBA_SRB_EXTENSION, *PFCHBA_SRB_EXTENSION;

/* The remote target port behind SCSI target `target` (reached through HBA port 0). */
static VOID TargetPortWWN(ULONG target, UCHAR wwn[8]) {
  static const UCHAR base[8] = {0x50, 0x06, 0x01, 0x60, 0x3e, 0xa0, 0x10, 0x00};
  ScsiPortMoveMemory(wwn, (PVOID)base, 8);
  wwn[7] = (UCHAR)(0x10 + target);
}

static VOID TargetNodeWWN(ULONG target, UCHAR wwn[8]) {
  TargetPortWWN(target, wwn);
  wwn[0] = 0x50;
  wwn[6] = 0x20;
}

static BOOLEAN SameWWN(const UCHAR* a, const UCHAR* b) {
  ULONG i;
  for (i = 0; i < 8; ++i) {
    if (a[i] != b[i]) {
      return FALSE;
    }
  }
  return TRUE;
}

static VOID ZeroBytes(PVOID buffer, ULONG size) {
  PUCHAR p = (PUCHAR)buffer;
  ULONG i;
  for (i = 0; i < size; ++i) {
    p[i] = 0;
  }
}

/* A MaxLen string in the fixed-slot convention (spec mof-and-layout §3.4): the USHORT count covers the whole slot
 * (2 * MaxLen bytes), the text follows, the rest of the slot is zero. */
static VOID CopyWmiSlotString(PWCHAR slot, ULONG max_len, const WCHAR* text) {
  ULONG i;
  ZeroBytes(slot, sizeof(WCHAR) * (max_len + 1));
  slot[0] = (WCHAR)(sizeof(WCHAR) * max_len);
  for (i = 0; i < max_len && text[i] != 0; ++i) {
    slot[1 + i] = text[i];
  }
}

/* ---- the simulated hardware ------------------------------------------------------------------------------------- */

static VOID ResetPortStatistics(PFCHBA_PORT port) {
  port->TicksSinceReset = 0;
  port->TxFrames = port->TxWords = port->RxFrames = port->RxWords = 0;
  port->LIPCount = port->NOSCount = port->ErrorFrames = port->DumpedFrames = 0;
  port->LinkFailureCount = port->LossOfSyncCount = port->LossOfSignalCount = 0;
  port->PrimitiveSeqProtocolErrCount = port->InvalidTxWordCount = port->InvalidCRCCount = 0;
}

static VOID CountTraffic(PFCHBA_PORT port, ULONG frames) {
  if (port->PortState != HBA_PORTSTATE_ONLINE) {
    return;
  }
  port->TxFrames += frames;
  port->TxWords += 531 * (LONGLONG)frames;
  port->RxFrames += 2 * (LONGLONG)frames;
  port->RxWords += 1062 * (LONGLONG)frames;
}

/* Keeps the link change for GetEventBuffer (HBA_GetEventBuffer reads the events of the adapter's ports). */
static VOID LogLinkChange(PFCHBA_EXTENSION ext, ULONG port_index) {
  PMSFC_EventBuffer entry;
  if (ext->EventLogCount == FCHBA_EVENT_LOG) {
    ScsiPortMoveMemory(&ext->EventLog[0], &ext->EventLog[1], sizeof(MSFC_EventBuffer) * (FCHBA_EVENT_LOG - 1));
    ext->EventLogCount--;
  }
  entry = &ext->EventLog[ext->EventLogCount++];
  ZeroBytes(entry, sizeof(*entry));
  entry->EventType =
      ext->Ports[port_index].PortState == HBA_PORTSTATE_ONLINE ? HBA_EVENT_PORT_ONLINE : HBA_EVENT_PORT_OFFLINE;
  entry->EventInfo[0] = port_index;
  entry->EventInfo[1] = ext->Ports[port_index].PortFcId;
}

static VOID FireLinkEvent(PFCHBA_EXTENSION ext, ULONG port_index) {
  PMSFC_LinkEvent event = (PMSFC_LinkEvent)((PUCHAR)ext->LinkEventBuffer + WMI_EVENT_GAP);
  LogLinkChange(ext, port_index);
  if (!ext->LinkEventEnabled) {
    return; /* fire only enabled events (spec §1.2) */
  }
  ZeroBytes(ext->LinkEventBuffer, sizeof(ext->LinkEventBuffer));
  event->EventType = HBA_EVENT_LINK_INCIDENT;
  ScsiPortMoveMemory(event->AdapterWWN, ext->NodeWWN, 8);
  event->RLIRBufferSize = LINK_EVENT_RLIR_SIZE;
  event->RLIRBuffer[0] = (UCHAR)port_index;
  ((PUCHAR)event->RLIRBuffer)[1] = (UCHAR)ext->Ports[port_index].PortState;
  ext->LinkEventsFired++;
  ScsiPortWmiFireAdapterEvent(ext, (LPGUID)&MSFC_LinkEvent_GUID, 0, LINK_EVENT_SIZE, ext->LinkEventBuffer);
}

static VOID FireAdapterEvent(PFCHBA_EXTENSION ext, ULONG event_type) {
  PMSFC_AdapterEvent event = (PMSFC_AdapterEvent)((PUCHAR)ext->AdapterEventBuffer + WMI_EVENT_GAP);
  if (!ext->AdapterEventEnabled) {
    return;
  }
  ZeroBytes(ext->AdapterEventBuffer, sizeof(ext->AdapterEventBuffer));
  event->EventType = event_type;
  ScsiPortMoveMemory(event->PortWWN, ext->Ports[0].PortWWN, 8);
  ScsiPortWmiFireAdapterEvent(ext, (LPGUID)&MSFC_AdapterEvent_GUID, 0, MSFC_AdapterEvent_SIZE, ext->AdapterEventBuffer);
}

static VOID FchbaTimer(PVOID HwDeviceExtension) {
  PFCHBA_EXTENSION ext = (PFCHBA_EXTENSION)HwDeviceExtension;
  ULONG i;
  ext->Ticks++;
  for (i = 0; i < FCHBA_PORTS; ++i) {
    ext->Ports[i].TicksSinceReset++;
    CountTraffic(&ext->Ports[i], 10 + i);
  }
  if (ext->Ticks % LINK_TOGGLE_TICKS == 0) {
    PFCHBA_PORT port = &ext->Ports[1];
    if (port->PortState == HBA_PORTSTATE_ONLINE) {
      port->PortState = HBA_PORTSTATE_LINKDOWN;
      port->LinkFailureCount++;
      port->LossOfSignalCount++;
    } else {
      port->PortState = HBA_PORTSTATE_ONLINE;
      port->LIPCount++;
    }
    FireLinkEvent(ext, 1);
  }
  ScsiPortNotification(RequestTimerCall, HwDeviceExtension, FchbaTimer, (ULONG)FCHBA_TIMER_US);
}

/* ---- the simulated disks ---------------------------------------------------------------------------------------- */

/* READ CAPACITY data of every LU: 2 GiB of 512-byte blocks, big-endian as SCSI has it. */
static const UCHAR FchbaCapacityData[8] = {0x00, 0x3f, 0xff, 0xff, 0x00, 0x00, 0x02, 0x00};

/* Standard INQUIRY data of every LU (the SRB path and the ScsiInquiry method answer the same). */
static VOID FillInquiryData(UCHAR out[INQUIRYDATABUFFERSIZE]) {
  INQUIRYDATA inquiry; /* the WDK structure runs past the 36 standard bytes: fill it whole, copy those */
  static const char vendor[8] = {'W', 'M', 'I', 'P', 'O', 'R', 'T', ' '};
  static const char product[16] = {'F', 'C', ' ', 'S', 'A', 'M', 'P', 'L', 'E', ' ', 'D', 'I', 'S', 'K', ' ', ' '};
  static const char revision[4] = {'0', '0', '0', '1'};
  ZeroBytes(&inquiry, sizeof(inquiry));
  inquiry.DeviceType = DIRECT_ACCESS_DEVICE;
  inquiry.Versions = 5;
  inquiry.ResponseDataFormat = 2;
  inquiry.AdditionalLength = INQUIRYDATABUFFERSIZE - 5;
  inquiry.CommandQueue = 1;
  ScsiPortMoveMemory(inquiry.VendorId, (PVOID)vendor, sizeof(vendor));
  ScsiPortMoveMemory(inquiry.ProductId, (PVOID)product, sizeof(product));
  ScsiPortMoveMemory(inquiry.ProductRevisionLevel, (PVOID)revision, sizeof(revision));
  ScsiPortMoveMemory(out, &inquiry, INQUIRYDATABUFFERSIZE);
}

/* ---- WMI: data blocks ------------------------------------------------------------------------------------------- */

static VOID FillPortAttributes(PFCHBA_EXTENSION ext, ULONG port_index, PMSFC_HBAPortAttributesResults attributes) {
  PFCHBA_PORT port = &ext->Ports[port_index];
  static const UCHAR fabric[8] = {0x10, 0x00, 0x00, 0x05, 0x33, 0x48, 0x5e, 0x01};
  ZeroBytes(attributes, sizeof(*attributes));
  ScsiPortMoveMemory(attributes->NodeWWN, ext->NodeWWN, 8);
  ScsiPortMoveMemory(attributes->PortWWN, port->PortWWN, 8);
  attributes->PortFcId = port->PortFcId;
  attributes->PortType = HBA_PORTTYPE_NPORT;
  attributes->PortState = port->PortState;
  attributes->PortSupportedClassofService = HBA_COS_CLASS_3;
  attributes->PortSupportedFc4Types[2] = 0x01; /* FCP: type 8 = bit 0 of byte 2 (FC-GS) */
  attributes->PortActiveFc4Types[2] = 0x01;
  attributes->PortSupportedSpeed = HBA_PORTSPEED_4GBIT | HBA_PORTSPEED_8GBIT;
  attributes->PortSpeed = port->PortState == HBA_PORTSTATE_ONLINE ? HBA_PORTSPEED_8GBIT : HBA_PORTSPEED_UNKNOWN;
  attributes->PortMaxFrameSize = 2048;
  ScsiPortMoveMemory(attributes->FabricName, (PVOID)fabric, 8);
  attributes->NumberofDiscoveredPorts = port_index == 0 ? FCHBA_TARGETS : 0;
}

static VOID FillDiscoveredPortAttributes(ULONG target, PMSFC_HBAPortAttributesResults attributes) {
  ZeroBytes(attributes, sizeof(*attributes));
  TargetNodeWWN(target, attributes->NodeWWN);
  TargetPortWWN(target, attributes->PortWWN);
  attributes->PortFcId = 0x010200 + target;
  attributes->PortType = HBA_PORTTYPE_NPORT;
  attributes->PortState = HBA_PORTSTATE_ONLINE;
  attributes->PortSupportedClassofService = HBA_COS_CLASS_3;
  attributes->PortSupportedFc4Types[2] = 0x01;
  attributes->PortActiveFc4Types[2] = 0x01;
  attributes->PortSupportedSpeed = HBA_PORTSPEED_8GBIT;
  attributes->PortSpeed = HBA_PORTSPEED_8GBIT;
  attributes->PortMaxFrameSize = 2048;
}

static VOID FillStatistics(PFCHBA_PORT port, PMSFC_HBAPortStatistics statistics) {
  statistics->SecondsSinceLastReset = port->TicksSinceReset / (1000000 / FCHBA_TIMER_US);
  statistics->TxFrames = port->TxFrames;
  statistics->TxWords = port->TxWords;
  statistics->RxFrames = port->RxFrames;
  statistics->RxWords = port->RxWords;
  statistics->LIPCount = port->LIPCount;
  statistics->NOSCount = port->NOSCount;
  statistics->ErrorFrames = port->ErrorFrames;
  statistics->DumpedFrames = port->DumpedFrames;
  statistics->LinkFailureCount = port->LinkFailureCount;
  statistics->LossOfSyncCount = port->LossOfSyncCount;
  statistics->LossOfSignalCount = port->LossOfSignalCount;
  statistics->PrimitiveSeqProtocolErrCount = port->PrimitiveSeqProtocolErrCount;
  statistics->InvalidTxWordCount = port->InvalidTxWordCount;
  statistics->InvalidCRCCount = port->InvalidCRCCount;
}

static ULONG BlockInstanceSize(ULONG GuidIndex) {
  switch (GuidIndex) {
    case AdapterAttributesIndex:
      return ADAPTER_ATTRIBUTES_SIZE;
    case PortAttributesIndex:
      return MSFC_FibrePortHBAAttributes_SIZE;
    case PortStatisticsIndex:
      return MSFC_FibrePortHBAStatistics_SIZE;
    case HbaPortStatisticsIndex:
      return MSFC_HBAPortStatistics_SIZE;
    default:
      return 0; /* method-only blocks have no data items */
  }
}

static BOOLEAN FchbaQueryDataBlock(PVOID Context, PSCSIWMI_REQUEST_CONTEXT DispatchContext, ULONG GuidIndex,
                                   ULONG InstanceIndex, ULONG InstanceCount, PULONG InstanceLengthArray,
                                   ULONG BufferAvail, PUCHAR Buffer) {
  PFCHBA_EXTENSION ext = (PFCHBA_EXTENSION)Context;
  ULONG size = BlockInstanceSize(GuidIndex);
  ULONG stride = (size + 7) & ~7u;
  ULONG needed;
  ULONG i;
  if (GuidIndex >= FchbaGuidCount || GuidIndex == LinkEventIndex || GuidIndex == AdapterEventIndex ||
      InstanceIndex + InstanceCount > ext->GuidList[GuidIndex].InstanceCount) {
    ScsiPortWmiPostProcess(DispatchContext, SRB_STATUS_ERROR, 0);
    return SRB_STATUS_ERROR;
  }
  /* Every instance starts 8-aligned; the last one needs no padding after it. */
  needed = InstanceCount == 0 ? 0 : stride * (InstanceCount - 1) + size;
  if (InstanceLengthArray == NULL || BufferAvail < needed) {
    ScsiPortWmiPostProcess(DispatchContext, SRB_STATUS_DATA_OVERRUN, needed);
    return SRB_STATUS_DATA_OVERRUN;
  }
  for (i = 0; i < InstanceCount; ++i) {
    ULONG instance = InstanceIndex + i;
    PUCHAR out = Buffer + stride * i;
    ZeroBytes(out, size);
    InstanceLengthArray[i] = size;
    switch (GuidIndex) {
      case AdapterAttributesIndex: {
        PMSFC_FCAdapterHBAAttributes attributes = (PMSFC_FCAdapterHBAAttributes)out;
        attributes->UniqueAdapterId = 0x20000000C9ABCDEFull;
        attributes->HBAStatus = HBA_STATUS_OK;
        ScsiPortMoveMemory(attributes->NodeWWN, ext->NodeWWN, 8);
        attributes->VendorSpecificID = 0x1d0f00fc;
        attributes->NumberOfPorts = FCHBA_PORTS;
        CopyWmiSlotString(attributes->Manufacturer, 64, L"wmiport Sample Devices");
        CopyWmiSlotString(attributes->SerialNumber, 64, L"FC0000420001");
        CopyWmiSlotString(attributes->Model, 256, L"FCHBA-2P8G");
        CopyWmiSlotString(attributes->ModelDescription, 256, L"wmiport two-port 8Gb Fibre Channel sample HBA");
        CopyWmiSlotString(attributes->NodeSymbolicName, 256, L"fchba node 0");
        CopyWmiSlotString(attributes->HardwareVersion, 256, L"2.1");
        CopyWmiSlotString(attributes->DriverVersion, 256, L"1.0.0");
        CopyWmiSlotString(attributes->OptionROMVersion, 256, L"0.9");
        CopyWmiSlotString(attributes->FirmwareVersion, 256, L"5.02a1");
        CopyWmiSlotString(attributes->DriverName, 256, L"fchba.so");
        CopyWmiSlotString(attributes->MfgDomain, 256, L"com.example.wmiport");
        break;
      }
      case PortAttributesIndex: {
        PMSFC_FibrePortHBAAttributes attributes = (PMSFC_FibrePortHBAAttributes)out;
        attributes->UniquePortId = 0x21000000C9ABCD00ull + instance;
        attributes->HBAStatus = HBA_STATUS_OK;
        FillPortAttributes(ext, instance, &attributes->Attributes);
        break;
      }
      case PortStatisticsIndex: {
        PMSFC_FibrePortHBAStatistics statistics = (PMSFC_FibrePortHBAStatistics)out;
        CountTraffic(&ext->Ports[instance], 1); /* reading the counters is traffic too */
        statistics->UniquePortId = 0x21000000C9ABCD00ull + instance;
        statistics->HBAStatus = HBA_STATUS_OK;
        FillStatistics(&ext->Ports[instance], &statistics->Statistics);
        break;
      }
      case HbaPortStatisticsIndex:
        CountTraffic(&ext->Ports[instance], 1);
        FillStatistics(&ext->Ports[instance], (PMSFC_HBAPortStatistics)out);
        break;
      default:
        break;
    }
  }
  ScsiPortWmiPostProcess(DispatchContext, SRB_STATUS_SUCCESS, needed);
  return SRB_STATUS_SUCCESS;
}

/* ---- WMI: methods ----------------------------------------------------------------------------------------------- */

static UCHAR GetDiscoveredPortAttributesMethod(PFCHBA_EXTENSION ext, ULONG InBufferSize, ULONG OutBufferSize,
                                               PUCHAR Buffer, PULONG used) {
  PGetDiscoveredPortAttributes_IN in = (PGetDiscoveredPortAttributes_IN)Buffer;
  PGetDiscoveredPortAttributes_OUT out = (PGetDiscoveredPortAttributes_OUT)Buffer;
  ULONG port_index;
  ULONG discovered;
  *used = GetDiscoveredPortAttributes_OUT_SIZE;
  if (InBufferSize < GetDiscoveredPortAttributes_IN_SIZE) {
    *used = 0;
    return SRB_STATUS_ERROR;
  }
  if (OutBufferSize < GetDiscoveredPortAttributes_OUT_SIZE) {
    return SRB_STATUS_DATA_OVERRUN;
  }
  port_index = in->PortIndex;
  discovered = in->DiscoveredPortIndex;
  ZeroBytes(out, GetDiscoveredPortAttributes_OUT_SIZE);
  if (port_index != 0 || discovered >= FCHBA_TARGETS) {
    out->HBAStatus = HBA_STATUS_ERROR_ILLEGAL_INDEX;
  } else {
    out->HBAStatus = HBA_STATUS_OK;
    FillDiscoveredPortAttributes(discovered, &out->PortAttributes);
  }
  UNREFERENCED_PARAMETER(ext);
  return SRB_STATUS_SUCCESS;
}

static UCHAR GetPortAttributesByWWNMethod(PFCHBA_EXTENSION ext, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer,
                                          PULONG used) {
  UCHAR wwn[8];
  PGetPortAttributesByWWN_OUT out = (PGetPortAttributesByWWN_OUT)Buffer;
  ULONG i;
  *used = GetPortAttributesByWWN_OUT_SIZE;
  if (InBufferSize < GetPortAttributesByWWN_IN_SIZE) {
    *used = 0;
    return SRB_STATUS_ERROR;
  }
  if (OutBufferSize < GetPortAttributesByWWN_OUT_SIZE) {
    return SRB_STATUS_DATA_OVERRUN;
  }
  ScsiPortMoveMemory(wwn, ((PGetPortAttributesByWWN_IN)Buffer)->wwn, 8);
  ZeroBytes(out, GetPortAttributesByWWN_OUT_SIZE);
  out->HBAStatus = HBA_STATUS_ERROR_ILLEGAL_WWN;
  for (i = 0; i < FCHBA_TARGETS; ++i) {
    UCHAR target_wwn[8];
    TargetPortWWN(i, target_wwn);
    if (SameWWN(wwn, target_wwn)) {
      out->HBAStatus = HBA_STATUS_OK;
      FillDiscoveredPortAttributes(i, &out->PortAttributes);
    }
  }
  for (i = 0; i < FCHBA_PORTS; ++i) {
    if (SameWWN(wwn, ext->Ports[i].PortWWN)) {
      out->HBAStatus = HBA_STATUS_OK;
      FillPortAttributes(ext, i, &out->PortAttributes);
    }
  }
  return SRB_STATUS_SUCCESS;
}

/* GetFcpTargetMapping: the FCP mappings of the port (every LU behind port 0). The output size follows from the
 * input (InEntryCount), so DATA_OVERRUN reports the exact size the retry needs. */
static UCHAR GetFcpTargetMappingMethod(PFCHBA_EXTENSION ext, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer,
                                       PULONG used) {
  PGetFcpTargetMapping_IN in = (PGetFcpTargetMapping_IN)Buffer;
  PGetFcpTargetMapping_OUT out = (PGetFcpTargetMapping_OUT)Buffer;
  UCHAR port_wwn[8];
  ULONG total = 0;
  ULONG count;
  ULONG port_index = FCHBA_PORTS;
  ULONG i;
  if (InBufferSize < GetFcpTargetMapping_IN_SIZE) {
    *used = 0;
    return SRB_STATUS_ERROR;
  }
  ScsiPortMoveMemory(port_wwn, in->HbaPortWWN, 8);
  for (i = 0; i < FCHBA_PORTS; ++i) {
    if (SameWWN(port_wwn, ext->Ports[i].PortWWN)) {
      port_index = i;
    }
  }
  if (port_index == 0) {
    total = FCHBA_TARGETS * FCHBA_LUNS;
  }
  count = in->InEntryCount < total ? in->InEntryCount : total;
  *used = FIELD_OFFSET(GetFcpTargetMapping_OUT, Entry) + count * sizeof(HBAFCPScsiEntry);
  if (OutBufferSize < *used) {
    return SRB_STATUS_DATA_OVERRUN;
  }
  ZeroBytes(out, *used);
  out->HBAStatus = port_index == FCHBA_PORTS ? HBA_STATUS_ERROR_ILLEGAL_WWN
                   : count < total           ? HBA_STATUS_ERROR_MORE_DATA
                                             : HBA_STATUS_OK;
  out->TotalEntryCount = total;
  out->OutEntryCount = count;
  for (i = 0; i < count; ++i) {
    PHBAFCPScsiEntry entry = &out->Entry[i];
    ULONG target = i / FCHBA_LUNS;
    ULONG lun = i % FCHBA_LUNS;
    static const WCHAR prefix[] = L"\\\\.\\Scsi0:0:";
    ULONG n;
    entry->FCPId.Fcid = 0x010200 + target;
    TargetNodeWWN(target, entry->FCPId.NodeWWN);
    TargetPortWWN(target, entry->FCPId.PortWWN);
    entry->FCPId.FcpLun = (ULONGLONG)lun << 48; /* FCP LUN: single-level addressing in the first two bytes */
    entry->Luid[0] = 0x60;                      /* an NAA 6 identifier-like LUID */
    entry->Luid[1] = (UCHAR)target;
    entry->Luid[2] = (UCHAR)lun;
    entry->ScsiId.ScsiBusNumber = 0;
    entry->ScsiId.ScsiTargetNumber = target;
    entry->ScsiId.ScsiOSLun = lun;
    /* OSDeviceName: uint16 array holding a counted string ("\\.\Scsi0:0:<target>:<lun>"). */
    for (n = 0; prefix[n] != 0; ++n) {
      entry->ScsiId.OSDeviceName[1 + n] = prefix[n];
    }
    entry->ScsiId.OSDeviceName[1 + n++] = (WCHAR)(L'0' + target);
    entry->ScsiId.OSDeviceName[1 + n++] = L':';
    entry->ScsiId.OSDeviceName[1 + n++] = (WCHAR)(L'0' + lun);
    entry->ScsiId.OSDeviceName[0] = (USHORT)(n * sizeof(WCHAR));
  }
  return SRB_STATUS_SUCCESS;
}

/* ---- WMI: methods answered by the simulated fabric and disks ---------------------------------------------------- */

/* Which of our ports has this WWN (FCHBA_PORTS when none). */
static ULONG PortByWWN(PFCHBA_EXTENSION ext, const UCHAR* wwn) {
  ULONG i;
  for (i = 0; i < FCHBA_PORTS; ++i) {
    if (SameWWN(wwn, ext->Ports[i].PortWWN)) {
      return i;
    }
  }
  return FCHBA_PORTS;
}

/* Which discovered target port (behind port 0) has this port or node WWN (FCHBA_TARGETS when none). */
static ULONG TargetByWWN(const UCHAR* wwn) {
  ULONG i;
  for (i = 0; i < FCHBA_TARGETS; ++i) {
    UCHAR port_wwn[8], node_wwn[8];
    TargetPortWWN(i, port_wwn);
    TargetNodeWWN(i, node_wwn);
    if (SameWWN(wwn, port_wwn) || SameWWN(wwn, node_wwn)) {
      return i;
    }
  }
  return FCHBA_TARGETS;
}

static VOID StoreBigEndian32(PUCHAR out, ULONG value) {
  out[0] = (UCHAR)(value >> 24);
  out[1] = (UCHAR)(value >> 16);
  out[2] = (UCHAR)(value >> 8);
  out[3] = (UCHAR)value;
}

/* The reply of the pass-through methods whose output is HBAStatus, Total and Actual response sizes, then the
 * response bytes: DATA_OVERRUN with the exact size when the caller's buffer is short. */
static UCHAR PassThroughReply(ULONG hba_status, const UCHAR* response, ULONG size, ULONG OutBufferSize, PUCHAR Buffer,
                              PULONG used) {
  PULONG header = (PULONG)Buffer;
  *used = 3 * sizeof(ULONG) + size;
  if (OutBufferSize < *used) {
    return SRB_STATUS_DATA_OVERRUN;
  }
  header[0] = hba_status;
  header[1] = size;
  header[2] = size;
  ScsiPortMoveMemory(Buffer + 3 * sizeof(ULONG), (PVOID)response, size);
  return SRB_STATUS_SUCCESS;
}

/* The ELS Link Error Status Block of a port: six big-endian counters (FC-LS). */
static VOID FillLinkErrorStatus(PFCHBA_PORT port, PUCHAR out) {
  StoreBigEndian32(out + 0, (ULONG)port->LinkFailureCount);
  StoreBigEndian32(out + 4, (ULONG)port->LossOfSyncCount);
  StoreBigEndian32(out + 8, (ULONG)port->LossOfSignalCount);
  StoreBigEndian32(out + 12, (ULONG)port->PrimitiveSeqProtocolErrCount);
  StoreBigEndian32(out + 16, (ULONG)port->InvalidTxWordCount);
  StoreBigEndian32(out + 20, (ULONG)port->InvalidCRCCount);
}

/* SendCTPassThru: the name server accepts every request (FS_ACC), echoing the CT_IU preamble. */
static UCHAR SendCTPassThruMethod(PFCHBA_EXTENSION ext, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer,
                                  PULONG used) {
  PSendCTPassThru_IN in = (PSendCTPassThru_IN)Buffer;
  UCHAR response[16];
  ULONG count;
  *used = 0;
  if (InBufferSize < FIELD_OFFSET(SendCTPassThru_IN, RequestBuffer)) {
    return SRB_STATUS_ERROR;
  }
  count = in->RequestBufferCount;
  if (count > InBufferSize - FIELD_OFFSET(SendCTPassThru_IN, RequestBuffer)) {
    return SRB_STATUS_ERROR; /* the request claims more bytes than the input carries */
  }
  ZeroBytes(response, sizeof(response));
  if (PortByWWN(ext, in->PortWWN) == FCHBA_PORTS) {
    return PassThroughReply(HBA_STATUS_ERROR_ILLEGAL_WWN, response, 0, OutBufferSize, Buffer, used);
  }
  ScsiPortMoveMemory(response, in->RequestBuffer, count < sizeof(response) ? count : sizeof(response));
  response[8] = 0x80; /* command/response code FS_ACC (0x8002), big-endian */
  response[9] = 0x02;
  return PassThroughReply(HBA_STATUS_OK, response, sizeof(response), OutBufferSize, Buffer, used);
}

/* The RNID accept of a discovered target: node identification data in the general format, common part only. */
static ULONG FillRnidAccept(ULONG target, ULONG format, PUCHAR out) {
  ZeroBytes(out, 24);
  out[0] = ELS_LS_ACC;
  out[4] = (UCHAR)format;
  out[5] = 16; /* common identification data: port name, node name */
  TargetPortWWN(target, out + 8);
  TargetNodeWWN(target, out + 16);
  return 24;
}

static UCHAR SendRNIDMethod(PFCHBA_EXTENSION ext, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer, PULONG used) {
  PSendRNID_IN in = (PSendRNID_IN)Buffer;
  PSendRNID_OUT out = (PSendRNID_OUT)Buffer;
  UCHAR accept[24];
  ULONG target, size = 0;
  UNREFERENCED_PARAMETER(ext);
  *used = 0;
  if (InBufferSize < SendRNID_IN_SIZE) {
    return SRB_STATUS_ERROR;
  }
  target = TargetByWWN(in->wwn);
  if (target < FCHBA_TARGETS) {
    size = FillRnidAccept(target, 0, accept);
  }
  *used = FIELD_OFFSET(SendRNID_OUT, ResponseBuffer) + size;
  if (OutBufferSize < *used) {
    return SRB_STATUS_DATA_OVERRUN;
  }
  out->HBAStatus = target < FCHBA_TARGETS ? HBA_STATUS_OK : HBA_STATUS_ERROR_ILLEGAL_WWN;
  out->ResponseBufferCount = size;
  ScsiPortMoveMemory(out->ResponseBuffer, accept, size);
  return SRB_STATUS_SUCCESS;
}

static UCHAR SendRNIDV2Method(PFCHBA_EXTENSION ext, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer,
                              PULONG used) {
  PSendRNIDV2_IN in = (PSendRNIDV2_IN)Buffer;
  UCHAR accept[24];
  ULONG target;
  *used = 0;
  if (InBufferSize < SendRNIDV2_IN_SIZE) {
    return SRB_STATUS_ERROR;
  }
  if (PortByWWN(ext, in->PortWWN) == FCHBA_PORTS) {
    return PassThroughReply(HBA_STATUS_ERROR_ILLEGAL_WWN, accept, 0, OutBufferSize, Buffer, used);
  }
  target = TargetByWWN(in->DestWWN);
  if (target == FCHBA_TARGETS) {
    return PassThroughReply(HBA_STATUS_ERROR_ILLEGAL_WWN, accept, 0, OutBufferSize, Buffer, used);
  }
  return PassThroughReply(HBA_STATUS_OK, accept, FillRnidAccept(target, in->NodeIdDataFormat, accept), OutBufferSize,
                          Buffer, used);
}

static UCHAR GetFC3MgmtInfoMethod(PFCHBA_EXTENSION ext, ULONG OutBufferSize, PUCHAR Buffer, PULONG used) {
  PGetFC3MgmtInfo_OUT out = (PGetFC3MgmtInfo_OUT)Buffer;
  *used = GetFC3MgmtInfo_OUT_SIZE;
  if (OutBufferSize < *used) {
    return SRB_STATUS_DATA_OVERRUN;
  }
  ZeroBytes(out, GetFC3MgmtInfo_OUT_SIZE);
  out->HBAStatus = HBA_STATUS_OK;
  out->MgmtInfo = ext->Fc3MgmtInfo;
  return SRB_STATUS_SUCCESS;
}

static UCHAR SetFC3MgmtInfoMethod(PFCHBA_EXTENSION ext, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer,
                                  PULONG used) {
  *used = 0;
  if (InBufferSize < SetFC3MgmtInfo_IN_SIZE) {
    return SRB_STATUS_ERROR;
  }
  *used = SetFC3MgmtInfo_OUT_SIZE;
  if (OutBufferSize < *used) {
    return SRB_STATUS_DATA_OVERRUN;
  }
  ScsiPortMoveMemory(&ext->Fc3MgmtInfo, &((PSetFC3MgmtInfo_IN)Buffer)->MgmtInfo, HBAFC3MgmtInfo_SIZE);
  ((PSetFC3MgmtInfo_OUT)Buffer)->HBAStatus = HBA_STATUS_OK;
  return SRB_STATUS_SUCCESS;
}

/* SendRPL: the fabric's Read Port List of our node, from portIndex on (FC-LS: 12 bytes, then 16 per port). */
static UCHAR SendRPLMethod(PFCHBA_EXTENSION ext, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer, PULONG used) {
  PSendRPL_IN in = (PSendRPL_IN)Buffer;
  UCHAR accept[12 + 16 * FCHBA_PORTS];
  ULONG first, count, i;
  *used = 0;
  if (InBufferSize < SendRPL_IN_SIZE) {
    return SRB_STATUS_ERROR;
  }
  ZeroBytes(accept, sizeof(accept));
  if (PortByWWN(ext, in->PortWWN) == FCHBA_PORTS) {
    return PassThroughReply(HBA_STATUS_ERROR_ILLEGAL_WWN, accept, 0, OutBufferSize, Buffer, used);
  }
  first = in->portIndex < FCHBA_PORTS ? in->portIndex : FCHBA_PORTS;
  count = FCHBA_PORTS - first;
  accept[0] = ELS_LS_ACC;
  accept[3] = (UCHAR)(12 + 16 * count); /* payload length */
  StoreBigEndian32(accept + 4, FCHBA_PORTS);
  StoreBigEndian32(accept + 8, first);
  for (i = 0; i < count; ++i) {
    PUCHAR entry = accept + 12 + 16 * i;
    StoreBigEndian32(entry, first + i);                          /* physical port number */
    StoreBigEndian32(entry + 4, ext->Ports[first + i].PortFcId); /* port identifier */
    ScsiPortMoveMemory(entry + 8, ext->Ports[first + i].PortWWN, 8);
  }
  return PassThroughReply(HBA_STATUS_OK, accept, 12 + 16 * count, OutBufferSize, Buffer, used);
}

/* SendRPS: Read Port Status of one of our ports (by ObjectWWN, else ObjectPortNumber): its state and LESB. */
static UCHAR SendRPSMethod(PFCHBA_EXTENSION ext, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer, PULONG used) {
  PSendRPS_IN in = (PSendRPS_IN)Buffer;
  UCHAR accept[36];
  ULONG port;
  *used = 0;
  if (InBufferSize < SendRPS_IN_SIZE) {
    return SRB_STATUS_ERROR;
  }
  ZeroBytes(accept, sizeof(accept));
  port = PortByWWN(ext, in->ObjectWWN);
  if (port == FCHBA_PORTS && in->ObjectPortNumber < FCHBA_PORTS) {
    port = in->ObjectPortNumber;
  }
  if (PortByWWN(ext, in->PortWWN) == FCHBA_PORTS || port == FCHBA_PORTS) {
    return PassThroughReply(HBA_STATUS_ERROR_ILLEGAL_WWN, accept, 0, OutBufferSize, Buffer, used);
  }
  accept[0] = ELS_LS_ACC;
  accept[7] = 0x01;                                                              /* flags: the port status is valid */
  accept[10] = ext->Ports[port].PortState == HBA_PORTSTATE_ONLINE ? 0x00 : 0x20; /* port status: 0 or "no signal" */
  FillLinkErrorStatus(&ext->Ports[port], accept + 12);
  return PassThroughReply(HBA_STATUS_OK, accept, sizeof(accept), OutBufferSize, Buffer, used);
}

/* SendSRL (scan remote loop) and SendLIRR (link incident record registration): the fabric accepts. */
static UCHAR SendAcceptedElsMethod(PFCHBA_EXTENSION ext, ULONG in_size, const UCHAR* port_wwn, ULONG InBufferSize,
                                   ULONG OutBufferSize, PUCHAR Buffer, PULONG used) {
  UCHAR accept[8];
  *used = 0;
  if (InBufferSize < in_size) {
    return SRB_STATUS_ERROR;
  }
  ZeroBytes(accept, sizeof(accept));
  if (PortByWWN(ext, port_wwn) == FCHBA_PORTS) {
    return PassThroughReply(HBA_STATUS_ERROR_ILLEGAL_WWN, accept, 0, OutBufferSize, Buffer, used);
  }
  accept[0] = ELS_LS_ACC;
  return PassThroughReply(HBA_STATUS_OK, accept, sizeof(accept), OutBufferSize, Buffer, used);
}

/* SendRLS: Read Link Error Status of our port or of a target (whose counters are all zero). */
static UCHAR SendRLSMethod(PFCHBA_EXTENSION ext, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer, PULONG used) {
  PSendRLS_IN in = (PSendRLS_IN)Buffer;
  UCHAR accept[28];
  ULONG port;
  *used = 0;
  if (InBufferSize < SendRLS_IN_SIZE) {
    return SRB_STATUS_ERROR;
  }
  ZeroBytes(accept, sizeof(accept));
  port = PortByWWN(ext, in->DestWWN);
  if (PortByWWN(ext, in->PortWWN) == FCHBA_PORTS ||
      (port == FCHBA_PORTS && TargetByWWN(in->DestWWN) == FCHBA_TARGETS)) {
    return PassThroughReply(HBA_STATUS_ERROR_ILLEGAL_WWN, accept, 0, OutBufferSize, Buffer, used);
  }
  accept[0] = ELS_LS_ACC;
  if (port < FCHBA_PORTS) {
    FillLinkErrorStatus(&ext->Ports[port], accept + 4);
  }
  return PassThroughReply(HBA_STATUS_OK, accept, sizeof(accept), OutBufferSize, Buffer, used);
}

/* FC-4 statistics in the units of MSFC_FC4STATISTICS, derived from a port's frame counters. */
static VOID FillFc4Statistics(PFCHBA_PORT port, ULONG share, PMSFC_FC4STATISTICS statistics) {
  statistics->InputRequests = port->RxFrames / (2 * share);
  statistics->OutputRequests = port->TxFrames / (4 * share);
  statistics->ControlRequests = port->TxFrames / (64 * share);
  statistics->InputMegabytes = (ULONGLONG)port->RxWords * 4 / (1024 * 1024 * share);
  statistics->OutputMegabytes = (ULONGLONG)port->TxWords * 4 / (1024 * 1024 * share);
}

static UCHAR GetFC4StatisticsMethod(PFCHBA_EXTENSION ext, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer,
                                    PULONG used) {
  PGetFC4Statistics_IN in = (PGetFC4Statistics_IN)Buffer;
  PGetFC4Statistics_OUT out = (PGetFC4Statistics_OUT)Buffer;
  ULONG port, fc4_type;
  *used = 0;
  if (InBufferSize < GetFC4Statistics_IN_SIZE) {
    return SRB_STATUS_ERROR;
  }
  *used = GetFC4Statistics_OUT_SIZE;
  if (OutBufferSize < *used) {
    return SRB_STATUS_DATA_OVERRUN;
  }
  port = PortByWWN(ext, in->PortWWN);
  fc4_type = in->FC4Type;
  ZeroBytes(out, GetFC4Statistics_OUT_SIZE);
  if (port == FCHBA_PORTS) {
    out->HBAStatus = HBA_STATUS_ERROR_ILLEGAL_WWN;
  } else if (fc4_type != FCP_FC4_TYPE) {
    out->HBAStatus = HBA_STATUS_ERROR_UNSUPPORTED_FC4;
  } else {
    out->HBAStatus = HBA_STATUS_OK;
    FillFc4Statistics(&ext->Ports[port], 1, &out->FC4Statistics);
  }
  return SRB_STATUS_SUCCESS;
}

static BOOLEAN LunExists(ULONG bus, ULONG target, ULONG lun) {
  return bus == 0 && target < FCHBA_TARGETS && lun < FCHBA_LUNS;
}

/* GetFCPStatistics: one LU's share of port 0's FCP traffic. */
static UCHAR GetFCPStatisticsMethod(PFCHBA_EXTENSION ext, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer,
                                    PULONG used) {
  HBAScsiID id;
  PGetFCPStatistics_OUT out = (PGetFCPStatistics_OUT)Buffer;
  *used = 0;
  if (InBufferSize < GetFCPStatistics_IN_SIZE) {
    return SRB_STATUS_ERROR;
  }
  *used = GetFCPStatistics_OUT_SIZE;
  if (OutBufferSize < *used) {
    return SRB_STATUS_DATA_OVERRUN;
  }
  ScsiPortMoveMemory(&id, &((PGetFCPStatistics_IN)Buffer)->ScsiId, HBAScsiID_SIZE);
  ZeroBytes(out, GetFCPStatistics_OUT_SIZE);
  if (!LunExists(id.ScsiBusNumber, id.ScsiTargetNumber, id.ScsiOSLun)) {
    out->HBAStatus = HBA_STATUS_ERROR_INVALID_LUN;
  } else {
    out->HBAStatus = HBA_STATUS_OK;
    FillFc4Statistics(&ext->Ports[0], FCHBA_TARGETS * FCHBA_LUNS, &out->FC4Statistics);
  }
  return SRB_STATUS_SUCCESS;
}

/* The SCSI pass-throughs (ScsiInquiry, ScsiReadCapacity, ScsiReportLuns): HBAStatus, the response and sense sizes,
 * the SCSI status, then the response bytes and the sense bytes. A LUN that does not exist answers CHECK CONDITION
 * with ILLEGAL REQUEST / LOGICAL UNIT NOT SUPPORTED sense, as the disk would. */
static UCHAR ScsiPassThroughReply(const UCHAR* response, ULONG response_size, BOOLEAN lun_missing, ULONG OutBufferSize,
                                  PUCHAR Buffer, PULONG used) {
  PScsiInquiry_OUT out = (PScsiInquiry_OUT)Buffer; /* the three methods share this output layout */
  UCHAR sense[18];
  ULONG sense_size = lun_missing ? sizeof(sense) : 0;
  ZeroBytes(sense, sizeof(sense));
  if (lun_missing) {
    response_size = 0;
    sense[0] = 0x70;              /* current error, fixed format */
    sense[2] = 0x05;              /* ILLEGAL REQUEST */
    sense[7] = sizeof(sense) - 8; /* additional sense length */
    sense[12] = 0x25;             /* LOGICAL UNIT NOT SUPPORTED */
  }
  *used = FIELD_OFFSET(ScsiInquiry_OUT, ResponseBuffer) + response_size + sense_size;
  if (OutBufferSize < *used) {
    return SRB_STATUS_DATA_OVERRUN;
  }
  out->HBAStatus = lun_missing ? HBA_STATUS_SCSI_CHECK_CONDITION : HBA_STATUS_OK;
  out->ResponseBufferSize = response_size;
  out->SenseBufferSize = sense_size;
  out->ScsiStatus = lun_missing ? SCSISTAT_CHECK_CONDITION : SCSISTAT_GOOD;
  ScsiPortMoveMemory(out->ResponseBuffer, (PVOID)response, response_size);
  ScsiPortMoveMemory(out->ResponseBuffer + response_size, sense, sense_size);
  return SRB_STATUS_SUCCESS;
}

/* The target and LUN a SCSI pass-through addresses, or FALSE when the HBA port or the target port is unknown. */
static BOOLEAN PassThroughTarget(PFCHBA_EXTENSION ext, const UCHAR* hba_port, const UCHAR* target_port, PULONG target) {
  *target = TargetByWWN(target_port);
  return PortByWWN(ext, hba_port) == 0 && *target < FCHBA_TARGETS;
}

static UCHAR ScsiInquiryMethod(PFCHBA_EXTENSION ext, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer,
                               PULONG used) {
  PScsiInquiry_IN in = (PScsiInquiry_IN)Buffer;
  UCHAR inquiry[INQUIRYDATABUFFERSIZE];
  ULONG target, lun;
  *used = 0;
  if (InBufferSize < ScsiInquiry_IN_SIZE) {
    return SRB_STATUS_ERROR;
  }
  if (!PassThroughTarget(ext, in->HbaPortWWN, in->DiscoveredPortWWN, &target)) {
    return PassThroughReply(HBA_STATUS_ERROR_ILLEGAL_WWN, inquiry, 0, OutBufferSize, Buffer, used);
  }
  lun = (ULONG)(in->FcLun >> 48); /* single-level FCP LUN in the first two bytes */
  FillInquiryData(inquiry);
  return ScsiPassThroughReply(inquiry, sizeof(inquiry), !LunExists(0, target, lun), OutBufferSize, Buffer, used);
}

static UCHAR ScsiReadCapacityMethod(PFCHBA_EXTENSION ext, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer,
                                    PULONG used) {
  PScsiReadCapacity_IN in = (PScsiReadCapacity_IN)Buffer;
  ULONG target, lun;
  *used = 0;
  if (InBufferSize < ScsiReadCapacity_IN_SIZE) {
    return SRB_STATUS_ERROR;
  }
  if (!PassThroughTarget(ext, in->HbaPortWWN, in->DiscoveredPortWWN, &target)) {
    return PassThroughReply(HBA_STATUS_ERROR_ILLEGAL_WWN, NULL, 0, OutBufferSize, Buffer, used);
  }
  lun = (ULONG)(in->FcLun >> 48);
  return ScsiPassThroughReply(FchbaCapacityData, sizeof(FchbaCapacityData), !LunExists(0, target, lun), OutBufferSize,
                              Buffer, used);
}

static UCHAR ScsiReportLunsMethod(PFCHBA_EXTENSION ext, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer,
                                  PULONG used) {
  PScsiReportLuns_IN in = (PScsiReportLuns_IN)Buffer;
  UCHAR luns[8 + 8 * FCHBA_LUNS];
  ULONG target, i;
  *used = 0;
  if (InBufferSize < ScsiReportLuns_IN_SIZE) {
    return SRB_STATUS_ERROR;
  }
  if (!PassThroughTarget(ext, in->HbaPortWWN, in->DiscoveredPortWWN, &target)) {
    return PassThroughReply(HBA_STATUS_ERROR_ILLEGAL_WWN, luns, 0, OutBufferSize, Buffer, used);
  }
  ZeroBytes(luns, sizeof(luns));
  StoreBigEndian32(luns, 8 * FCHBA_LUNS); /* LUN list length */
  for (i = 0; i < FCHBA_LUNS; ++i) {
    luns[8 + 8 * i + 1] = (UCHAR)i; /* peripheral device addressing, single level */
  }
  return ScsiPassThroughReply(luns, sizeof(luns), FALSE, OutBufferSize, Buffer, used);
}

/* GetEventBuffer: the link changes since the last call, oldest first; reading empties the buffer. */
static UCHAR GetEventBufferMethod(PFCHBA_EXTENSION ext, ULONG OutBufferSize, PUCHAR Buffer, PULONG used) {
  PGetEventBuffer_OUT out = (PGetEventBuffer_OUT)Buffer;
  *used = FIELD_OFFSET(GetEventBuffer_OUT, Events) + ext->EventLogCount * sizeof(MSFC_EventBuffer);
  if (OutBufferSize < *used) {
    return SRB_STATUS_DATA_OVERRUN; /* the events stay for the retry */
  }
  out->HBAStatus = HBA_STATUS_OK;
  out->EventCount = ext->EventLogCount;
  ScsiPortMoveMemory(out->Events, ext->EventLog, ext->EventLogCount * sizeof(MSFC_EventBuffer));
  ext->EventLogCount = 0;
  return SRB_STATUS_SUCCESS;
}

/* ---- WMI: persistent bindings (MSFC_HBAFCPInfo) ----------------------------------------------------------------- */

static UCHAR GetFcpPersistentBindingMethod(PFCHBA_EXTENSION ext, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer,
                                           PULONG used) {
  PGetFcpPersistentBinding_OUT out = (PGetFcpPersistentBinding_OUT)Buffer;
  ULONG count, i;
  *used = 0;
  if (InBufferSize < GetFcpPersistentBinding_IN_SIZE) {
    return SRB_STATUS_ERROR;
  }
  count = ((PGetFcpPersistentBinding_IN)Buffer)->InEntryCount;
  count = count < ext->BindingCount ? count : ext->BindingCount;
  *used = FIELD_OFFSET(GetFcpPersistentBinding_OUT, Entry) + count * sizeof(HBAFCPBindingEntry);
  if (OutBufferSize < *used) {
    return SRB_STATUS_DATA_OVERRUN;
  }
  ZeroBytes(out, *used);
  out->HBAStatus = count < ext->BindingCount ? HBA_STATUS_ERROR_MORE_DATA : HBA_STATUS_OK;
  out->TotalEntryCount = ext->BindingCount;
  out->OutEntryCount = count;
  for (i = 0; i < count; ++i) {
    out->Entry[i].Type = ext->Bindings[i].Type;
    out->Entry[i].FCPId = ext->Bindings[i].FCPId;
    ScsiPortMoveMemory(&out->Entry[i].ScsiId, &ext->Bindings[i].ScsiId, HBAScsiID_SIZE);
  }
  return SRB_STATUS_SUCCESS;
}

static UCHAR GetPersistentBinding2Method(PFCHBA_EXTENSION ext, ULONG InBufferSize, ULONG OutBufferSize, PUCHAR Buffer,
                                         PULONG used) {
  PGetPersistentBinding2_IN in = (PGetPersistentBinding2_IN)Buffer;
  PGetPersistentBinding2_OUT out = (PGetPersistentBinding2_OUT)Buffer;
  ULONG port, total, count, i;
  *used = 0;
  if (InBufferSize < GetPersistentBinding2_IN_SIZE) {
    return SRB_STATUS_ERROR;
  }
  port = PortByWWN(ext, in->PortWWN);
  total = port == 0 ? ext->BindingCount : 0; /* every target is behind port 0 */
  count = in->InEntryCount < total ? in->InEntryCount : total;
  *used = FIELD_OFFSET(GetPersistentBinding2_OUT, Bindings) + count * sizeof(HBAFCPBindingEntry2);
  if (OutBufferSize < *used) {
    return SRB_STATUS_DATA_OVERRUN;
  }
  ZeroBytes(out, *used);
  out->HBAStatus = port == FCHBA_PORTS ? HBA_STATUS_ERROR_ILLEGAL_WWN
                   : count < total     ? HBA_STATUS_ERROR_MORE_DATA
                                       : HBA_STATUS_OK;
  out->TotalEntryCount = total;
  out->OutEntryCount = count;
  for (i = 0; i < count; ++i) {
    ScsiPortMoveMemory(&out->Bindings[i], &ext->Bindings[i], sizeof(HBAFCPBindingEntry2));
  }
  return SRB_STATUS_SUCCESS;
}

/* GetBindingCapability, GetBindingSupport, SetBindingSupport: the bind types the HBA can do, and those enabled. */
static UCHAR BindingSupportMethod(PFCHBA_EXTENSION ext, ULONG MethodId, ULONG InBufferSize, ULONG OutBufferSize,
                                  PUCHAR Buffer, PULONG used) {
  ULONG in_size = MethodId == SetBindingSupport ? SetBindingSupport_IN_SIZE : GetBindingSupport_IN_SIZE;
  ULONG status = HBA_STATUS_OK;
  ULONG port;
  *used = 0;
  if (InBufferSize < in_size) {
    return SRB_STATUS_ERROR;
  }
  port = PortByWWN(ext, Buffer); /* PortWWN comes first in the three inputs */
  if (MethodId == SetBindingSupport) {
    ULONG requested = ((PSetBindingSupport_IN)Buffer)->BindType;
    *used = SetBindingSupport_OUT_SIZE;
    if (OutBufferSize < *used) {
      return SRB_STATUS_DATA_OVERRUN;
    }
    if (port == FCHBA_PORTS) {
      status = HBA_STATUS_ERROR_ILLEGAL_WWN;
    } else if ((requested & ~FCHBA_BIND_CAPABILITY) != 0) {
      status = HBA_STATUS_ERROR_NOT_SUPPORTED;
    } else {
      ext->BindingSupport = requested;
    }
    ((PSetBindingSupport_OUT)Buffer)->HBAStatus = status;
    return SRB_STATUS_SUCCESS;
  }
  *used = GetBindingSupport_OUT_SIZE; /* the same output for both getters */
  if (OutBufferSize < *used) {
    return SRB_STATUS_DATA_OVERRUN;
  }
  ((PGetBindingSupport_OUT)Buffer)->HBAStatus = port == FCHBA_PORTS ? HBA_STATUS_ERROR_ILLEGAL_WWN : HBA_STATUS_OK;
  ((PGetBindingSupport_OUT)Buffer)->BindType =
      port == FCHBA_PORTS ? 0 : (MethodId == GetBindingCapability ? FCHBA_BIND_CAPABILITY : ext->BindingSupport);
  return SRB_STATUS_SUCCESS;
}

static BOOLEAN SameScsiId(const HBAScsiID* a, const HBAScsiID* b) {
  return a->ScsiBusNumber == b->ScsiBusNumber && a->ScsiTargetNumber == b->ScsiTargetNumber &&
         a->ScsiOSLun == b->ScsiOSLun;
}

/* SetPersistentEntry / RemovePersistentEntry: a binding maps an FCP target (by D_ID, WWPN or WWNN, as its Type
 * says) to the SCSI address the OS sees. The bind type must be enabled and the target must exist. */
static UCHAR PersistentEntryMethod(PFCHBA_EXTENSION ext, ULONG MethodId, ULONG InBufferSize, ULONG OutBufferSize,
                                   PUCHAR Buffer, PULONG used) {
  PSetPersistentEntry_IN in = (PSetPersistentEntry_IN)Buffer; /* RemovePersistentEntry_IN is the same */
  HBAFCPBindingEntry2 binding;
  ULONG status = HBA_STATUS_OK;
  ULONG i, found = FCHBA_MAX_BINDINGS;
  *used = 0;
  if (InBufferSize < SetPersistentEntry_IN_SIZE) {
    return SRB_STATUS_ERROR;
  }
  *used = SetPersistentEntry_OUT_SIZE;
  if (OutBufferSize < *used) {
    return SRB_STATUS_DATA_OVERRUN;
  }
  ScsiPortMoveMemory(&binding, &in->Binding, sizeof(binding));
  for (i = 0; i < ext->BindingCount; ++i) {
    if (SameScsiId(&ext->Bindings[i].ScsiId, &binding.ScsiId)) {
      found = i;
    }
  }
  if (PortByWWN(ext, in->PortWWN) != 0) {
    status = HBA_STATUS_ERROR_ILLEGAL_WWN;
  } else if (MethodId == RemovePersistentEntry) {
    if (found == FCHBA_MAX_BINDINGS) {
      status = HBA_STATUS_ERROR_NO_SUCH_BINDING;
    } else {
      ext->BindingCount--;
      ScsiPortMoveMemory(&ext->Bindings[found], &ext->Bindings[found + 1],
                         (ext->BindingCount - found) * sizeof(HBAFCPBindingEntry2));
    }
  } else if ((binding.Type & ext->BindingSupport) == 0 || (binding.Type & ~FCHBA_BIND_CAPABILITY) != 0) {
    status = HBA_STATUS_ERROR_NOT_SUPPORTED;
  } else if (TargetByWWN(binding.FCPId.PortWWN) == FCHBA_TARGETS &&
             TargetByWWN(binding.FCPId.NodeWWN) == FCHBA_TARGETS &&
             (binding.FCPId.Fcid < 0x010200 || binding.FCPId.Fcid >= 0x010200 + FCHBA_TARGETS)) {
    status = HBA_STATUS_ERROR_NOT_A_TARGET;
  } else if (found != FCHBA_MAX_BINDINGS) {
    status = HBA_STATUS_ERROR_LOCAL_SCSIID_BOUND;
  } else if (ext->BindingCount == FCHBA_MAX_BINDINGS) {
    status = HBA_STATUS_ERROR;
  } else {
    ext->Bindings[ext->BindingCount++] = binding;
  }
  ((PSetPersistentEntry_OUT)Buffer)->HBAStatus = status;
  return SRB_STATUS_SUCCESS;
}

/* The MSFC_HBAAdapterMethods beyond the port attributes and RefreshInformation. */
static UCHAR PassThroughMethod(PFCHBA_EXTENSION ext, ULONG MethodId, ULONG InBufferSize, ULONG OutBufferSize,
                               PUCHAR Buffer, PULONG used) {
  switch (MethodId) {
    case SendCTPassThru:
      return SendCTPassThruMethod(ext, InBufferSize, OutBufferSize, Buffer, used);
    case SendRNID:
      return SendRNIDMethod(ext, InBufferSize, OutBufferSize, Buffer, used);
    case SendRNIDV2:
      return SendRNIDV2Method(ext, InBufferSize, OutBufferSize, Buffer, used);
    case GetFC3MgmtInfo:
      return GetFC3MgmtInfoMethod(ext, OutBufferSize, Buffer, used);
    case SetFC3MgmtInfo:
      return SetFC3MgmtInfoMethod(ext, InBufferSize, OutBufferSize, Buffer, used);
    case SendRPL:
      return SendRPLMethod(ext, InBufferSize, OutBufferSize, Buffer, used);
    case SendRPS:
      return SendRPSMethod(ext, InBufferSize, OutBufferSize, Buffer, used);
    case SendSRL:
      return SendAcceptedElsMethod(ext, SendSRL_IN_SIZE, Buffer, InBufferSize, OutBufferSize, Buffer, used);
    case SendLIRR:
      return SendAcceptedElsMethod(ext, SendLIRR_IN_SIZE, Buffer, InBufferSize, OutBufferSize, Buffer, used);
    case GetFC4Statistics:
      return GetFC4StatisticsMethod(ext, InBufferSize, OutBufferSize, Buffer, used);
    case GetFCPStatistics:
      return GetFCPStatisticsMethod(ext, InBufferSize, OutBufferSize, Buffer, used);
    case ScsiInquiry:
      return ScsiInquiryMethod(ext, InBufferSize, OutBufferSize, Buffer, used);
    case ScsiReadCapacity:
      return ScsiReadCapacityMethod(ext, InBufferSize, OutBufferSize, Buffer, used);
    case ScsiReportLuns:
      return ScsiReportLunsMethod(ext, InBufferSize, OutBufferSize, Buffer, used);
    case GetEventBuffer:
      return GetEventBufferMethod(ext, OutBufferSize, Buffer, used);
    case SendRLS:
      return SendRLSMethod(ext, InBufferSize, OutBufferSize, Buffer, used);
    default:
      *used = 0;
      return SRB_STATUS_INVALID_REQUEST;
  }
}

static BOOLEAN FchbaExecuteMethod(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG GuidIndex,
                                  ULONG InstanceIndex, ULONG MethodId, ULONG InBufferSize, ULONG OutBufferSize,
                                  PUCHAR Buffer) {
  PFCHBA_EXTENSION ext = (PFCHBA_EXTENSION)DeviceContext;
  UCHAR status = SRB_STATUS_INVALID_REQUEST;
  ULONG used = 0;
  switch (GuidIndex) {
    case PortMethodsIndex:
      if (MethodId == ResetStatistics && InstanceIndex < FCHBA_PORTS) {
        ResetPortStatistics(&ext->Ports[InstanceIndex]); /* no output: nothing to check first */
        status = SRB_STATUS_SUCCESS;
      }
      break;
    case AdapterMethodsIndex:
      if (MethodId == GetDiscoveredPortAttributes) {
        status = GetDiscoveredPortAttributesMethod(ext, InBufferSize, OutBufferSize, Buffer, &used);
      } else if (MethodId == GetPortAttributesByWWN) {
        status = GetPortAttributesByWWNMethod(ext, InBufferSize, OutBufferSize, Buffer, &used);
      } else if (MethodId == RefreshInformation) {
        ext->RefreshCount++;
        FireAdapterEvent(ext, HBA_EVENT_ADAPTER_CHANGE);
        status = SRB_STATUS_SUCCESS;
      } else {
        status = PassThroughMethod(ext, MethodId, InBufferSize, OutBufferSize, Buffer, &used);
      }
      break;
    case FcpInfoIndex:
      if (MethodId == GetFcpTargetMapping) {
        status = GetFcpTargetMappingMethod(ext, InBufferSize, OutBufferSize, Buffer, &used);
      } else if (MethodId == GetFcpPersistentBinding) {
        status = GetFcpPersistentBindingMethod(ext, InBufferSize, OutBufferSize, Buffer, &used);
      } else if (MethodId == GetBindingCapability || MethodId == GetBindingSupport || MethodId == SetBindingSupport) {
        status = BindingSupportMethod(ext, MethodId, InBufferSize, OutBufferSize, Buffer, &used);
      } else if (MethodId == GetPersistentBinding2) {
        status = GetPersistentBinding2Method(ext, InBufferSize, OutBufferSize, Buffer, &used);
      } else if (MethodId == SetPersistentEntry || MethodId == RemovePersistentEntry) {
        status = PersistentEntryMethod(ext, MethodId, InBufferSize, OutBufferSize, Buffer, &used);
      }
      break;
    default:
      break;
  }
  if (status != SRB_STATUS_SUCCESS && status != SRB_STATUS_DATA_OVERRUN) {
    used = 0;
  }
  ScsiPortWmiPostProcess(RequestContext, status, used);
  return status;
}

static BOOLEAN FchbaFunctionControl(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG GuidIndex,
                                    SCSIWMI_ENABLE_DISABLE_CONTROL Function, BOOLEAN Enable) {
  PFCHBA_EXTENSION ext = (PFCHBA_EXTENSION)DeviceContext;
  if (Function == ScsiWmiEventControl) {
    if (GuidIndex == LinkEventIndex) {
      ext->LinkEventEnabled = Enable;
    } else if (GuidIndex == AdapterEventIndex) {
      ext->AdapterEventEnabled = Enable;
    }
  }
  ScsiPortWmiPostProcess(RequestContext, SRB_STATUS_SUCCESS, 0);
  return SRB_STATUS_SUCCESS;
}

static UCHAR FchbaQueryRegInfo(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext, PWCHAR* MofResourceName) {
  UNREFERENCED_PARAMETER(DeviceContext);
  UNREFERENCED_PARAMETER(RequestContext);
  *MofResourceName = FchbaMofResourceName;
  return SRB_STATUS_SUCCESS;
}

/* The logical units serve no blocks of their own: an empty GUID list. */
static UCHAR FchbaLuQueryRegInfo(PVOID DeviceContext, PSCSIWMI_REQUEST_CONTEXT RequestContext,
                                 PWCHAR* MofResourceName) {
  UNREFERENCED_PARAMETER(DeviceContext);
  UNREFERENCED_PARAMETER(RequestContext);
  *MofResourceName = NULL;
  return SRB_STATUS_SUCCESS;
}

static BOOLEAN FchbaLuQueryDataBlock(PVOID Context, PSCSIWMI_REQUEST_CONTEXT DispatchContext, ULONG GuidIndex,
                                     ULONG InstanceIndex, ULONG InstanceCount, PULONG InstanceLengthArray,
                                     ULONG BufferAvail, PUCHAR Buffer) {
  UNREFERENCED_PARAMETER(Context);
  UNREFERENCED_PARAMETER(GuidIndex);
  UNREFERENCED_PARAMETER(InstanceIndex);
  UNREFERENCED_PARAMETER(InstanceCount);
  UNREFERENCED_PARAMETER(InstanceLengthArray);
  UNREFERENCED_PARAMETER(BufferAvail);
  UNREFERENCED_PARAMETER(Buffer);
  ScsiPortWmiPostProcess(DispatchContext, SRB_STATUS_ERROR, 0);
  return SRB_STATUS_ERROR;
}

static VOID FchbaInitializeWmi(PFCHBA_EXTENSION ext) {
  static const GUID* const guids[FchbaGuidCount] = {&MSFC_FCAdapterHBAAttributes_GUID,
                                                    &MSFC_FibrePortHBAAttributes_GUID,
                                                    &MSFC_FibrePortHBAStatistics_GUID,
                                                    &MSFC_HBAPortStatistics_GUID,
                                                    &MSFC_FibrePortHBAMethods_GUID,
                                                    &MSFC_HBAAdapterMethods_GUID,
                                                    &MSFC_HBAFCPInfo_GUID,
                                                    &MSFC_LinkEvent_GUID,
                                                    &MSFC_AdapterEvent_GUID};
  static const ULONG counts[FchbaGuidCount] = {1, FCHBA_PORTS, FCHBA_PORTS, FCHBA_PORTS, FCHBA_PORTS, 1, 1, 1, 1};
  ULONG i;
  for (i = 0; i < FchbaGuidCount; ++i) {
    ext->GuidList[i].Guid = guids[i];
    ext->GuidList[i].InstanceCount = counts[i];
    ext->GuidList[i].Flags = 0;
  }
  ext->GuidList[LinkEventIndex].Flags = WMIREG_FLAG_EVENT_ONLY_GUID;
  ext->GuidList[AdapterEventIndex].Flags = WMIREG_FLAG_EVENT_ONLY_GUID;

  ext->AdapterWmiLib.GuidCount = FchbaGuidCount;
  ext->AdapterWmiLib.GuidList = ext->GuidList;
  ext->AdapterWmiLib.QueryWmiRegInfo = FchbaQueryRegInfo;
  ext->AdapterWmiLib.QueryWmiDataBlock = FchbaQueryDataBlock;
  ext->AdapterWmiLib.SetWmiDataBlock = NULL; /* every hbaapi data block is read-only */
  ext->AdapterWmiLib.SetWmiDataItem = NULL;
  ext->AdapterWmiLib.ExecuteWmiMethod = FchbaExecuteMethod;
  ext->AdapterWmiLib.WmiFunctionControl = FchbaFunctionControl;

  ext->LogicalUnitWmiLib.GuidCount = 0;
  ext->LogicalUnitWmiLib.GuidList = NULL;
  ext->LogicalUnitWmiLib.QueryWmiRegInfo = FchbaLuQueryRegInfo;
  ext->LogicalUnitWmiLib.QueryWmiDataBlock = FchbaLuQueryDataBlock;
}

/* ---- SCSI ------------------------------------------------------------------------------------------------------- */

static BOOLEAN FchbaLunPresent(PSCSI_REQUEST_BLOCK Srb) {
  return Srb->PathId == 0 && Srb->TargetId < FCHBA_TARGETS && Srb->Lun < FCHBA_LUNS;
}

static UCHAR FchbaInquiry(PSCSI_REQUEST_BLOCK Srb) {
  UCHAR inquiry[INQUIRYDATABUFFERSIZE];
  ULONG length = Srb->DataTransferLength < INQUIRYDATABUFFERSIZE ? Srb->DataTransferLength : INQUIRYDATABUFFERSIZE;
  if (Srb->Cdb[1] & 0x01) {
    return SRB_STATUS_INVALID_REQUEST; /* no vital product data pages */
  }
  FillInquiryData(inquiry);
  ScsiPortMoveMemory(Srb->DataBuffer, inquiry, length);
  Srb->DataTransferLength = length;
  return SRB_STATUS_SUCCESS;
}

static UCHAR FchbaReadCapacity(PSCSI_REQUEST_BLOCK Srb) {
  if (Srb->DataTransferLength < sizeof(FchbaCapacityData)) {
    return SRB_STATUS_DATA_OVERRUN;
  }
  ScsiPortMoveMemory(Srb->DataBuffer, (PVOID)FchbaCapacityData, sizeof(FchbaCapacityData));
  Srb->DataTransferLength = sizeof(FchbaCapacityData);
  return SRB_STATUS_SUCCESS;
}

static UCHAR FchbaExecuteScsi(PSCSI_REQUEST_BLOCK Srb) {
  if (!FchbaLunPresent(Srb)) {
    return SRB_STATUS_SELECTION_TIMEOUT;
  }
  switch (Srb->Cdb[0]) {
    case SCSIOP_INQUIRY:
      return FchbaInquiry(Srb);
    case SCSIOP_TEST_UNIT_READY:
      Srb->DataTransferLength = 0;
      return SRB_STATUS_SUCCESS;
    case SCSIOP_READ_CAPACITY:
      return FchbaReadCapacity(Srb);
    default:
      return SRB_STATUS_INVALID_REQUEST;
  }
}

static BOOLEAN FchbaStartIo(PVOID HwDeviceExtension, PSCSI_REQUEST_BLOCK Srb) {
  PFCHBA_EXTENSION ext = (PFCHBA_EXTENSION)HwDeviceExtension;
  switch (Srb->Function) {
    case SRB_FUNCTION_WMI: {
      PSCSI_WMI_REQUEST_BLOCK wmi = (PSCSI_WMI_REQUEST_BLOCK)Srb;
      PSCSIWMI_REQUEST_CONTEXT context = &((PFCHBA_SRB_EXTENSION)Srb->SrbExtension)->WmiContext;
      PSCSI_WMILIB_CONTEXT lib =
          (wmi->WMIFlags & SRB_WMI_FLAGS_ADAPTER_REQUEST) ? &ext->AdapterWmiLib : &ext->LogicalUnitWmiLib;
      BOOLEAN pending;
      context->UserContext = Srb;
      pending = ScsiPortWmiDispatchFunction(lib, wmi->WMISubFunction, ext, context, wmi->DataPath,
                                            wmi->DataTransferLength, wmi->DataBuffer);
      if (pending) {
        return TRUE; /* this miniport never pends: every callback post-processes before it returns */
      }
      Srb->DataTransferLength = ScsiPortWmiGetReturnSize(context);
      Srb->SrbStatus = ScsiPortWmiGetReturnStatus(context);
      break;
    }
    case SRB_FUNCTION_EXECUTE_SCSI:
      Srb->SrbStatus = FchbaExecuteScsi(Srb);
      break;
    case SRB_FUNCTION_RESET_BUS:
    case SRB_FUNCTION_RESET_DEVICE:
    case SRB_FUNCTION_FLUSH:
    case SRB_FUNCTION_SHUTDOWN:
    case SRB_FUNCTION_ABORT_COMMAND:
      Srb->SrbStatus = SRB_STATUS_SUCCESS;
      break;
    default:
      Srb->SrbStatus = SRB_STATUS_INVALID_REQUEST;
      break;
  }
  ScsiPortNotification(RequestComplete, HwDeviceExtension, Srb);
  ScsiPortNotification(NextRequest, HwDeviceExtension);
  return TRUE;
}

/* ---- adapter bring-up ------------------------------------------------------------------------------------------- */

static ULONG FchbaFindAdapter(PVOID HwDeviceExtension, PVOID HwContext, PVOID BusInformation, PCHAR ArgumentString,
                              PPORT_CONFIGURATION_INFORMATION ConfigInfo, PBOOLEAN Again) {
  PFCHBA_EXTENSION ext = (PFCHBA_EXTENSION)HwDeviceExtension;
  static const UCHAR node_wwn[8] = {0x20, 0x00, 0x00, 0x00, 0xc9, 0xab, 0xcd, 0xef};
  ULONG i;
  UNREFERENCED_PARAMETER(HwContext);
  UNREFERENCED_PARAMETER(BusInformation);
  UNREFERENCED_PARAMETER(ArgumentString);
  *Again = FALSE;
  ConfigInfo->NumberOfBuses = 1;
  ConfigInfo->MaximumNumberOfTargets = FCHBA_TARGETS;
  ConfigInfo->MaximumNumberOfLogicalUnits = FCHBA_LUNS;
  ConfigInfo->InitiatorBusId[0] = 7;
  ConfigInfo->MaximumTransferLength = 0x100000;
  ConfigInfo->ScatterGather = TRUE;
  ConfigInfo->Master = TRUE;
  ConfigInfo->CachesData = FALSE;
  ConfigInfo->WmiDataProvider = TRUE;

  ZeroBytes(ext, sizeof(*ext));
  ScsiPortMoveMemory(ext->NodeWWN, (PVOID)node_wwn, 8);
  for (i = 0; i < FCHBA_PORTS; ++i) {
    PFCHBA_PORT port = &ext->Ports[i];
    ScsiPortMoveMemory(port->PortWWN, (PVOID)node_wwn, 8);
    port->PortWWN[0] = 0x21;
    port->PortWWN[1] = (UCHAR)i;
    port->PortFcId = 0x010100 + i;
    port->PortState = HBA_PORTSTATE_ONLINE;
    ResetPortStatistics(port);
  }
  /* FC-3 management: a management server reachable over IPv4 on the fabric. */
  ext->Fc3MgmtInfo.UniqueAdapterId = 0x20000000C9ABCDEFull;
  ScsiPortMoveMemory(ext->Fc3MgmtInfo.wwn, ext->NodeWWN, 8);
  ext->Fc3MgmtInfo.unittype = 1;
  ext->Fc3MgmtInfo.PortId = ext->Ports[0].PortFcId;
  ext->Fc3MgmtInfo.NumberOfAttachedNodes = FCHBA_TARGETS;
  ext->Fc3MgmtInfo.IPVersion = 4;
  ext->Fc3MgmtInfo.UDPPort = 162;
  ext->Fc3MgmtInfo.IPAddress[0] = 192;
  ext->Fc3MgmtInfo.IPAddress[1] = 0;
  ext->Fc3MgmtInfo.IPAddress[2] = 2;
  ext->Fc3MgmtInfo.IPAddress[3] = 10;
  ext->BindingSupport = HBA_BIND_TO_WWPN;
  FchbaInitializeWmi(ext);
  return SP_RETURN_FOUND;
}

static BOOLEAN FchbaInitialize(PVOID HwDeviceExtension) {
  ScsiPortNotification(RequestTimerCall, HwDeviceExtension, FchbaTimer, (ULONG)FCHBA_TIMER_US);
  return TRUE;
}

static BOOLEAN FchbaResetBus(PVOID HwDeviceExtension, ULONG PathId) {
  ScsiPortCompleteRequest(HwDeviceExtension, (UCHAR)PathId, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET);
  return TRUE;
}

ULONG DriverEntry(PVOID DriverObject, PVOID RegistryPath) {
  HW_INITIALIZATION_DATA init;
  ZeroBytes(&init, sizeof(init));
  init.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
  init.AdapterInterfaceType = Internal;
  init.HwInitialize = FchbaInitialize;
  init.HwStartIo = FchbaStartIo;
  init.HwFindAdapter = FchbaFindAdapter;
  init.HwResetBus = FchbaResetBus;
  init.DeviceExtensionSize = sizeof(FCHBA_EXTENSION);
  init.SrbExtensionSize = sizeof(FCHBA_SRB_EXTENSION);
  init.NumberOfAccessRanges = 0;
  init.MapBuffers = TRUE;
  init.AutoRequestSense = TRUE;
  init.MultipleRequestPerLu = FALSE;
  return ScsiPortInitialize(DriverObject, RegistryPath, &init, NULL);
}
