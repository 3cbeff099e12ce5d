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
  irps_.with([&](auto& irps) { irps[irp] = record; });
}

std::optional<IrpRecord> IrpTable::find(PIRP irp) const {
  return irps_.with([&](const auto& irps) -> std::optional<IrpRecord> {
    const auto it = irps.find(irp);
    return it == irps.end() ? std::nullopt : std::optional(it->second);
  });
}

std::optional<IrpRecord> IrpTable::erase(PIRP irp) {
  return irps_.with([&](auto& irps) -> std::optional<IrpRecord> {
    const auto it = irps.find(irp);
    if (it == irps.end())
      return std::nullopt;
    IrpRecord record = it->second;
    irps.erase(it);
    return record;
  });
}

std::optional<IrpPhase> IrpTable::transition(PIRP irp, IrpPhase from, IrpPhase to) {
  return irps_.with([&](auto& irps) -> std::optional<IrpPhase> {
    const auto it = irps.find(irp);
    if (it == irps.end())
      return std::nullopt;
    const IrpPhase was = it->second.phase;
    if (was == from)
      it->second.phase = to;
    return was;
  });
}

void IrpTable::set_phase(PIRP irp, IrpPhase phase) {
  irps_.with([&](auto& irps) {
    const auto it = irps.find(irp);
    if (it != irps.end())
      it->second.phase = phase;
  });
}

void IrpTable::set_completed_once(PIRP irp, bool completed) {
  irps_.with([&](auto& irps) {
    const auto it = irps.find(irp);
    if (it != irps.end())
      it->second.completed_once = completed;
  });
}

IrpTable::CompletionStart IrpTable::begin_completion(PIRP irp) {
  return irps_.with([&](auto& irps) {
    CompletionStart start;
    const auto it = irps.find(irp);
    if (it == irps.end())
      return start;
    start.was = it->second.phase;
    start.completed_once = it->second.completed_once;
    if (it->second.phase != IrpPhase::in_flight)
      return start;
    // Read under the lock, once the IRP is known to be live: a driver holds a location while CurrentLocation is
    // within the stack.
    start.sent = irp->CurrentLocation <= irp->StackCount;
    if (start.sent) {
      it->second.phase = IrpPhase::completing;
      it->second.completed_once = true;
    }
    return start;
  });
}

Driver* IrpTable::hand_to_routine(PIRP irp) {
  return irps_.with([&](auto& irps) -> Driver* {
    const auto it = irps.find(irp);
    if (it == irps.end())
      return nullptr;
    it->second.phase = IrpPhase::in_flight;
    return it->second.owner;
  });
}

std::optional<IrpRecord> IrpTable::finish_completion(PIRP irp) {
  return irps_.with([&](auto& irps) -> std::optional<IrpRecord> {
    const auto it = irps.find(irp);
    if (it == irps.end())
      return std::nullopt;
    it->second.phase = IrpPhase::completed;
    return it->second;
  });
}

IrpTable::FreeCheck IrpTable::erase_for_free(PIRP irp) {
  return irps_.with([&](auto& irps) {
    const auto it = irps.find(irp);
    if (it == irps.end())
      return FreeCheck::unknown;
    if (!it->second.from_pool)
      return FreeCheck::not_allocated;
    if (it->second.phase == IrpPhase::completing)
      return FreeCheck::completing;
    irps.erase(it);
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
