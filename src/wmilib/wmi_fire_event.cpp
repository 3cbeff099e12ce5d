// WmiFireEvent (spec §4.3): packages the driver's data as a WNODE_SINGLE_INSTANCE event with a static
// instance index and hands it to IoWMIWriteEvent. EventData is owned by WMI: freed here on every path.
// The WNODE is freed by IoWMIWriteEvent on success and here on failure.
#include <cstring>

#include "common/checked_math.h"
#include "wmilib/irp_request.h"
#include "wnode/wire_layout.h"

namespace {
constexpr ULONG kEventPoolTag = 0x45696d57u;  // 'WmiE'
}

NTSTATUS WmiFireEvent(PDEVICE_OBJECT DeviceObject, LPCGUID Guid, ULONG InstanceIndex, ULONG EventDataSize,
                      PVOID EventData) {
  namespace wl = wmiport::wnode;
  auto release_data = [EventData] {
    if (EventData != nullptr)
      ExFreePool(EventData);
  };
  if (DeviceObject == nullptr || Guid == nullptr || (EventData == nullptr && EventDataSize != 0)) {
    release_data();
    return STATUS_INVALID_PARAMETER;
  }
  const auto total = wmiport::checked_add(sizeof(WNODE_SINGLE_INSTANCE), EventDataSize);
  auto* wnode =
      total ? static_cast<std::uint8_t*>(ExAllocatePoolWithTag(NonPagedPoolNx, *total, kEventPoolTag)) : nullptr;
  if (wnode == nullptr) {
    release_data();
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  std::memset(wnode, 0, *total);
  wmiport::MutableBytes out{wnode, *total};
  LARGE_INTEGER now;
  KeQuerySystemTime(&now);
  wmiport::store_u32(out, wl::header::kBufferSize, *total);
  wmiport::store_u32(out, wl::header::kProviderId, IoWMIDeviceObjectToProviderId(DeviceObject));
  wmiport::store_u64(out, wl::header::kTimeStamp, static_cast<std::uint64_t>(now.QuadPart));
  std::memcpy(wnode + wl::header::kGuid, Guid, sizeof(GUID));
  wmiport::store_u32(out, wl::header::kFlags,
                     WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_STATIC_INSTANCE_NAMES);
  wmiport::store_u32(out, wl::single_instance::kInstanceIndex, InstanceIndex);
  wmiport::store_u32(out, wl::single_instance::kDataBlockOffset, wl::single_instance::kSize);
  wmiport::store_u32(out, wl::single_instance::kSizeDataBlock, EventDataSize);
  if (EventDataSize != 0)
    std::memcpy(wnode + wl::single_instance::kSize, EventData, EventDataSize);
  release_data();
  const NTSTATUS status = IoWMIWriteEvent(wnode);
  if (!NT_SUCCESS(status))
    ExFreePool(wnode);
  return status;
}
