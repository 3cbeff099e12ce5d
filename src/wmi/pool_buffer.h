// A zeroed nonpaged-pool buffer owned by the WMI core: the WNODE buffer of one request, handed to drivers as
// Parameters.WMI.Buffer exactly as on Windows (so the kernel's pool tracking sees it), freed with ExFreePool.
//
// Guard bytes (the verifier's write_outside_buffer rule, common/guard_bytes.h) sit before and after the data,
// inside the same pool block, and guard_damage() tells whether a driver wrote over them.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <utility>

#include <wdm.h>

#include "common/guard_bytes.h"
#include "common/result.h"

namespace wmiport::wmi {

inline constexpr ULONG kWmiCorePoolTag = 0x43696d57u;  // 'WmiC'
inline constexpr ULONG kSuggestNameTag = 0x4e696d57u;  // 'WmiN': IoWMISuggestInstanceName results

class PoolBuffer {
 public:
  static constexpr std::uint32_t kGuardSize = guard_bytes::kGuardSize;

  static Result<PoolBuffer> allocate(std::uint32_t size) {
    if (size > 0xFFFFFFFFu - 2 * kGuardSize)
      return Error(ntstatus::insufficient_resources, "a WMI request buffer cannot be that large");
    void* memory = ExAllocatePoolWithTag(NonPagedPoolNx, size + 2 * kGuardSize, kWmiCorePoolTag);
    if (memory == nullptr)
      return Error(ntstatus::insufficient_resources, "the WMI core could not allocate a request buffer");
    return PoolBuffer(prepare(static_cast<std::uint8_t*>(memory), size), size, false);
  }

  // The same buffer, taken from the one this thread keeps for requests of `size` bytes when it has one
  // (pool_buffer.cpp, docs/decisions.md, "Kept request objects"): still a tracked pool allocation of the WMI core,
  // zeroed and guarded afresh for every request; given back to the thread when this PoolBuffer goes away.
  __attribute__((visibility("default"))) static Result<PoolBuffer> allocate_reusable(std::uint32_t size);

  // The first guard byte a driver changed, as an offset from data() (negative: before the buffer), or nullopt
  // when both guards are intact.
  std::optional<std::int64_t> guard_damage() const {
    if (data_ == nullptr)
      return std::nullopt;
    return guard_bytes::damage(data_, size_);
  }

  PoolBuffer(PoolBuffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)),
        size_(std::exchange(other.size_, 0)),
        reusable_(std::exchange(other.reusable_, false)) {}
  PoolBuffer& operator=(PoolBuffer&& other) noexcept {
    if (this != &other) {
      release();
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
      reusable_ = std::exchange(other.reusable_, false);
    }
    return *this;
  }
  PoolBuffer(const PoolBuffer&) = delete;
  PoolBuffer& operator=(const PoolBuffer&) = delete;
  ~PoolBuffer() { release(); }

  std::uint8_t* data() const { return data_; }
  std::uint32_t size() const { return size_; }
  std::span<std::uint8_t> bytes() const { return {data_, size_}; }

 private:
  PoolBuffer(std::uint8_t* data, std::uint32_t size, bool reusable) : data_(data), size_(size), reusable_(reusable) {}
  // Zeroes the data and writes both guards of a block of size + 2 * kGuardSize bytes; returns the data.
  static std::uint8_t* prepare(std::uint8_t* base, std::uint32_t size) {
    std::uint8_t* data = base + kGuardSize;
    std::memset(data, 0, size);
    guard_bytes::fill(data, size);
    return data;
  }
  // A reusable buffer goes back to its thread (pool_buffer.cpp), any other to the pool.
  __attribute__((visibility("default"))) static void give_back(std::uint8_t* base, std::uint32_t size);
  void release() {
    if (data_ != nullptr) {
      if (reusable_)
        give_back(data_ - kGuardSize, size_);
      else
        ExFreePool(data_ - kGuardSize);
    }
    data_ = nullptr;
  }

  std::uint8_t* data_ = nullptr;
  std::uint32_t size_ = 0;
  bool reusable_ = false;  // from allocate_reusable
};

}  // namespace wmiport::wmi
