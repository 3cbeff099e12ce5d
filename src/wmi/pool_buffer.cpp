// The request buffer each thread keeps (PoolBuffer::allocate_reusable). One block per thread, the last one given
// back (the core asks only for its first-buffer size this way): a request of another size, or a nested request
// while the kept block is in use, allocates a block of its own. The block stays a tracked pool allocation of the WMI
// core (tag 'WmiC', owned by the host, never by a driver whose code runs on the thread): the kernel's leak reports and
// double-free checks see it like any other.
#include "wmi/pool_buffer.h"

#include "kernel/current_driver.h"
#include "kernel/pool.h"

namespace wmiport::wmi {

namespace {

class ThreadBufferSlot {
 public:
  ~ThreadBufferSlot() {
    if (base_ != nullptr) {
      kernel::DriverScope host(nullptr);
      ExFreePool(base_);
    }
  }
  // The kept block when it has `size` bytes of data (it leaves the slot while in use), else nullptr.
  std::uint8_t* take(std::uint32_t size) {
    if (base_ == nullptr || size_ != size)
      return nullptr;
    return std::exchange(base_, nullptr);
  }
  // Keeps `base` for the next request (freeing a block kept before it: the latest size is the one in use). A
  // block a driver freed (ExFreePool on Parameters.WMI.Buffer) is not kept: freeing it again lets the pool
  // tracker report the double free, as it did before blocks were kept (the tag check keeps out a block of
  // someone else's that got the same address meanwhile).
  void put(std::uint8_t* base, std::uint32_t size) {
    kernel::DriverScope host(nullptr);
    if (!kernel::PoolTracker::instance().owns(base, kWmiCorePoolTag)) {
      ExFreePool(base);
      return;
    }
    if (base_ != nullptr)
      ExFreePool(base_);
    base_ = base;
    size_ = size;
  }

 private:
  std::uint8_t* base_ = nullptr;
  std::uint32_t size_ = 0;
};

thread_local ThreadBufferSlot t_buffer_slot;

}  // namespace

Result<PoolBuffer> PoolBuffer::allocate_reusable(std::uint32_t size) {
  if (std::uint8_t* base = t_buffer_slot.take(size))
    return PoolBuffer(prepare(base, size), size, true);
  kernel::DriverScope host(nullptr);  // the core's buffer, whatever driver's code runs on this thread
  WMIPORT_ASSIGN_OR_RETURN(PoolBuffer buffer, allocate(size));
  buffer.reusable_ = true;
  return buffer;
}

void PoolBuffer::give_back(std::uint8_t* base, std::uint32_t size) {
  t_buffer_slot.put(base, size);
}

}  // namespace wmiport::wmi
