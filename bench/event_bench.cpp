// Events from a driver to consumer callbacks: WmiFireEvent (WDM, fired on the caller's thread) and
// ScsiPortWmiFireLogicalUnitEvent (fired inside HwStartIo during a method call), delivered by the WMI core's event
// thread to each subscriber, whose consumer thread calls a callback per event. Beside them, the limit: a plain
// bounded queue (mutex + two condition variables) handing events from one thread to another.
#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "bench_env.h"

namespace wmiport::bench {
namespace {

constexpr std::uint32_t kBatch = 20'000;  // events per iteration (below every queue's capacity: none is lost)

// Subscribers with one consumer thread each; every event received calls `callback`.
class Consumers {
 public:
  Consumers(const Guid& guid, int count) {
    for (int k = 0; k < count; ++k)
      subscriptions_.push_back(env().host->subscribe(guid));
    received_ = std::vector<std::atomic<std::uint64_t>>(count);
    for (int k = 0; k < count; ++k)
      threads_.emplace_back([this, k] { consume(k); });
  }
  ~Consumers() {
    stop_ = true;
    for (auto& thread : threads_)
      thread.join();
  }

  // Waits until every subscriber has received or lost `expected` events in total; false after 30 s.
  bool wait_for(std::uint64_t expected) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
    for (std::size_t k = 0; k < subscriptions_.size(); ++k)
      while (received_[k].load(std::memory_order_acquire) + subscriptions_[k].lost() < expected) {
        if (std::chrono::steady_clock::now() > deadline)
          return false;
        std::this_thread::yield();
      }
    return true;
  }
  std::uint64_t lost() const {
    std::uint64_t total = 0;
    for (const auto& s : subscriptions_)
      total += s.lost();
    return total;
  }

 private:
  void consume(int k) {
    std::uint64_t sum = 0;
    const std::function<void(const EventRecord&)> callback = [&sum](const EventRecord& e) { sum += e.data.size(); };
    while (!stop_) {
      auto event = subscriptions_[k].next(std::chrono::milliseconds(20));
      if (!event)
        continue;
      callback(*event);
      received_[k].fetch_add(1, std::memory_order_release);
    }
    benchmark::DoNotOptimize(sum);
  }

  std::vector<Subscription> subscriptions_;
  std::vector<std::atomic<std::uint64_t>> received_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
};

void report(benchmark::State& state, std::uint64_t fired, int subscribers, std::uint64_t lost) {
  state.SetItemsProcessed(static_cast<std::int64_t>(fired));
  state.counters["subscribers"] = subscribers;
  state.counters["deliveries_per_s"] = benchmark::Counter(
      static_cast<double>(fired) * subscribers - static_cast<double>(lost), benchmark::Counter::kIsRate);
  state.counters["lost"] = static_cast<double>(lost);
}

void BM_Events_WmiFireEvent(benchmark::State& state) {
  const int subscribers = static_cast<int>(state.range(0));
  Consumers consumers(wdm_guid(BENCH_EVENT, 0), subscribers);
  env().host->settle();
  std::uint64_t fired = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    fired += env().wdm_control->fire_events(kBatch, 16);
    if (!consumers.wait_for(fired))
      fail("events were not delivered within 30 s");
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  report(state, fired, subscribers, consumers.lost());
}
BENCHMARK(BM_Events_WmiFireEvent)->Arg(1)->Arg(8)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_Events_ScsiPortWmiFireLogicalUnitEvent(benchmark::State& state) {
  const int subscribers = static_cast<int>(state.range(0));
  Consumers consumers(scsi_guid(BENCH_SCSI_LU_EVENT), subscribers);
  env().host->settle();
  const std::uint32_t count = kBatch;
  const Bytes input{reinterpret_cast<const std::uint8_t*>(&count), sizeof count};
  std::uint64_t fired = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    auto reply = env().host->execute_method(scsi_guid(BENCH_SCSI_METHOD), InstanceSelector{0u}, 1, input);
    if (!reply.ok())
      fail("firing SCSI events: " + reply.error().to_string());
    fired += kBatch;
    if (!consumers.wait_for(fired))
      fail("SCSI events were not delivered within 30 s");
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  report(state, fired, subscribers, consumers.lost());
}
BENCHMARK(BM_Events_ScsiPortWmiFireLogicalUnitEvent)->Arg(1)->Arg(8)->UseManualTime()->Unit(benchmark::kMillisecond);

// The limit: a bounded queue of small events between a producer thread and a consumer thread that calls a callback.
struct PlainEvent {
  std::uint64_t sequence;
  std::uint8_t data[16];
};

class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity) {}
  void push(const PlainEvent& event) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [this] { return queue_.size() < capacity_; });
    queue_.push_back(event);
    lock.unlock();
    not_empty_.notify_one();
  }
  PlainEvent pop() {
    std::unique_lock lock(mutex_);
    not_empty_.wait(lock, [this] { return !queue_.empty(); });
    PlainEvent event = queue_.front();
    queue_.pop_front();
    lock.unlock();
    not_full_.notify_one();
    return event;
  }

 private:
  const std::size_t capacity_;
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::deque<PlainEvent> queue_;
};

void BM_Events_PlainQueueHandoff(benchmark::State& state) {
  BoundedQueue queue(4096);
  std::uint64_t fired = 0;
  for (auto _ : state) {
    const auto start = std::chrono::steady_clock::now();
    std::thread consumer([&queue] {
      std::uint64_t sum = 0;
      const std::function<void(const PlainEvent&)> callback = [&sum](const PlainEvent& e) { sum += e.sequence; };
      for (std::uint32_t k = 0; k < kBatch; ++k)
        callback(queue.pop());
      benchmark::DoNotOptimize(sum);
    });
    for (std::uint32_t k = 0; k < kBatch; ++k)
      queue.push(PlainEvent{k, {}});
    consumer.join();
    fired += kBatch;
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  report(state, fired, 1, 0);
}
BENCHMARK(BM_Events_PlainQueueHandoff)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace wmiport::bench
