// wmiport::Host: the consumer entry point (docs/core-design.md). A Host owns the emulated kernel and the WMI
// core of the process, loads drivers, and offers the WMI consumer operations: list the registered blocks,
// query all data or one instance (by name or position), set an instance or an item, execute a method,
// subscribe to events, open blocks. Every reply comes as the provider's raw WNODE bytes and as a parsed view
// with instance names attached.
//
// One Host per process at a time. Thread-safe: consumer calls may come from any number of threads.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <wdm.h>

#include "common/byte_io.h"
#include "common/guid.h"
#include "common/result.h"
#include "kernel/kernel.h"
#include "verifier/verifier.h"
#include "wmi/consumer_types.h"
#include "wmi/wmi_core.h"

#define WMIPORT_HOST_API __attribute__((visibility("default")))

namespace wmiport {

using wmi::AllDataReply;
using wmi::AllDataReplyView;
using wmi::InstanceView;
using wmi::BlockInfo;
using wmi::EventRecord;
using wmi::EventView;
using wmi::InstanceData;
using wmi::InstanceSelector;
using wmi::SingleReply;

struct VerifierOptions {
  // On by default: every contract violation a detector reports becomes a verifier::Violation kept by the Host
  // (Host::violations). Off: the kernel's contract hook (or stderr) gets the reports, and the WMI core skips
  // its active checks (replays, state comparison). Guard bytes and the other passive checks stay on either way.
  bool enabled = true;
  // Called on the detecting thread for each violation as it is reported (e.g. to print it at once).
  std::function<void(const verifier::Violation&)> on_violation;
};

struct HostOptions {
  wmi::WmiCoreOptions wmi;  // device_instance_path is filled in by the Host (the kernel answers it)
  kernel::KernelOptions kernel;  // with the verifier on, kernel.contract_hook is replaced by the verifier
  VerifierOptions verifier;
};

// An event subscription. While at least one Subscription of a GUID lives, its providers have events enabled;
// destroying the last one disables them.
class WMIPORT_HOST_API Subscription {
 public:
  Subscription(Subscription&& other) noexcept;
  Subscription& operator=(Subscription&& other) noexcept;
  Subscription(const Subscription&) = delete;
  Subscription& operator=(const Subscription&) = delete;
  ~Subscription();

  // The next delivered event, waiting up to `timeout`.
  std::optional<EventRecord> next(std::chrono::milliseconds timeout = std::chrono::milliseconds(1000));
  // Waits up to `timeout` for an event, then runs `callback` over every event delivered so far (at most
  // `max_events`), oldest first, and returns how many. The fast path: one wake-up and no copy per event (the
  // views point into the event every subscriber shares and are valid during the callback only). The callback
  // must not take events from this Subscription.
  std::size_t next_batch(const std::function<void(const EventView&)>& callback,
                         std::chrono::milliseconds timeout = std::chrono::milliseconds(1000),
                         std::size_t max_events = SIZE_MAX);
  // Events dropped for this subscriber because its queue was full.
  std::uint64_t lost() const;
  const Guid& guid() const { return guid_; }

 private:
  friend class Host;
  Subscription(wmi::WmiCore* core, std::shared_ptr<wmi::SubscriberQueue> queue, Guid guid);
  void reset();

  wmi::WmiCore* core_ = nullptr;
  std::shared_ptr<wmi::SubscriberQueue> queue_;
  Guid guid_;
};

// A consumer handle on a block: the first open of an expensive block enables collection at its providers,
// the last close disables it.
class WMIPORT_HOST_API BlockHandle {
 public:
  BlockHandle(BlockHandle&& other) noexcept;
  BlockHandle& operator=(BlockHandle&& other) noexcept;
  BlockHandle(const BlockHandle&) = delete;
  BlockHandle& operator=(const BlockHandle&) = delete;
  ~BlockHandle();
  const Guid& guid() const { return guid_; }

 private:
  friend class Host;
  BlockHandle(wmi::WmiCore* core, Guid guid);
  void reset();

  wmi::WmiCore* core_ = nullptr;
  Guid guid_;
};

class WMIPORT_HOST_API Host {
 public:
  // Fails when a Host (or a Kernel or WmiCore) already exists in the process.
  static Result<std::unique_ptr<Host>> create(HostOptions options = {});
  ~Host();  // shuts the kernel down (drivers deregister on REMOVE_DEVICE), then the WMI core
  Host(const Host&) = delete;
  Host& operator=(const Host&) = delete;

  // Loads a driver (.so exporting DriverEntry, or a DriverEntry linked into the host) with its root devices,
  // and waits until the registrations it asked for are processed. On failure nothing stays registered.
  Result<kernel::Driver*> load_driver(const std::filesystem::path& path, const kernel::LoadOptions& options = {});
  Result<kernel::Driver*> load_driver(std::string_view name, PDRIVER_INITIALIZE entry,
                                      const kernel::LoadOptions& options = {});
  Status unload_driver(kernel::Driver& driver);
  // Waits for queued registrations, work items and event deliveries.
  void settle();

  std::vector<BlockInfo> list_blocks() const;
  // These open the block for the duration of the request (so an expensive block has collection enabled).
  Result<AllDataReply> query_all_data(const Guid& guid);
  // The same answers without copies, as WmiQueryAllData(handle, &size, buffer) fills a caller's buffer: every
  // provider's WNODE_ALL_DATA lands in `buffer` (grown when too small, kept for the next call, which then
  // allocates nothing), and the reply's instances are views into it, valid until the buffer is used again.
  Result<AllDataReplyView> query_all_data_view(const Guid& guid, std::vector<std::byte>& buffer);
  Result<SingleReply> query_single_instance(const Guid& guid, const InstanceSelector& instance);
  Status set_single_instance(const Guid& guid, const InstanceSelector& instance, Bytes data);
  Status set_single_item(const Guid& guid, const InstanceSelector& instance, std::uint32_t item_id, Bytes data);
  Result<SingleReply> execute_method(const Guid& guid, const InstanceSelector& instance, std::uint32_t method_id,
                                     Bytes input);

  Subscription subscribe(const Guid& guid);
  BlockHandle open_block(const Guid& guid);

  // Contract violations and failed registrations the WMI core saw, oldest first.
  std::vector<std::string> wmi_reports() const;

  // The verifier's violations, oldest first (empty when the verifier is off). take_violations() drains them:
  // the call a fuzzer makes after each input. verifier() is nullptr when the verifier is off.
  std::vector<verifier::Violation> violations() const;
  std::vector<verifier::Violation> take_violations();
  verifier::Verifier* verifier() { return verifier_.get(); }

  kernel::Kernel& kernel() { return *kernel_; }
  wmi::WmiCore& wmi() { return *wmi_; }

 private:
  Host() = default;

  std::unique_ptr<verifier::Verifier> verifier_;  // outlives the kernel that reports to it
  std::unique_ptr<wmi::WmiCore> wmi_;
  std::unique_ptr<kernel::Kernel> kernel_;
};

}  // namespace wmiport
