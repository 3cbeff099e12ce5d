#include "fuzzing/request_generator.h"

#include <string>

namespace wmiport::fuzzing {

namespace {

// A GUID no driver registers (the first field from the input): drivers must answer STATUS_WMI_GUID_NOT_FOUND.
Guid unknown_guid(std::uint32_t data1) {
  Guid guid;
  guid.data1 = data1;
  guid.data2 = 0xf022;
  guid.data3 = 0x4f7a;
  guid.data4 = {0x77, 0x6d, 0x69, 0x70, 0x6f, 0x72, 0x74, 0x00};  // "wmiport"
  return guid;
}

wmi::InstanceSelector pick_instance(ByteSource& source, const ModelBlock* block) {
  const std::uint8_t how = source.byte();
  const std::uint8_t which = source.byte();
  if (block == nullptr || how >= 240)
    return u"fuzz#" + std::u16string(1, static_cast<char16_t>(u'0' + which % 10));
  if (how >= 216)  // a position just past the registered instances
    return std::uint32_t{block->instance_count + which % 4};
  if (block->dynamic_names) {
    if (block->instance_names.empty())
      return std::uint32_t{0};
    return block->instance_names[which % block->instance_names.size()];
  }
  return std::uint32_t{block->instance_count == 0 ? 0u : which % block->instance_count};
}

// A registered id (from the MOF) mostly, else a small id, rarely any 32-bit value.
std::uint32_t pick_id(ByteSource& source, const std::vector<std::uint32_t>& known) {
  const std::uint8_t how = source.byte();
  if (!known.empty() && how < 192)
    return known[how % known.size()];
  if (how == 255)
    return source.u32();
  return how % 12;
}

SizeChoice pick_size(ByteSource& source, std::uint32_t& exact) {
  const std::uint8_t how = source.byte();
  switch (how % 16) {
    case 0:
      return SizeChoice::zero;
    case 1:
    case 2:
      return SizeChoice::needed_minus_one;
    case 3:
    case 4:
      return SizeChoice::needed;
    case 5:
      return SizeChoice::needed_plus_one;
    case 6:
      return SizeChoice::page;
    case 7:
      return SizeChoice::too_small_wnode;
    default:
      // Mostly small sizes, where WNODE headers and data blocks end.
      exact = how < 128 ? source.byte() : (std::uint32_t{source.byte()} << 8 | source.byte()) % 8193;
      return SizeChoice::exact;
  }
}

std::vector<std::uint8_t> pick_input(ByteSource& source) {
  const std::uint8_t how = source.byte();
  std::size_t length = how < 224 ? how % 40 : (how % 32) * 16;
  std::vector<std::uint8_t> out;
  out.reserve(length);
  for (std::size_t i = 0; i < length && !source.exhausted(); ++i)
    out.push_back(source.byte());
  return out;
}

FuzzRequest generate_request(ByteSource& source, const TargetModel& model) {
  FuzzRequest request;
  request.op = static_cast<RequestOp>(source.byte() % kRequestOpCount);
  const std::uint8_t guid_choice = source.byte();
  const ModelBlock* block = nullptr;
  if (model.empty() || guid_choice >= 240) {
    request.guid = unknown_guid(source.u32());
  } else {
    block = &model.blocks()[guid_choice % model.blocks().size()];
    request.guid = block->guid;
  }
  request.provider = source.byte();
  request.via_core = (source.byte() & 7) == 0;
  switch (request.op) {
    case RequestOp::query_single:
      request.instance = pick_instance(source, block);
      break;
    case RequestOp::set_instance:
      request.instance = pick_instance(source, block);
      request.input = pick_input(source);
      break;
    case RequestOp::set_item:
      request.instance = pick_instance(source, block);
      request.item_id = pick_id(source, block != nullptr ? block->item_ids : std::vector<std::uint32_t>{});
      request.input = pick_input(source);
      break;
    case RequestOp::execute_method:
      request.instance = pick_instance(source, block);
      request.method_id = pick_id(source, block != nullptr ? block->method_ids : std::vector<std::uint32_t>{});
      request.input = pick_input(source);
      break;
    default:
      break;
  }
  request.size_choice = pick_size(source, request.buffer_size);
  return request;
}

}  // namespace

std::uint8_t ByteSource::byte() {
  if (position_ >= data_.size())
    return 0;
  return data_[position_++];
}

std::uint32_t ByteSource::u32() {
  std::uint32_t value = 0;
  for (int i = 0; i < 4; ++i)
    value = value << 8 | byte();
  return value;
}

RequestSequence generate_sequence(ByteSource& source, const TargetModel& model) {
  RequestSequence sequence;
  while (!source.exhausted() && sequence.size() < kMaxSequenceLength)
    sequence.push_back(generate_request(source, model));
  return sequence;
}

}  // namespace wmiport::fuzzing
