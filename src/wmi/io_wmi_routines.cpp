// The WMI routines of the I/O manager (wdm.h, spec §5.5), exported to drivers. Each forwards to the live
// WmiCore; without one, WMI is "not available" (STATUS_UNSUCCESSFUL, as IoWMIWriteEvent documents).
#include <wdm.h>

#include <cstring>
#include <string>

#include "wmi/pool_buffer.h"
#include "wmi/provider_ids.h"
#include "wmi/single_instance_event.h"
#include "wmi/wmi_core.h"

using wmiport::wmi::WmiCore;

extern "C" {

NTKERNELAPI NTSTATUS IoWMIRegistrationControl(PDEVICE_OBJECT DeviceObject, ULONG Action) {
  WmiCore* core = WmiCore::current();
  if (core == nullptr)
    return STATUS_UNSUCCESSFUL;
  return core->registration_control(DeviceObject, Action);
}

NTKERNELAPI NTSTATUS IoWMIWriteEvent(PVOID WnodeEventItem) {
  WmiCore* core = WmiCore::current();
  if (core == nullptr)
    return STATUS_UNSUCCESSFUL;
  return core->write_event(WnodeEventItem);
}

NTSTATUS WmiportWriteSingleInstanceEvent(ULONG ProviderId, LPCGUID Guid, ULONG InstanceIndex, LONGLONG TimeStamp,
                                         ULONG EventDataSize, const void* EventData) {
  WmiCore* core = WmiCore::current();
  if (core == nullptr)
    return STATUS_UNSUCCESSFUL;
  if (Guid == nullptr || (EventData == nullptr && EventDataSize != 0))
    return STATUS_INVALID_PARAMETER;
  const auto guid = wmiport::Guid::load(wmiport::Bytes{reinterpret_cast<const std::uint8_t*>(Guid), sizeof(GUID)}, 0);
  return core->write_single_instance_event(ProviderId, guid, InstanceIndex, TimeStamp,
                                           wmiport::Bytes{static_cast<const std::uint8_t*>(EventData), EventDataSize});
}

NTKERNELAPI ULONG IoWMIDeviceObjectToProviderId(PDEVICE_OBJECT DeviceObject) {
  return wmiport::wmi::provider_id_of(DeviceObject);
}

// Suggests "<device description-free stem>": the PDO's device instance path (or the symbolic link name, or
// both joined by '_' with CombineNames), as a pool-allocated string the caller frees with ExFreePool.
NTKERNELAPI NTSTATUS IoWMISuggestInstanceName(PDEVICE_OBJECT PhysicalDeviceObject, PUNICODE_STRING SymbolicLinkName,
                                              BOOLEAN CombineNames, PUNICODE_STRING SuggestedInstanceName) {
  if (SuggestedInstanceName == nullptr || (PhysicalDeviceObject == nullptr && SymbolicLinkName == nullptr))
    return STATUS_INVALID_PARAMETER;
  std::u16string name;
  if (PhysicalDeviceObject != nullptr) {
    WmiCore* core = WmiCore::current();
    auto path = core ? core->device_instance_path(PhysicalDeviceObject) : std::nullopt;
    if (path)
      name = *path;
  }
  if (SymbolicLinkName != nullptr && SymbolicLinkName->Buffer != nullptr && (name.empty() || CombineNames)) {
    if (!name.empty())
      name += u'_';
    name.append(reinterpret_cast<const char16_t*>(SymbolicLinkName->Buffer), SymbolicLinkName->Length / 2);
  }
  if (name.empty() || name.size() * 2 + 2 > 0xFFFF)
    return STATUS_INVALID_PARAMETER;
  const auto bytes = static_cast<USHORT>(name.size() * 2);
  auto* buffer = static_cast<WCHAR*>(ExAllocatePoolWithTag(PagedPool, bytes + 2u, wmiport::wmi::kSuggestNameTag));
  if (buffer == nullptr)
    return STATUS_INSUFFICIENT_RESOURCES;
  std::memcpy(buffer, name.data(), bytes);
  buffer[name.size()] = 0;
  SuggestedInstanceName->Buffer = buffer;
  SuggestedInstanceName->Length = bytes;
  SuggestedInstanceName->MaximumLength = static_cast<USHORT>(bytes + 2);
  return STATUS_SUCCESS;
}

NTKERNELAPI NTSTATUS IoWMIAllocateInstanceIds(GUID* Guid, ULONG InstanceCount, ULONG* FirstInstanceId) {
  if (Guid == nullptr || FirstInstanceId == nullptr || InstanceCount == 0)
    return STATUS_INVALID_PARAMETER;
  WmiCore* core = WmiCore::current();
  if (core == nullptr)
    return STATUS_UNSUCCESSFUL;
  wmiport::Guid key;
  std::memcpy(&key.data1, &Guid->Data1, 4);
  std::memcpy(&key.data2, &Guid->Data2, 2);
  std::memcpy(&key.data3, &Guid->Data3, 2);
  std::memcpy(key.data4.data(), Guid->Data4, 8);
  auto first = core->allocate_instance_ids(key, InstanceCount);
  if (!first)
    return STATUS_INSUFFICIENT_RESOURCES;
  *FirstInstanceId = *first;
  return STATUS_SUCCESS;
}

}  // extern "C"
