// IofCallDriver and IofCompleteRequest: the IRP's trip down the device stack and the completion walk back up,
// plus cancellation (IoCancelIrp and the cancel spin lock) and the power variants.
#include <cstring>

#include <fmt/format.h>

#include <wdm.h>

#include "kernel/contract.h"
#include "kernel/current_driver.h"
#include "kernel/device.h"
#include "kernel/driver.h"
#include "kernel/irp.h"
#include "kernel/irql.h"
#include "kernel/pool.h"

using namespace wmiport::kernel;

namespace {

KSPIN_LOCK g_cancel_spin_lock = 0;

const void* ptr(const void* p) {
  return p;
}

// Whether the completion routine of a stack location runs for the IRP's final status (SL_INVOKE_ON_*).
bool should_invoke(const IO_STACK_LOCATION& stack, const IRP& irp) {
  if (stack.CompletionRoutine == nullptr)
    return false;
  const NTSTATUS status = irp.IoStatus.Status;
  return (NT_SUCCESS(status) && (stack.Control & SL_INVOKE_ON_SUCCESS) != 0) ||
         (!NT_SUCCESS(status) && (stack.Control & SL_INVOKE_ON_ERROR) != 0) ||
         (irp.Cancel && (stack.Control & SL_INVOKE_ON_CANCEL) != 0);
}

// The end of a completion: what the I/O manager does for the IRP's originator.
void finish_completion(PIRP irp) {
  const auto record = IrpTable::instance().finish_completion(irp);
  if (record && record->io_manager_owned) {
    // An IoBuildDeviceIoControlRequest IRP: copy buffered output back, report, signal, free.
    if (record->method == METHOD_BUFFERED && !NT_ERROR(irp->IoStatus.Status) && record->output_buffer != nullptr &&
        irp->AssociatedIrp.SystemBuffer != nullptr) {
      const ULONG_PTR bytes = std::min<ULONG_PTR>(irp->IoStatus.Information, record->output_length);
      std::memcpy(record->output_buffer, irp->AssociatedIrp.SystemBuffer, bytes);
    }
    if (irp->AssociatedIrp.SystemBuffer != nullptr && (irp->Flags & IRP_DEALLOCATE_BUFFER) != 0)
      ExFreePool(irp->AssociatedIrp.SystemBuffer);
    if (irp->MdlAddress != nullptr)
      ExFreePool(irp->MdlAddress);
    if (irp->UserIosb != nullptr)
      *irp->UserIosb = irp->IoStatus;
    PKEVENT event = irp->UserEvent;
    IrpTable::instance().erase(irp);
    PoolTracker::instance().free(irp, pool_tag("Irp "));
    if (event != nullptr)
      KeSetEvent(event, IO_NO_INCREMENT, FALSE);
    return;
  }
  // An IRP from IoAllocateIrp that nobody stopped with STATUS_MORE_PROCESSING_REQUIRED: it stays allocated for
  // its owner (who frees it); UserIosb and UserEvent, when set, tell the owner it is done.
  if (irp->UserIosb != nullptr)
    *irp->UserIosb = irp->IoStatus;
  if (irp->UserEvent != nullptr)
    KeSetEvent(irp->UserEvent, IO_NO_INCREMENT, FALSE);
}

}  // namespace

extern "C" {

NTSTATUS IofCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  const auto record = IrpTable::instance().find(Irp);
  if (!record) {
    report_violation("irp_unknown", fmt::format("IoCallDriver with {}: not a live IRP", ptr(Irp)));
    return STATUS_INVALID_PARAMETER;
  }
  if (record->phase != IrpPhase::in_flight)
    report_violation("irp_call_completed", "IoCallDriver with an IRP that was completed (IoReuseIrp it first)");
  if (DeviceObject == nullptr && Irp->CurrentLocation > 1) {
    // A driver forwarded the IRP with no device below it (the lowest driver of its stack passing a request
    // on). Windows would crash; here the IRP is completed as a request nobody handles, so its sender is not
    // left waiting.
    report_violation("irp_forwarded_by_lowest",
                     fmt::format("IoCallDriver(NULL, {}) for major function {:#x}: there is no lower driver", ptr(Irp),
                                 static_cast<int>(IoGetCurrentIrpStackLocation(Irp)->MajorFunction)));
    IrpTable::instance().set_phase(Irp, IrpPhase::in_flight);
    Irp->CurrentLocation--;
    Irp->Tail.Overlay.CurrentStackLocation--;
    Irp->Tail.Overlay.CurrentStackLocation->DeviceObject = nullptr;
    Irp->IoStatus.Status = STATUS_INVALID_DEVICE_REQUEST;
    Irp->IoStatus.Information = 0;
    IofCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_INVALID_DEVICE_REQUEST;
  }
  DeviceState* state = device_state(DeviceObject, "IoCallDriver");
  if (state == nullptr)
    return STATUS_INVALID_PARAMETER;
  if (Irp->CurrentLocation <= 1) {
    // NO_MORE_IRP_STACK_LOCATIONS on Windows: the IRP was allocated with too few locations for this stack.
    report_violation(
        "irp_no_more_stack_locations",
        fmt::format("IoCallDriver to {} ({}) with no stack location left (StackCount {})", ptr(DeviceObject),
                    state->driver != nullptr ? state->driver->name() : "?", static_cast<int>(Irp->StackCount)));
    return STATUS_INVALID_PARAMETER;
  }
  const KIRQL irql = current_irql();
  if (irql > DISPATCH_LEVEL)
    report_violation("call_driver_irql", fmt::format("IoCallDriver at IRQL {}", irql));
  if (record->phase != IrpPhase::in_flight)  // the usual IRP is in flight already: no second lock
    IrpTable::instance().set_phase(Irp, IrpPhase::in_flight);
  Irp->CurrentLocation--;
  Irp->Tail.Overlay.CurrentStackLocation--;
  PIO_STACK_LOCATION stack = Irp->Tail.Overlay.CurrentStackLocation;
  stack->DeviceObject = DeviceObject;
  if (state->deleted.load()) {
    // The object is kept alive by a reference, but its driver may be unloaded already: never call into it. The
    // IRP is completed here so the originator's completion routine still runs.
    report_violation("irp_to_deleted_device",
                     fmt::format("IoCallDriver to device {} after IoDeleteDevice", ptr(DeviceObject)));
    Irp->IoStatus.Status = STATUS_NO_SUCH_DEVICE;
    Irp->IoStatus.Information = 0;
    IofCompleteRequest(Irp, IO_NO_INCREMENT);
    return STATUS_NO_SUCH_DEVICE;
  }
  PDRIVER_OBJECT driver_object = DeviceObject->DriverObject;
  PDRIVER_DISPATCH dispatch =
      stack->MajorFunction <= IRP_MJ_MAXIMUM_FUNCTION ? driver_object->MajorFunction[stack->MajorFunction] : nullptr;
  if (dispatch == nullptr)
    dispatch = complete_invalid_request;
  DriverScope scope(state->driver);
  const NTSTATUS status = dispatch(DeviceObject, Irp);
  if (current_irql() != irql) {
    report_violation("dispatch_irql_changed",
                     fmt::format("dispatch routine for major function {:#x} returned at IRQL {} (called at {})",
                                 stack->MajorFunction, current_irql(), irql));
    set_irql(irql);
  }
  return status;
}

VOID IofCompleteRequest(PIRP Irp, CCHAR PriorityBoost) {
  (void)PriorityBoost;
  const auto start = IrpTable::instance().begin_completion(Irp);
  const auto& was = start.was;
  if (!was) {
    report_violation("irp_unknown",
                     fmt::format("IoCompleteRequest with {}: not a live IRP (completed and freed?)", ptr(Irp)));
    return;
  }
  if (*was != IrpPhase::in_flight) {
    // MULTIPLE_IRP_COMPLETE_REQUESTS on Windows. Leave the IRP alone: its first completion owns it.
    report_violation("irp_double_completion",
                     fmt::format("IoCompleteRequest with {}: already {}", ptr(Irp),
                                 *was == IrpPhase::completing ? "being completed" : "completed"));
    return;
  }
  if (Irp->IoStatus.Status == STATUS_PENDING)
    report_violation("irp_complete_pending", "IoCompleteRequest with IoStatus.Status == STATUS_PENDING");
  if (!start.sent) {  // the IRP stayed in flight
    if (start.completed_once)
      report_violation("irp_double_completion",
                       fmt::format("IoCompleteRequest with {}: already completed back to its originator", ptr(Irp)));
    else
      report_violation("irp_complete_unsent", "IoCompleteRequest with an IRP no driver holds (never sent)");
    return;
  }
  const KIRQL irql = current_irql();
  if (irql > DISPATCH_LEVEL)
    report_violation("complete_irql", fmt::format("IoCompleteRequest at IRQL {}", irql));

  while (Irp->CurrentLocation <= Irp->StackCount) {
    PIO_STACK_LOCATION stack = Irp->Tail.Overlay.CurrentStackLocation;
    Irp->PendingReturned = (stack->Control & SL_PENDING_RETURNED) != 0;
    const bool invoke = should_invoke(*stack, *Irp);
    PIO_COMPLETION_ROUTINE routine = stack->CompletionRoutine;
    PVOID context = stack->Context;
    // The location is done with: clear what belonged to the driver above it.
    stack->Control = 0;
    stack->CompletionRoutine = nullptr;
    stack->Context = nullptr;
    Irp->CurrentLocation++;
    Irp->Tail.Overlay.CurrentStackLocation++;
    // The routine was set by the driver one location up; it gets that driver's device (NULL at the top: the
    // IRP's originator).
    PDEVICE_OBJECT device =
        Irp->CurrentLocation <= Irp->StackCount ? Irp->Tail.Overlay.CurrentStackLocation->DeviceObject : nullptr;
    if (!invoke) {
      // No routine: propagate "pending returned" to the location above, as IoMarkIrpPending would.
      if (Irp->PendingReturned && Irp->CurrentLocation <= Irp->StackCount)
        Irp->Tail.Overlay.CurrentStackLocation->Control |= SL_PENDING_RETURNED;
      continue;
    }
    // While the routine runs, the IRP belongs to its driver again (it may free it, re-send it, or hand it to a
    // thread that completes it later).
    Driver* const irp_owner = IrpTable::instance().hand_to_routine(Irp);
    const auto owner = device != nullptr ? driver_of(device) : irp_owner;
    NTSTATUS result;
    {
      DriverScope scope(owner);
      result = routine(device, Irp, context);
    }
    if (result == STATUS_MORE_PROCESSING_REQUIRED)
      return;  // the IRP is not ours to touch any more
    const auto resumed = IrpTable::instance().transition(Irp, IrpPhase::in_flight, IrpPhase::completing);
    if (!resumed || *resumed != IrpPhase::in_flight) {
      report_violation("irp_completed_in_completion_routine",
                       "a completion routine completed or freed the IRP and did not return "
                       "STATUS_MORE_PROCESSING_REQUIRED");
      return;
    }
  }
  finish_completion(Irp);
}

BOOLEAN IoCancelIrp(PIRP Irp) {
  if (!IrpTable::instance().find(Irp)) {
    report_violation("irp_unknown", fmt::format("IoCancelIrp with {}: not a live IRP", ptr(Irp)));
    return FALSE;
  }
  KIRQL irql;
  IoAcquireCancelSpinLock(&irql);
  Irp->Cancel = TRUE;
  PDRIVER_CANCEL routine = IoSetCancelRoutine(Irp, nullptr);
  if (routine == nullptr) {
    IoReleaseCancelSpinLock(irql);
    return FALSE;
  }
  // The cancel routine releases the cancel spin lock (with Irp->CancelIrql), as the WDK requires.
  Irp->CancelIrql = irql;
  PDEVICE_OBJECT device =
      Irp->CurrentLocation <= Irp->StackCount ? IoGetCurrentIrpStackLocation(Irp)->DeviceObject : nullptr;
  DriverScope scope(device != nullptr ? driver_of(device) : nullptr);
  routine(device, Irp);
  return TRUE;
}

VOID IoAcquireCancelSpinLock(PKIRQL Irql) {
  KeAcquireSpinLock(&g_cancel_spin_lock, Irql);
}

VOID IoReleaseCancelSpinLock(KIRQL Irql) {
  KeReleaseSpinLock(&g_cancel_spin_lock, Irql);
}

NTSTATUS IoSetCompletionRoutineEx(PDEVICE_OBJECT DeviceObject, PIRP Irp, PIO_COMPLETION_ROUTINE CompletionRoutine,
                                  PVOID Context, BOOLEAN InvokeOnSuccess, BOOLEAN InvokeOnError,
                                  BOOLEAN InvokeOnCancel) {
  // The Ex form keeps the driver loaded until the routine has run; drivers here stay loaded until their devices
  // are removed, so the plain form is equivalent.
  (void)DeviceObject;
  IoSetCompletionRoutine(Irp, CompletionRoutine, Context, InvokeOnSuccess, InvokeOnError, InvokeOnCancel);
  return STATUS_SUCCESS;
}

NTSTATUS PoCallDriver(PDEVICE_OBJECT DeviceObject, PIRP Irp) {
  return IofCallDriver(DeviceObject, Irp);
}

VOID PoStartNextPowerIrp(PIRP Irp) {
  (void)Irp;
}

POWER_STATE PoSetPowerState(PDEVICE_OBJECT DeviceObject, POWER_STATE_TYPE Type, POWER_STATE State) {
  (void)DeviceObject;
  // Devices start in D0 / S0 and nothing else changes power here: the previous state is the working one.
  POWER_STATE previous;
  if (Type == DevicePowerState)
    previous.DeviceState = PowerDeviceD0;
  else
    previous.SystemState = PowerSystemWorking;
  (void)State;
  return previous;
}

}  // extern "C"
