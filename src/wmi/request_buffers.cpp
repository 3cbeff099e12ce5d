#include "wmi/request_buffers.h"

#include <algorithm>
#include <cstring>
#include <limits>

namespace wmiport::wmi {

std::uint32_t SlotRequestBuffers::room() const {
  const std::size_t end = start_ + guard_bytes::kGuardSize;
  if (buffer_.size() <= end)
    return 0;
  return static_cast<std::uint32_t>(
      std::min<std::size_t>(buffer_.size() - end, std::numeric_limits<std::uint32_t>::max()));
}

Result<MutableBytes> SlotRequestBuffers::next(std::uint32_t capacity) {
  const std::size_t needed = start_ + capacity + guard_bytes::kGuardSize;
  const std::size_t old_size = buffer_.size();
  if (old_size < needed) {
    try {
      buffer_.resize(needed);  // grows once; later queries of the same size reuse it as it is
    } catch (const std::bad_alloc&) {
      return Error(ntstatus::insufficient_resources, "the consumer's buffer could not grow for the reply");
    }
  }
  capacity_ = capacity;
  if (zeroed_ && old_size > start_)  // bytes the buffer just grew by are zero already
    std::memset(slot(), 0, std::min<std::size_t>(capacity, old_size - start_));
  guard_bytes::fill(slot(), capacity);
  return MutableBytes{slot(), capacity};
}

std::optional<std::int64_t> SlotRequestBuffers::guard_damage() const {
  return guard_bytes::damage(slot(), capacity_);
}

}  // namespace wmiport::wmi
