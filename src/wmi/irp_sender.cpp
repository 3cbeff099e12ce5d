#include "wmi/irp_sender.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <utility>
#include <vector>

#include "kernel/current_driver.h"
#include "kernel/irp.h"

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

// Shared between the sender and the completion routine, which may run on another thread. Most drivers complete
// inline, before IoCallDriver returns: then one compare-and-swap each way is the whole handshake, no lock. Only a
// sender that finds the request still pending announces that it waits (state kWaiting), and only then does the
// completion routine take the mutex to wake it.
struct Completion {
  static constexpr int kPending = 0;
  static constexpr int kDone = 1;
  static constexpr int kWaiting = 2;
  std::atomic<int> state{kPending};
  std::mutex mutex;
  std::condition_variable done_cv;
  IrpOutcome outcome;
};

NTSTATUS on_wmi_irp_completed(PDEVICE_OBJECT /*device*/, PIRP irp, PVOID context) {
  auto* completion = static_cast<Completion*>(context);
  completion->outcome = {irp->IoStatus.Status, irp->IoStatus.Information};
  int expected = Completion::kPending;
  // Not waited for yet: publishing kDone is the last touch (the sender owns `completion` from then on).
  if (!completion->state.compare_exchange_strong(expected, Completion::kDone, std::memory_order_acq_rel)) {
    // The sender waits: set and notify under the lock, so that it cannot see kDone and destroy `completion`
    // before the notify.
    std::lock_guard lock(completion->mutex);
    completion->state.store(Completion::kDone, std::memory_order_release);
    completion->done_cv.notify_all();
  }
  // The IRP is ours (IoAllocateIrp): stop completion here, the sender frees or reuses it.
  return STATUS_MORE_PROCESSING_REQUIRED;
}

// The IRP a thread keeps for its next WMI request (docs/decisions.md, "Kept request objects"): allocated once through
// IoAllocateIrp and tracked by the kernel like any other (IRP table, pool tracker), reset with IoReuseIrp
// after each request, so stack locations start clean. Taken out of the slot while in use, so a nested send (a
// driver's dispatch asking WMI for something) gets an IRP of its own. Freed with IoFreeIrp when the thread
// ends or when a device stack needs a different stack size.
class ThreadIrpSlot {
 public:
  ~ThreadIrpSlot() {
    if (irp_ != nullptr)
      free_as_host(irp_);
  }
  PIRP take(CCHAR stack_size) {
    PIRP irp = std::exchange(irp_, nullptr);
    if (irp != nullptr && irp->StackCount == stack_size)
      return irp;
    if (irp != nullptr)
      free_as_host(irp);
    // Allocated for the host (the WMI core), not for a driver whose code may be running on this thread.
    kernel::DriverScope host(nullptr);
    return IoAllocateIrp(stack_size, FALSE);
  }
  // After the request: reset for the next one, or let go of it when a driver freed it (reported by the kernel)
  // or when another request already refilled the slot.
  void give_back(PIRP irp) {
    if (!kernel::reuse_irp(irp, STATUS_NOT_SUPPORTED))
      return;
    if (irp_ == nullptr)
      irp_ = irp;
    else
      free_as_host(irp);
  }

 private:
  static void free_as_host(PIRP irp) {
    kernel::DriverScope host(nullptr);
    IoFreeIrp(irp);
  }
  PIRP irp_ = nullptr;
};

thread_local ThreadIrpSlot t_irp_slot;

}  // namespace

bool dispatching_on_this_thread(PDEVICE_OBJECT device) {
  return std::find(t_dispatching.begin(), t_dispatching.end(), device) != t_dispatching.end();
}

Result<IrpOutcome> send_wmi_irp(const WmiIrpRequest& request) {
  PDEVICE_OBJECT top = IoGetAttachedDeviceReference(request.registered_device);
  if (top == nullptr)
    return Error(ntstatus::invalid_parameter, "the registered device has no device stack");
  PIRP irp = t_irp_slot.take(top->StackSize);
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
  int expected = Completion::kPending;
  if (completion.state.compare_exchange_strong(expected, Completion::kWaiting, std::memory_order_acq_rel)) {
    // Still pending (else it completed inline and there is nothing to wait for).
    auto done = [&] { return completion.state.load(std::memory_order_acquire) == Completion::kDone; };
    std::unique_lock lock(completion.mutex);
    if (request.on_overdue && request.overdue_after.count() > 0 &&
        !completion.done_cv.wait_for(lock, request.overdue_after, done)) {
      lock.unlock();
      request.on_overdue();
      lock.lock();
    }
    completion.done_cv.wait(lock, done);
  }
  t_irp_slot.give_back(irp);
  ObDereferenceObject(top);
  return completion.outcome;
}

}  // namespace wmiport::wmi
