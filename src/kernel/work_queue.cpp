#include "kernel/work_queue.h"

#include <algorithm>
#include <utility>

namespace wmiport::kernel {

WorkQueue::WorkQueue(std::size_t max_threads) : max_threads_(std::max<std::size_t>(max_threads, 1)) {}

WorkQueue::~WorkQueue() {
  {
    std::scoped_lock guard(lock_);
    stopping_ = true;
  }
  work_available_.notify_all();
  for (auto& thread : threads_)
    thread.join();
}

bool WorkQueue::enqueue(std::function<void()> task) {
  std::unique_lock guard(lock_);
  if (stopping_)
    return false;
  tasks_.push_back(std::move(task));
  if (idle_threads_ == 0 && threads_.size() < max_threads_) {
    threads_.emplace_back([this] { run(); });
    thread_ids_.push_back(threads_.back().get_id());
  }
  guard.unlock();
  work_available_.notify_one();
  return true;
}

void WorkQueue::drain() {
  std::unique_lock guard(lock_);
  idle_.wait(guard, [&] { return tasks_.empty() && running_ == 0; });
}

bool WorkQueue::on_worker_thread() const {
  std::scoped_lock guard(lock_);
  return std::find(thread_ids_.begin(), thread_ids_.end(), std::this_thread::get_id()) != thread_ids_.end();
}

void WorkQueue::run() {
  std::unique_lock guard(lock_);
  for (;;) {
    ++idle_threads_;
    work_available_.wait(guard, [&] { return stopping_ || !tasks_.empty(); });
    --idle_threads_;
    if (tasks_.empty())
      return;  // stopping and nothing left to run
    auto task = std::move(tasks_.front());
    tasks_.pop_front();
    ++running_;
    guard.unlock();
    task();
    guard.lock();
    --running_;
    if (tasks_.empty() && running_ == 0)
      idle_.notify_all();
  }
}

}  // namespace wmiport::kernel
