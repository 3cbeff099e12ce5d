// WmiSystemControl (spec §4.3): one prelude, then a checked table of small handlers indexed by minor code.
//
// Prelude, in the documented order: not a WMI minor (> 0x09 and != 0x0B, or the 0x0A hole) -> IrpNotWmi;
// ProviderId is not this device -> IrpForward; REGINFO/_EX -> build the registration, IrpNotCompleted;
// GUID not in GuidList -> STATUS_WMI_GUID_NOT_FOUND; for single-instance/item/method requests: a dynamic name
// (STATIC_INSTANCE_NAMES clear) or an index >= InstanceCount -> STATUS_WMI_INSTANCE_NOT_FOUND. Errors found
// here are stored in the IRP and returned with IrpNotCompleted (the driver completes the IRP); when a DpWmiXxx
// callback runs the disposition is IrpProcessed and the callback's status is returned. Missing optional
// callbacks answer the documented defaults the same way as prelude errors.
#include <array>
#include <cstring>

#include "common/checked_math.h"
#include "wmilib/irp_request.h"
#include "wnode/wire_layout.h"

namespace wmiport::wmilib {

namespace {

namespace wl = wnode;

struct Target {
  ULONG guid_index;
  ULONG instance_index;  // 0 when the minor code names no instance
};

struct Outcome {
  NTSTATUS status;
  bool callback_ran;  // false: the status is a library answer, left in the IRP for the driver to complete
};

Outcome library_answer(NTSTATUS status) {
  return {status, false};
}
Outcome callback(NTSTATUS status) {
  return {status, true};
}

using Handler = Outcome (*)(const WMILIB_CONTEXT&, const IrpRequest&, const Target&);

Outcome query_all_data(const WMILIB_CONTEXT& context, const IrpRequest& r, const Target& t) {
  if (context.QueryWmiDataBlock == nullptr)
    return library_answer(STATUS_INVALID_DEVICE_REQUEST);
  const ULONG count = context.GuidList[t.guid_index].InstanceCount;
  // The instance data follows room for OffsetInstanceDataAndLength[count], 8-aligned (spec §1.5 row 0x00).
  const auto array_end =
      checked_add(wl::all_data::kOffsetInstanceDataAndLength, std::uint64_t{count} * wl::all_data::kEntrySize);
  const auto data_block_offset = array_end ? checked_align_up(*array_end, wl::kDataAlignment) : std::nullopt;
  if (!data_block_offset)
    return library_answer(STATUS_INVALID_PARAMETER);
  store_u32(r.buffer, wl::all_data::kDataBlockOffset, *data_block_offset);
  store_u32(r.buffer, wl::all_data::kInstanceCount, count);
  PULONG lengths = nullptr;
  ULONG avail = 0;
  PUCHAR data = nullptr;
  if (r.size() >= *data_block_offset) {
    // The lengths the callback fills (ULONG[count]) live in the first half of the OffsetInstanceDataAndLength
    // area, which WmiCompleteRequest then rewrites into {offset, length} pairs (or clears, for fixed sizes). Only
    // that half is cleared here, so a length the callback leaves unwritten reads 0 and is caught
    // (instance_lengths); the rest of the area, whatever it holds, is overwritten by WmiCompleteRequest in every
    // answer that returns it (docs/decisions.md B6).
    std::memset(r.at(wl::all_data::kOffsetInstanceDataAndLength), 0, std::size_t{count} * sizeof(ULONG));
    lengths = reinterpret_cast<PULONG>(r.at(wl::all_data::kOffsetInstanceDataAndLength));
    avail = r.size() - *data_block_offset;
    data = r.at(*data_block_offset);
  }
  return callback(context.QueryWmiDataBlock(r.device, r.irp, t.guid_index, 0, count, lengths, avail, data));
}

Outcome query_single_instance(const WMILIB_CONTEXT& context, const IrpRequest& r, const Target& t) {
  if (context.QueryWmiDataBlock == nullptr)
    return library_answer(STATUS_INVALID_DEVICE_REQUEST);
  const ULONG offset = load_u32(r.buffer, wl::single_instance::kDataBlockOffset);
  if (offset < wl::single_instance::kSize || offset > r.size())
    return library_answer(STATUS_INVALID_PARAMETER);
  auto* size_data_block = reinterpret_cast<PULONG>(r.at(wl::single_instance::kSizeDataBlock));
  return callback(context.QueryWmiDataBlock(r.device, r.irp, t.guid_index, t.instance_index, 1, size_data_block,
                                            r.size() - offset, r.at(offset)));
}

Outcome change_single_instance(const WMILIB_CONTEXT& context, const IrpRequest& r, const Target& t) {
  const ULONG offset = load_u32(r.buffer, wl::single_instance::kDataBlockOffset);
  const ULONG size = load_u32(r.buffer, wl::single_instance::kSizeDataBlock);
  if (offset < wl::single_instance::kSize || !range_fits(offset, size, r.size()))
    return library_answer(STATUS_INVALID_PARAMETER);
  if (context.SetWmiDataBlock == nullptr)
    return library_answer(STATUS_WMI_READ_ONLY);
  return callback(context.SetWmiDataBlock(r.device, r.irp, t.guid_index, t.instance_index, size, r.at(offset)));
}

Outcome change_single_item(const WMILIB_CONTEXT& context, const IrpRequest& r, const Target& t) {
  const ULONG item_id = load_u32(r.buffer, wl::single_item::kItemId);
  const ULONG offset = load_u32(r.buffer, wl::single_item::kDataBlockOffset);
  const ULONG size = load_u32(r.buffer, wl::single_item::kSizeDataItem);
  if (offset < wl::single_item::kSize || !range_fits(offset, size, r.size()))
    return library_answer(STATUS_INVALID_PARAMETER);
  if (context.SetWmiDataItem == nullptr)
    return library_answer(STATUS_WMI_READ_ONLY);
  return callback(context.SetWmiDataItem(r.device, r.irp, t.guid_index, t.instance_index, item_id, size, r.at(offset)));
}

Outcome execute_method(const WMILIB_CONTEXT& context, const IrpRequest& r, const Target& t) {
  const ULONG method_id = load_u32(r.buffer, wl::method_item::kMethodId);
  const ULONG offset = load_u32(r.buffer, wl::method_item::kDataBlockOffset);
  const ULONG in_size = load_u32(r.buffer, wl::method_item::kSizeDataBlock);
  if (offset < wl::method_item::kSize || !range_fits(offset, in_size, r.size()))
    return library_answer(STATUS_INVALID_PARAMETER);
  if (context.ExecuteWmiMethod == nullptr)
    return library_answer(STATUS_INVALID_DEVICE_REQUEST);
  return callback(context.ExecuteWmiMethod(r.device, r.irp, t.guid_index, t.instance_index, method_id, in_size,
                                           r.size() - offset, r.at(offset)));
}

template <WMIENABLEDISABLECONTROL kFunction, BOOLEAN kEnable>
Outcome function_control(const WMILIB_CONTEXT& context, const IrpRequest& r, const Target& t) {
  if (context.WmiFunctionControl == nullptr)
    return library_answer(STATUS_SUCCESS);
  return callback(context.WmiFunctionControl(r.device, r.irp, t.guid_index, kFunction, kEnable));
}

struct DispatchRow {
  Handler handler;           // nullptr: not a WMI request WmiLib handles (IrpNotWmi)
  std::uint32_t min_buffer;  // the WNODE fixed part the handler reads (0: no WNODE needed)
  bool needs_instance;       // the WNODE names one instance (InstanceIndex at offset 52)
  bool is_reginfo;
};

constexpr std::array<DispatchRow, IRP_MN_REGINFO_EX + 1> kDispatch{{
    /* 0x00 QUERY_ALL_DATA */ {query_all_data, wl::too_small::kSize, false, false},
    /* 0x01 QUERY_SINGLE_INSTANCE */ {query_single_instance, wl::single_instance::kSize, true, false},
    /* 0x02 CHANGE_SINGLE_INSTANCE */ {change_single_instance, wl::single_instance::kSize, true, false},
    /* 0x03 CHANGE_SINGLE_ITEM */ {change_single_item, wl::single_item::kSize, true, false},
    /* 0x04 ENABLE_EVENTS */ {function_control<WmiEventControl, TRUE>, 0, false, false},
    /* 0x05 DISABLE_EVENTS */ {function_control<WmiEventControl, FALSE>, 0, false, false},
    /* 0x06 ENABLE_COLLECTION */ {function_control<WmiDataBlockControl, TRUE>, 0, false, false},
    /* 0x07 DISABLE_COLLECTION */ {function_control<WmiDataBlockControl, FALSE>, 0, false, false},
    /* 0x08 REGINFO */ {nullptr, 0, false, true},
    /* 0x09 EXECUTE_METHOD */ {execute_method, wl::method_item::kSize, true, false},
    /* 0x0A (private trace notify) */ {nullptr, 0, false, false},
    /* 0x0B REGINFO_EX */ {nullptr, 0, false, true},
}};
static_assert(kDispatch.size() == IRP_MN_REGINFO_EX + 1, "one row per minor code up to IRP_MN_REGINFO_EX");
static_assert(kDispatch[0x0A].handler == nullptr && !kDispatch[0x0A].is_reginfo, "0x0A is the hole");

bool is_wmi_row(const DispatchRow& row) {
  return row.handler != nullptr || row.is_reginfo;
}

std::optional<ULONG> find_guid(const WMILIB_CONTEXT& context, const GUID* guid) {
  if (guid == nullptr || context.GuidList == nullptr)
    return std::nullopt;
  for (ULONG i = 0; i < context.GuidCount; ++i)
    if (context.GuidList[i].Guid != nullptr && std::memcmp(context.GuidList[i].Guid, guid, sizeof(GUID)) == 0)
      return i;
  return std::nullopt;
}

}  // namespace

}  // namespace wmiport::wmilib

using namespace wmiport::wmilib;

NTSTATUS WmiSystemControl(PWMILIB_CONTEXT WmiLibInfo, PDEVICE_OBJECT DeviceObject, PIRP Irp,
                          PSYSCTL_IRP_DISPOSITION IrpDisposition) {
  namespace wl = wmiport::wnode;
  const IrpRequest request = IrpRequest::from(DeviceObject, Irp);
  if (request.minor >= kDispatch.size() || !is_wmi_row(kDispatch[request.minor])) {
    *IrpDisposition = IrpNotWmi;
    return Irp->IoStatus.Status;
  }
  if (request.stack->Parameters.WMI.ProviderId != IoWMIDeviceObjectToProviderId(DeviceObject)) {
    *IrpDisposition = IrpForward;
    return Irp->IoStatus.Status;
  }
  const DispatchRow& row = kDispatch[request.minor];
  if (WmiLibInfo == nullptr)
    return leave_for_driver(request, STATUS_INVALID_PARAMETER, IrpDisposition);
  if (row.is_reginfo) {
    bool completed_by_driver = false;
    const NTSTATUS status = answer_reginfo(*WmiLibInfo, request, &completed_by_driver);
    if (completed_by_driver) {
      *IrpDisposition = IrpProcessed;  // already completed: the driver must not complete it again
      return status;
    }
    return leave_for_driver(request, status, IrpDisposition, Irp->IoStatus.Information);
  }

  const auto guid_index = find_guid(*WmiLibInfo, static_cast<const GUID*>(request.stack->Parameters.WMI.DataPath));
  if (!guid_index)
    return leave_for_driver(request, STATUS_WMI_GUID_NOT_FOUND, IrpDisposition);
  if (request.size() < row.min_buffer)
    return leave_for_driver(request, STATUS_BUFFER_TOO_SMALL, IrpDisposition);
  Target target{*guid_index, 0};
  if (row.needs_instance) {
    const ULONG flags = wmiport::load_u32(request.buffer, wl::header::kFlags);
    if ((flags & WNODE_FLAG_STATIC_INSTANCE_NAMES) == 0)
      return leave_for_driver(request, STATUS_WMI_INSTANCE_NOT_FOUND, IrpDisposition);  // dynamic names
    target.instance_index = wmiport::load_u32(request.buffer, wl::single_instance::kInstanceIndex);
    if (target.instance_index >= WmiLibInfo->GuidList[*guid_index].InstanceCount)
      return leave_for_driver(request, STATUS_WMI_INSTANCE_NOT_FOUND, IrpDisposition);
  }
  const Outcome outcome = row.handler(*WmiLibInfo, request, target);
  if (!outcome.callback_ran)
    return leave_for_driver(request, outcome.status, IrpDisposition);
  *IrpDisposition = IrpProcessed;
  return outcome.status;
}
