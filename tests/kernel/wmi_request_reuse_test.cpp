// The WMI core's per-thread request objects (docs/decisions.md, "Kept request objects"): one IRP and one first-size
// pool buffer kept by each thread between requests. The IRP starts every request with clean stack locations, each
// thread has its own, a driver that frees what it does not own is still reported, and pool a driver leaks during
// requests is still reported as that driver's (the kept objects belong to the host).
#include <atomic>
#include <cstring>
#include <latch>
#include <map>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

#include "kernel/pool.h"  // pool_tag
#include "kernel_fixture.h"
#include "wmi/irp_sender.h"
#include "wmi/pool_buffer.h"

namespace wmiport::kernel::testing {
namespace {

constexpr ULONG kLeakTag = pool_tag("Leak");

// What each device does with a WMI request, and what it saw.
struct WmiDevice {
  enum class Behaviour { complete, forward, free_irp, leak_pool };
  Behaviour behaviour = Behaviour::complete;
  PDEVICE_OBJECT lower = nullptr;
  PDEVICE_OBJECT nested = nullptr;  // leak_pool: also sends a WMI request of its own to this device
  std::mutex lock;
  std::vector<PIRP> irps;  // every IRP seen, in order
  std::map<std::thread::id, std::set<PIRP>> by_thread;
  int dirty_next_locations = 0;  // requests whose next-lower location was not all zero
  std::vector<ULONG> buffer_sizes;
};

WmiDevice* config_of(PDEVICE_OBJECT device) {
  return *static_cast<WmiDevice**>(device->DeviceExtension);
}

NTSTATUS forwarded_completion(PDEVICE_OBJECT, PIRP, PVOID) {
  return STATUS_CONTINUE_COMPLETION;
}

bool all_zero(const void* p, std::size_t size) {
  const auto* bytes = static_cast<const std::uint8_t*>(p);
  for (std::size_t k = 0; k < size; ++k)
    if (bytes[k] != 0)
      return false;
  return true;
}

NTSTATUS wmi_dispatch(PDEVICE_OBJECT device, PIRP irp) {
  WmiDevice* config = config_of(device);
  PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
  {
    std::scoped_lock guard(config->lock);
    config->irps.push_back(irp);
    config->by_thread[std::this_thread::get_id()].insert(irp);
    config->buffer_sizes.push_back(stack->Parameters.WMI.BufferSize);
    if (irp->CurrentLocation > 1 && !all_zero(IoGetNextIrpStackLocation(irp), sizeof(IO_STACK_LOCATION)))
      ++config->dirty_next_locations;
  }
  switch (config->behaviour) {
    case WmiDevice::Behaviour::forward:
      // Leaves a completion routine and a copy of the parameters in the lower location: the next request must
      // not find them there.
      IoCopyCurrentIrpStackLocationToNext(irp);
      IoSetCompletionRoutine(irp, forwarded_completion, nullptr, TRUE, TRUE, TRUE);
      return IoCallDriver(config->lower, irp);
    case WmiDevice::Behaviour::leak_pool:
      (void)ExAllocatePoolWithTag(NonPagedPool, 24, kLeakTag);
      if (config->nested != nullptr) {
        // Made while this driver's code runs: the IRP and buffer the thread then keeps must still be the host's.
        auto buffer = wmi::PoolBuffer::allocate_reusable(256);
        GUID guid{};
        wmi::WmiIrpRequest request;
        request.registered_device = config->nested;
        request.minor = IRP_MN_QUERY_ALL_DATA;
        request.data_path = &guid;
        request.buffer = buffer.ok() ? buffer->data() : nullptr;
        request.buffer_size = buffer.ok() ? buffer->size() : 0;
        (void)wmi::send_wmi_irp(request);
      }
      break;
    case WmiDevice::Behaviour::complete:
    case WmiDevice::Behaviour::free_irp:
      break;
  }
  irp->IoStatus.Status = STATUS_SUCCESS;
  irp->IoStatus.Information = 0;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
  if (config->behaviour == WmiDevice::Behaviour::free_irp)
    IoFreeIrp(irp);  // not its IRP: the WMI core allocated it
  return STATUS_SUCCESS;
}

NTSTATUS wmi_driver_entry(PDRIVER_OBJECT driver, PUNICODE_STRING) {
  driver->MajorFunction[IRP_MJ_SYSTEM_CONTROL] = wmi_dispatch;
  return STATUS_SUCCESS;
}

class WmiRequestReuseTest : public KernelTest {
 protected:
  // A device of a driver of its own, attached on top of `lower` when given.
  PDEVICE_OBJECT add_device(const std::string& name, WmiDevice& config, PDEVICE_OBJECT lower = nullptr) {
    auto driver = kernel_->register_driver(name, wmi_driver_entry);
    EXPECT_TRUE(driver.ok());
    drivers_.push_back(*driver);
    PDEVICE_OBJECT device = nullptr;
    EXPECT_EQ(IoCreateDevice((*driver)->object(), sizeof(WmiDevice*), nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &device),
              STATUS_SUCCESS);
    *static_cast<WmiDevice**>(device->DeviceExtension) = &config;
    device->Flags &= ~static_cast<ULONG>(DO_DEVICE_INITIALIZING);
    if (lower != nullptr)
      config.lower = IoAttachDeviceToDeviceStack(device, lower);
    devices_.emplace_back(device, config.lower);
    return device;
  }

  void TearDown() override {
    for (auto it = devices_.rbegin(); it != devices_.rend(); ++it) {
      if (it->second != nullptr)
        IoDetachDevice(it->second);
      IoDeleteDevice(it->first);
    }
    KernelTest::TearDown();
  }

  static NTSTATUS send(PDEVICE_OBJECT registered, void* buffer = nullptr, std::uint32_t size = 0) {
    GUID guid{};
    wmi::WmiIrpRequest request;
    request.registered_device = registered;
    request.minor = IRP_MN_QUERY_ALL_DATA;
    request.data_path = &guid;
    request.buffer = buffer;
    request.buffer_size = size;
    auto outcome = wmi::send_wmi_irp(request);
    EXPECT_TRUE(outcome.ok());
    return outcome.ok() ? outcome->status : STATUS_UNSUCCESSFUL;
  }

  std::vector<Driver*> drivers_;
  std::vector<std::pair<PDEVICE_OBJECT, PDEVICE_OBJECT>> devices_;  // each device and the one below it
};

TEST_F(WmiRequestReuseTest, ThreadKeepsOneIrpAndEachRequestFindsCleanStackLocations) {
  WmiDevice lower_config, upper_config;
  PDEVICE_OBJECT lower = add_device("reuse_lower", lower_config);
  add_device("reuse_upper", upper_config, lower);
  upper_config.behaviour = WmiDevice::Behaviour::forward;
  std::thread sender([&] {  // a fresh thread: its first request allocates the IRP it then keeps
    for (int k = 0; k < 4; ++k)
      EXPECT_EQ(send(lower), STATUS_SUCCESS);  // sent to the top of the stack the device belongs to
  });
  sender.join();
  ASSERT_EQ(upper_config.irps.size(), 4u);
  EXPECT_EQ(std::set<PIRP>(upper_config.irps.begin(), upper_config.irps.end()).size(), 1u);
  EXPECT_EQ(lower_config.irps, upper_config.irps);
  // The upper driver copied its location down and set a completion routine every time; each next request
  // still found the lower location zeroed.
  EXPECT_EQ(upper_config.dirty_next_locations, 0);
}

TEST_F(WmiRequestReuseTest, EachThreadHasAnIrpOfItsOwn) {
  WmiDevice config;
  PDEVICE_OBJECT device = add_device("reuse_threads", config);
  constexpr int kThreads = 3;
  constexpr int kRequests = 200;
  std::latch all_done(kThreads);  // no thread ends (freeing its IRP) before every thread has sent
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int k = 0; k < kRequests; ++k)
        EXPECT_EQ(send(device), STATUS_SUCCESS);
      all_done.arrive_and_wait();
    });
  for (auto& thread : threads)
    thread.join();
  ASSERT_EQ(config.by_thread.size(), static_cast<std::size_t>(kThreads));
  std::set<PIRP> distinct;
  for (const auto& [thread, irps] : config.by_thread) {
    EXPECT_EQ(irps.size(), 1u);
    distinct.insert(irps.begin(), irps.end());
  }
  EXPECT_EQ(distinct.size(), static_cast<std::size_t>(kThreads));
  EXPECT_EQ(config.irps.size(), static_cast<std::size_t>(kThreads * kRequests));
}

TEST_F(WmiRequestReuseTest, ADriverFreeingTheKeptIrpIsReportedAndTheNextRequestGetsAnother) {
  WmiDevice config;
  PDEVICE_OBJECT device = add_device("reuse_free_irp", config);
  std::thread sender([&] {
    config.behaviour = WmiDevice::Behaviour::free_irp;
    EXPECT_EQ(send(device), STATUS_SUCCESS);
    config.behaviour = WmiDevice::Behaviour::complete;
    EXPECT_EQ(send(device), STATUS_SUCCESS);
    EXPECT_EQ(send(device), STATUS_SUCCESS);
  });
  sender.join();
  // The core could not reuse the IRP the driver freed: reported, and not touched again.
  EXPECT_EQ(hook_.count("irp_unknown"), 1u);
  hook_.clear();
  ASSERT_EQ(config.irps.size(), 3u);
  EXPECT_EQ(config.irps[1], config.irps[2]);  // the replacement is kept in turn
}

TEST_F(WmiRequestReuseTest, PoolADriverLeaksDuringReusedRequestsIsStillItsLeak) {
  WmiDevice config, nested_config;
  PDEVICE_OBJECT device = add_device("reuse_leaky", config);
  config.behaviour = WmiDevice::Behaviour::leak_pool;
  config.nested = add_device("reuse_nested", nested_config);
  for (int k = 0; k < 5; ++k) {
    auto buffer = wmi::PoolBuffer::allocate_reusable(256);
    ASSERT_TRUE(buffer.ok());
    EXPECT_EQ(send(device, buffer->data(), buffer->size()), STATUS_SUCCESS);
  }
  EXPECT_EQ(nested_config.irps.size(), 5u);
  IoDeleteDevice(device);
  devices_.erase(devices_.begin());
  ASSERT_TRUE(kernel_->unload_driver(*drivers_[0]).ok());
  const auto reports = kernel_->leak_reports();
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].driver, "reuse_leaky");
  // Only the driver's own blocks: the IRP and the buffer the thread keeps are the host's.
  ASSERT_EQ(reports[0].leaks.size(), 1u);
  EXPECT_EQ(reports[0].leaks[0].tag, kLeakTag);
  EXPECT_EQ(reports[0].leaks[0].count, 5u);
  EXPECT_EQ(hook_.count("pool_leak"), 1u);
  hook_.clear();
}

TEST_F(WmiRequestReuseTest, KeptBufferComesBackZeroedWithIntactGuards) {
  std::uint8_t* first = nullptr;
  {
    auto buffer = wmi::PoolBuffer::allocate_reusable(512);
    ASSERT_TRUE(buffer.ok());
    first = buffer->data();
    std::memset(buffer->data(), 0xEE, buffer->size());  // what a driver's reply leaves behind
    EXPECT_FALSE(buffer->guard_damage());
  }
  auto again = wmi::PoolBuffer::allocate_reusable(512);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->data(), first);
  EXPECT_TRUE(all_zero(again->data(), again->size()));
  EXPECT_FALSE(again->guard_damage());
  auto other_size = wmi::PoolBuffer::allocate_reusable(1024);  // the kept one is in use: a block of its own
  ASSERT_TRUE(other_size.ok());
  EXPECT_NE(other_size->data(), first);
}

TEST_F(WmiRequestReuseTest, AKeptBufferADriverFreedIsReportedAndNotKept) {
  std::uint8_t* first = nullptr;
  {
    auto buffer = wmi::PoolBuffer::allocate_reusable(768);
    ASSERT_TRUE(buffer.ok());
    first = buffer->data();
    ExFreePool(first - wmi::PoolBuffer::kGuardSize);  // a driver freeing Parameters.WMI.Buffer's block
  }
  EXPECT_EQ(hook_.count("pool_double_free"), 1u);  // the core's own free, as before buffers were kept
  hook_.clear();
  auto again = wmi::PoolBuffer::allocate_reusable(768);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(all_zero(again->data(), again->size()));
  EXPECT_FALSE(again->guard_damage());
}

}  // namespace
}  // namespace wmiport::kernel::testing
