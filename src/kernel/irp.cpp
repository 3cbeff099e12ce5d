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
  const auto record = IrpTable::instance().find(Irp);
  if (!record) {
    report_violation("irp_unknown", fmt::format("IoReuseIrp on {}: not a live IRP", static_cast<const void*>(Irp)));
    return;
  }
  if (record->phase == IrpPhase::completing) {
    report_violation("irp_reuse_while_completing", "IoReuseIrp while IoCompleteRequest is walking the IRP");
    return;
  }
  const UCHAR allocation_flags = Irp->AllocationFlags;
  initialize(Irp, Irp->Size, Irp->StackCount);
  Irp->AllocationFlags = allocation_flags;
  Irp->IoStatus.Status = Iostatus;
  IrpTable::instance().set_phase(Irp, IrpPhase::in_flight);
  IrpTable::instance().set_completed_once(Irp, false);
}

VOID IoFreeIrp(PIRP Irp) {
  const auto record = IrpTable::instance().find(Irp);
  if (!record) {
    report_violation("irp_unknown",
                     fmt::format("IoFreeIrp on {}: not a live IRP (freed twice?)", static_cast<const void*>(Irp)));
    return;
  }
  if (!record->from_pool) {
    report_violation("irp_free_not_allocated", "IoFreeIrp on an IRP that IoAllocateIrp did not allocate");
    return;
  }
  if (record->phase == IrpPhase::completing) {
    report_violation("irp_free_while_completing", "IoFreeIrp while IoCompleteRequest is walking the IRP");
    return;
  }
  IrpTable::instance().erase(Irp);
  PoolTracker::instance().free(Irp, kIrpTag);
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
