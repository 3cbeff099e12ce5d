// The kernel's worker threads: a bounded pool that runs work items, DPCs and timer expirations, in FIFO order.
// See docs/decisions.md, "Work item threads".
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace wmiport::kernel {

class WorkQueue {
 public:
  explicit WorkQueue(std::size_t max_threads);
  ~WorkQueue();  // runs what is queued, then joins the threads
  WorkQueue(const WorkQueue&) = delete;
  WorkQueue& operator=(const WorkQueue&) = delete;

  // Queues `task`; a new thread is started when every existing one is busy and the bound allows it.
  // Returns false (and drops the task) once stopping.
  bool enqueue(std::function<void()> task);
  // Waits until the queue is empty and no task is running (tasks queued meanwhile are waited for too).
  // Must not be called from a worker thread.
  void drain();
  bool on_worker_thread() const;

 private:
  void run();

  const std::size_t max_threads_;
  // Guards everything below. Tasks run without it.
  mutable std::mutex lock_;
  std::condition_variable work_available_;
  std::condition_variable idle_;
  std::deque<std::function<void()>> tasks_;
  std::vector<std::thread> threads_;
  std::vector<std::thread::id> thread_ids_;
  std::size_t idle_threads_ = 0;
  std::size_t running_ = 0;
  bool stopping_ = false;
};

}  // namespace wmiport::kernel
