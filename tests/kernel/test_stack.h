// A device stack built by a test out of host-defined drivers: each device's behaviour (complete, pend, forward
// with or without a completion routine) comes from its TestDevice, and every dispatch and completion routine
// call is logged.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "kernel/kernel.h"

namespace wmiport::kernel::testing {

class CallLog {
 public:
  void add(std::string line) {
    std::scoped_lock guard(lock_);
    lines_.push_back(std::move(line));
  }
  std::vector<std::string> lines() const {
    std::scoped_lock guard(lock_);
    return lines_;
  }

 private:
  mutable std::mutex lock_;
  std::vector<std::string> lines_;
};

enum class Action {
  complete,                 // IoCompleteRequest with `status`
  pend,                     // IoMarkIrpPending, keep the IRP in `pended`, return STATUS_PENDING
  forward_with_routine,     // copy the location down, set the completion routine, call the lower device
  forward_copy_no_routine,  // copy the location down without a routine
  forward_skip,             // skip the location, call the lower device
};

struct TestDevice {
  std::string name;
  Action action = Action::complete;
  NTSTATUS status = STATUS_SUCCESS;
  bool on_success = true;
  bool on_error = true;
  bool on_cancel = true;
  NTSTATUS routine_result = STATUS_CONTINUE_COMPLETION;
  bool propagate_pending = true;
  PDEVICE_OBJECT device = nullptr;
  PDEVICE_OBJECT lower = nullptr;
  PIRP pended = nullptr;
  CallLog* log = nullptr;
};

inline TestDevice* config_of(PDEVICE_OBJECT device) {
  return *static_cast<TestDevice**>(device->DeviceExtension);
}

inline NTSTATUS test_completion(PDEVICE_OBJECT device, PIRP irp, PVOID context) {
  auto* config = static_cast<TestDevice*>(context);
  config->log->add(fmt::format("{}: completion device={} pending_returned={} status={:#x}", config->name,
                               device != nullptr ? config_of(device)->name : "null", irp->PendingReturned ? 1 : 0,
                               static_cast<ULONG>(irp->IoStatus.Status)));
  if (config->propagate_pending && irp->PendingReturned)
    IoMarkIrpPending(irp);
  return config->routine_result;
}

inline NTSTATUS test_dispatch(PDEVICE_OBJECT device, PIRP irp) {
  TestDevice* config = config_of(device);
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  config->log->add(fmt::format("{}: dispatch location={} device_ok={}", config->name,
                               static_cast<int>(irp->CurrentLocation), stack->DeviceObject == device ? 1 : 0));
  switch (config->action) {
    case Action::complete:
      irp->IoStatus.Status = config->status;
      IoCompleteRequest(irp, IO_NO_INCREMENT);
      return config->status;
    case Action::pend:
      IoMarkIrpPending(irp);
      config->pended = irp;
      return STATUS_PENDING;
    case Action::forward_with_routine:
      IoCopyCurrentIrpStackLocationToNext(irp);
      IoSetCompletionRoutine(irp, test_completion, config, config->on_success, config->on_error, config->on_cancel);
      return IoCallDriver(config->lower, irp);
    case Action::forward_copy_no_routine:
      IoCopyCurrentIrpStackLocationToNext(irp);
      return IoCallDriver(config->lower, irp);
    case Action::forward_skip:
      IoSkipCurrentIrpStackLocation(irp);
      return IoCallDriver(config->lower, irp);
  }
  return STATUS_UNSUCCESSFUL;
}

inline NTSTATUS test_driver_entry(PDRIVER_OBJECT driver, PUNICODE_STRING registry_path) {
  (void)registry_path;
  driver->MajorFunction[IRP_MJ_DEVICE_CONTROL] = test_dispatch;
  return STATUS_SUCCESS;
}

// devices[0] is the bottom of the stack; each device belongs to its own driver "<name>".
class TestStack {
 public:
  TestStack(Kernel& kernel, std::vector<std::string> names) {
    for (auto& name : names) {
      auto config = std::make_unique<TestDevice>();
      config->name = name;
      config->log = &log;
      auto driver = kernel.register_driver(name, test_driver_entry, LoadOptions{});
      EXPECT_TRUE(driver.ok());
      PDEVICE_OBJECT device = nullptr;
      EXPECT_EQ(
          IoCreateDevice((*driver)->object(), sizeof(TestDevice*), nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &device),
          STATUS_SUCCESS);
      *static_cast<TestDevice**>(device->DeviceExtension) = config.get();
      device->Flags &= ~static_cast<ULONG>(DO_DEVICE_INITIALIZING);
      config->device = device;
      if (!devices.empty())
        config->lower = IoAttachDeviceToDeviceStack(device, devices.back()->device);
      devices.push_back(std::move(config));
    }
  }
  ~TestStack() {
    for (auto it = devices.rbegin(); it != devices.rend(); ++it) {
      if ((*it)->lower != nullptr)
        IoDetachDevice((*it)->lower);
      IoDeleteDevice((*it)->device);
    }
  }
  TestDevice& operator[](std::size_t i) { return *devices[i]; }
  TestDevice& top() { return *devices.back(); }

  CallLog log;
  std::vector<std::unique_ptr<TestDevice>> devices;
};

// The originator's side of an IRP: a completion routine in the first location that records what it saw and
// hands the IRP back (STATUS_MORE_PROCESSING_REQUIRED), and an event to wait for it.
struct Originator {
  Originator() { KeInitializeEvent(&done, NotificationEvent, FALSE); }

  static NTSTATUS completion(PDEVICE_OBJECT device, PIRP irp, PVOID context) {
    auto* self = static_cast<Originator*>(context);
    self->device_seen = device;
    self->pending_returned = irp->PendingReturned != 0;
    self->status = irp->IoStatus.Status;
    ++self->calls;
    KeSetEvent(&self->done, IO_NO_INCREMENT, FALSE);
    return STATUS_MORE_PROCESSING_REQUIRED;
  }

  PIRP build(PDEVICE_OBJECT top) {
    PIRP irp = IoAllocateIrp(top->StackSize, FALSE);
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    PIO_STACK_LOCATION stack = IoGetNextIrpStackLocation(irp);
    stack->MajorFunction = IRP_MJ_DEVICE_CONTROL;
    IoSetCompletionRoutine(irp, completion, this, TRUE, TRUE, TRUE);
    return irp;
  }

  bool wait(LONGLONG timeout_ms = 5000) {
    LARGE_INTEGER timeout;
    timeout.QuadPart = -timeout_ms * 10000;
    return KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, &timeout) == STATUS_SUCCESS;
  }

  KEVENT done;
  PDEVICE_OBJECT device_seen = reinterpret_cast<PDEVICE_OBJECT>(1);
  bool pending_returned = false;
  NTSTATUS status = 0;
  std::atomic<int> calls{0};
};

}  // namespace wmiport::kernel::testing
