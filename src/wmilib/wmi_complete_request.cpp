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
#include <cstring>
#include <string>

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

// What one pass over the callback's lengths tells (sums in 64 bits: 2^32 lengths of up to 2^32 - 1 bytes fit).
struct LengthSums {
  std::uint64_t padded = 0;  // every length rounded up to 8: the instances at 8-byte boundaries
  std::uint64_t packed = 0;  // the lengths without padding: what the instances take laid end to end
  bool all_equal = true;
};

// `lengths` may be unaligned (a driver's DataBlockOffset is not trusted): read through memcpy.
LengthSums sum_lengths(const std::uint8_t* lengths, std::uint32_t count) {
  LengthSums sums;
  std::uint32_t first = 0;
  if (count > 0)
    std::memcpy(&first, lengths, sizeof first);
  std::uint32_t differs = 0;
  for (std::uint32_t k = 0; k < count; ++k) {  // no early exit: the compiler vectorises it
    std::uint32_t length;
    std::memcpy(&length, lengths + std::size_t{4} * k, sizeof length);
    sums.padded += align8(length);
    sums.packed += length;
    differs |= length ^ first;
  }
  sums.all_equal = differs == 0;
  return sums;
}

// Rewrites ULONG lengths[count] at `area` into {OffsetInstanceData, LengthInstanceData}[count] in place, the
// instances at 8-byte boundaries from `first_offset` (8-aligned). Entry k covers lengths 2k and 2k+1, so the
// entries are written from the last one down, each length read before any entry covers it; every offset is
// 8-aligned, so the one before is this one less its predecessor's length rounded up to 8.
void lengths_to_entries(std::uint8_t* area, std::uint32_t count, std::uint64_t last_offset) {
  std::uint64_t offset = last_offset;
  std::uint32_t length;
  std::memcpy(&length, area + std::size_t{4} * (count - 1), sizeof length);
  for (std::uint32_t k = count; k-- > 0;) {
    std::uint32_t previous = 0;
    if (k > 0)
      std::memcpy(&previous, area + std::size_t{4} * (k - 1), sizeof previous);
    const std::uint32_t entry[2] = {static_cast<std::uint32_t>(offset), length};
    static_assert(wl::all_data::kEntryOffsetInstanceData == 0 && wl::all_data::kEntryLengthInstanceData == 4);
    std::memcpy(area + std::size_t{wl::all_data::kEntrySize} * k, entry, sizeof entry);
    offset -= align8(previous);
    length = previous;
  }
}

Completion finish_all_data(const IrpRequest& r, ULONG used) {
  const std::uint32_t offset = load_u32(r.buffer, wl::all_data::kDataBlockOffset);
  const std::uint32_t count = load_u32(r.buffer, wl::all_data::kInstanceCount);
  const std::uint64_t array_end =
      wl::all_data::kOffsetInstanceDataAndLength + std::uint64_t{count} * wl::all_data::kEntrySize;
  if (offset > r.size() || array_end > offset)
    return contract_broken(r, "instance_lengths", "QUERY_ALL_DATA succeeded without room for the instance array", used);
  std::uint8_t* area = r.at(wl::all_data::kOffsetInstanceDataAndLength);
  const LengthSums sums = sum_lengths(area, count);
  // The instances at 8-byte boundaries from DataBlockOffset, each but the last padded: `cursor` is where the last
  // one ends (the cursors along the way only grow, so checking the end checks them all).
  std::uint64_t last_length = 0;
  if (count > 0) {
    std::uint32_t last;
    std::memcpy(&last, area + std::size_t{4} * (count - 1), sizeof last);
    last_length = last;
  }
  const std::uint64_t first_offset = align8(offset);
  const std::uint64_t last_offset = count > 0 ? first_offset + sums.padded - align8(last_length) : first_offset;
  const std::uint64_t cursor = count > 0 ? last_offset + last_length : offset;
  if (cursor > r.size())
    return contract_broken(r, "size_exceeds_buffer", "instance lengths run past the buffer", used);
  // Instances start at 8-byte boundaries (spec §4.3 "Other DpWmiXxx rules"): the layout needs `aligned` bytes,
  // each instance but the last padded. Drivers differ on whether BufferUsed counts the padding after the last
  // one: both ends are accepted.
  const std::uint64_t aligned = cursor - offset;
  if (std::uint64_t{offset} + used > r.size())
    return contract_broken(r, "size_exceeds_buffer", "BufferUsed runs past the buffer", used);
  if (count > 1 && used < aligned && sums.packed <= used)
    return contract_broken(r, "instance_not_aligned",
                           fmt::format("BufferUsed covers the {} instance lengths ({} bytes) laid end to end, but "
                                       "at 8-byte boundaries they take {} bytes",
                                       count, sums.packed, aligned),
                           used);
  if (count > 0 && used > align8(aligned))
    return contract_broken(
        r, "instance_lengths",
        fmt::format("InstanceLengthArray accounts for {} bytes (padded), fewer than BufferUsed", align8(aligned)),
        used);
  const std::uint64_t total = std::max<std::uint64_t>(cursor, std::uint64_t{offset} + used);

  std::uint32_t flags = load_u32(r.buffer, wl::header::kFlags);
  if (count > 0 && sums.all_equal) {
    // The lengths area becomes padding: cleared (FixedInstanceSize, stored below, overlaps its first word).
    std::memset(r.at(wl::all_data::kSize), 0, offset - wl::all_data::kSize);
    flags |= WNODE_FLAG_FIXED_INSTANCE_SIZE;
    store_u32(r.buffer, wl::all_data::kFixedInstanceSize, static_cast<std::uint32_t>(last_length));
  } else {
    flags &= ~WNODE_FLAG_FIXED_INSTANCE_SIZE;
    if (count > 0)
      lengths_to_entries(area, count, last_offset);
    // WmiSystemControl cleared only the lengths: the padding up to DataBlockOffset is cleared here.
    std::memset(r.at(static_cast<std::uint32_t>(array_end)), 0, offset - array_end);
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
