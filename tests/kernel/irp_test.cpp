// IRP stack mechanics: layout, IoCallDriver, the completion walk (SL_INVOKE_ON_*, MORE_PROCESSING_REQUIRED,
// PendingReturned), cancellation, the I/O manager's IOCTL IRPs and the misuse reports.
#include <cstring>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "kernel_fixture.h"
#include "test_stack.h"

namespace wmiport::kernel::testing {
namespace {

struct InvokeCase;

class IrpTest : public KernelTest {
 protected:
  void check_invoke_case(const InvokeCase& c);
  void check_pending_propagation(bool propagate);
};

TEST_F(IrpTest, AllocateLaysOutStackLocationsAsTheWdk) {
  PIRP irp = IoAllocateIrp(3, FALSE);
  ASSERT_NE(irp, nullptr);
  EXPECT_EQ(irp->Type, 6);
  EXPECT_EQ(irp->Size, IoSizeOfIrp(3));
  EXPECT_EQ(irp->StackCount, 3);
  EXPECT_EQ(irp->CurrentLocation, 4);
  auto* first = reinterpret_cast<PIO_STACK_LOCATION>(irp + 1);
  EXPECT_EQ(IoGetCurrentIrpStackLocation(irp), first + 3);  // past the end: nobody holds the IRP yet
  EXPECT_EQ(IoGetNextIrpStackLocation(irp), first + 2);
  IoSetNextIrpStackLocation(irp);
  EXPECT_EQ(irp->CurrentLocation, 3);
  EXPECT_EQ(IoGetCurrentIrpStackLocation(irp), first + 2);
  IoSkipCurrentIrpStackLocation(irp);
  EXPECT_EQ(irp->CurrentLocation, 4);
  IoFreeIrp(irp);
}

TEST_F(IrpTest, CopyToNextKeepsParametersAndDropsTheCompletionRoutine) {
  PIRP irp = IoAllocateIrp(2, FALSE);
  IoSetNextIrpStackLocation(irp);
  PIO_STACK_LOCATION current = IoGetCurrentIrpStackLocation(irp);
  current->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
  current->MinorFunction = IRP_MN_QUERY_ALL_DATA;
  current->Parameters.WMI.BufferSize = 0x100;
  current->CompletionRoutine = Originator::completion;
  current->Control = SL_INVOKE_ON_SUCCESS;
  IoCopyCurrentIrpStackLocationToNext(irp);
  PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
  EXPECT_EQ(next->MajorFunction, IRP_MJ_SYSTEM_CONTROL);
  EXPECT_EQ(next->MinorFunction, IRP_MN_QUERY_ALL_DATA);
  EXPECT_EQ(next->Parameters.WMI.BufferSize, 0x100u);
  EXPECT_EQ(next->CompletionRoutine, nullptr);
  EXPECT_EQ(next->Control, 0);
  IoMarkIrpPending(irp);
  EXPECT_EQ(current->Control & SL_PENDING_RETURNED, SL_PENDING_RETURNED);
  IoFreeIrp(irp);
}

TEST_F(IrpTest, CallDriverDescendsAndRoutinesRunBottomUpWithTheirOwnDevice) {
  TestStack stack(*kernel_, {"bottom", "middle", "top"});
  stack[2].action = Action::forward_with_routine;
  stack[1].action = Action::forward_with_routine;
  stack[0].action = Action::complete;
  stack[0].status = STATUS_SUCCESS;
  Originator originator;
  PIRP irp = originator.build(stack.top().device);
  EXPECT_EQ(IoCallDriver(stack.top().device, irp), STATUS_SUCCESS);
  const std::vector<std::string> expected = {
      "top: dispatch location=3 device_ok=1",
      "middle: dispatch location=2 device_ok=1",
      "bottom: dispatch location=1 device_ok=1",
      "middle: completion device=middle pending_returned=0 status=0x0",
      "top: completion device=top pending_returned=0 status=0x0",
  };
  EXPECT_EQ(stack.log.lines(), expected);
  EXPECT_EQ(originator.calls, 1);
  EXPECT_EQ(originator.device_seen, nullptr);  // the originator's routine has no device of its own
  EXPECT_EQ(originator.status, STATUS_SUCCESS);
  EXPECT_EQ(irp->CurrentLocation, 4);
  IoFreeIrp(irp);
}

struct InvokeCase {
  const char* name;
  NTSTATUS status;
  bool cancel;
  bool on_success, on_error, on_cancel;
  bool invoked;
};

TEST_F(IrpTest, CompletionRoutineFlagsSelectWhenItRuns) {
  constexpr InvokeCase cases[] = {
      {"success, on success", STATUS_SUCCESS, false, true, false, false, true},
      {"success, on error only", STATUS_SUCCESS, false, false, true, false, false},
      {"success, on cancel only", STATUS_SUCCESS, false, false, false, true, false},
      {"error, on error", STATUS_INVALID_PARAMETER, false, false, true, false, true},
      {"error, on success only", STATUS_INVALID_PARAMETER, false, true, false, false, false},
      {"warning counts as error", STATUS_BUFFER_OVERFLOW, false, false, true, false, true},
      {"informational counts as success", STATUS_TIMEOUT, false, true, false, false, true},
      {"cancelled, on cancel only", STATUS_CANCELLED, true, false, false, true, true},
      {"cancelled, on error", STATUS_CANCELLED, true, false, true, false, true},
      {"cancelled, on success only", STATUS_CANCELLED, true, true, false, false, false},
      {"no flags", STATUS_SUCCESS, false, false, false, false, false},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    check_invoke_case(c);
    for (auto& driver : kernel_->drivers())
      ASSERT_TRUE(kernel_->unload_driver(*driver).ok());
  }
}

void IrpTest::check_invoke_case(const InvokeCase& c) {
  {
    TestStack stack(*kernel_, {"lower", "upper"});
    stack[1].action = Action::forward_with_routine;
    stack[1].on_success = c.on_success;
    stack[1].on_error = c.on_error;
    stack[1].on_cancel = c.on_cancel;
    stack[0].action = Action::complete;
    stack[0].status = c.status;
    Originator originator;
    PIRP irp = originator.build(stack.top().device);
    irp->Cancel = c.cancel ? TRUE : FALSE;
    EXPECT_EQ(IoCallDriver(stack.top().device, irp), c.status);
    const auto lines = stack.log.lines();
    const bool invoked = std::any_of(lines.begin(), lines.end(),
                                     [](const std::string& l) { return l.starts_with("upper: completion"); });
    EXPECT_EQ(invoked, c.invoked);
    EXPECT_EQ(originator.calls, 1);  // the walk goes on to the top either way
    IoFreeIrp(irp);
  }
}

TEST_F(IrpTest, MoreProcessingRequiredStopsTheWalkUntilCompletedAgain) {
  TestStack stack(*kernel_, {"lower", "upper"});
  stack[1].action = Action::forward_with_routine;
  stack[1].routine_result = STATUS_MORE_PROCESSING_REQUIRED;
  stack[0].action = Action::complete;
  Originator originator;
  PIRP irp = originator.build(stack.top().device);
  EXPECT_EQ(IoCallDriver(stack.top().device, irp), STATUS_SUCCESS);
  EXPECT_EQ(originator.calls, 0);      // stopped at "upper"
  EXPECT_EQ(irp->CurrentLocation, 2);  // upper owns the IRP again, at its own location
  // Upper finishes its work and completes the IRP (the usual "forward and wait" pattern): not a double completion.
  irp->IoStatus.Status = STATUS_WMI_READ_ONLY;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  EXPECT_EQ(originator.calls, 1);
  EXPECT_EQ(originator.status, STATUS_WMI_READ_ONLY);
  IoFreeIrp(irp);
}

TEST_F(IrpTest, PendingReturnedReachesTheOriginatorThroughASkippedLocation) {
  TestStack stack(*kernel_, {"lower", "upper"});
  stack[1].action = Action::forward_skip;
  stack[0].action = Action::pend;
  Originator originator;
  PIRP irp = originator.build(stack.top().device);
  EXPECT_EQ(IoCallDriver(stack.top().device, irp), STATUS_PENDING);
  ASSERT_EQ(stack[0].pended, irp);
  irp->IoStatus.Status = STATUS_SUCCESS;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  EXPECT_EQ(originator.calls, 1);
  EXPECT_TRUE(originator.pending_returned);
  IoFreeIrp(irp);
}

TEST_F(IrpTest, PendingReturnedIsPropagatedWhenNoRoutineRuns) {
  TestStack stack(*kernel_, {"lower", "upper"});
  stack[1].action = Action::forward_copy_no_routine;
  stack[0].action = Action::pend;
  Originator originator;
  PIRP irp = originator.build(stack.top().device);
  EXPECT_EQ(IoCallDriver(stack.top().device, irp), STATUS_PENDING);
  irp->IoStatus.Status = STATUS_SUCCESS;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  EXPECT_TRUE(originator.pending_returned);
  IoFreeIrp(irp);
}

TEST_F(IrpTest, PendingReturnedPropagationIsTheCompletionRoutinesJob) {
  for (const bool propagate : {true, false}) {
    SCOPED_TRACE(propagate ? "routine marks pending" : "routine forgets");
    check_pending_propagation(propagate);
    for (auto& driver : kernel_->drivers())
      ASSERT_TRUE(kernel_->unload_driver(*driver).ok());
  }
}

void IrpTest::check_pending_propagation(bool propagate) {
  {
    TestStack stack(*kernel_, {"lower", "upper"});
    stack[1].action = Action::forward_with_routine;
    stack[1].propagate_pending = propagate;
    stack[0].action = Action::pend;
    Originator originator;
    PIRP irp = originator.build(stack.top().device);
    EXPECT_EQ(IoCallDriver(stack.top().device, irp), STATUS_PENDING);
    irp->IoStatus.Status = STATUS_SUCCESS;
    IoCompleteRequest(irp, IO_NO_INCREMENT);
    EXPECT_EQ(stack.log.lines().back(), "upper: completion device=upper pending_returned=1 status=0x0");
    EXPECT_EQ(originator.pending_returned, propagate);
    IoFreeIrp(irp);
  }
}

TEST_F(IrpTest, UnsetMajorFunctionFailsWithInvalidDeviceRequest) {
  TestStack stack(*kernel_, {"only"});
  Originator originator;
  PIRP irp = originator.build(stack.top().device);
  IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_SYSTEM_CONTROL;  // the test driver handles none
  EXPECT_EQ(IoCallDriver(stack.top().device, irp), STATUS_INVALID_DEVICE_REQUEST);
  EXPECT_EQ(originator.status, STATUS_INVALID_DEVICE_REQUEST);
  IoFreeIrp(irp);
}

TEST_F(IrpTest, CancelRunsTheCancelRoutineAndOnCancelCompletion) {
  static PIRP s_cancelled = nullptr;
  TestStack stack(*kernel_, {"lower", "upper"});
  stack[1].action = Action::forward_with_routine;
  stack[1].on_success = stack[1].on_error = false;
  stack[1].on_cancel = true;
  stack[0].action = Action::pend;
  Originator originator;
  PIRP irp = originator.build(stack.top().device);
  ASSERT_EQ(IoCallDriver(stack.top().device, irp), STATUS_PENDING);
  EXPECT_EQ(IoSetCancelRoutine(irp,
                               [](PDEVICE_OBJECT, PIRP cancelled) {
                                 s_cancelled = cancelled;
                                 IoReleaseCancelSpinLock(cancelled->CancelIrql);
                                 cancelled->IoStatus.Status = STATUS_CANCELLED;
                                 IoCompleteRequest(cancelled, IO_NO_INCREMENT);
                               }),
            nullptr);
  EXPECT_EQ(IoCancelIrp(irp), TRUE);
  EXPECT_EQ(s_cancelled, irp);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  EXPECT_EQ(originator.status, STATUS_CANCELLED);
  EXPECT_EQ(stack.log.lines().back(), "upper: completion device=upper pending_returned=1 status=0xc0000120");
  // Without a cancel routine, IoCancelIrp only sets Cancel.
  PIRP second = IoAllocateIrp(1, FALSE);
  EXPECT_EQ(IoCancelIrp(second), FALSE);
  EXPECT_TRUE(second->Cancel);
  IoFreeIrp(second);
  IoFreeIrp(irp);
}

TEST_F(IrpTest, DoubleCompletionIsReportedAndHarmless) {
  TestStack stack(*kernel_, {"only"});
  stack[0].action = Action::complete;
  PIRP irp = IoAllocateIrp(1, FALSE);
  IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_DEVICE_CONTROL;
  EXPECT_EQ(IoCallDriver(stack.top().device, irp), STATUS_SUCCESS);  // completes to the top: nobody stops it
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  EXPECT_EQ(hook_.count("irp_double_completion"), 1u);
  IoFreeIrp(irp);
  // Completing or freeing it once it is freed is reported too, without touching the memory.
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  IoFreeIrp(irp);
  EXPECT_EQ(hook_.count("irp_unknown"), 2u);
  hook_.clear();
}

TEST_F(IrpTest, ThreadsSendingAtOnceGetEveryDoubleCompletionAndStaleFreeReported) {
  // The IRP and object tables are sharded by address: requests on several threads at once must keep their
  // records apart and still catch each misuse exactly once.
  TestStack stack(*kernel_, {"bottom", "top"});
  stack[1].action = Action::forward_with_routine;
  stack[0].action = Action::complete;
  constexpr int kThreads = 4;
  constexpr int kRequests = 200;
  constexpr int kMisuseEvery = 50;
  std::vector<std::thread> threads;
  for (int k = 0; k < kThreads; ++k) {
    threads.emplace_back([&] {
      for (int i = 0; i < kRequests; ++i) {
        PIRP irp = IoAllocateIrp(stack.top().device->StackSize, FALSE);
        IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_DEVICE_CONTROL;
        PDEVICE_OBJECT top = IoGetAttachedDeviceReference(stack[0].device);
        EXPECT_EQ(IoCallDriver(top, irp), STATUS_SUCCESS);
        ObDereferenceObject(top);
        const bool misuse = i % kMisuseEvery == 0;
        if (misuse)
          IoCompleteRequest(irp, IO_NO_INCREMENT);  // already completed back to us
        IoFreeIrp(irp);
        if (misuse)
          IoFreeIrp(irp);  // freed already
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  const std::size_t misuses = static_cast<std::size_t>(kThreads * kRequests / kMisuseEvery);
  EXPECT_EQ(hook_.count("irp_double_completion"), misuses);
  EXPECT_EQ(hook_.count("irp_unknown"), misuses);
  EXPECT_EQ(hook_.violations().size(), 2 * misuses);
  EXPECT_EQ(stack.log.lines().size(), static_cast<std::size_t>(kThreads * kRequests * 3));
  hook_.clear();
}

TEST_F(IrpTest, TooFewStackLocationsIsReported) {
  TestStack stack(*kernel_, {"lower", "upper"});
  stack[1].action = Action::forward_skip;
  PIRP irp = IoAllocateIrp(1, FALSE);  // the stack is two deep
  IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_DEVICE_CONTROL;
  irp->IoStatus.Status = STATUS_SUCCESS;
  // upper skips its location, so it reuses location 1 and lower still has one... use copy-down instead.
  stack[1].action = Action::forward_copy_no_routine;
  EXPECT_EQ(IoCallDriver(stack.top().device, irp), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(hook_.count("irp_no_more_stack_locations"), 1u);
  hook_.clear();
  IoFreeIrp(irp);
}

NTSTATUS echo_ioctl(PDEVICE_OBJECT device, PIRP irp) {
  (void)device;
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  const ULONG in = stack->Parameters.DeviceIoControl.InputBufferLength;
  auto* buffer = static_cast<UCHAR*>(irp->AssociatedIrp.SystemBuffer);
  for (ULONG i = 0; i < in; ++i)
    buffer[i] = static_cast<UCHAR>(buffer[i] + 1);
  irp->IoStatus.Status = STATUS_SUCCESS;
  irp->IoStatus.Information = in;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  return STATUS_SUCCESS;
}

TEST_F(IrpTest, BuiltIoctlIrpCopiesBufferedOutputAndFreesItself) {
  auto driver = kernel_->register_driver("echo", [](PDRIVER_OBJECT object, PUNICODE_STRING) {
    object->MajorFunction[IRP_MJ_DEVICE_CONTROL] = echo_ioctl;
    return STATUS_SUCCESS;
  });
  ASSERT_TRUE(driver.ok());
  PDEVICE_OBJECT device = nullptr;
  ASSERT_EQ(IoCreateDevice((*driver)->object(), 0, nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &device), STATUS_SUCCESS);
  UCHAR input[4] = {1, 2, 3, 4};
  UCHAR output[8] = {};
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, FALSE);
  IO_STATUS_BLOCK iosb{};
  PIRP irp = IoBuildDeviceIoControlRequest(CTL_CODE(FILE_DEVICE_UNKNOWN, 0x800, METHOD_BUFFERED, FILE_ANY_ACCESS),
                                           device, input, sizeof input, output, sizeof output, FALSE, &event, &iosb);
  ASSERT_NE(irp, nullptr);
  NTSTATUS status = IoCallDriver(device, irp);
  if (status == STATUS_PENDING)
    KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr);
  EXPECT_EQ(iosb.Status, STATUS_SUCCESS);
  EXPECT_EQ(iosb.Information, 4u);
  const UCHAR expected[8] = {2, 3, 4, 5, 0, 0, 0, 0};
  EXPECT_EQ(std::memcmp(output, expected, sizeof output), 0);
  EXPECT_EQ(KeReadStateEvent(&event), 1);
  IoDeleteDevice(device);
}

TEST_F(IrpTest, ReuseResetsTheIrpForAnotherTrip) {
  TestStack stack(*kernel_, {"only"});
  stack[0].action = Action::complete;
  stack[0].status = STATUS_SUCCESS;
  PIRP irp = IoAllocateIrp(1, FALSE);
  for (int trip = 0; trip < 3; ++trip) {
    IoReuseIrp(irp, STATUS_NOT_SUPPORTED);
    EXPECT_EQ(irp->CurrentLocation, 2);
    EXPECT_EQ(irp->IoStatus.Status, STATUS_NOT_SUPPORTED);
    IoGetNextIrpStackLocation(irp)->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    EXPECT_EQ(IoCallDriver(stack.top().device, irp), STATUS_SUCCESS);
  }
  IoFreeIrp(irp);
}

TEST_F(IrpTest, IrpToADeletedDeviceIsCompletedWithoutCallingItsDriver) {
  TestStack stack(*kernel_, {"only"});
  PDEVICE_OBJECT device = stack.top().device;
  ObReferenceObject(device);  // e.g. the WMI core still holds it
  IoDeleteDevice(device);
  stack.devices.clear();  // already deleted
  Originator originator;
  PIRP irp = originator.build(device);
  EXPECT_EQ(IoCallDriver(device, irp), STATUS_NO_SUCH_DEVICE);
  EXPECT_EQ(originator.calls, 1);
  EXPECT_EQ(originator.status, STATUS_NO_SUCH_DEVICE);
  EXPECT_TRUE(stack.log.lines().empty());
  EXPECT_EQ(hook_.count("irp_to_deleted_device"), 1u);
  hook_.clear();
  IoFreeIrp(irp);
  ObDereferenceObject(device);
}

}  // namespace
}  // namespace wmiport::kernel::testing
