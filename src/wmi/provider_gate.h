// Counts the WMI requests in flight to one registered device, so that DEREGISTER can wait for them
// (spec §5.5: IoWMIRegistrationControl(DEREGISTER) blocks until the outstanding WMI IRPs complete).
// Shared by every version of the provider's registration (an update does not reset the count).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace wmiport::wmi {

//
// The count and the closed flag share one atomic word, so that entering and leaving (twice per request) take no
// lock; the mutex and condition variable serve only the drainer (docs/decisions.md, "Fewer locks per request").
class ProviderGate {
 public:
  // False once the provider is deregistering: the caller must not send it anything.
  bool enter() {
    // Read-modify-writes of one word are totally ordered: either this entry precedes the close (and the drainer
    // waits for it) or it sees the closed flag.
    if ((state_.fetch_add(1, std::memory_order_acquire) & kClosed) == 0)
      return true;
    leave();  // refused: give the slot back (it may be the one the drainer waits for)
    return false;
  }
  void leave() {
    if (state_.fetch_sub(1, std::memory_order_release) == (kClosed | 1)) {
      // The last request out of a closed gate: wake the drainer under its lock, so the wake-up cannot fall
      // between its check and its wait.
      std::lock_guard lock(mutex_);
      drained_.notify_all();
    }
  }
  // Refuses new requests from now on and waits for the ones in flight.
  void close_and_drain() {
    state_.fetch_or(kClosed, std::memory_order_acq_rel);
    std::unique_lock lock(mutex_);
    drained_.wait(lock, [this] { return (state_.load(std::memory_order_acquire) & ~kClosed) == 0; });
  }
  void close() { state_.fetch_or(kClosed, std::memory_order_acq_rel); }

 private:
  static constexpr std::uint64_t kClosed = std::uint64_t{1} << 63;
  std::atomic<std::uint64_t> state_{0};  // requests in flight, plus kClosed once deregistering
  std::mutex mutex_;
  std::condition_variable drained_;
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
