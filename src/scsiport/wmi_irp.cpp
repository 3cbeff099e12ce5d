// WMI IRPs at the adapter FDO and the LU PDOs: the prelude (is it for us, is the GUID and the instance ours),
// then the request as a SCSI_WMI_REQUEST_BLOCK through HwStartIo, and the SRB's outcome as the IRP's IoStatus
// (srb_status_map.h). IRP_MN_REGINFO(_EX) is answered by the port (wmi_reginfo.cpp).
#include <atomic>
#include <cstring>

#include <fmt/format.h>

#include "scsiport/port_driver.h"
#include "scsiport/records.h"
#include "scsiport/srb_status_map.h"
#include "scsiport/wmi_reginfo.h"

namespace wmiport::scsiport {

namespace {

constexpr std::size_t kWnodeFlagsOffset = 44;     // WNODE_HEADER.Flags
constexpr std::size_t kInstanceIndexOffset = 52;  // WNODE_SINGLE_INSTANCE/ITEM/METHOD_ITEM.InstanceIndex
std::atomic<ULONG> g_wmi_timeout_seconds{10};

bool names_an_instance(UCHAR minor) {
  return minor == IRP_MN_QUERY_SINGLE_INSTANCE || minor == IRP_MN_CHANGE_SINGLE_INSTANCE ||
         minor == IRP_MN_CHANGE_SINGLE_ITEM || minor == IRP_MN_EXECUTE_METHOD;
}

bool is_data_request(UCHAR minor) {
  return minor == IRP_MN_QUERY_ALL_DATA || names_an_instance(minor);
}

constexpr std::size_t kTimeStampOffset = 16;  // WNODE_HEADER.TimeStamp

// A data reply (QUERY_ALL_DATA, QUERY_SINGLE_INSTANCE, EXECUTE_METHOD that succeeded with a data WNODE) gets
// WNODE_HEADER.TimeStamp from KeQuerySystemTime, as WmiCompleteRequest stamps the WmiLib path's replies (spec
// §4.3). Neither the SCSI Port WMI library nor the miniport can: they have no clock call of their own. A
// WNODE_TOO_SMALL reply stays unstamped, as on the WmiLib path.
void stamp_reply(UCHAR minor, NTSTATUS status, std::uint8_t* buffer, ULONG size, ULONG_PTR information) {
  if (!NT_SUCCESS(status) || buffer == nullptr ||
      (minor != IRP_MN_QUERY_ALL_DATA && minor != IRP_MN_QUERY_SINGLE_INSTANCE && minor != IRP_MN_EXECUTE_METHOD))
    return;
  if (information < sizeof(WNODE_HEADER) || size < sizeof(WNODE_HEADER))
    return;
  ULONG flags = 0;
  std::memcpy(&flags, buffer + kWnodeFlagsOffset, sizeof flags);
  if ((flags & WNODE_FLAG_TOO_SMALL) != 0)
    return;
  LARGE_INTEGER now;
  KeQuerySystemTime(&now);
  std::memcpy(buffer + kTimeStampOffset, &now.QuadPart, sizeof now.QuadPart);
}

NTSTATUS complete_irp(PIRP irp, NTSTATUS status, ULONG_PTR information = 0) {
  irp->IoStatus.Status = status;
  irp->IoStatus.Information = information;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  return status;
}

// Not ours (another provider id, not a WMI minor, not registered): an FDO passes it down, a PDO (bottom of
// its stack) completes it with the status it came with.
NTSTATUS pass_on(PortDeviceExtension& ext, PIRP irp) {
  if (ext.is_fdo) {
    IoSkipCurrentIrpStackLocation(irp);
    return IoCallDriver(ext.adapter->lower(), irp);
  }
  const NTSTATUS status = irp->IoStatus.Status;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  return status;
}

struct Precheck {
  NTSTATUS status = STATUS_SUCCESS;
  bool dynamic_names = false;
};

// GUID and instance against the registration the WMI core holds for this device (docs/scsiwmi-port-contract.md
// §2: the SRB can only say "error", the port says precisely what).
Precheck precheck(WmiDevice& device, UCHAR minor, const GUID* data_path, const std::uint8_t* buffer, ULONG size) {
  Precheck out;
  if (data_path == nullptr)
    return {STATUS_WMI_GUID_NOT_FOUND, false};
  std::uint8_t guid_bytes[16];
  std::memcpy(guid_bytes, data_path, sizeof guid_bytes);
  std::scoped_lock guard(device.lock);
  const SCSIWMI_PORT_REGGUID* block = nullptr;
  for (const auto& entry : device.blocks)
    if (std::memcmp(&entry.Guid, guid_bytes, sizeof guid_bytes) == 0)
      block = &entry;
  if (block == nullptr)
    return {STATUS_WMI_GUID_NOT_FOUND, false};
  out.dynamic_names = (block->Flags & WMIREG_FLAG_CALL_BY_NAME) != 0;
  if ((block->Flags & WMIREG_FLAG_EVENT_ONLY_GUID) && is_data_request(minor))
    return {STATUS_INVALID_DEVICE_REQUEST, out.dynamic_names};
  if (names_an_instance(minor) && buffer != nullptr && size >= kInstanceIndexOffset + 4) {
    ULONG flags = 0;
    ULONG index = 0;
    std::memcpy(&flags, buffer + kWnodeFlagsOffset, sizeof flags);
    std::memcpy(&index, buffer + kInstanceIndexOffset, sizeof index);
    const bool by_index = (flags & WNODE_FLAG_STATIC_INSTANCE_NAMES) != 0;
    // Static blocks are named by the WMI core from our PDO and addressed by index; dynamic ones by name, which
    // only the miniport can check.
    if (by_index && (out.dynamic_names || index >= block->InstanceCount))
      return {STATUS_WMI_INSTANCE_NOT_FOUND, out.dynamic_names};
    if (!by_index && !out.dynamic_names)
      return {STATUS_WMI_INSTANCE_NOT_FOUND, out.dynamic_names};
  }
  return out;
}

void track_event_enable(WmiDevice& device, UCHAR minor, const GUID* data_path, bool succeeded) {
  if ((minor != IRP_MN_ENABLE_EVENTS && minor != IRP_MN_DISABLE_EVENTS) || data_path == nullptr)
    return;
  const Guid guid = Guid::load(Bytes(reinterpret_cast<const std::uint8_t*>(data_path), 16), 0);
  std::scoped_lock guard(device.lock);
  if (minor == IRP_MN_DISABLE_EVENTS)
    device.enabled_events.erase(guid);  // whatever the miniport said: the consumer is gone
  else if (succeeded)
    device.enabled_events.insert(guid);
}

struct WmiParameters {
  UCHAR minor;
  const GUID* data_path;
  std::uint8_t* buffer;
  ULONG size;
};

// The request as the IRP's stack location states it (read again at completion: the miniport may change the SRB).
WmiParameters wmi_parameters(PIRP irp) {
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  auto* buffer = static_cast<std::uint8_t*>(stack->Parameters.WMI.Buffer);
  return {stack->MinorFunction, static_cast<const GUID*>(stack->Parameters.WMI.DataPath), buffer,
          buffer == nullptr ? 0 : stack->Parameters.WMI.BufferSize};
}

// The miniport completed the WMI SRB: its outcome becomes the IRP's IoStatus.
void wmi_request_done(RequestPtr done) {
  Adapter& adapter = *done->adapter;
  WmiDevice& device = *done->device;
  PIRP irp = done->irp;
  const WmiParameters wmi = wmi_parameters(irp);
  if (done->data_overrun) {
    // The miniport wrote outside the bounce buffer (reported as write_outside_buffer by check_data_guards): its
    // answer is not copied back, as the WMI core refuses data from a driver that damaged its guard bytes.
    done.reset();
    complete_irp(irp, STATUS_DRIVER_INTERNAL_ERROR);
    return;
  }
  const auto& srb_done = *reinterpret_cast<const SCSI_WMI_REQUEST_BLOCK*>(&done->srb);
  WmiCompletion completion =
      map_wmi_srb_status({wmi.minor, srb_done.SrbStatus, srb_done.DataTransferLength, wmi.size, done->dynamic_names});
  if (completion.contract_broken)
    adapter.record(RecordKind::port_contract, device.unit, srb_done.SrbStatus, srb_done.DataTransferLength,
                   fmt::format("WMI SRB (minor {}) completed with status 0x{:02x} and length {} for a buffer of {}",
                               wmi.minor, srb_done.SrbStatus, srb_done.DataTransferLength, wmi.size));
  if (done->bounce)
    std::memcpy(wmi.buffer, done->data.get(), wmi.size);
  done.reset();  // back to this thread's keeping before the IRP completes: a request sent from there reuses it
  stamp_reply(wmi.minor, completion.status, wmi.buffer, wmi.size, completion.information);
  track_event_enable(device, wmi.minor, wmi.data_path, NT_SUCCESS(completion.status));
  complete_irp(irp, completion.status, completion.information);
}

NTSTATUS forward_to_miniport(PortDeviceExtension& ext, PIRP irp) {
  Adapter& adapter = *ext.adapter;
  WmiDevice& device = *ext.wmi;
  const WmiParameters wmi = wmi_parameters(irp);
  const UCHAR minor = wmi.minor;
  std::uint8_t* buffer = wmi.buffer;
  const ULONG size = wmi.size;

  const Precheck checked = precheck(device, minor, wmi.data_path, buffer, size);
  if (!NT_SUCCESS(checked.status))
    return complete_irp(irp, checked.status);

  RequestPtr request = new_request(adapter.config().SrbExtensionSize);
  request->unit = device.is_adapter ? kAdapterUnit : device.unit;
  auto& srb = *reinterpret_cast<SCSI_WMI_REQUEST_BLOCK*>(&request->srb);
  srb.Length = sizeof(SCSI_WMI_REQUEST_BLOCK);
  srb.Function = SRB_FUNCTION_WMI;
  srb.WMISubFunction = minor;
  if (device.is_adapter) {
    srb.WMIFlags = SRB_WMI_FLAGS_ADAPTER_REQUEST;
  } else {
    srb.PathId = device.unit.path_id;
    srb.TargetId = device.unit.target_id;
    srb.Lun = device.unit.lun;
  }
  srb.SrbFlags = minor == IRP_MN_CHANGE_SINGLE_INSTANCE || minor == IRP_MN_CHANGE_SINGLE_ITEM ? SRB_FLAGS_DATA_OUT
                 : is_data_request(minor)                                                     ? SRB_FLAGS_DATA_IN
                                          : SRB_FLAGS_NO_DATA_TRANSFER;
  srb.DataTransferLength = size;
  srb.TimeOutValue = g_wmi_timeout_seconds.load();
  srb.DataPath = const_cast<GUID*>(wmi.data_path);
  srb.OriginalRequest = irp;
  srb.SrbExtension = request->srb_extension.get();
  // The library hands the miniport ULONG pointers into the buffer: it must be 8-aligned. WMI's buffers are (and
  // carry the WMI core's guard bytes); anyone else's get a bounce buffer with guard bytes of the port's.
  request->bounce = buffer != nullptr && (reinterpret_cast<std::uintptr_t>(buffer) % 8) != 0;
  if (request->bounce) {
    request->data = GuardedBlock(size);
    std::memcpy(request->data.get(), buffer, size);
    srb.DataBuffer = request->data.get();
  } else {
    srb.DataBuffer = buffer;
  }
  request->dynamic_names = checked.dynamic_names;
  request->adapter = &adapter;
  request->device = &device;
  request->irp = irp;
  request->on_complete = &wmi_request_done;
  IoMarkIrpPending(irp);
  adapter.submit(std::move(request));
  return STATUS_PENDING;
}

}  // namespace

void set_wmi_srb_timeout(std::uint32_t seconds) {
  g_wmi_timeout_seconds = seconds;
}

NTSTATUS port_system_control(PDEVICE_OBJECT device, PIRP irp) {
  PortDeviceExtension* ext = port_extension(device);
  if (ext == nullptr)
    return complete_irp(irp, STATUS_INVALID_DEVICE_REQUEST);
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  const UCHAR minor = stack->MinorFunction;
  WmiDevice& wmi = *ext->wmi;
  if (minor > IRP_MN_REGINFO_EX || minor == 0x0A || !wmi.registered.load() ||
      stack->Parameters.WMI.ProviderId != static_cast<ULONG_PTR>(wmi.provider_id.load()))
    return pass_on(*ext, irp);
  if (!ext->adapter->accepting())
    return complete_irp(irp, STATUS_NO_SUCH_DEVICE);
  if (minor == IRP_MN_REGINFO || minor == IRP_MN_REGINFO_EX)
    return answer_reginfo(*ext->adapter, wmi, irp);
  return forward_to_miniport(*ext, irp);
}

}  // namespace wmiport::scsiport
