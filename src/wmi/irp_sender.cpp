#include "wmi/irp_sender.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <vector>

namespace wmiport::wmi {

namespace {

// The devices whose WMI dispatch this thread is currently inside (nested sends are possible: a driver's
// dispatch may itself ask WMI for something).
thread_local std::vector<PDEVICE_OBJECT> t_dispatching;

class DispatchMark {
 public:
  explicit DispatchMark(PDEVICE_OBJECT device) : device_(device) { t_dispatching.push_back(device); }
  ~DispatchMark() {
    auto it = std::find(t_dispatching.rbegin(), t_dispatching.rend(), device_);
    if (it != t_dispatching.rend())
      t_dispatching.erase(std::next(it).base());
  }
  DispatchMark(const DispatchMark&) = delete;
  DispatchMark& operator=(const DispatchMark&) = delete;

 private:
  PDEVICE_OBJECT device_;
};

// Shared between the sender and the completion routine, which may run on another thread.
struct Completion {
  std::mutex mutex;
  std::condition_variable done_cv;
  bool done = false;
  IrpOutcome outcome;
};

NTSTATUS on_wmi_irp_completed(PDEVICE_OBJECT /*device*/, PIRP irp, PVOID context) {
  auto* completion = static_cast<Completion*>(context);
  // Notify under the lock: once the sender sees `done` it destroys `completion`, so nothing may touch it after
  // the unlock.
  std::lock_guard lock(completion->mutex);
  completion->outcome = {irp->IoStatus.Status, irp->IoStatus.Information};
  completion->done = true;
  completion->done_cv.notify_all();
  // The IRP is ours (IoAllocateIrp): stop completion here, the sender frees it.
  return STATUS_MORE_PROCESSING_REQUIRED;
}

}  // namespace

bool dispatching_on_this_thread(PDEVICE_OBJECT device) {
  return std::find(t_dispatching.begin(), t_dispatching.end(), device) != t_dispatching.end();
}

Result<IrpOutcome> send_wmi_irp(const WmiIrpRequest& request) {
  PDEVICE_OBJECT top = IoGetAttachedDeviceReference(request.registered_device);
  if (top == nullptr)
    return Error(ntstatus::invalid_parameter, "the registered device has no device stack");
  PIRP irp = IoAllocateIrp(top->StackSize, FALSE);
  if (irp == nullptr) {
    ObDereferenceObject(top);
    return Error(ntstatus::insufficient_resources, "IoAllocateIrp failed for a WMI request");
  }
  irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
  irp->IoStatus.Information = 0;

  PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
  next->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
  next->MinorFunction = request.minor;
  next->Parameters.WMI.ProviderId = request.provider_id;
  next->Parameters.WMI.DataPath = request.data_path;
  next->Parameters.WMI.BufferSize = request.buffer_size;
  next->Parameters.WMI.Buffer = request.buffer;

  Completion completion;
  IoSetCompletionRoutine(irp, on_wmi_irp_completed, &completion, TRUE, TRUE, TRUE);
  {
    DispatchMark mark(request.registered_device);
    (void)IoCallDriver(top, irp);
  }
  {
    std::unique_lock lock(completion.mutex);
    if (request.on_overdue && request.overdue_after.count() > 0 &&
        !completion.done_cv.wait_for(lock, request.overdue_after, [&] { return completion.done; })) {
      lock.unlock();
      request.on_overdue();
      lock.lock();
    }
    completion.done_cv.wait(lock, [&] { return completion.done; });
  }
  IoFreeIrp(irp);
  ObDereferenceObject(top);
  return completion.outcome;
}

}  // namespace wmiport::wmi
