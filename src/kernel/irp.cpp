// IoAllocateIrp, IoInitializeIrp, IoReuseIrp, IoFreeIrp, IoBuildDeviceIoControlRequest and the IRP table.
#include "kernel/irp.h"

#include <algorithm>
#include <cstring>

#include <fmt/format.h>

#include "kernel/contract.h"
#include "kernel/current_driver.h"
#include "kernel/device.h"
#include "kernel/pool.h"

namespace wmiport::kernel {

IrpTable& IrpTable::instance() {
  static auto* table = new IrpTable;
  return *table;
}

void IrpTable::insert(PIRP irp, const IrpRecord& record) {
  irps_.with(irp, [&](auto& shard, std::uint64_t hash) { shard.map.insert(irp, hash, record); });
}

std::optional<IrpRecord> IrpTable::find(PIRP irp) const {
  return irps_.with(irp, [&](const auto& shard, std::uint64_t hash) -> std::optional<IrpRecord> {
    const IrpRecord* record = shard.map.find(irp, hash);
    return record == nullptr ? std::nullopt : std::optional(*record);
  });
}

std::optional<IrpRecord> IrpTable::erase(PIRP irp) {
  return irps_.with(irp, [&](auto& shard, std::uint64_t hash) -> std::optional<IrpRecord> {
    const IrpRecord* record = shard.map.find(irp, hash);
    if (record == nullptr)
      return std::nullopt;
    const IrpRecord copy = *record;
    shard.map.erase(irp, hash);
    return copy;
  });
}

std::optional<IrpPhase> IrpTable::transition(PIRP irp, IrpPhase from, IrpPhase to) {
  return with_record(irp, [&](IrpRecord* record) -> std::optional<IrpPhase> {
    if (record == nullptr)
      return std::nullopt;
    const IrpPhase was = record->phase;
    if (was == from)
      record->phase = to;
    return was;
  });
}

void IrpTable::set_phase(PIRP irp, IrpPhase phase) {
  with_record(irp, [&](IrpRecord* record) {
    if (record != nullptr)
      record->phase = phase;
  });
}

void IrpTable::set_completed_once(PIRP irp, bool completed) {
  with_record(irp, [&](IrpRecord* record) {
    if (record != nullptr)
      record->completed_once = completed;
  });
}

IrpTable::CompletionStart IrpTable::begin_completion(PIRP irp) {
  return with_record(irp, [&](IrpRecord* record) {
    CompletionStart start;
    if (record == nullptr)
      return start;
    start.was = record->phase;
    start.completed_once = record->completed_once;
    if (record->phase != IrpPhase::in_flight)
      return start;
    // Read under the lock, once the IRP is known to be live: a driver holds a location while CurrentLocation is
    // within the stack.
    start.sent = irp->CurrentLocation <= irp->StackCount;
    if (start.sent) {
      record->phase = IrpPhase::completing;
      record->completed_once = true;
    }
    return start;
  });
}

Driver* IrpTable::hand_to_routine(PIRP irp) {
  return with_record(irp, [&](IrpRecord* record) -> Driver* {
    if (record == nullptr)
      return nullptr;
    record->phase = IrpPhase::in_flight;
    return record->owner;
  });
}

std::optional<IrpRecord> IrpTable::finish_completion(PIRP irp) {
  return with_record(irp, [&](IrpRecord* record) -> std::optional<IrpRecord> {
    if (record == nullptr)
      return std::nullopt;
    record->phase = IrpPhase::completed;
    return *record;
  });
}

IrpTable::FreeCheck IrpTable::erase_for_free(PIRP irp) {
  return irps_.with(irp, [&](auto& shard, std::uint64_t hash) {
    const IrpRecord* record = shard.map.find(irp, hash);
    if (record == nullptr)
      return FreeCheck::unknown;
    if (!record->from_pool)
      return FreeCheck::not_allocated;
    if (record->phase == IrpPhase::completing)
      return FreeCheck::completing;
    shard.map.erase(irp, hash);
    return FreeCheck::freed;
  });
}

NTSTATUS complete_invalid_request(PDEVICE_OBJECT device, PIRP irp) {
  (void)device;
  irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
  irp->IoStatus.Information = 0;
  IofCompleteRequest(irp, IO_NO_INCREMENT);
  return STATUS_INVALID_DEVICE_REQUEST;
}

}  // namespace wmiport::kernel

using namespace wmiport::kernel;

namespace {

constexpr ULONG kIrpTag = pool_tag("Irp ");
constexpr ULONG kSystemBufferTag = pool_tag("IoSb");
constexpr ULONG kMdlTag = pool_tag("Mdl ");
constexpr CSHORT kMdlMappedToSystemVa = 0x0001;

void initialize(PIRP irp, USHORT packet_size, CCHAR stack_size) {
  std::memset(irp, 0, packet_size);
  irp->Type = kIoTypeIrp;
  irp->Size = packet_size;
  irp->StackCount = stack_size;
  irp->CurrentLocation = static_cast<CHAR>(stack_size + 1);
  irp->ThreadListEntry.Flink = irp->ThreadListEntry.Blink = &irp->ThreadListEntry;
  // The stack locations follow the IRP; the current one starts just past the last (no driver holds it yet).
  irp->Tail.Overlay.CurrentStackLocation = reinterpret_cast<PIO_STACK_LOCATION>(irp + 1) + stack_size;
}

}  // namespace

namespace wmiport::kernel {

bool reuse_irp(PIRP irp, NTSTATUS status) {
  // The record and the packet are reset together, under the table's lock (one lock for the whole reuse).
  const auto was = IrpTable::instance().reuse(irp, [&] {
    const UCHAR allocation_flags = irp->AllocationFlags;
    initialize(irp, irp->Size, irp->StackCount);
    irp->AllocationFlags = allocation_flags;
    irp->IoStatus.Status = status;
  });
  if (!was) {
    report_violation("irp_unknown", fmt::format("IoReuseIrp on {}: not a live IRP", static_cast<const void*>(irp)));
    return false;
  }
  if (*was == IrpPhase::completing) {
    report_violation("irp_reuse_while_completing", "IoReuseIrp while IoCompleteRequest is walking the IRP");
    return false;
  }
  return true;
}

}  // namespace wmiport::kernel

extern "C" {

PIRP IoAllocateIrp(CCHAR StackSize, BOOLEAN ChargeQuota) {
  (void)ChargeQuota;
  if (StackSize < 1) {
    report_violation("irp_stack_size", fmt::format("IoAllocateIrp with StackSize {}", static_cast<int>(StackSize)));
    return nullptr;
  }
  const USHORT size = IoSizeOfIrp(StackSize);
  auto* irp = static_cast<PIRP>(PoolTracker::instance().allocate(size, kIrpTag, true, false, current_driver()));
  if (irp == nullptr)
    return nullptr;
  initialize(irp, size, StackSize);
  IrpRecord record;
  record.owner = current_driver();
  record.from_pool = true;
  IrpTable::instance().insert(irp, record);
  return irp;
}

VOID IoInitializeIrp(PIRP Irp, USHORT PacketSize, CCHAR StackSize) {
  if (PacketSize < IoSizeOfIrp(StackSize)) {
    report_violation("irp_packet_size", fmt::format("IoInitializeIrp: PacketSize {} is too small for {} locations",
                                                    PacketSize, static_cast<int>(StackSize)));
    return;
  }
  initialize(Irp, PacketSize, StackSize);
  // A driver-provided IRP (from its own pool): known from now on, never freed by IoFreeIrp.
  auto record = IrpTable::instance().find(Irp).value_or(IrpRecord{});
  record.phase = IrpPhase::in_flight;
  record.io_manager_owned = false;
  if (!record.from_pool)
    record.owner = current_driver();
  IrpTable::instance().insert(Irp, record);
}

VOID IoReuseIrp(PIRP Irp, NTSTATUS Iostatus) {
  (void)reuse_irp(Irp, Iostatus);
}

VOID IoFreeIrp(PIRP Irp) {
  switch (IrpTable::instance().erase_for_free(Irp)) {
    case IrpTable::FreeCheck::unknown:
      report_violation("irp_unknown",
                       fmt::format("IoFreeIrp on {}: not a live IRP (freed twice?)", static_cast<const void*>(Irp)));
      return;
    case IrpTable::FreeCheck::not_allocated:
      report_violation("irp_free_not_allocated", "IoFreeIrp on an IRP that IoAllocateIrp did not allocate");
      return;
    case IrpTable::FreeCheck::completing:
      report_violation("irp_free_while_completing", "IoFreeIrp while IoCompleteRequest is walking the IRP");
      return;
    case IrpTable::FreeCheck::freed:
      PoolTracker::instance().free(Irp, kIrpTag);
      return;
  }
}

PIRP IoBuildDeviceIoControlRequest(ULONG IoControlCode, PDEVICE_OBJECT DeviceObject, PVOID InputBuffer,
                                   ULONG InputBufferLength, PVOID OutputBuffer, ULONG OutputBufferLength,
                                   BOOLEAN InternalDeviceIoControl, PKEVENT Event, PIO_STATUS_BLOCK IoStatusBlock) {
  if (DeviceObject == nullptr || IoStatusBlock == nullptr)
    return nullptr;
  PIRP irp = IoAllocateIrp(DeviceObject->StackSize, FALSE);
  if (irp == nullptr)
    return nullptr;
  PIO_STACK_LOCATION stack = IoGetNextIrpStackLocation(irp);
  stack->MajorFunction = InternalDeviceIoControl ? IRP_MJ_INTERNAL_DEVICE_CONTROL : IRP_MJ_DEVICE_CONTROL;
  stack->Parameters.DeviceIoControl.OutputBufferLength = OutputBufferLength;
  stack->Parameters.DeviceIoControl.InputBufferLength = InputBufferLength;
  stack->Parameters.DeviceIoControl.IoControlCode = IoControlCode;
  const ULONG method = METHOD_FROM_CTL_CODE(IoControlCode);
  auto fail = [&] {
    if (irp->AssociatedIrp.SystemBuffer != nullptr)
      ExFreePool(irp->AssociatedIrp.SystemBuffer);
    if (irp->MdlAddress != nullptr)
      ExFreePool(irp->MdlAddress);
    IoFreeIrp(irp);
    return nullptr;
  };
  const ULONG system_length =
      method == METHOD_BUFFERED ? std::max(InputBufferLength, OutputBufferLength) : InputBufferLength;
  if (method != METHOD_NEITHER && system_length != 0) {
    irp->AssociatedIrp.SystemBuffer = ExAllocatePoolWithTag(NonPagedPool, system_length, kSystemBufferTag);
    if (irp->AssociatedIrp.SystemBuffer == nullptr)
      return fail();
    std::memset(irp->AssociatedIrp.SystemBuffer, 0, system_length);
    if (InputBuffer != nullptr && InputBufferLength != 0)
      std::memcpy(irp->AssociatedIrp.SystemBuffer, InputBuffer, InputBufferLength);
    irp->Flags |= IRP_BUFFERED_IO | IRP_DEALLOCATE_BUFFER;
  }
  if ((method == METHOD_IN_DIRECT || method == METHOD_OUT_DIRECT) && OutputBuffer != nullptr &&
      OutputBufferLength != 0) {
    // Host memory is always mapped: the MDL just describes the caller's buffer.
    auto* mdl = static_cast<PMDL>(ExAllocatePoolWithTag(NonPagedPool, sizeof(MDL), kMdlTag));
    if (mdl == nullptr)
      return fail();
    *mdl = MDL{};
    mdl->Size = sizeof(MDL);
    mdl->MdlFlags = kMdlMappedToSystemVa;
    mdl->StartVa = mdl->MappedSystemVa = OutputBuffer;
    mdl->ByteCount = OutputBufferLength;
    irp->MdlAddress = mdl;
  }
  if (method == METHOD_NEITHER)
    stack->Parameters.DeviceIoControl.Type3InputBuffer = InputBuffer;
  irp->UserBuffer = OutputBuffer;
  irp->UserIosb = IoStatusBlock;
  irp->UserEvent = Event;
  auto record = IrpTable::instance().find(irp).value();
  record.io_manager_owned = true;
  record.method = method;
  record.output_buffer = OutputBuffer;
  record.output_length = OutputBufferLength;
  IrpTable::instance().insert(irp, record);
  return irp;
}

}  // extern "C"
