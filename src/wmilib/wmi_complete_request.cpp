// WmiCompleteRequest (spec §4.3): fixes up the WNODE from the driver's result, stamps it, completes the IRP
// and returns the status it completed with.
//   success, QUERY_ALL_DATA: the lengths the callback wrote become OffsetInstanceDataAndLength[] (instances at
//     8-byte boundaries from DataBlockOffset), or FIXED_INSTANCE_SIZE + FixedInstanceSize when all are equal.
//   success, QUERY_SINGLE_INSTANCE / EXECUTE_METHOD: SizeDataBlock = BufferUsed.
//   STATUS_BUFFER_TOO_SMALL on a query or method: WNODE_TOO_SMALL (SizeNeeded = DataBlockOffset + BufferUsed)
//     and STATUS_SUCCESS; on a buffer below sizeof(WNODE_TOO_SMALL) the error stays.
//   STATUS_BUFFER_TOO_SMALL on CHANGE_*: STATUS_WMI_SET_FAILURE (what WMI expects there).
// A driver claiming more bytes than the buffer holds, lengths that do not match BufferUsed, or instances laid end to
// end instead of at 8-byte boundaries broke its contract: the request fails with STATUS_DRIVER_INTERNAL_ERROR
// (reported to the verifier and with DbgPrint) instead of handing out bytes where they were not written.
#include <algorithm>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/checked_math.h"
#include "wmilib/irp_request.h"
#include "wnode/wire_layout.h"

namespace wmiport::wmilib {

namespace {

namespace wl = wnode;

struct Completion {
  NTSTATUS status;
  ULONG_PTR information;
};

constexpr std::uint64_t align8(std::uint64_t value) {
  return (value + (wl::kDataAlignment - 1)) & ~std::uint64_t{wl::kDataAlignment - 1};
}

void stamp_time(const IrpRequest& r) {
  LARGE_INTEGER now;
  KeQuerySystemTime(&now);
  store_u64(r.buffer, wl::header::kTimeStamp, static_cast<std::uint64_t>(now.QuadPart));
}

// The request fails instead of handing out bytes the driver never wrote where the reply says they are.
Completion contract_broken(const IrpRequest& r, std::string_view rule, const std::string& what, ULONG used) {
  DbgPrint("WmiCompleteRequest: contract violation: %s (BufferUsed %u, buffer %u bytes)\n", what.c_str(), used,
           r.size());
  report_violation(r, rule,
                   fmt::format("WmiCompleteRequest: {} (BufferUsed {}, buffer {} bytes)", what, used, r.size()));
  return {STATUS_DRIVER_INTERNAL_ERROR, 0};
}

Completion too_small(const IrpRequest& r, std::uint32_t data_block_offset, ULONG used) {
  if (r.size() < wl::too_small::kSize)
    return {STATUS_BUFFER_TOO_SMALL, 0};
  const auto needed = checked_add(data_block_offset, used);
  if (!needed)
    return contract_broken(r, "size_exceeds_buffer", "needed size overflows a ULONG", used);
  store_u32(r.buffer, wl::header::kBufferSize, wl::too_small::kSize);
  store_u32(r.buffer, wl::header::kFlags, WNODE_FLAG_TOO_SMALL);
  store_u32(r.buffer, wl::too_small::kSizeNeeded, *needed);
  store_u32(r.buffer, wl::too_small::kSizeNeeded + 4, 0);  // tail padding (held InstanceCount for ALL_DATA)
  return {STATUS_SUCCESS, wl::too_small::kSize};
}

Completion finish_all_data(const IrpRequest& r, ULONG used) {
  const std::uint32_t offset = load_u32(r.buffer, wl::all_data::kDataBlockOffset);
  const std::uint32_t count = load_u32(r.buffer, wl::all_data::kInstanceCount);
  if (offset > r.size() ||
      wl::all_data::kOffsetInstanceDataAndLength + std::uint64_t{count} * wl::all_data::kEntrySize > offset)
    return contract_broken(r, "instance_lengths", "QUERY_ALL_DATA succeeded without room for the instance array", used);
  std::vector<std::uint32_t> lengths(count);
  for (std::uint32_t k = 0; k < count; ++k)
    lengths[k] = load_u32(r.buffer, wl::all_data::kOffsetInstanceDataAndLength + 4 * k);
  std::vector<std::uint32_t> offsets(count);
  std::uint64_t cursor = offset;
  std::uint64_t packed = 0;  // the lengths without padding: what the instances take laid end to end
  for (std::uint32_t k = 0; k < count; ++k) {
    cursor = align8(cursor);
    offsets[k] = static_cast<std::uint32_t>(cursor);
    cursor += lengths[k];
    packed += lengths[k];
    if (cursor > r.size())
      return contract_broken(r, "size_exceeds_buffer", "instance lengths run past the buffer", used);
  }
  // Instances start at 8-byte boundaries (spec §4.3 "Other DpWmiXxx rules"): the layout needs `aligned` bytes,
  // each instance but the last padded. Drivers differ on whether BufferUsed counts the padding after the last
  // one: both ends are accepted.
  const std::uint64_t aligned = cursor - offset;
  if (std::uint64_t{offset} + used > r.size())
    return contract_broken(r, "size_exceeds_buffer", "BufferUsed runs past the buffer", used);
  if (count > 1 && used < aligned && packed <= used)
    return contract_broken(r, "instance_not_aligned",
                           fmt::format("BufferUsed covers the {} instance lengths ({} bytes) laid end to end, but "
                                       "at 8-byte boundaries they take {} bytes",
                                       count, packed, aligned),
                           used);
  if (count > 0 && used > align8(aligned))
    return contract_broken(
        r, "instance_lengths",
        fmt::format("InstanceLengthArray accounts for {} bytes (padded), fewer than BufferUsed", align8(aligned)),
        used);
  const std::uint64_t total = std::max<std::uint64_t>(cursor, std::uint64_t{offset} + used);

  std::uint32_t flags = load_u32(r.buffer, wl::header::kFlags);
  const bool all_equal =
      count > 0 && std::all_of(lengths.begin(), lengths.end(), [&](std::uint32_t l) { return l == lengths[0]; });
  if (all_equal) {
    // The rest of the lengths scratch area becomes padding: clear it.
    std::fill(r.buffer.begin() + wl::all_data::kSize, r.buffer.begin() + offset, std::uint8_t{0});
    flags |= WNODE_FLAG_FIXED_INSTANCE_SIZE;
    store_u32(r.buffer, wl::all_data::kFixedInstanceSize, lengths[0]);
  } else {
    flags &= ~WNODE_FLAG_FIXED_INSTANCE_SIZE;
    for (std::uint32_t k = 0; k < count; ++k) {
      const std::uint32_t entry = wl::all_data::kOffsetInstanceDataAndLength + wl::all_data::kEntrySize * k;
      store_u32(r.buffer, entry + wl::all_data::kEntryOffsetInstanceData, offsets[k]);
      store_u32(r.buffer, entry + wl::all_data::kEntryLengthInstanceData, lengths[k]);
    }
  }
  store_u32(r.buffer, wl::header::kFlags, flags);
  store_u32(r.buffer, wl::header::kBufferSize, static_cast<std::uint32_t>(total));
  stamp_time(r);
  return {STATUS_SUCCESS, static_cast<ULONG_PTR>(total)};
}

// QUERY_SINGLE_INSTANCE and EXECUTE_METHOD: data at DataBlockOffset, its size in SizeDataBlock.
Completion finish_block(const IrpRequest& r, ULONG used, std::uint32_t offset_field, std::uint32_t size_field) {
  const std::uint32_t offset = load_u32(r.buffer, offset_field);
  const std::uint64_t total = std::uint64_t{offset} + used;
  if (total > r.size())
    return contract_broken(r, "size_exceeds_buffer", "BufferUsed runs past the buffer", used);
  store_u32(r.buffer, size_field, used);
  store_u32(r.buffer, wl::header::kBufferSize, static_cast<std::uint32_t>(total));
  stamp_time(r);
  return {STATUS_SUCCESS, static_cast<ULONG_PTR>(total)};
}

Completion fix_up(const IrpRequest& r, NTSTATUS status, ULONG used) {
  const bool wants_size = status == STATUS_BUFFER_TOO_SMALL;
  switch (r.minor) {
    case IRP_MN_QUERY_ALL_DATA:
      if (r.size() < wl::too_small::kSize)
        return {wants_size ? STATUS_BUFFER_TOO_SMALL : status, 0};
      if (wants_size)
        return too_small(r, load_u32(r.buffer, wl::all_data::kDataBlockOffset), used);
      return NT_SUCCESS(status) ? finish_all_data(r, used) : Completion{status, 0};
    case IRP_MN_QUERY_SINGLE_INSTANCE:
      if (r.size() < wl::single_instance::kSize)
        return {status, 0};
      if (wants_size)
        return too_small(r, load_u32(r.buffer, wl::single_instance::kDataBlockOffset), used);
      return NT_SUCCESS(status)
                 ? finish_block(r, used, wl::single_instance::kDataBlockOffset, wl::single_instance::kSizeDataBlock)
                 : Completion{status, 0};
    case IRP_MN_EXECUTE_METHOD:
      if (r.size() < wl::method_item::kSize)
        return {status, 0};
      if (wants_size)
        return too_small(r, load_u32(r.buffer, wl::method_item::kDataBlockOffset), used);
      return NT_SUCCESS(status)
                 ? finish_block(r, used, wl::method_item::kDataBlockOffset, wl::method_item::kSizeDataBlock)
                 : Completion{status, 0};
    case IRP_MN_CHANGE_SINGLE_INSTANCE:
    case IRP_MN_CHANGE_SINGLE_ITEM:
      return {wants_size ? STATUS_WMI_SET_FAILURE : status, 0};
    default:
      return {status, 0};
  }
}

}  // namespace

}  // namespace wmiport::wmilib

NTSTATUS WmiCompleteRequest(PDEVICE_OBJECT DeviceObject, PIRP Irp, NTSTATUS Status, ULONG BufferUsed,
                            CCHAR PriorityBoost) {
  using namespace wmiport::wmilib;
  const IrpRequest request = IrpRequest::from(DeviceObject, Irp);
  if (inside_reginfo_of(Irp)) {
    // DpWmiQueryReginfo must not complete the IRP: WmiLib answers it and the driver completes it after
    // WmiSystemControl returns. Completing here would make that a second completion: refused.
    report_violation(request, "reginfo_completes",
                     "WmiCompleteRequest called from QueryWmiRegInfo; the IRP was not completed");
    return Status;
  }
  const Completion completion = fix_up(request, Status, BufferUsed);
  Irp->IoStatus.Status = completion.status;
  Irp->IoStatus.Information = completion.information;
  IoCompleteRequest(Irp, PriorityBoost);
  return completion.status;
}
