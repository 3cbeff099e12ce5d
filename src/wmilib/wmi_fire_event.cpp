// WmiFireEvent (spec §4.3): packages the driver's data as a WNODE_SINGLE_INSTANCE event with a static
// instance index and delivers it as IoWMIWriteEvent would. EventData is owned by WMI: freed here on every path.
// The WNODE (WnodeHeader.ProviderId from IoWMIDeviceObjectToProviderId, TimeStamp from KeQuerySystemTime, flags
// SINGLE_INSTANCE | EVENT_ITEM | STATIC_INSTANCE_NAMES, the data at offset 64) is built by the WMI core straight
// into the block it delivers (WmiportWriteSingleInstanceEvent), not in a pool block of ours copied again by
// IoWMIWriteEvent: one copy of the data per event, and no pool allocation (docs/decisions.md W16).
#include "wmi/single_instance_event.h"
#include "wmilib/irp_request.h"

NTSTATUS WmiFireEvent(PDEVICE_OBJECT DeviceObject, LPCGUID Guid, ULONG InstanceIndex, ULONG EventDataSize,
                      PVOID EventData) {
  NTSTATUS status = STATUS_INVALID_PARAMETER;
  if (DeviceObject != nullptr && Guid != nullptr && (EventData != nullptr || EventDataSize == 0)) {
    LARGE_INTEGER now;
    KeQuerySystemTime(&now);
    status = WmiportWriteSingleInstanceEvent(IoWMIDeviceObjectToProviderId(DeviceObject), Guid, InstanceIndex,
                                             now.QuadPart, EventDataSize, EventData);
  }
  if (EventData != nullptr)
    ExFreePool(EventData);
  return status;
}
