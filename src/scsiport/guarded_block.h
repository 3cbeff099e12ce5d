// The data buffer the port hands a miniport in an SRB it owns (WMI bounce buffers, REGINFO results, INQUIRY
// data): zeroed, 16-byte aligned, with guard bytes on both sides (common/guard_bytes.h) that the port checks when
// the miniport completes the SRB (check_data_guards, adapter.h). A write outside it is the verifier's
// write_outside_buffer, as for the WMI core's buffers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>

namespace wmiport::scsiport {

class GuardedBlock {
 public:
  GuardedBlock() = default;
  explicit GuardedBlock(std::size_t size);
  void* get() const { return size_ == 0 ? nullptr : data(); }
  std::size_t size() const { return size_; }
  // The first guard byte changed, as an offset from get() (negative: before it); nullopt when intact or empty.
  std::optional<std::int64_t> guard_damage() const;

 private:
  std::uint8_t* data() const;

  std::unique_ptr<std::max_align_t[]> storage_;
  std::size_t size_ = 0;
};

}  // namespace wmiport::scsiport
