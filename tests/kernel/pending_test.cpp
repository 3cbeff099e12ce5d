// STATUS_PENDING, then completion from another thread or from a work item, as drivers do on Windows.
#include <thread>

#include <gtest/gtest.h>

#include "kernel_fixture.h"
#include "test_stack.h"

namespace wmiport::kernel::testing {
namespace {

using PendingTest = KernelTest;

TEST_F(PendingTest, CompletionFromAnotherThreadReachesTheWaitingOriginator) {
  TestStack stack(*kernel_, {"lower", "upper"});
  stack[1].action = Action::forward_with_routine;
  stack[0].action = Action::pend;
  Originator originator;
  PIRP irp = originator.build(stack.top().device);
  ASSERT_EQ(IoCallDriver(stack.top().device, irp), STATUS_PENDING);
  PIRP pended = stack[0].pended;
  std::thread completer([pended] {
    pended->IoStatus.Status = STATUS_SUCCESS;
    pended->IoStatus.Information = 42;
    IoCompleteRequest(pended, IO_NO_INCREMENT);
  });
  ASSERT_TRUE(originator.wait());
  completer.join();
  EXPECT_EQ(originator.status, STATUS_SUCCESS);
  EXPECT_TRUE(originator.pending_returned);
  EXPECT_EQ(irp->IoStatus.Information, 42u);
  IoFreeIrp(irp);
}

struct WorkItemContext {
  PIO_WORKITEM item = nullptr;
  PIRP irp = nullptr;
  KIRQL irql_seen = 0xff;
  std::string driver_seen;
};

VOID complete_from_work_item(PDEVICE_OBJECT device, PVOID context) {
  (void)device;
  auto* work = static_cast<WorkItemContext*>(context);
  work->irql_seen = KeGetCurrentIrql();
  work->irp->IoStatus.Status = STATUS_WMI_GUID_NOT_FOUND;
  IoFreeWorkItem(work->item);  // freeing the item from its own routine is allowed
  IoCompleteRequest(work->irp, IO_NO_INCREMENT);
}

NTSTATUS pend_to_work_item(PDEVICE_OBJECT device, PIRP irp) {
  auto* work = *static_cast<WorkItemContext**>(device->DeviceExtension);
  work->irp = irp;
  work->item = IoAllocateWorkItem(device);
  IoMarkIrpPending(irp);
  IoQueueWorkItem(work->item, complete_from_work_item, DelayedWorkQueue, work);
  return STATUS_PENDING;
}

TEST_F(PendingTest, CompletionFromAWorkItemRunsAtPassiveLevelOnAWorker) {
  auto driver = kernel_->register_driver("pender", [](PDRIVER_OBJECT object, PUNICODE_STRING) {
    object->MajorFunction[IRP_MJ_DEVICE_CONTROL] = pend_to_work_item;
    return STATUS_SUCCESS;
  });
  ASSERT_TRUE(driver.ok());
  PDEVICE_OBJECT device = nullptr;
  ASSERT_EQ(IoCreateDevice((*driver)->object(), sizeof(void*), nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &device),
            STATUS_SUCCESS);
  WorkItemContext work;
  *static_cast<WorkItemContext**>(device->DeviceExtension) = &work;
  Originator originator;
  PIRP irp = originator.build(device);
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);  // a caller at DISPATCH_LEVEL may send IRPs; the work item still runs at PASSIVE
  EXPECT_EQ(IoCallDriver(device, irp), STATUS_PENDING);
  KeLowerIrql(old);
  ASSERT_TRUE(originator.wait());
  kernel_->drain_work();
  EXPECT_EQ(originator.status, STATUS_WMI_GUID_NOT_FOUND);
  EXPECT_TRUE(originator.pending_returned);
  EXPECT_EQ(work.irql_seen, PASSIVE_LEVEL);
  IoFreeIrp(irp);
  IoDeleteDevice(device);
}

TEST_F(PendingTest, AWorkItemKeepsItsDeviceAliveUntilItRuns) {
  static KEVENT s_release;
  static KEVENT s_started;
  KeInitializeEvent(&s_release, NotificationEvent, FALSE);
  KeInitializeEvent(&s_started, NotificationEvent, FALSE);
  auto driver = kernel_->register_driver("holder", [](PDRIVER_OBJECT, PUNICODE_STRING) { return STATUS_SUCCESS; });
  ASSERT_TRUE(driver.ok());
  PDEVICE_OBJECT device = nullptr;
  ASSERT_EQ(IoCreateDevice((*driver)->object(), 16, nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &device), STATUS_SUCCESS);
  PIO_WORKITEM item = IoAllocateWorkItem(device);
  IoQueueWorkItem(
      item,
      [](PDEVICE_OBJECT queued_device, PVOID context) {
        KeSetEvent(&s_started, IO_NO_INCREMENT, FALSE);
        KeWaitForSingleObject(&s_release, Executive, KernelMode, FALSE, nullptr);
        // The device was deleted meanwhile; the work item's reference keeps its memory valid.
        static_cast<UCHAR*>(queued_device->DeviceExtension)[0] = 1;
        IoFreeWorkItem(static_cast<PIO_WORKITEM>(context));
      },
      DelayedWorkQueue, item);
  KeWaitForSingleObject(&s_started, Executive, KernelMode, FALSE, nullptr);
  IoDeleteDevice(device);
  KeSetEvent(&s_release, IO_NO_INCREMENT, FALSE);
  kernel_->drain_work();
}

TEST_F(PendingTest, QueueingAWorkItemTwiceIsReported) {
  static KEVENT s_release;
  KeInitializeEvent(&s_release, NotificationEvent, FALSE);
  auto driver = kernel_->register_driver("twice", [](PDRIVER_OBJECT, PUNICODE_STRING) { return STATUS_SUCCESS; });
  ASSERT_TRUE(driver.ok());
  PDEVICE_OBJECT device = nullptr;
  ASSERT_EQ(IoCreateDevice((*driver)->object(), 0, nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &device), STATUS_SUCCESS);
  // Keep the only worker thread busy so the item stays queued.
  WORK_QUEUE_ITEM blocker;
  ExInitializeWorkItem(
      &blocker, [](PVOID) { KeWaitForSingleObject(&s_release, Executive, KernelMode, FALSE, nullptr); }, nullptr);
  for (int i = 0; i < 8; ++i)
    ExQueueWorkItem(&blocker, DelayedWorkQueue);
  PIO_WORKITEM item = IoAllocateWorkItem(device);
  auto routine = [](PDEVICE_OBJECT, PVOID) {};
  IoQueueWorkItem(item, routine, DelayedWorkQueue, nullptr);
  IoQueueWorkItem(item, routine, DelayedWorkQueue, nullptr);
  EXPECT_EQ(hook_.count("work_item_queued_twice"), 1u);
  KeSetEvent(&s_release, IO_NO_INCREMENT, FALSE);
  kernel_->drain_work();
  IoFreeWorkItem(item);
  IoDeleteDevice(device);
  hook_.clear();
}

}  // namespace
}  // namespace wmiport::kernel::testing
