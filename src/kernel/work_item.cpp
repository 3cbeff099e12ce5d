// IoAllocateWorkItem, IoQueueWorkItem, IoFreeWorkItem and ExQueueWorkItem: work run at PASSIVE_LEVEL on the
// kernel's worker threads. A queued I/O work item holds a reference on its device object until its routine
// returns, so the device cannot be freed under it.
#include <atomic>
#include <new>

#include <fmt/format.h>

#include <wdm.h>

#include "kernel/contract.h"
#include "kernel/current_driver.h"
#include "kernel/device.h"
#include "kernel/irql.h"
#include "kernel/kernel.h"
#include "kernel/pool.h"
#include "kernel/work_queue.h"

// The opaque IO_WORKITEM of wdm.h.
struct _IO_WORKITEM {
  static constexpr std::uint32_t kMagic = 0x6b575749;  // "IWWk"
  std::uint32_t magic = kMagic;
  PDEVICE_OBJECT device = nullptr;
  std::atomic<bool> queued{false};
};

namespace {

using namespace wmiport::kernel;

constexpr ULONG kWorkItemTag = pool_tag("IoWk");

bool valid(PIO_WORKITEM item, const char* routine) {
  if (item == nullptr || !PoolTracker::instance().owns(item) || item->magic != _IO_WORKITEM::kMagic) {
    report_violation("work_item_unknown", fmt::format("{} with {}: not a work item from IoAllocateWorkItem", routine,
                                                      static_cast<const void*>(item)));
    return false;
  }
  return true;
}

}  // namespace

extern "C" {

PIO_WORKITEM IoAllocateWorkItem(PDEVICE_OBJECT DeviceObject) {
  if (device_state(DeviceObject, "IoAllocateWorkItem") == nullptr)
    return nullptr;
  // Charged to the allocating driver, so a work item never freed shows in its leak report.
  void* memory = PoolTracker::instance().allocate(sizeof(_IO_WORKITEM), kWorkItemTag, true, false, current_driver());
  if (memory == nullptr)
    return nullptr;
  auto* item = new (memory) _IO_WORKITEM;
  item->device = DeviceObject;
  return item;
}

VOID IoQueueWorkItem(PIO_WORKITEM IoWorkItem, PIO_WORKITEM_ROUTINE WorkerRoutine, WORK_QUEUE_TYPE QueueType,
                     PVOID Context) {
  (void)QueueType;  // one pool of worker threads serves every queue type
  if (!valid(IoWorkItem, "IoQueueWorkItem"))
    return;
  Kernel* kernel = Kernel::current();
  if (kernel == nullptr) {
    report_violation("no_kernel", "IoQueueWorkItem with no Kernel running");
    return;
  }
  if (IoWorkItem->queued.exchange(true)) {
    report_violation("work_item_queued_twice", "IoQueueWorkItem with a work item that is already queued");
    return;
  }
  PDEVICE_OBJECT device = IoWorkItem->device;
  ObfReferenceObject(device);
  Driver* driver = driver_of(device);
  const bool queued = kernel->work_queue().enqueue([IoWorkItem, WorkerRoutine, Context, device, driver] {
    // The item may be queued again (or freed) from its own routine: it is no longer queued once it runs.
    IoWorkItem->queued.store(false);
    {
      DriverScope scope(driver);
      IrqlScope irql(kPassiveLevel);
      WorkerRoutine(device, Context);
    }
    ObfDereferenceObject(device);
  });
  if (!queued) {
    IoWorkItem->queued.store(false);
    ObfDereferenceObject(device);
    report_violation("work_item_after_shutdown", "IoQueueWorkItem after the kernel stopped its worker threads");
  }
}

VOID IoFreeWorkItem(PIO_WORKITEM IoWorkItem) {
  if (!valid(IoWorkItem, "IoFreeWorkItem"))
    return;
  if (IoWorkItem->queued.load()) {
    report_violation("work_item_free_queued", "IoFreeWorkItem with a work item that is still queued");
    return;
  }
  IoWorkItem->~_IO_WORKITEM();
  PoolTracker::instance().free(IoWorkItem, kWorkItemTag);
}

VOID ExQueueWorkItem(PWORK_QUEUE_ITEM WorkItem, WORK_QUEUE_TYPE QueueType) {
  (void)QueueType;
  Kernel* kernel = Kernel::current();
  if (kernel == nullptr) {
    report_violation("no_kernel", "ExQueueWorkItem with no Kernel running");
    return;
  }
  Driver* driver = current_driver();
  PWORKER_THREAD_ROUTINE routine = WorkItem->WorkerRoutine;
  PVOID parameter = WorkItem->Parameter;
  if (!kernel->work_queue().enqueue([routine, parameter, driver] {
        DriverScope scope(driver);
        IrqlScope irql(kPassiveLevel);
        routine(parameter);
      }))
    report_violation("work_item_after_shutdown", "ExQueueWorkItem after the kernel stopped its worker threads");
}

}  // extern "C"
