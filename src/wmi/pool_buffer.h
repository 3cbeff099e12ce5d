// A zeroed nonpaged-pool buffer owned by the WMI core: the WNODE buffer of one request, handed to drivers as
// Parameters.WMI.Buffer exactly as on Windows (so the kernel's pool tracking sees it), freed with ExFreePool.
//
// Guard bytes (the verifier's write_outside_buffer rule): kGuardSize bytes of a known pattern sit before and
// after the data, inside the same pool block, and guard_damage() tells whether a driver wrote over them. This
// works in every build (no sanitizer needed) and catches the classic off-by-one write past BufferSize.
#pragma once

#include <cstdint>
#include <cstring>
#include <optional>
#include <span>
#include <utility>

#include <wdm.h>

#include "common/result.h"
#include "wmi/guard_bytes.h"

namespace wmiport::wmi {

inline constexpr ULONG kWmiCorePoolTag = 0x43696d57u;  // 'WmiC'
inline constexpr ULONG kSuggestNameTag = 0x4e696d57u;  // 'WmiN': IoWMISuggestInstanceName results

class PoolBuffer {
 public:
  static constexpr std::uint32_t kGuardSize = guard::kGuardSize;

  static Result<PoolBuffer> allocate(std::uint32_t size) {
    if (size > 0xFFFFFFFFu - 2 * kGuardSize)
      return Error(ntstatus::insufficient_resources, "a WMI request buffer cannot be that large");
    void* memory = ExAllocatePoolWithTag(NonPagedPoolNx, size + 2 * kGuardSize, kWmiCorePoolTag);
    if (memory == nullptr)
      return Error(ntstatus::insufficient_resources, "the WMI core could not allocate a request buffer");
    auto* base = static_cast<std::uint8_t*>(memory);
    std::memset(base + kGuardSize, 0, size);
    guard::arm(base + kGuardSize, size);
    return PoolBuffer(base + kGuardSize, size);
  }

  // The first guard byte a driver changed, as an offset from data() (negative: before the buffer), or nullopt
  // when both guards are intact.
  std::optional<std::int64_t> guard_damage() const {
    if (data_ == nullptr)
      return std::nullopt;
    return guard::damage(data_, size_);
  }

  PoolBuffer(PoolBuffer&& other) noexcept
      : data_(std::exchange(other.data_, nullptr)), size_(std::exchange(other.size_, 0)) {}
  PoolBuffer& operator=(PoolBuffer&& other) noexcept {
    if (this != &other) {
      release();
      data_ = std::exchange(other.data_, nullptr);
      size_ = std::exchange(other.size_, 0);
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
  PoolBuffer(std::uint8_t* data, std::uint32_t size) : data_(data), size_(size) {}
  void release() {
    if (data_ != nullptr)
      ExFreePool(data_ - kGuardSize);
    data_ = nullptr;
  }

  std::uint8_t* data_ = nullptr;
  std::uint32_t size_ = 0;
};

}  // namespace wmiport::wmi
