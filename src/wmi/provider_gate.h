// Counts the WMI requests in flight to one registered device, so that DEREGISTER can wait for them
// (spec §5.5: IoWMIRegistrationControl(DEREGISTER) blocks until the outstanding WMI IRPs complete).
// Shared by every version of the provider's registration (an update does not reset the count).
#pragma once

#include <condition_variable>
#include <mutex>

namespace wmiport::wmi {

class ProviderGate {
 public:
  // False once the provider is deregistering: the caller must not send it anything.
  bool enter() {
    std::lock_guard lock(mutex_);
    if (closed_)
      return false;
    ++in_flight_;
    return true;
  }
  void leave() {
    std::lock_guard lock(mutex_);
    if (--in_flight_ == 0)
      drained_.notify_all();
  }
  // Refuses new requests from now on and waits for the ones in flight.
  void close_and_drain() {
    std::unique_lock lock(mutex_);
    closed_ = true;
    drained_.wait(lock, [this] { return in_flight_ == 0; });
  }
  void close() {
    std::lock_guard lock(mutex_);
    closed_ = true;
  }

 private:
  std::mutex mutex_;
  std::condition_variable drained_;
  int in_flight_ = 0;  // guarded by mutex_
  bool closed_ = false;
};

// RAII entry: holds one in-flight slot of a gate.
class GateEntry {
 public:
  explicit GateEntry(ProviderGate& gate) : gate_(gate.enter() ? &gate : nullptr) {}
  ~GateEntry() {
    if (gate_ != nullptr)
      gate_->leave();
  }
  GateEntry(const GateEntry&) = delete;
  GateEntry& operator=(const GateEntry&) = delete;
  bool admitted() const { return gate_ != nullptr; }

 private:
  ProviderGate* gate_;
};

}  // namespace wmiport::wmi
