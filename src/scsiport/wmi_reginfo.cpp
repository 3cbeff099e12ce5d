#include "scsiport/wmi_reginfo.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "common/byte_io.h"
#include "scsiport/port_driver.h"
#include "scsiport/records.h"
#include "wnode/wire_layout.h"

namespace wmiport::scsiport {

namespace {

constexpr ULONG kFirstResultSize = 4096;  // covers any realistic miniport (docs/scsiwmi-port-contract.md §3)
constexpr ULONG kMaxResultSize = 1u << 20;

Guid guid_of(const GUID& g) {
  std::uint8_t bytes[16];
  std::memcpy(bytes, &g, sizeof bytes);
  return Guid::load(Bytes(bytes, sizeof bytes), 0);
}

bool same_guid(const GUID& a, const GUID& b) {
  return std::memcmp(&a, &b, sizeof(GUID)) == 0;
}

NTSTATUS complete_irp(PIRP irp, NTSTATUS status, ULONG_PTR information = 0) {
  irp->IoStatus.Status = status;
  irp->IoStatus.Information = information;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  return status;
}

void send_reginfo_srb(Adapter& adapter, WmiDevice& device, PIRP irp, ULONG result_size, bool retried);

// The miniport answered: retry once on DATA_OVERRUN, else parse, plan, write the WMIREGINFO into the IRP.
void finish(RequestPtr done) {
  Adapter& adapter = *done->adapter;
  WmiDevice& device = *done->device;
  PIRP irp = done->irp;
  const bool retried = done->retried;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  const auto& srb = *reinterpret_cast<const SCSI_WMI_REQUEST_BLOCK*>(&done->srb);
  const RecordKind contract = RecordKind::port_contract;
  if (done->data_overrun) {
    complete_irp(irp, STATUS_DRIVER_INTERNAL_ERROR);  // reported as write_outside_buffer (check_data_guards)
    return;
  }
  const ULONG returned = std::min<ULONG>(srb.DataTransferLength, static_cast<ULONG>(done->data.size()));
  if (SRB_STATUS(srb.SrbStatus) == SRB_STATUS_DATA_OVERRUN) {
    const ULONG needed = ScsiWmiPortRegInfoSizeNeeded(done->data.get(), returned);
    if (!retried && needed > done->data.size() && needed <= kMaxResultSize) {
      send_reginfo_srb(adapter, device, irp, needed, true);
      return;
    }
    adapter.record(contract, device.unit, needed, 0,
                   fmt::format("registration result: DATA_OVERRUN with size {} (retried: {})", needed, retried));
    complete_irp(irp, STATUS_DRIVER_INTERNAL_ERROR);
    return;
  }
  if (SRB_STATUS(srb.SrbStatus) != SRB_STATUS_SUCCESS) {
    adapter.record(contract, device.unit, srb.SrbStatus, 0,
                   fmt::format("the miniport cannot register: SRB status 0x{:02x}", srb.SrbStatus));
    complete_irp(irp, STATUS_UNSUCCESSFUL);
    return;
  }
  SCSIWMI_PORT_REGINFO_VIEW view{};
  const auto parsed = ScsiWmiPortParseRegInfo(done->data.get(), returned, &view);
  if (parsed != ScsiWmiPortParseOk) {
    adapter.record(contract, device.unit, parsed, 0,
                   fmt::format("registration result refused: {}", ScsiWmiPortParseResultName(parsed)));
    complete_irp(irp, STATUS_DRIVER_INTERNAL_ERROR);
    return;
  }
  std::vector<SCSIWMI_PORT_REGGUID> held;
  {
    std::scoped_lock guard(device.lock);
    held = device.blocks;
  }
  auto plan = plan_reginfo(view, reinterpret_cast<std::uintptr_t>(device.pdo), adapter.driver().registry_path(), held);
  if (!plan.ok()) {
    adapter.record(contract, device.unit, 0, 0, plan.error().to_string());
    complete_irp(irp, plan.error().code());
    return;
  }
  auto* buffer = static_cast<std::uint8_t*>(stack->Parameters.WMI.Buffer);
  const ULONG size = buffer == nullptr ? 0 : stack->Parameters.WMI.BufferSize;
  auto needed = wnode::encode_reginfo(plan->info, MutableBytes{});
  if (!needed.ok()) {
    complete_irp(irp, needed.error().code());
    return;
  }
  if (size < *needed) {
    // The documented convention (spec §4.4): the size needed in the first ULONG, STATUS_BUFFER_TOO_SMALL.
    if (size >= sizeof(ULONG)) {
      store_u32(MutableBytes(buffer, size), 0, *needed);
      complete_irp(irp, STATUS_BUFFER_TOO_SMALL, sizeof(ULONG));
    } else {
      complete_irp(irp, STATUS_BUFFER_TOO_SMALL);
    }
    return;
  }
  auto written = wnode::encode_reginfo(plan->info, MutableBytes(buffer, size));
  if (!written.ok()) {
    complete_irp(irp, written.error().code());
    return;
  }
  // REGINFO_EX: the provider references each PDO it reports; the WMI core dereferences them.
  if (stack->MinorFunction == IRP_MN_REGINFO_EX)
    for (const auto& reg : plan->info.guids)
      if (reg.flags & WMIREG_FLAG_INSTANCE_PDO)
        ObReferenceObject(device.pdo);
  {
    std::scoped_lock guard(device.lock);
    device.blocks = plan->blocks;
    // An event block that went away is no longer enabled.
    for (auto it = device.enabled_events.begin(); it != device.enabled_events.end();) {
      const bool kept = std::any_of(device.blocks.begin(), device.blocks.end(),
                                    [&](const SCSIWMI_PORT_REGGUID& b) { return guid_of(b.Guid) == *it; });
      it = kept ? std::next(it) : device.enabled_events.erase(it);
    }
  }
  complete_irp(irp, STATUS_SUCCESS, *written);
}

void send_reginfo_srb(Adapter& adapter, WmiDevice& device, PIRP irp, ULONG result_size, bool retried) {
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  RequestPtr request = new_request(adapter.config().SrbExtensionSize);
  request->unit = device.is_adapter ? kAdapterUnit : device.unit;
  request->data = GuardedBlock(result_size);
  auto& srb = *reinterpret_cast<SCSI_WMI_REQUEST_BLOCK*>(&request->srb);
  srb.Length = sizeof(SCSI_WMI_REQUEST_BLOCK);
  srb.Function = SRB_FUNCTION_WMI;
  srb.WMISubFunction = stack->MinorFunction;
  if (device.is_adapter) {
    srb.WMIFlags = SRB_WMI_FLAGS_ADAPTER_REQUEST;
  } else {
    srb.PathId = device.unit.path_id;
    srb.TargetId = device.unit.target_id;
    srb.Lun = device.unit.lun;
  }
  srb.SrbFlags = SRB_FLAGS_DATA_IN;
  srb.DataTransferLength = result_size;
  srb.TimeOutValue = 10;
  srb.DataBuffer = request->data.get();
  srb.DataPath = stack->Parameters.WMI.DataPath;  // WMIREGISTER or WMIUPDATE, an integer
  srb.OriginalRequest = irp;
  srb.SrbExtension = request->srb_extension.get();
  request->adapter = &adapter;
  request->device = &device;
  request->irp = irp;
  request->retried = retried;
  request->on_complete = &finish;
  adapter.submit(std::move(request));
}

}  // namespace

Result<RegInfoPlan> plan_reginfo(const SCSIWMI_PORT_REGINFO_VIEW& view, std::uintptr_t pdo,
                                 const std::u16string& registry_path, const std::vector<SCSIWMI_PORT_REGGUID>& held) {
  RegInfoPlan plan;
  const bool update = view.RegistrationAction == SCSIWMI_PORT_WMIUPDATE;
  if (!update) {
    plan.info.registry_path = registry_path;
    if (view.MofResourceName != nullptr && view.MofResourceNameLength != 0) {
      std::u16string name(view.MofResourceNameLength / 2, u'\0');
      std::memcpy(name.data(), view.MofResourceName, view.MofResourceNameLength);
      plan.info.mof_resource_name = std::move(name);
    }
  }
  for (ULONG i = 0; i < view.GuidCount; ++i) {
    SCSIWMI_PORT_REGGUID entry{};
    ScsiWmiPortGetRegGuid(&view, i, &entry);
    const bool remove = (entry.Flags & WMIREG_FLAG_REMOVE_GUID) != 0;
    if (remove && !update)
      continue;  // nothing to remove from a fresh registration
    wnode::RegGuid reg;
    reg.guid = guid_of(entry.Guid);
    reg.flags = entry.Flags & ~WMIREG_FLAG_CALL_BY_NAME;  // a scsiwmi.h marker, not a wmistr.h flag
    if (remove) {
      reg.instance_count = 0;
    } else if (entry.Flags & WMIREG_FLAG_CALL_BY_NAME) {
      reg.instance_count = 0;  // dynamic names: the WNODEs carry them
    } else {
      reg.flags |= WMIREG_FLAG_INSTANCE_PDO;
      reg.instance_count = entry.InstanceCount;
      reg.pdo = pdo;
    }
    plan.info.guids.push_back(std::move(reg));
    if (!remove)
      plan.blocks.push_back(entry);
  }
  if (update) {
    for (const auto& old : held) {
      const bool still = std::any_of(plan.blocks.begin(), plan.blocks.end(),
                                     [&](const SCSIWMI_PORT_REGGUID& b) { return same_guid(b.Guid, old.Guid); });
      const bool removed_explicitly = std::any_of(plan.info.guids.begin(), plan.info.guids.end(), [&](const auto& r) {
        return r.guid == guid_of(old.Guid) && (r.flags & WMIREG_FLAG_REMOVE_GUID);
      });
      if (!still && !removed_explicitly) {
        wnode::RegGuid reg;
        reg.guid = guid_of(old.Guid);
        reg.flags = WMIREG_FLAG_REMOVE_GUID;
        plan.info.guids.push_back(std::move(reg));
      }
    }
  }
  return plan;
}

NTSTATUS answer_reginfo(Adapter& adapter, WmiDevice& device, PIRP irp) {
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  const auto action = reinterpret_cast<std::uintptr_t>(stack->Parameters.WMI.DataPath);
  if (action != WMIREGISTER && action != WMIUPDATE)
    return complete_irp(irp, STATUS_INVALID_PARAMETER);
  IoMarkIrpPending(irp);
  send_reginfo_srb(adapter, device, irp, kFirstResultSize, false);
  return STATUS_PENDING;
}

}  // namespace wmiport::scsiport
