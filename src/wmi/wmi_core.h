// wmiport::wmi::WmiCore: the kernel's WMI component. One per process at a time (WmiCore::current()), created
// by a host before drivers load. Driver side: the IoWMI* routines forward here. Consumer side: list, query,
// set, execute, subscribe, open expensive blocks.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <wdm.h>

#include "common/byte_io.h"
#include "common/guid.h"
#include "common/result.h"
#include "wmi/all_data_reply_view.h"
#include "wmi/consumer_types.h"
#include "wmi/control_sequence.h"
#include "wmi/event_hub.h"
#include "wmi/registration_database.h"
#include "wmi/request_router.h"

namespace wmiport::wmi {

struct WmiCoreOptions {
  std::uint32_t max_event_size = 1024;        // IoWMIWriteEvent: larger -> STATUS_BUFFER_OVERFLOW
  std::uint32_t initial_buffer_size = 4096;   // first buffer of a query; grown once on WNODE_TOO_SMALL
  std::uint32_t max_buffer_size = 16u << 20;  // a provider asking for more is broken
  std::uint32_t reginfo_initial_size = 512;
  std::size_t subscriber_queue_capacity = 256;  // events queued per subscriber before they are counted lost
  std::size_t pending_event_capacity = 4096;    // events posted and not yet delivered
  // The verifier's active checks (docs/decisions.md, "Verifier"): a request still pending after
  // irp_overdue_after is reported, and methods are first sent with a buffer only as large as their input
  // WNODE, with the instance's state compared around a too-small answer (method_side_effect_too_small).
  bool verify = false;
  std::chrono::milliseconds irp_overdue_after{5000};
  // The device instance path of a PDO (for INSTANCE_PDO names), provided by the kernel.
  std::function<std::optional<std::u16string>(PDEVICE_OBJECT)> device_instance_path;
};

class __attribute__((visibility("default"))) WmiCore {
 public:
  static Result<std::unique_ptr<WmiCore>> create(WmiCoreOptions options);
  ~WmiCore();
  WmiCore(const WmiCore&) = delete;
  WmiCore& operator=(const WmiCore&) = delete;

  // The live core, or nullptr (the IoWMI* routines then answer STATUS_UNSUCCESSFUL: "WMI not available").
  static WmiCore* current();

  // ---- driver side (IoWMI* routines) ----
  NTSTATUS registration_control(PDEVICE_OBJECT device, ULONG action);
  NTSTATUS write_event(void* wnode_event_item);
  // WmiFireEvent's event (a WNODE_SINGLE_INSTANCE with a static instance index), built straight into the block
  // that is delivered: the WNODE write_event would receive, without the pool block in between.
  NTSTATUS write_single_instance_event(std::uint32_t provider_id, const Guid& guid, std::uint32_t instance_index,
                                       std::int64_t time_stamp, Bytes data);
  // IoWMISuggestInstanceName / PDO names: the kernel's device instance path of a PDO.
  std::optional<std::u16string> device_instance_path(PDEVICE_OBJECT pdo) const;
  // IoWMIAllocateInstanceIds: `count` consecutive ids unique for the GUID while the core lives.
  std::optional<std::uint32_t> allocate_instance_ids(const Guid& guid, std::uint32_t count);
  // Waits until every REGISTER / REREGISTER / UPDATE_GUIDS queued before the call has been processed.
  void flush_registrations();
  // Waits until every event posted so far has been delivered to the subscriber queues.
  void flush_events();

  // ---- consumer side ----
  std::vector<BlockInfo> list_blocks() const;
  Result<AllDataReply> query_all_data(const Guid& guid);
  Result<SingleReply> query_single_instance(const Guid& guid, const InstanceSelector& instance);
  // The same with the block opened around it for the consumer (open_block / close_block), as a Host query
  // does. A block none of whose providers registered WMIREG_FLAG_EXPENSIVE has no collection to control: it is
  // routed by the snapshot that showed this, without counting the open (docs/decisions.md, "Uncounted opens").
  Result<SingleReply> query_single_instance_opened(const Guid& guid, const InstanceSelector& instance);
  Status set_single_instance(const Guid& guid, const InstanceSelector& instance, Bytes data);
  Status set_single_item(const Guid& guid, const InstanceSelector& instance, std::uint32_t item_id, Bytes data);
  Result<SingleReply> execute_method(const Guid& guid, const InstanceSelector& instance, std::uint32_t method_id,
                                     Bytes input);

  // <wmium.h>: the caller's buffer size travels down to the provider as on Windows. The request goes out once in
  // exactly `buffer_size` bytes (a method: DataBlockOffset + `output_size`; never less than the request WNODE);
  // a WNODE_TOO_SMALL answer is returned with size_needed set instead of being retried.
  Result<AllDataReply> query_all_data_sized(const Guid& guid, std::uint32_t buffer_size);
  Result<SingleReply> query_single_instance_sized(const Guid& guid, const InstanceSelector& instance,
                                                  std::uint32_t buffer_size);
  Result<SingleReply> execute_method_sized(const Guid& guid, const InstanceSelector& instance, std::uint32_t method_id,
                                           Bytes input, std::uint32_t output_size);

  // QUERY_ALL_DATA into the caller's reusable buffer (as WmiQueryAllData fills the caller's buffer): the reply is
  // a view into `buffer`, valid until the buffer is next used or changed. The buffer grows when a provider asks
  // for more (once: later queries of the same size reuse it) and never shrinks. Same checks and errors as
  // query_all_data (wmi_core_all_data_view.cpp).
  Result<AllDataReplyView> query_all_data_view(const Guid& guid, std::vector<std::byte>& buffer);
  // Which buffer drivers answer those queries into (docs/decisions.md B3, B6). Every one is framed by guard bytes.
  enum class ViewBuffers {
    zeroed_slot,  // the caller's buffer, zeroed before the driver gets it (the default with the verifier on)
    slot,         // the caller's buffer as it is (the default with the verifier off)
    pool_copy,    // a fresh PoolBuffer, then copied into the caller's buffer (tests and benchmarks only)
  };
  // Exposed so that tests and benchmarks can cover every kind in one process.
  void set_view_buffers(ViewBuffers kind);
  ViewBuffers view_buffers() const { return view_buffers_.load(std::memory_order_relaxed); }

  // Event subscription: the first subscriber of a GUID makes every provider of it get IRP_MN_ENABLE_EVENTS,
  // the last one leaving IRP_MN_DISABLE_EVENTS.
  std::shared_ptr<SubscriberQueue> subscribe(const Guid& guid);
  void unsubscribe(const std::shared_ptr<SubscriberQueue>& queue);
  // A consumer handle on a block: the first open of a WMIREG_FLAG_EXPENSIVE block sends
  // IRP_MN_ENABLE_COLLECTION to its providers, the last close IRP_MN_DISABLE_COLLECTION.
  void open_block(const Guid& guid);
  void close_block(const Guid& guid);

  // Problems found in providers (failed registrations, contract violations), oldest first.
  std::vector<std::string> reports() const;

 private:
  explicit WmiCore(WmiCoreOptions options);

  struct RegistrationWork {
    PDEVICE_OBJECT device;
    ULONG action;
    std::uint64_t ticket;  // order of queueing, for flush_registrations
  };

  // the consumer requests under a buffer policy (wmi_core.cpp)
  Result<AllDataReply> query_all_data_with(const Guid& guid, const BufferPolicy& policy);
  Result<SingleReply> query_single_instance_with(const Guid& guid, const InstanceSelector& instance,
                                                 const BufferPolicy& policy,
                                                 std::shared_ptr<const Snapshot> snapshot = nullptr);
  Result<SingleReply> execute_method_with(const Guid& guid, const InstanceSelector& instance, std::uint32_t method_id,
                                          Bytes input, const BufferPolicy& policy);

  // registration (wmi_core_registration.cpp)
  void registration_worker();
  void process_registration(const RegistrationWork& work);
  Status register_provider(PDEVICE_OBJECT device);  // REGISTER and REREGISTER: replaces everything
  Status update_provider(PDEVICE_OBJECT device);
  NTSTATUS deregister(PDEVICE_OBJECT device);

  // enable/collection reference counts (wmi_core_controls.cpp)
  void reconcile_controls(const Guid& guid);
  void reconcile_controls_locked(const Guid& guid);  // controls_mutex_ held
  void forget_controls(PDEVICE_OBJECT device);

  void report(std::string message);

  // events (wmi_core_events.cpp)
  // Resolves a chunk of posted events on the hub thread (one registration snapshot per chunk).
  void resolve_events(std::span<PostedEvent> events, std::vector<SharedEvent>& resolved);
  Result<SharedEvent> resolve_event_reference(const Snapshot& snapshot, const PostedEvent& event);
  // The checked event's last steps on the driver's thread: the event_not_enabled check, then the post.
  NTSTATUS post_event(PostedEvent posted);

  const WmiCoreOptions options_;
  std::atomic<ViewBuffers> view_buffers_{options_.verify ? ViewBuffers::zeroed_slot : ViewBuffers::slot};
  RegistrationDatabase database_;
  RequestRouter router_;
  std::uint64_t next_sequence_ = 1;  // used only inside database_.modify(), which serialises writers

  std::mutex instance_ids_mutex_;
  std::map<Guid, std::uint64_t> next_instance_id_;  // guarded by instance_ids_mutex_

  mutable std::mutex reports_mutex_;
  std::vector<std::string> reports_;  // guarded by reports_mutex_

  std::mutex registration_mutex_;
  std::condition_variable registration_cv_;
  std::deque<RegistrationWork> registration_queue_;    // guarded by registration_mutex_
  PDEVICE_OBJECT registration_in_progress_ = nullptr;  // guarded by registration_mutex_
  std::uint64_t in_progress_ticket_ = 0;               // guarded by registration_mutex_
  std::uint64_t next_registration_ticket_ = 1;         // guarded by registration_mutex_
  bool registration_stopping_ = false;                 // guarded by registration_mutex_
  std::thread registration_thread_;

  // Serialises control reconciliation (and the ENABLE/DISABLE IRPs it sends) and guards the counts.
  std::mutex controls_mutex_;
  std::map<Guid, int> event_subscribers_;                         // guarded by controls_mutex_
  std::map<Guid, int> block_opens_;                               // guarded by controls_mutex_
  std::set<std::pair<PDEVICE_OBJECT, Guid>> events_enabled_;      // guarded by controls_mutex_
  std::set<std::pair<PDEVICE_OBJECT, Guid>> collection_enabled_;  // guarded by controls_mutex_
  ControlSequence control_sequence_;  // what each driver was told, checked before each control IRP (enable_twice)
  // The (device, GUID) pairs whose events a driver may fire: a copy of events_enabled_ that includes an enable
  // in progress, readable from IoWMIWriteEvent without controls_mutex_ (which is held while the ENABLE IRP
  // runs, and a driver may fire from its enable handler). Keyed by (provider id, GUID), the two an event WNODE
  // carries, so that the check of every event is one lookup (no registration snapshot).
  mutable std::mutex events_allowed_mutex_;
  std::map<std::pair<std::uint32_t, Guid>, PDEVICE_OBJECT> events_allowed_;  // guarded by events_allowed_mutex_
  // Changes (under events_allowed_mutex_) whenever events_allowed_ does, to a value no core has used: a firing
  // thread remembers its last allowed (provider, GUID) with it and skips the lock and the lookup while it holds.
  std::atomic<std::uint64_t> events_allowed_generation_;
  void events_allowed_changed();  // events_allowed_mutex_ held
  void allow_events(const std::pair<PDEVICE_OBJECT, Guid>& key, bool allowed);
  bool events_allowed(std::uint32_t provider_id, const Guid& guid) const;

  std::unique_ptr<EventHub> events_;  // last member: its thread uses the members above
};

}  // namespace wmiport::wmi
