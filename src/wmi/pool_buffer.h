// A zeroed nonpaged-pool buffer owned by the WMI core: the WNODE buffer of one request, handed to drivers as
// Parameters.WMI.Buffer exactly as on Windows (so the kernel's pool tracking sees it), freed with ExFreePool.
#pragma once

#include <cstdint>
#include <cstring>
#include <span>
#include <utility>

#include <wdm.h>

#include "common/result.h"

namespace wmiport::wmi {

inline constexpr ULONG kWmiCorePoolTag = 0x43696d57u;  // 'WmiC'
inline constexpr ULONG kSuggestNameTag = 0x4e696d57u;  // 'WmiN': IoWMISuggestInstanceName results

class PoolBuffer {
 public:
  static Result<PoolBuffer> allocate(std::uint32_t size) {
    void* memory = ExAllocatePoolWithTag(NonPagedPoolNx, size == 0 ? 1 : size, kWmiCorePoolTag);
    if (memory == nullptr)
      return Error(ntstatus::insufficient_resources, "the WMI core could not allocate a request buffer");
    std::memset(memory, 0, size == 0 ? 1 : size);
    return PoolBuffer(static_cast<std::uint8_t*>(memory), size);
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
      ExFreePool(data_);
    data_ = nullptr;
  }

  std::uint8_t* data_ = nullptr;
  std::uint32_t size_ = 0;
};

}  // namespace wmiport::wmi
