#include "kernel/pnp.h"

#include "kernel/irql.h"

namespace wmiport::kernel {

namespace {

NTSTATUS signal_and_stop(PDEVICE_OBJECT device, PIRP irp, PVOID context) {
  (void)device;
  (void)irp;
  KeSetEvent(static_cast<PKEVENT>(context), IO_NO_INCREMENT, FALSE);
  return STATUS_MORE_PROCESSING_REQUIRED;  // the IRP is the kernel's again: it reads the status and frees it
}

}  // namespace

NTSTATUS send_pnp_irp(PDEVICE_OBJECT pdo, UCHAR minor) {
  IrqlScope passive(kPassiveLevel);  // PnP IRPs are sent at PASSIVE_LEVEL
  PDEVICE_OBJECT top = IoGetAttachedDeviceReference(pdo);
  if (top == nullptr)
    return STATUS_NO_SUCH_DEVICE;
  PIRP irp = IoAllocateIrp(top->StackSize, FALSE);
  if (irp == nullptr) {
    ObDereferenceObject(top);
    return STATUS_INSUFFICIENT_RESOURCES;
  }
  KEVENT done;
  KeInitializeEvent(&done, NotificationEvent, FALSE);
  irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
  PIO_STACK_LOCATION stack = IoGetNextIrpStackLocation(irp);
  stack->MajorFunction = IRP_MJ_PNP;
  stack->MinorFunction = minor;
  IoSetCompletionRoutine(irp, signal_and_stop, &done, TRUE, TRUE, TRUE);
  (void)IoCallDriver(top, irp);
  // Whatever the dispatch routine returned, the completion routine runs exactly once.
  KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, nullptr);
  const NTSTATUS status = irp->IoStatus.Status;
  IoFreeIrp(irp);
  ObDereferenceObject(top);
  return status;
}

}  // namespace wmiport::kernel
