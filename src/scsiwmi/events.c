/* src/scsiwmi/events.c - ScsiPortWmiFireLogicalUnitEvent (ScsiPortWmiFireAdapterEvent is the macro with PathId
 * 0xff): builds a WNODE_SINGLE_INSTANCE event in the 0x40 bytes the miniport reserved in front of the payload
 * (spec §1.2; 0x40 == sizeof(WNODE_SINGLE_INSTANCE)) and hands it to the port with ScsiPortNotification(WMIEvent).
 *
 * ProviderId and TimeStamp stay 0: the port knows the device object and stamps them. Whether the event is enabled
 * is not checked here (the library keeps no state between requests): the port or the verifier enforces it, and
 * Storport-style size limits are the port's too (docs/scsiwmi-port-contract.md).
 */
#include "scsiwmi_internal.h"

#define SCSIWMI_EVENT_HEADER_SIZE 0x40
_Static_assert(SCSIWMI_EVENT_HEADER_SIZE == sizeof(WNODE_SINGLE_INSTANCE), "the reserved gap holds the WNODE");

VOID ScsiPortWmiFireLogicalUnitEvent(PVOID HwDeviceExtension, UCHAR PathId, UCHAR TargetId, UCHAR Lun, LPGUID Guid,
                                     ULONG InstanceIndex, ULONG EventDataSize, PVOID EventData) {
  PUCHAR wnode = (PUCHAR)EventData;
  if (Guid == NULL || EventData == NULL || EventDataSize > 0xffffffffu - SCSIWMI_EVENT_HEADER_SIZE) {
    scsiwmi_report(ScsiWmiRuleEventArguments, NULL, EventDataSize);
    return;
  }
  memset(wnode, 0, SCSIWMI_EVENT_HEADER_SIZE);
  scsiwmi_store32(wnode, offsetof(WNODE_HEADER, BufferSize), SCSIWMI_EVENT_HEADER_SIZE + EventDataSize);
  memcpy(wnode + offsetof(WNODE_HEADER, Guid), Guid, sizeof(GUID));
  scsiwmi_store32(wnode, offsetof(WNODE_HEADER, Flags),
                  WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_STATIC_INSTANCE_NAMES);
  scsiwmi_store32(wnode, offsetof(WNODE_SINGLE_INSTANCE, InstanceIndex), InstanceIndex);
  scsiwmi_store32(wnode, offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset), SCSIWMI_EVENT_HEADER_SIZE);
  scsiwmi_store32(wnode, offsetof(WNODE_SINGLE_INSTANCE, SizeDataBlock), EventDataSize);
  /* The address arguments are UCHARs promoted to int through the variadic call; the port reads them with
   * va_arg(ap, int). PathId 0xff is the adapter (spec §10 item 15): only PathId follows. */
  if (PathId == SP_UNTAGGED) {
    ScsiPortNotification(WMIEvent, HwDeviceExtension, wnode, PathId);
  } else {
    ScsiPortNotification(WMIEvent, HwDeviceExtension, wnode, PathId, TargetId, Lun);
  }
}
