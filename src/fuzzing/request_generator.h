// The request generator shared by the libFuzzer targets (fuzz/driver_*_fuzzer.cpp) and `wmiport fuzz`: input
// bytes -> a sequence of consumer requests against the loaded driver. Every choice reads bytes, so libFuzzer's
// mutations move through minor codes, GUIDs (mostly registered, sometimes not), instances (mostly registered,
// sometimes wrong), item and method ids, buffer sizes (biased to 0, needed-1, needed, needed+1, a page) and
// input bytes. Exhausted input reads as zeros and ends the sequence.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/byte_io.h"
#include "fuzzing/fuzz_request.h"
#include "fuzzing/target_model.h"

namespace wmiport::fuzzing {

inline constexpr std::size_t kMaxSequenceLength = 24;

class ByteSource {
 public:
  explicit ByteSource(Bytes data) : data_(data) {}
  std::uint8_t byte();
  std::uint32_t u32();
  bool exhausted() const { return position_ >= data_.size(); }

 private:
  Bytes data_;
  std::size_t position_ = 0;
};

RequestSequence generate_sequence(ByteSource& source, const TargetModel& model);

}  // namespace wmiport::fuzzing
