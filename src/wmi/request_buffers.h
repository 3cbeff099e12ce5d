// Where the buffer of a WMI request comes from (RequestRouter::exchange_in). Two sources:
// - PoolRequestBuffers: a fresh, zeroed nonpaged-pool block per attempt (wmi::PoolBuffer), what every request
//   used to get and what the verifier's checks are written against (docs/decisions.md, "QUERY_ALL_DATA views").
// - SlotRequestBuffers: a slot of a consumer's own reusable buffer (Host::query_all_data_view), grown when a
//   provider asks for more and kept for the next query, so a steady stream of queries allocates and page-faults
//   nothing. The slot is framed by guard bytes inside the consumer's buffer, checked like a PoolBuffer's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "common/byte_io.h"
#include "common/result.h"
#include "common/guard_bytes.h"
#include "wmi/pool_buffer.h"

namespace wmiport::wmi {

class RequestBuffers {
 public:
  virtual ~RequestBuffers() = default;
  // The buffer of the next attempt, of exactly `capacity` bytes, guards armed around it. Earlier buffers of this
  // source may be gone (or moved) once this is called.
  virtual Result<MutableBytes> next(std::uint32_t capacity) = 0;
  // After the driver is done with the last buffer: the first guard byte it changed (offset from the buffer's
  // start, negative before it), or nullopt.
  virtual std::optional<std::int64_t> guard_damage() const = 0;
};

class PoolRequestBuffers final : public RequestBuffers {
 public:
  // A buffer of `reusable_size` bytes (the usual first buffer) is the one this thread keeps (docs/decisions.md,
  // "Kept request objects"); other sizes come and go. 0: none is kept.
  explicit PoolRequestBuffers(std::uint32_t reusable_size = 0) : reusable_size_(reusable_size) {}

  Result<MutableBytes> next(std::uint32_t capacity) override {
    buffer_.reset();  // the previous attempt's block goes back to the pool first
    WMIPORT_ASSIGN_OR_RETURN(PoolBuffer buffer, capacity == reusable_size_ ? PoolBuffer::allocate_reusable(capacity)
                                                                           : PoolBuffer::allocate(capacity));
    buffer_.emplace(std::move(buffer));
    return buffer_->bytes();
  }
  std::optional<std::int64_t> guard_damage() const override { return buffer_ ? buffer_->guard_damage() : std::nullopt; }

 private:
  std::uint32_t reusable_size_;
  std::optional<PoolBuffer> buffer_;
};

// The slot starts at `start` of `buffer` (16-aligned, at least guard_bytes::kGuardSize: the leading guard sits just
// before it) and ends where the buffer ends less the trailing guard; next() grows the buffer as needed. `zeroed`:
// every attempt's bytes are zeroed before the driver gets them, as a PoolBuffer's are (the verifier's way: the
// driver sees none of the caller's earlier bytes, and bytes it leaves unwritten read as zeros).
class SlotRequestBuffers final : public RequestBuffers {
 public:
  SlotRequestBuffers(std::vector<std::byte>& buffer, std::size_t start, bool zeroed = false)
      : buffer_(buffer), start_(start), zeroed_(zeroed) {}

  // What the slot holds without growing the buffer (0 when the buffer does not reach it).
  std::uint32_t room() const;
  Result<MutableBytes> next(std::uint32_t capacity) override;
  std::optional<std::int64_t> guard_damage() const override;

 private:
  std::uint8_t* slot() const { return reinterpret_cast<std::uint8_t*>(buffer_.data()) + start_; }

  std::vector<std::byte>& buffer_;
  std::size_t start_;
  bool zeroed_;
  std::uint32_t capacity_ = 0;
};

}  // namespace wmiport::wmi
