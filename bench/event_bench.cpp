// Events from a driver to consumer callbacks: WmiFireEvent (WDM, fired on the caller's thread) and
// ScsiPortWmiFireLogicalUnitEvent (fired inside HwStartIo during a method call), delivered by the WMI core's event
// thread to each subscriber, whose consumer thread runs a callback over every batch of events it takes
// (Subscription::next_batch; the _Next variant takes one event at a time with Subscription::next). Beside them,
// the limits: a plain bounded queue (mutex + two condition variables, one event per handoff) and a batched ring
// (one producer, one consumer taking every published event at once) between two threads.
#include <benchmark/benchmark.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "bench_env.h"

namespace wmiport::bench {
namespace {

constexpr std::uint32_t kBatch = 20'000;  // events per iteration (below every queue's capacity: none is lost)
constexpr auto kDeliveryTimeout = std::chrono::seconds(30);

// Subscribers with one consumer thread each; every event received runs `callback`. The consumers tell the
// benchmark thread when each has received (or lost) the expected count, so it sleeps instead of polling.
class Consumers {
 public:
  Consumers(const Guid& guid, int count, bool batched) : batched_(batched), received_(count) {
    for (int k = 0; k < count; ++k)
      subscriptions_.push_back(env().host->subscribe(guid));
    for (int k = 0; k < count; ++k)
      threads_.emplace_back([this, k] { consume(k); });
  }
  ~Consumers() {
    stop_ = true;
    for (auto& thread : threads_)
      thread.join();
  }

  // Set before firing: each subscriber is done when it has received or lost `expected` events in total.
  void expect(std::uint64_t expected) { expected_.store(expected); }
  // False after 30 s.
  bool wait() {
    std::unique_lock lock(done_mutex_);
    return done_.wait_for(lock, kDeliveryTimeout, [this] {
      for (std::size_t k = 0; k < subscriptions_.size(); ++k)
        if (received_[k].load() + subscriptions_[k].lost() < expected_.load())
          return false;
      return true;
    });
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
    const std::function<void(const EventView&)> callback = [&sum](const EventView& e) { sum += e.data.size(); };
    Subscription& subscription = subscriptions_[k];
    while (!stop_) {
      std::size_t got = 0;
      if (batched_) {
        got = subscription.next_batch(callback, std::chrono::milliseconds(20));
      } else if (auto event = subscription.next(std::chrono::milliseconds(20))) {
        sum += event->data.size();
        got = 1;
      }
      if (got == 0)
        continue;
      const std::uint64_t now = received_[k].fetch_add(got) + got;
      if (now + subscription.lost() >= expected_.load()) {
        std::lock_guard lock(done_mutex_);
        done_.notify_all();
      }
    }
    benchmark::DoNotOptimize(sum);
  }

  const bool batched_;
  std::vector<Subscription> subscriptions_;
  std::vector<std::atomic<std::uint64_t>> received_;
  std::vector<std::thread> threads_;
  std::atomic<bool> stop_{false};
  std::atomic<std::uint64_t> expected_{0};
  std::mutex done_mutex_;
  std::condition_variable done_;
};

void report(benchmark::State& state, std::uint64_t fired, int subscribers, std::uint64_t lost) {
  state.SetItemsProcessed(static_cast<std::int64_t>(fired));
  state.counters["subscribers"] = subscribers;
  state.counters["deliveries_per_s"] = benchmark::Counter(
      static_cast<double>(fired) * subscribers - static_cast<double>(lost), benchmark::Counter::kIsRate);
  state.counters["lost"] = static_cast<double>(lost);
}

void run_wmi_fire_event(benchmark::State& state, bool batched) {
  const int subscribers = static_cast<int>(state.range(0));
  Consumers consumers(wdm_guid(BENCH_EVENT, 0), subscribers, batched);
  env().host->settle();
  std::uint64_t fired = 0;
  for (auto _ : state) {
    consumers.expect(fired + kBatch);
    const auto start = std::chrono::steady_clock::now();
    fired += env().wdm_control->fire_events(kBatch, 16);
    if (!consumers.wait())
      fail("events were not delivered within 30 s");
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  report(state, fired, subscribers, consumers.lost());
}

void BM_Events_WmiFireEvent(benchmark::State& state) {
  run_wmi_fire_event(state, true);
}
BENCHMARK(BM_Events_WmiFireEvent)->Arg(1)->Arg(8)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_Events_WmiFireEvent_Next(benchmark::State& state) {
  run_wmi_fire_event(state, false);
}
BENCHMARK(BM_Events_WmiFireEvent_Next)->Arg(1)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_Events_ScsiPortWmiFireLogicalUnitEvent(benchmark::State& state) {
  const int subscribers = static_cast<int>(state.range(0));
  Consumers consumers(scsi_guid(BENCH_SCSI_LU_EVENT), subscribers, true);
  env().host->settle();
  const std::uint32_t count = kBatch;
  const Bytes input{reinterpret_cast<const std::uint8_t*>(&count), sizeof count};
  std::uint64_t fired = 0;
  for (auto _ : state) {
    consumers.expect(fired + kBatch);
    const auto start = std::chrono::steady_clock::now();
    auto reply = env().host->execute_method(scsi_guid(BENCH_SCSI_METHOD), InstanceSelector{0u}, 1, input);
    if (!reply.ok())
      fail("firing SCSI events: " + reply.error().to_string());
    fired += kBatch;
    if (!consumers.wait())
      fail("SCSI events were not delivered within 30 s");
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  report(state, fired, subscribers, consumers.lost());
}
BENCHMARK(BM_Events_ScsiPortWmiFireLogicalUnitEvent)->Arg(1)->Arg(8)->UseManualTime()->Unit(benchmark::kMillisecond);

// ---- The limits: small events handed from a producer thread to a consumer thread that runs a callback ----

struct PlainEvent {
  std::uint64_t sequence;
  std::uint8_t data[16];
};

// Runs `consume` on a consumer thread that lives across iterations; each iteration the benchmark thread produces
// kBatch events with `produce` and waits until the consumer has run its callback over all of them.
template <typename Queue>
void run_handoff(benchmark::State& state, Queue& queue) {
  std::atomic<std::uint64_t> consumed{0};
  std::atomic<std::uint64_t> target{0};  // the benchmark thread waits for this count
  std::atomic<bool> stop{false};
  std::thread consumer([&] {
    std::uint64_t sum = 0;
    const std::function<void(const PlainEvent&)> callback = [&sum](const PlainEvent& e) { sum += e.sequence; };
    while (!stop.load(std::memory_order_relaxed)) {
      const std::size_t got = queue.consume(callback);
      if (got != 0 && consumed.fetch_add(got, std::memory_order_release) + got >= target.load())
        consumed.notify_one();
    }
    benchmark::DoNotOptimize(sum);
  });
  std::uint64_t fired = 0;
  for (auto _ : state) {
    target = fired + kBatch;
    const auto start = std::chrono::steady_clock::now();
    for (std::uint32_t k = 0; k < kBatch; ++k)
      queue.produce(PlainEvent{k, {}});
    queue.flush();
    fired += kBatch;
    for (std::uint64_t seen = consumed.load(std::memory_order_acquire); seen < fired;
         seen = consumed.load(std::memory_order_acquire))
      consumed.wait(seen);
    state.SetIterationTime(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  }
  stop = true;
  queue.produce(PlainEvent{});  // wakes the consumer so it sees `stop`
  queue.flush();
  consumer.join();
  report(state, fired, 1, 0);
}

// A bounded queue done well: a fixed ring under one mutex, one event per handoff, and a condition variable
// signalled only when the other side is waiting on it.
class PlainBoundedQueue {
 public:
  explicit PlainBoundedQueue(std::size_t capacity) : ring_(capacity) {}
  void produce(const PlainEvent& event) {
    std::unique_lock lock(mutex_);
    not_full_.wait(lock, [this] { return count_ < ring_.size(); });
    ring_[(first_ + count_++) % ring_.size()] = event;
    const bool wake = consumer_waiting_;
    lock.unlock();
    if (wake)
      not_empty_.notify_one();
  }
  void flush() {}
  std::size_t consume(const std::function<void(const PlainEvent&)>& callback) {
    std::unique_lock lock(mutex_);
    consumer_waiting_ = true;
    not_empty_.wait(lock, [this] { return count_ != 0; });
    consumer_waiting_ = false;
    const PlainEvent event = ring_[first_];
    first_ = (first_ + 1) % ring_.size();
    const bool wake = count_-- == ring_.size();
    lock.unlock();
    if (wake)
      not_full_.notify_one();
    callback(event);
    return 1;
  }

 private:
  std::mutex mutex_;
  std::condition_variable not_full_, not_empty_;
  std::vector<PlainEvent> ring_;
  std::size_t first_ = 0, count_ = 0;
  bool consumer_waiting_ = false;
};

void BM_Events_PlainQueueHandoff(benchmark::State& state) {
  PlainBoundedQueue queue(4096);
  run_handoff(state, queue);
}
BENCHMARK(BM_Events_PlainQueueHandoff)->UseManualTime()->Unit(benchmark::kMillisecond);

// The batched limit: a single-producer single-consumer ring; the producer publishes every 256 events (as the WMI
// core's hub publishes a chunk) and the consumer takes everything published at once.
class BatchedRing {
 public:
  explicit BatchedRing(std::size_t capacity) : ring_(capacity) {}
  void produce(const PlainEvent& event) {
    while (written_ - head_.load(std::memory_order_acquire) >= ring_.size()) {
      flush();
      head_.wait(written_ - ring_.size(), std::memory_order_acquire);
    }
    ring_[written_++ % ring_.size()] = event;
    if (written_ % 256 == 0)
      flush();
  }
  void flush() {
    tail_.store(written_, std::memory_order_release);
    tail_.notify_one();
  }
  std::size_t consume(const std::function<void(const PlainEvent&)>& callback) {
    std::uint64_t head = head_.load(std::memory_order_relaxed);
    tail_.wait(head, std::memory_order_acquire);
    const std::uint64_t tail = tail_.load(std::memory_order_acquire);
    for (std::uint64_t k = head; k != tail; ++k)
      callback(ring_[k % ring_.size()]);
    head_.store(tail, std::memory_order_release);
    head_.notify_one();
    return tail - head;
  }

 private:
  std::vector<PlainEvent> ring_;
  std::uint64_t written_ = 0;
  alignas(64) std::atomic<std::uint64_t> tail_{0};
  alignas(64) std::atomic<std::uint64_t> head_{0};
};

void BM_Events_BatchedRingHandoff(benchmark::State& state) {
  BatchedRing ring(4096);
  run_handoff(state, ring);
}
BENCHMARK(BM_Events_BatchedRingHandoff)->UseManualTime()->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace wmiport::bench
