// A WNODE_ALL_DATA validated where it lies: every check parse_all_data makes (same order, same messages), without
// copying the instances out or allocating per instance. Instance k's data and name are then read in place, and
// the bytes must stay alive and unchanged for as long as the view is used. parse_all_data is this check followed
// by a copy of every instance, so the two can never disagree about what is well-formed.
#pragma once

#include <cstdint>

#include "common/byte_io.h"
#include "common/result.h"
#include "wnode/counted_string.h"
#include "wnode/wire_layout.h"
#include "wnode/wnode_header.h"

namespace wmiport::wnode {

class AllDataView {
 public:
  // Validates an untrusted WNODE_ALL_DATA (EVENT_ITEM may be set). `bytes` may be longer than BufferSize.
  static Result<AllDataView> check(Bytes bytes);

  const WnodeHeader& header() const { return header_; }
  std::uint32_t count() const { return count_; }
  bool fixed_size() const { return fixed_; }
  bool dynamic_names() const { return dynamic_names_; }
  // The WNODE itself: [0, BufferSize); and all the bytes check() was given.
  Bytes wnode() const { return bytes_.first(header_.buffer_size); }
  Bytes bytes() const { return bytes_; }

  // Instance k (< count()): its data, and for dynamic names where its name's UTF-16LE text lies in wnode().
  Bytes data(std::uint32_t k) const {
    if (fixed_)
      return bytes_.subspan(data_block_offset_ + std::uint64_t{k} * stride_, fixed_size_);
    const std::size_t entry = all_data::kOffsetInstanceDataAndLength + std::size_t{k} * all_data::kEntrySize;
    return bytes_.subspan(load_u32(bytes_, entry + all_data::kEntryOffsetInstanceData),
                          load_u32(bytes_, entry + all_data::kEntryLengthInstanceData));
  }
  CountedStringSpan name(std::uint32_t k) const;

  // The same validated layout over a copy of the same bytes (e.g. after the buffer holding them moved).
  AllDataView over(Bytes same_bytes) const {
    AllDataView moved = *this;
    moved.bytes_ = same_bytes;
    return moved;
  }

 private:
  AllDataView() = default;

  Bytes bytes_;
  WnodeHeader header_;
  std::uint32_t count_ = 0;
  bool fixed_ = false;
  bool dynamic_names_ = false;
  std::uint32_t data_block_offset_ = 0;
  std::uint32_t fixed_size_ = 0;
  std::uint64_t stride_ = 0;
  std::uint32_t name_offsets_at_ = 0;
};

}  // namespace wmiport::wnode
