// Synchronisation under real threads: spin locks and fast mutexes exclude, events wake and time out, IRQL follows
// the locks, DPCs and timers fire. Labelled `concurrency` (run under TSan by make tsan).
#include <atomic>
#include <chrono>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "kernel_fixture.h"

namespace wmiport::kernel::testing {
namespace {

using SyncTest = KernelTest;

constexpr int kThreads = 4;
constexpr int kIterations = 20000;

LARGE_INTEGER relative_ms(LONGLONG ms) {
  LARGE_INTEGER timeout;
  timeout.QuadPart = -ms * 10000;
  return timeout;
}

TEST_F(SyncTest, SpinLockExcludesAndRaisesToDispatch) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  long counter = 0;  // deliberately not atomic: the spin lock is what protects it
  std::atomic<bool> irql_ok{true};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIterations; ++i) {
        KIRQL old;
        KeAcquireSpinLock(&lock, &old);
        if (KeGetCurrentIrql() != DISPATCH_LEVEL || old != PASSIVE_LEVEL)
          irql_ok = false;
        ++counter;
        KeReleaseSpinLock(&lock, old);
      }
      if (KeGetCurrentIrql() != PASSIVE_LEVEL)
        irql_ok = false;
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(counter, kThreads * kIterations);
  EXPECT_TRUE(irql_ok);
}

TEST_F(SyncTest, SpinLockAtDpcLevelNeedsDispatchLevel) {
  KSPIN_LOCK lock;
  KeInitializeSpinLock(&lock);
  KIRQL old = KeRaiseIrqlToDpcLevel();
  KeAcquireSpinLockAtDpcLevel(&lock);
  KeReleaseSpinLockFromDpcLevel(&lock);
  KeLowerIrql(old);
  EXPECT_EQ(hook_.violations().size(), 0u);
  KeAcquireSpinLockAtDpcLevel(&lock);  // at PASSIVE_LEVEL: reported
  KeReleaseSpinLockFromDpcLevel(&lock);
  EXPECT_EQ(hook_.count("spin_lock_irql"), 1u);
  KeReleaseSpinLockFromDpcLevel(&lock);  // not held
  EXPECT_EQ(hook_.count("spin_lock_not_owner"), 1u);
  hook_.clear();
}

TEST_F(SyncTest, FastMutexExcludesAndRestoresTheIrql) {
  FAST_MUTEX mutex;
  ExInitializeFastMutex(&mutex);
  long counter = 0;
  std::atomic<bool> irql_ok{true};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kIterations / 4; ++i) {
        ExAcquireFastMutex(&mutex);
        if (KeGetCurrentIrql() != APC_LEVEL)
          irql_ok = false;
        ++counter;
        ExReleaseFastMutex(&mutex);
        if (ExTryToAcquireFastMutex(&mutex)) {
          ++counter;
          ExReleaseFastMutex(&mutex);
        } else {
          ExAcquireFastMutex(&mutex);
          ++counter;
          ExReleaseFastMutex(&mutex);
        }
      }
      if (KeGetCurrentIrql() != PASSIVE_LEVEL)
        irql_ok = false;
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(counter, kThreads * (kIterations / 4) * 2);
  EXPECT_TRUE(irql_ok);
}

TEST_F(SyncTest, IrqlRulesAreChecked) {
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  EXPECT_EQ(old, PASSIVE_LEVEL);
  KIRQL ignored;
  KeRaiseIrql(APC_LEVEL, &ignored);  // raising to a lower level
  EXPECT_EQ(hook_.count("irql_raise_below_current"), 1u);
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, FALSE);
  LARGE_INTEGER timeout = relative_ms(1);
  EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &timeout), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(hook_.count("wait_irql"), 1u);
  LARGE_INTEGER poll{};
  EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &poll), STATUS_TIMEOUT);  // polling is fine
  KeLowerIrql(old);
  KeLowerIrql(DISPATCH_LEVEL);  // lowering above the current level
  EXPECT_EQ(hook_.count("irql_lower_above_current"), 1u);
  EXPECT_EQ(KeGetCurrentIrql(), PASSIVE_LEVEL);
  hook_.clear();
}

TEST_F(SyncTest, EventWaitTimesOutThenSucceeds) {
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, FALSE);
  LARGE_INTEGER timeout = relative_ms(20);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &timeout), STATUS_TIMEOUT);
  EXPECT_GE(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(20));
  std::thread setter([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    EXPECT_EQ(KeSetEvent(&event, IO_NO_INCREMENT, FALSE), 0);
  });
  timeout = relative_ms(5000);
  EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &timeout), STATUS_SUCCESS);
  setter.join();
  // A notification event stays signaled for every waiter until reset.
  EXPECT_EQ(KeReadStateEvent(&event), 1);
  EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr), STATUS_SUCCESS);
  EXPECT_EQ(KeResetEvent(&event), 1);
  EXPECT_EQ(KeReadStateEvent(&event), 0);
}

TEST_F(SyncTest, AbsoluteTimeoutIsSystemTime) {
  KEVENT event;
  KeInitializeEvent(&event, NotificationEvent, FALSE);
  LARGE_INTEGER deadline;
  KeQuerySystemTime(&deadline);
  deadline.QuadPart += 10 * 10000;  // 10 ms from now
  EXPECT_EQ(KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, &deadline), STATUS_TIMEOUT);
}

TEST_F(SyncTest, SynchronizationEventReleasesOneWaiterPerSet) {
  KEVENT event;
  KeInitializeEvent(&event, SynchronizationEvent, FALSE);
  std::atomic<int> woken{0};
  std::vector<std::thread> waiters;
  for (int i = 0; i < 3; ++i) {
    waiters.emplace_back([&] {
      KeWaitForSingleObject(&event, Executive, KernelMode, FALSE, nullptr);
      ++woken;
    });
  }
  for (int i = 1; i <= 3; ++i) {
    KeSetEvent(&event, IO_NO_INCREMENT, FALSE);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
    while (woken.load() < i && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    EXPECT_EQ(woken.load(), i);
  }
  for (auto& waiter : waiters)
    waiter.join();
  EXPECT_EQ(KeReadStateEvent(&event), 0);  // each set was consumed by its waiter
}

struct DpcRecord {
  KEVENT ran;
  std::atomic<KIRQL> irql{0xff};
  std::atomic<int> count{0};
  PVOID argument = nullptr;
};

VOID record_dpc(PKDPC dpc, PVOID context, PVOID argument1, PVOID argument2) {
  (void)dpc;
  (void)argument2;
  auto* record = static_cast<DpcRecord*>(context);
  record->irql = KeGetCurrentIrql();
  record->argument = argument1;
  ++record->count;
  KeSetEvent(&record->ran, IO_NO_INCREMENT, FALSE);
}

TEST_F(SyncTest, DpcRunsOnceAtDispatchLevel) {
  DpcRecord record;
  KeInitializeEvent(&record.ran, NotificationEvent, FALSE);
  KDPC dpc;
  KeInitializeDpc(&dpc, record_dpc, &record);
  int marker = 0;
  EXPECT_TRUE(KeInsertQueueDpc(&dpc, &marker, nullptr));
  LARGE_INTEGER timeout = relative_ms(5000);
  ASSERT_EQ(KeWaitForSingleObject(&record.ran, Executive, KernelMode, FALSE, &timeout), STATUS_SUCCESS);
  kernel_->drain_work();
  EXPECT_EQ(record.irql.load(), DISPATCH_LEVEL);
  EXPECT_EQ(record.argument, &marker);
  EXPECT_EQ(record.count.load(), 1);
}

TEST_F(SyncTest, TimerSignalsAndRunsItsDpcPeriodically) {
  DpcRecord record;
  KeInitializeEvent(&record.ran, NotificationEvent, FALSE);
  KDPC dpc;
  KeInitializeDpc(&dpc, record_dpc, &record);
  KTIMER timer;
  KeInitializeTimerEx(&timer, NotificationTimer);
  EXPECT_FALSE(KeReadStateTimer(&timer));
  LARGE_INTEGER due = relative_ms(5);
  EXPECT_FALSE(KeSetTimerEx(&timer, due, 5, &dpc));
  LARGE_INTEGER timeout = relative_ms(5000);
  EXPECT_EQ(KeWaitForSingleObject(&timer, Executive, KernelMode, FALSE, &timeout), STATUS_SUCCESS);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (record.count.load() < 3 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_GE(record.count.load(), 3);
  EXPECT_TRUE(KeCancelTimer(&timer));
  // No new DPC can be queued once the timer is cancelled; one already queued is removed or waited for.
  KeRemoveQueueDpc(&dpc);
  kernel_->drain_work();
  EXPECT_FALSE(KeCancelTimer(&timer));
}

TEST_F(SyncTest, CancelledTimerNeverFires) {
  KTIMER timer;
  KeInitializeTimer(&timer);
  LARGE_INTEGER due = relative_ms(20);
  KeSetTimer(&timer, due, nullptr);
  EXPECT_TRUE(KeCancelTimer(&timer));
  LARGE_INTEGER timeout = relative_ms(60);
  EXPECT_EQ(KeWaitForSingleObject(&timer, Executive, KernelMode, FALSE, &timeout), STATUS_TIMEOUT);
}

}  // namespace
}  // namespace wmiport::kernel::testing
