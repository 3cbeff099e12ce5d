// Adapter: the request queue, StartIo serialisation, notifications and the HwTimer (see adapter.h).
#include "scsiport/adapter.h"

#include <cstring>
#include <map>
#include <shared_mutex>

#include <fmt/format.h>

#include "kernel/protected.h"
#include "scsiport/port_driver.h"
#include "scsiport/records.h"

namespace wmiport::scsiport {

namespace {

// The adapter whose synchronised miniport call this thread is inside (HwStartIo, HwTimer, HwInitialize).
// initial-exec: read on every notification; a TLS offset instead of a __tls_get_addr call (8 bytes of the static
// TLS surplus when the runtime is dlopen'ed).
__attribute__((tls_model("initial-exec"))) thread_local Adapter* t_inside = nullptr;

kernel::Protected<std::map<PVOID, Adapter*>>& extensions() {
  static kernel::Protected<std::map<PVOID, Adapter*>> map;
  return map;
}

// Largest event WNODE the port copies (the WMI core applies its own, smaller limit).
constexpr ULONG kMaxEventSize = 0x10000;
constexpr ULONG kEventPoolTag = 0x45637053;  // "SpcE" in memory order

}  // namespace

Adapter* adapter_from_extension(PVOID ext) {
  if (ext == nullptr)
    return nullptr;
  // A miniport notifies from inside HwStartIo/HwTimer/HwInitialize: that adapter is this thread's, no lookup.
  if (t_inside != nullptr && t_inside->hw_extension() == ext)
    return t_inside;
  return extensions().with([&](const auto& map) -> Adapter* {
    auto it = map.find(ext);
    return it == map.end() ? nullptr : it->second;
  });
}

void register_extension(PVOID ext, Adapter* adapter) {
  extensions().with([&](auto& map) { map[ext] = adapter; });
}

void unregister_extension(PVOID ext) {
  extensions().with([&](auto& map) { map.erase(ext); });
}

Adapter::Adapter(PortDriver& driver, PDEVICE_OBJECT fdo, PDEVICE_OBJECT lower, PDEVICE_OBJECT pdo)
    : driver_(driver), fdo_(fdo), lower_(lower), pdo_(pdo) {
  KeInitializeSpinLock(&lock_);
  KeInitializeTimer(&timer_);
  KeInitializeDpc(&timer_dpc_, &Adapter::timer_dpc, this);
  KeInitializeTimer(&tick_timer_);
  KeInitializeDpc(&tick_dpc_, &Adapter::tick_dpc, this);
  adapter_wmi_.device = fdo;
  adapter_wmi_.pdo = pdo;
  adapter_wmi_.is_adapter = true;
  adapter_wmi_.unit = kAdapterUnit;
}

Adapter::~Adapter() {
  KeCancelTimer(&timer_);
  KeCancelTimer(&tick_timer_);
  if (hw_extension_.get() != nullptr)
    unregister_extension(hw_extension_.get());
}

void Adapter::record(RecordKind kind, UnitAddress unit, std::uint32_t code, std::uint32_t detail, std::string text) {
  PortRecord r;
  r.driver = driver_.name();
  r.kind = kind;
  r.code = code;
  r.detail = detail;
  r.path_id = unit.path_id;
  r.target_id = unit.target_id;
  r.lun = unit.lun;
  r.text = std::move(text);
  add_record(std::move(r));
}

WmiDevice* Adapter::wmi_device_for(UnitAddress unit, bool adapter) {
  if (adapter)
    return &adapter_wmi_;
  WmiDevice* found = nullptr;
  with_lock([&] {
    for (const auto& lu : units_)
      if (lu->address == unit && lu->wmi)
        found = lu->wmi.get();
  });
  return found;
}

std::vector<const LogicalUnit*> Adapter::logical_units() {
  std::vector<const LogicalUnit*> out;
  with_lock([&] {
    for (const auto& lu : units_)
      out.push_back(lu.get());
  });
  return out;
}

void Adapter::park_abandoned(Request* request) {
  std::scoped_lock guard(abandoned_lock_);
  abandoned_.emplace_back(request);
}

std::optional<UnitAddress> Adapter::abandoned_unit(PSCSI_REQUEST_BLOCK srb) {
  std::scoped_lock guard(abandoned_lock_);
  for (const auto& request : abandoned_)
    if (&request->srb == srb)
      return request->unit;
  return std::nullopt;
}

bool Adapter::inside() const {
  return t_inside == this;
}

// ---- Completed requests ----------------------------------------------------------------------------------------

Adapter::CompletedList& Adapter::CompletedList::operator=(CompletedList&& other) noexcept {
  if (this != &other) {
    while (pop() != nullptr) {
    }
    head_ = std::move(other.head_);
    tail_ = other.tail_;
  }
  return *this;
}

Adapter::CompletedList::~CompletedList() {
  while (pop() != nullptr) {  // one at a time: no recursion through the links
  }
}

void Adapter::CompletedList::push(RequestPtr request) {
  Request* raw = request.get();
  if (head_ == nullptr)
    head_ = std::move(request);
  else
    tail_->next_completed = std::move(request);
  tail_ = raw;
}

RequestPtr Adapter::CompletedList::pop() {
  RequestPtr first = std::move(head_);
  if (first != nullptr)
    head_ = std::move(first->next_completed);
  return first;
}

// ---- Serialisation ---------------------------------------------------------------------------------------------

void Adapter::synchronized_call(const std::function<void()>& fn) {
  KIRQL old_irql;
  KeAcquireSpinLock(&lock_, &old_irql);
  Adapter* outer = t_inside;
  t_inside = this;
  fn();
  t_inside = outer;
  Notes notes = std::move(notes_);
  notes_ = Notes{};
  KeReleaseSpinLock(&lock_, old_irql);
  act_on(std::move(notes));
  pump();
}

void Adapter::submit(RequestPtr request) {
  KIRQL old_irql;
  KeAcquireSpinLock(&lock_, &old_irql);
  queue_.push_back(std::move(request));
  pump_locked(old_irql);
}

Request* Adapter::take_startable_locked() {
  if (!ready_)
    return nullptr;
  for (auto it = queue_.begin(); it != queue_.end(); ++it) {
    auto& state = unit_state_[(*it)->unit];
    if (state.active != 0 && !state.next_lu_request)
      continue;  // one untagged request per unit until it completes or the miniport asks for more
    ++state.active;
    state.next_lu_request = false;
    ready_ = false;
    RequestPtr request = std::move(*it);
    queue_.erase(it);
    Request* raw = request.get();
    // Counted in whole ticks from the next one: the request times out between TimeOutValue and TimeOutValue + 1
    // seconds after it started, as with a clock read per request, without one.
    if (raw->srb.TimeOutValue != 0)
      raw->deadline_tick = ticks_ + 1 + raw->srb.TimeOutValue;
    active_.push_back(std::move(request));
    return raw;
  }
  return nullptr;
}

RequestPtr Adapter::take_active_locked(PSCSI_REQUEST_BLOCK srb) {
  for (auto it = active_.begin(); it != active_.end(); ++it) {
    if (&(*it)->srb != srb)
      continue;
    RequestPtr request = std::move(*it);
    active_.erase(it);
    auto& state = unit_state_[request->unit];
    if (state.active > 0)
      --state.active;
    return request;
  }
  return nullptr;
}

void Adapter::pump() {
  KIRQL old_irql;
  KeAcquireSpinLock(&lock_, &old_irql);
  pump_locked(old_irql);
}

void Adapter::pump_locked(KIRQL old_irql) {
  for (;;) {
    Request* next = removed_.load() ? nullptr : take_startable_locked();
    if (next != nullptr) {
      Adapter* outer = t_inside;
      t_inside = this;
      // StartIo's return value carries no information for SCSI Port (shape d of spec §1.4 returns TRUE and
      // completes through notifications): only the notifications count.
      (void)hw_.HwStartIo(hw_extension_.get(), &next->srb);
      t_inside = outer;
    }
    Notes notes = std::move(notes_);
    notes_ = Notes{};
    // Every way a waiting request can become startable (a queued request, NextRequest, a completion) is followed
    // by a pump of its own: with nothing queued now, there is nothing for this one to come back for.
    const bool waiting = !queue_.empty();
    KeReleaseSpinLock(&lock_, old_irql);
    const bool acted = notes.any();
    act_on(std::move(notes));
    if ((next == nullptr && !acted) || !waiting)
      return;
    KeAcquireSpinLock(&lock_, &old_irql);
  }
}

void Adapter::act_on(Notes notes) {
  // Deferred routines first: a request completed in the same call reaches its originator after they ran.
  for (PHW_INTERRUPT routine : notes.deferred)
    synchronized_call([this, routine] { (void)routine(hw_extension_.get()); });
  while (RequestPtr request = notes.completed.pop()) {
    check_data_guards(driver_.name(), *request);
    const CompletionRoutine on_complete = request->on_complete;
    request->on_complete = nullptr;
    if (on_complete != nullptr)
      on_complete(std::move(request));
  }
  // One time stamp for the events of one synchronised call: the miniport fired them at the same moment as far as
  // the system time can tell (its resolution on Windows is the clock tick, 10-16 ms).
  LARGE_INTEGER now{};
  if (!notes.events.empty())
    KeQuerySystemTime(&now);
  for (auto& [device, wnode] : notes.events) {
    auto* bytes = static_cast<std::uint8_t*>(wnode);
    const ULONG provider_id = device->provider_id.load();
    std::memcpy(bytes + 4, &provider_id, sizeof provider_id);     // WNODE_HEADER.ProviderId
    std::memcpy(bytes + 16, &now.QuadPart, sizeof now.QuadPart);  // WNODE_HEADER.TimeStamp
    const NTSTATUS status = IoWMIWriteEvent(wnode);
    if (!NT_SUCCESS(status)) {
      ExFreePool(wnode);  // freed by WMI only on success
      record(RecordKind::event_rejected, device->unit, static_cast<std::uint32_t>(status), 0,
             fmt::format("IoWMIWriteEvent refused the event: 0x{:08x}", static_cast<std::uint32_t>(status)));
    }
  }
  if (notes.rescan)
    queue_rescan();

  for (WmiDevice* device : notes.reregister) {
    if (!device->registered.load())
      continue;
    const NTSTATUS status = IoWMIRegistrationControl(device->device, WMIREG_ACTION_UPDATE_GUIDS);
    if (!NT_SUCCESS(status))
      record(RecordKind::port_contract, device->unit, static_cast<std::uint32_t>(status), 0,
             "WMIReregister: IoWMIRegistrationControl(UPDATE_GUIDS) failed");
  }
}

// Runs `fn` with the lock held: directly when the miniport called from inside a synchronised call of this
// adapter (the lock is already ours), else by taking it (a notification from the miniport's own thread, which
// SCSI Port does not allow: recorded, then honoured so nothing is lost).
#define WMIPORT_SCSIPORT_LOCKED(adapter, what, ...)                                                        \
  do {                                                                                                     \
    if (t_inside == (adapter)) {                                                                           \
      __VA_ARGS__;                                                                                         \
    } else {                                                                                               \
      (adapter)->record(RecordKind::port_contract, kAdapterUnit, 0, 0,                                     \
                        std::string(what) + " outside HwInitialize/HwStartIo/HwTimer (not synchronised)"); \
      KIRQL old_irql_;                                                                                     \
      KeAcquireSpinLock(&(adapter)->lock_, &old_irql_);                                                    \
      __VA_ARGS__;                                                                                         \
      Notes notes_taken_ = std::move((adapter)->notes_);                                                   \
      (adapter)->notes_ = Notes{};                                                                         \
      KeReleaseSpinLock(&(adapter)->lock_, old_irql_);                                                     \
      (adapter)->act_on(std::move(notes_taken_));                                                          \
      (adapter)->pump();                                                                                   \
    }                                                                                                      \
  } while (0)

void Adapter::notify_request_complete(PSCSI_REQUEST_BLOCK srb) {
  WMIPORT_SCSIPORT_LOCKED(this, "RequestComplete", {
    if (RequestPtr request = take_active_locked(srb))
      notes_.completed.push(std::move(request));
    else if (const auto late = abandoned_unit(srb))
      record(RecordKind::port_contract, *late, SRB_STATUS_TIMEOUT, 0,
             "RequestComplete for an SRB the port had already completed with SRB_STATUS_TIMEOUT (completed late)");
    else
      record(RecordKind::port_contract, kAdapterUnit, 0, 0,
             "RequestComplete for an SRB the port did not give the miniport (or completed twice)");
  });
}

void Adapter::notify_next_request() {
  WMIPORT_SCSIPORT_LOCKED(this, "NextRequest", { ready_ = true; });
}

void Adapter::notify_next_lu_request(UnitAddress unit) {
  WMIPORT_SCSIPORT_LOCKED(this, "NextLuRequest", {
    ready_ = true;
    unit_state_[unit].next_lu_request = true;
  });
}

void Adapter::notify_timer(PHW_TIMER routine, ULONG microseconds) {
  WMIPORT_SCSIPORT_LOCKED(this, "RequestTimerCall", {
    hw_timer_ = routine;
    if (routine == nullptr || microseconds == 0) {
      KeCancelTimer(&timer_);  // a zero interval cancels the pending call (documented)
    } else {
      LARGE_INTEGER due;
      due.QuadPart = -static_cast<LONGLONG>(microseconds) * 10;  // relative, 100 ns units
      KeSetTimer(&timer_, due, &timer_dpc_);
    }
  });
}

void Adapter::timer_dpc(PKDPC, PVOID context, PVOID, PVOID) {
  auto* adapter = static_cast<Adapter*>(context);
  if (adapter->removed_.load())
    return;
  adapter->synchronized_call([adapter] {
    PHW_TIMER routine = adapter->hw_timer_;
    if (routine != nullptr)
      routine(adapter->hw_extension_.get());
  });
}

void Adapter::tick_dpc(PKDPC, PVOID context, PVOID, PVOID) {
  auto* adapter = static_cast<Adapter*>(context);
  if (!adapter->removed_.load())
    adapter->check_timeouts();
}

void Adapter::check_timeouts() {
  std::set<UCHAR> reset_paths;
  Notes given_up;
  KIRQL old_irql;
  KeAcquireSpinLock(&lock_, &old_irql);
  const std::uint64_t now = ++ticks_;
  for (auto it = active_.begin(); it != active_.end();) {
    Request& request = **it;
    if (now < request.deadline_tick) {
      ++it;
      continue;
    }
    if (!request.reset_sent) {
      // SCSI Port's answer to a request the miniport sits on: reset its bus, and give the miniport another
      // TimeOutValue to complete it (its HwResetBus normally does, with SRB_STATUS_BUS_RESET).
      request.reset_sent = true;
      request.deadline_tick = now + request.srb.TimeOutValue;
      reset_paths.insert(request.srb.PathId);
      ++it;
      continue;
    }
    RequestPtr stuck = std::move(*it);
    it = active_.erase(it);
    stuck->abandoned = true;  // the miniport still holds the SRB: parked once its originator is done with it
    stuck->adapter = this;
    auto& state = unit_state_[stuck->unit];
    if (state.active > 0)
      --state.active;
    stuck->srb.SrbStatus = SRB_STATUS_TIMEOUT;
    given_up.completed.push(std::move(stuck));
    ready_ = true;  // the miniport may never ask for the next request: do not let the queue stall behind it
  }
  KeReleaseSpinLock(&lock_, old_irql);
  given_up.completed.for_each([&](const Request& request) {
    record(RecordKind::port_contract, request.unit, SRB_STATUS_TIMEOUT, request.srb.Function,
           "SRB not completed after its timeout and HwResetBus: completed by the port with SRB_STATUS_TIMEOUT");
  });
  if (!given_up.completed.empty()) {
    act_on(std::move(given_up));
    pump();
  }
  for (UCHAR path : reset_paths) {
    record(RecordKind::bus_event, UnitAddress{path, 0, 0}, SRB_STATUS_TIMEOUT, 0,
           fmt::format("an SRB on bus {} timed out: HwResetBus", path));
    synchronized_call([this, path] { (void)hw_.HwResetBus(hw_extension_.get(), path); });
  }
}

void Adapter::notify_wmi_event(PVOID wnode, UnitAddress unit, bool adapter) {
  WmiDevice* device = wmi_device_for(unit, adapter);
  const RecordKind rejected = RecordKind::event_rejected;
  if (device == nullptr) {
    record(rejected, unit, 0, 0, "WMIEvent for a logical unit the port does not have");
    return;
  }
  if (!device->registered.load()) {
    record(rejected, unit, 0, 0, "WMIEvent for a device not registered with WMI (WmiDataProvider FALSE?)");
    return;
  }
  if (wnode == nullptr) {
    record(rejected, unit, 0, 0, "WMIEvent without a WNODE");
    return;
  }
  ULONG size = 0;
  std::memcpy(&size, wnode, sizeof size);
  if (size < sizeof(WNODE_HEADER) || size > kMaxEventSize) {
    record(rejected, unit, size, 0, fmt::format("WMIEvent WNODE BufferSize {} outside [48, {}]", size, kMaxEventSize));
    return;
  }
  const Guid guid = Guid::load(Bytes(static_cast<const std::uint8_t*>(wnode), size), 24);
  {
    std::scoped_lock guard(device->lock);
    if (device->enabled_events.count(guid) == 0) {
      record(RecordKind::event_not_enabled, unit, 0, 0,
             fmt::format("event {} dropped: not enabled on this device", guid.to_string()));
      return;
    }
  }
  // Copied now: the miniport reuses its buffer as soon as ScsiPortNotification returns.
  void* copy = ExAllocatePoolWithTag(NonPagedPoolNx, size, kEventPoolTag);
  if (copy == nullptr) {
    record(rejected, unit, size, 0, "WMIEvent: no pool for the copy");
    return;
  }
  std::memcpy(copy, wnode, size);
  WMIPORT_SCSIPORT_LOCKED(this, "WMIEvent", { notes_.events.emplace_back(device, copy); });
}

void Adapter::notify_wmi_reregister(UnitAddress unit, bool adapter) {
  WmiDevice* device = wmi_device_for(unit, adapter);
  if (device == nullptr) {
    record(RecordKind::port_contract, unit, 0, 0, "WMIReregister for a logical unit the port does not have");
    return;
  }
  WMIPORT_SCSIPORT_LOCKED(this, "WMIReregister", { notes_.reregister.push_back(device); });
}

void Adapter::complete_outstanding(UnitAddress unit, UCHAR srb_status) {
  auto matches = [&](const UnitAddress& a) {
    return (unit.path_id == SP_UNTAGGED || unit.path_id == a.path_id) &&
           (unit.target_id == SP_UNTAGGED || unit.target_id == a.target_id) &&
           (unit.lun == SP_UNTAGGED || unit.lun == a.lun);
  };
  WMIPORT_SCSIPORT_LOCKED(this, "ScsiPortCompleteRequest", {
    for (auto it = active_.begin(); it != active_.end();) {
      if (!matches((*it)->unit)) {
        ++it;
        continue;
      }
      RequestPtr request = std::move(*it);
      it = active_.erase(it);
      request->srb.SrbStatus = srb_status;
      auto& state = unit_state_[request->unit];
      if (state.active > 0)
        --state.active;
      notes_.completed.push(std::move(request));
    }
  });
}

PSCSI_REQUEST_BLOCK Adapter::active_srb(UnitAddress unit) {
  PSCSI_REQUEST_BLOCK found = nullptr;
  WMIPORT_SCSIPORT_LOCKED(this, "ScsiPortGetSrb", {
    for (const auto& request : active_)
      if (request->unit == unit) {
        found = &request->srb;
        break;
      }
  });
  return found;
}

PVOID Adapter::lu_extension(UnitAddress unit) {
  PVOID found = nullptr;
  with_lock([&] {
    for (const auto& lu : units_)
      if (lu->address == unit)
        found = lu->extension.get();
    if (probing_ != nullptr && probing_->address == unit)
      found = probing_->extension.get();  // a rescan's INQUIRY to this unit is under way
  });
  return found;
}

void Adapter::notify_reset_detected() {
  // The miniport stays responsible for completing its outstanding requests after a reset (WDK documentation of
  // ResetDetected); the port has no class drivers to tell and no reset hold to apply here: it records the reset.
  record(RecordKind::bus_event, kAdapterUnit, ResetDetected, 0, "ResetDetected: the miniport reported a bus reset");
}

void Adapter::notify_deferred_call(PHW_INTERRUPT routine, const char* what) {
  if (routine == nullptr) {
    record(RecordKind::port_contract, kAdapterUnit, 0, 0, std::string(what) + " without a routine");
    return;
  }
  WMIPORT_SCSIPORT_LOCKED(this, what, { notes_.deferred.push_back(routine); });
}

void Adapter::notify_bus_change() {
  record(RecordKind::bus_event, kAdapterUnit, BusChangeDetected, 0, "BusChangeDetected: the buses are rescanned");
  WMIPORT_SCSIPORT_LOCKED(this, "BusChangeDetected", { notes_.rescan = true; });
}

}  // namespace wmiport::scsiport
