// One SCSI adapter: the miniport's device extension, its configuration, its logical units, the request queue
// with StartIo serialisation, notifications, the HwTimer, and the WMI state of the adapter FDO and each LU PDO.
//
// Serialisation (as SCSI Port does it): every call into the miniport for this adapter (HwFindAdapter aside,
// which runs before anything can reach it) - HwInitialize, HwStartIo, HwTimer - runs with the adapter's spin
// lock held, at DISPATCH_LEVEL. The miniport's ScsiPortNotification calls made there only record what happened
// (`Notes`); the port acts on them (completes IRPs, starts the next request, writes events, re-registers)
// after releasing the lock, never inside the miniport's call.
#pragma once

#include <atomic>
#include <chrono>
#include <compare>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <wdm.h>

#include <scsiwmi.h>
#include <srb.h>

#include "common/guid.h"
#include "scsiport/guarded_block.h"
#include "scsiport/request.h"
#include "scsiport/scsiport.h"
#include "scsiwmi_port.h"

namespace wmiport::scsiport {

class PortDriver;

// Checks the guard bytes of the request's port-owned data buffer once the miniport is done with it (it completed
// the SRB): damage is reported as write_outside_buffer against `driver` and sets data_overrun.
void check_data_guards(const std::string& driver, Request& request);

// WMI state of one registered device: the adapter FDO or a logical unit's PDO.
struct WmiDevice {
  PDEVICE_OBJECT device = nullptr;  // what is registered with WMI and receives the IRPs
  PDEVICE_OBJECT pdo = nullptr;     // whose device instance path names the static instances
  bool is_adapter = false;
  UnitAddress unit;  // the LU address (kAdapterUnit for the adapter)
  std::atomic<bool> registered{false};
  std::atomic<ULONG> provider_id{0};
  // What the WMI core holds (from the last REGINFO answered) and which event GUIDs it enabled here.
  std::mutex lock;
  std::vector<SCSIWMI_PORT_REGGUID> blocks;  // guarded by lock
  std::set<Guid> enabled_events;             // guarded by lock
};

struct LogicalUnit {
  UnitAddress address;
  AlignedBlock extension;  // SpecificLuExtensionSize
  INQUIRYDATA inquiry{};
  PDEVICE_OBJECT pdo = nullptr;
  std::u16string instance_path;
  std::unique_ptr<WmiDevice> wmi;
};

// The port's device extension on both kinds of device objects it creates.
struct PortDeviceExtension {
  static constexpr std::uint32_t kMagic = 0x50697363;  // "csiP"
  std::uint32_t magic = kMagic;
  class Adapter* adapter = nullptr;
  WmiDevice* wmi = nullptr;  // the FDO's or the LU's
  bool is_fdo = false;
};

class Adapter {
 public:
  Adapter(PortDriver& driver, PDEVICE_OBJECT fdo, PDEVICE_OBJECT lower, PDEVICE_OBJECT pdo);
  ~Adapter();
  Adapter(const Adapter&) = delete;
  Adapter& operator=(const Adapter&) = delete;

  // IRP_MN_START_DEVICE: HwFindAdapter, HwInitialize, the bus scan, LU PDOs, WMI registration.
  NTSTATUS start();
  // IRP_MN_REMOVE_DEVICE: deregisters from WMI (waiting for requests in flight), deletes the LU PDOs.
  void remove();

  // Queues a request and starts what the miniport is ready for. The request comes back through on_complete.
  void submit(RequestPtr request);

  // ---- Miniport side (ScsiPort* routines); `ext` was recognised as this adapter's extension ----
  void notify_request_complete(PSCSI_REQUEST_BLOCK srb);
  void notify_next_request();
  void notify_next_lu_request(UnitAddress unit);
  void notify_timer(PHW_TIMER routine, ULONG microseconds);
  void notify_wmi_event(PVOID wnode, UnitAddress unit, bool adapter);
  void notify_wmi_reregister(UnitAddress unit, bool adapter);
  void notify_reset_detected();  // ScsiPortNotification(ResetDetected)
  void notify_bus_change();      // ScsiPortNotification(BusChangeDetected): a rescan on a work item
  // ScsiPortNotification(CallDisableInterrupts / CallEnableInterrupts): with no interrupt to mask, the routine
  // runs as the next synchronised call of this adapter.
  void notify_deferred_call(PHW_INTERRUPT routine, const char* what);
  void complete_outstanding(UnitAddress unit, UCHAR srb_status);  // ScsiPortCompleteRequest
  PVOID uncached_extension(ULONG size);                           // ScsiPortGetUncachedExtension
  PSCSI_REQUEST_BLOCK active_srb(UnitAddress unit);               // ScsiPortGetSrb
  PVOID lu_extension(UnitAddress unit);                           // ScsiPortGetLogicalUnit

  PVOID hw_extension() const { return hw_extension_.get(); }
  PortDriver& driver() { return driver_; }
  PDEVICE_OBJECT fdo() const { return fdo_; }
  PDEVICE_OBJECT lower() const { return lower_; }
  PDEVICE_OBJECT pdo() const { return pdo_; }
  const PORT_CONFIGURATION_INFORMATION& config() const { return config_; }
  WmiDevice& adapter_wmi() { return adapter_wmi_; }
  WmiDevice* wmi_device_for(UnitAddress unit, bool adapter);
  // The logical units now (a rescan may add some at any time; a unit, once listed, stays until removal).
  std::vector<const LogicalUnit*> logical_units();
  std::uint32_t inquiries_sent() const { return inquiries_sent_.load(); }
  bool accepting() const { return accepting_.load(); }

  void record(RecordKind kind, UnitAddress unit, std::uint32_t code, std::uint32_t detail, std::string text);
  // Takes ownership of a request the port gave up while the miniport holds it (Request::abandoned), until the
  // adapter goes.
  void park_abandoned(Request* request);

 private:
  // What the miniport asked for during one synchronised call; acted upon after the lock is released.
  // Completed requests in completion order, linked through Request::next_completed (no allocation per request).
  class CompletedList {
   public:
    CompletedList() = default;
    CompletedList(CompletedList&& other) noexcept : head_(std::move(other.head_)), tail_(other.tail_) {}
    CompletedList& operator=(CompletedList&& other) noexcept;
    ~CompletedList();
    void push(RequestPtr request);
    RequestPtr pop();  // the first, or nullptr
    bool empty() const { return head_ == nullptr; }
    template <typename Fn>
    void for_each(Fn&& fn) const {
      for (const Request* at = head_.get(); at != nullptr; at = at->next_completed.get())
        fn(*at);
    }

   private:
    RequestPtr head_;
    Request* tail_ = nullptr;  // meaningful only while head_ is set
  };
  struct Notes {
    CompletedList completed;
    std::vector<std::pair<WmiDevice*, PVOID>> events;  // pool copies, ProviderId/TimeStamp filled later
    std::vector<WmiDevice*> reregister;
    bool rescan = false;                  // BusChangeDetected
    std::vector<PHW_INTERRUPT> deferred;  // CallDisableInterrupts / CallEnableInterrupts routines
    bool any() const {
      return !completed.empty() || !events.empty() || !reregister.empty() || rescan || !deferred.empty();
    }
  };
  struct UnitQueueState {
    unsigned active = 0;
    bool next_lu_request = false;  // NextLuRequest: another request may start before the active one completes
  };

  NTSTATUS find_adapter(const HW_INITIALIZATION_DATA& hw, PVOID hw_context);
  void default_config(const HW_INITIALIZATION_DATA& hw);
  NTSTATUS check_config();
  NTSTATUS initialize_miniport();
  void scan_buses();
  std::optional<INQUIRYDATA> inquire(LogicalUnit& unit);
  NTSTATUS create_unit_pdo(LogicalUnit& unit, unsigned ordinal);
  void register_with_wmi();
  void register_device(WmiDevice& device);
  // BusChangeDetected: INQUIRY to every address without a unit; new units get a PDO and a WMI registration.
  void queue_rescan();
  void rescan();
  static void rescan_work(PDEVICE_OBJECT device, PVOID context);
  // Runs `fn` with the adapter lock held (already held when called from inside a synchronised call).
  template <typename Fn>
  void with_lock(Fn&& fn) {
    if (inside()) {
      fn();
      return;
    }
    KIRQL old_irql;
    KeAcquireSpinLock(&lock_, &old_irql);
    fn();
    KeReleaseSpinLock(&lock_, old_irql);
  }
  bool inside() const;  // this thread is inside a synchronised call of this adapter

  // Starts queued requests while the miniport is ready; acts on notes. Never called with the lock held.
  void pump();
  // The same with the lock already taken (at `old_irql`): submit queues and starts under one acquisition. Loops
  // only while requests wait in the queue; one queued later is pumped by whoever queued it.
  void pump_locked(KIRQL old_irql);
  // Runs a miniport routine with the lock held (this thread marked as inside the adapter), then acts on the
  // notes it left.
  void synchronized_call(const std::function<void()>& fn);
  Request* take_startable_locked();
  // Takes the request for `srb` out of active_ (nullptr when the miniport has no such SRB) and frees its unit.
  RequestPtr take_active_locked(PSCSI_REQUEST_BLOCK srb);
  void act_on(Notes notes);
  Notes& notes_for_caller();
  static void timer_dpc(PKDPC dpc, PVOID context, PVOID arg1, PVOID arg2);
  // Once a second: requests past their TimeOutValue (HwResetBus, then giving up).
  static void tick_dpc(PKDPC dpc, PVOID context, PVOID arg1, PVOID arg2);
  void check_timeouts();

  PortDriver& driver_;
  PDEVICE_OBJECT fdo_;
  PDEVICE_OBJECT lower_;
  PDEVICE_OBJECT pdo_;
  HW_INITIALIZATION_DATA hw_{};  // the registration whose HwFindAdapter found this adapter
  PVOID hw_context_ = nullptr;
  PORT_CONFIGURATION_INFORMATION config_{};
  AlignedBlock uncached_extension_;
  std::vector<ACCESS_RANGE> access_ranges_;
  AlignedBlock hw_extension_;
  // Appended under lock_ only (at start and by a rescan, once the unit is complete); read under lock_ (or by
  // start/remove, when no rescan can run).
  std::vector<std::unique_ptr<LogicalUnit>> units_;
  LogicalUnit* probing_ = nullptr;  // guarded by lock_: the unit a rescan's INQUIRY is for (not yet in units_)
  WmiDevice adapter_wmi_;
  std::atomic<std::uint32_t> inquiries_sent_{0};
  // Rescans: one at a time (rescan_lock_); remove() waits until none is queued or running.
  std::mutex rescan_lock_;
  std::mutex rescans_state_lock_;
  std::condition_variable rescans_done_;
  unsigned rescans_pending_ = 0;  // guarded by rescans_state_lock_
  std::atomic<bool> accepting_{false};
  std::atomic<bool> removed_{false};

  // ---- Guarded by lock_ (the adapter spin lock) ----
  // Requests given up after their timeout, freed with the adapter (the miniport may still touch their SRBs).
  std::mutex abandoned_lock_;
  std::vector<std::unique_ptr<Request>> abandoned_;  // guarded by abandoned_lock_ (taken inside lock_, never around it)
  std::optional<UnitAddress> abandoned_unit(PSCSI_REQUEST_BLOCK srb);  // the unit of a parked SRB

  KSPIN_LOCK lock_ = 0;
  std::deque<RequestPtr> queue_;
  std::vector<RequestPtr> active_;  // in the order HwStartIo got them; a handful at most, searched linearly
  std::uint64_t ticks_ = 0;         // seconds since start (tick_dpc), what request deadlines are counted in
  std::map<UnitAddress, UnitQueueState> unit_state_;
  bool ready_ = true;  // the miniport may take another request (NextRequest / NextLuRequest after a StartIo)
  Notes notes_;
  PHW_TIMER hw_timer_ = nullptr;

  KTIMER timer_{};
  KDPC timer_dpc_{};
  KTIMER tick_timer_{};
  KDPC tick_dpc_{};
};

// The adapter whose HwDeviceExtension is `ext`, or nullptr (how ScsiPort* routines find their adapter).
Adapter* adapter_from_extension(PVOID ext);
void register_extension(PVOID ext, Adapter* adapter);
void unregister_extension(PVOID ext);

}  // namespace wmiport::scsiport
