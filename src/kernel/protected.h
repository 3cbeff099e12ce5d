// Protected<T>: data that can only be reached with its lock held (the lock is bound to the data it guards).
#pragma once

#include <mutex>
#include <utility>

namespace wmiport::kernel {

template <typename T, typename Mutex = std::mutex>
class Protected {
 public:
  template <typename... Args>
  explicit Protected(Args&&... args) : value_(std::forward<Args>(args)...) {}

  // Runs fn(T&) with the lock held and returns its result. fn must not call back into code that takes this lock.
  template <typename Fn>
  decltype(auto) with(Fn&& fn) {
    std::scoped_lock guard(lock_);
    return std::forward<Fn>(fn)(value_);
  }
  template <typename Fn>
  decltype(auto) with(Fn&& fn) const {
    std::scoped_lock guard(lock_);
    return std::forward<Fn>(fn)(value_);
  }

 private:
  mutable Mutex lock_;
  T value_;
};

}  // namespace wmiport::kernel
