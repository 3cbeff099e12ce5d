// Inputs every parser must reject, and values every builder must refuse: each case asserts the NTSTATUS and a
// substring of the message naming the field. Bad inputs are derived from the golden bytes by one mutation.
#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <variant>

#include "common/utf16.h"

#include "wnode/event_item.h"
#include "wnode/reginfo.h"
#include "wnode/wire_layout.h"
#include "wnode/wnode.h"
#include "wnode_goldens.h"

namespace wmiport::wnode::testing {
namespace {

enum class Parser {
  all_data,
  single_instance,
  single_item,
  method_item,
  event_item,
  event_reference,
  too_small,
  any_wnode,
  reginfo_chain,
  reginfo
};

template <typename R>
Status drop_value(R&& result) {
  if (!result.ok())
    return std::move(result).error();
  return ok_status();
}

Status run(Parser p, Bytes bytes) {
  auto drop = [](auto&& result) -> Status {
    if (!result.ok())
      return std::move(result).error();
    return ok_status();
  };
  switch (p) {
    case Parser::all_data:
      return drop(parse_all_data(bytes));
    case Parser::single_instance:
      return drop(parse_single_instance(bytes));
    case Parser::single_item:
      return drop(parse_single_item(bytes));
    case Parser::method_item:
      return drop(parse_method_item(bytes));
    case Parser::event_item:
      return drop(parse_event_item(bytes));
    case Parser::event_reference:
      return drop(parse_event_reference(bytes));
    case Parser::too_small:
      return drop(parse_too_small(bytes));
    case Parser::any_wnode:
      return drop(parse_wnode(bytes));
    case Parser::reginfo_chain:
      return drop(parse_reginfo_chain(bytes));
    case Parser::reginfo:
      return drop(parse_reginfo(bytes));
  }
  return ok_status();
}

struct Rejected {
  std::string name;
  Parser parser;
  ByteVec input;
  NtStatusCode code;
  std::string message_part;
};
void PrintTo(const Rejected& c, std::ostream* os) {
  *os << c.name;
}

constexpr NtStatusCode kInvalid = ntstatus::invalid_parameter;
constexpr NtStatusCode kTooSmall = ntstatus::buffer_too_small;

std::vector<Rejected> rejected_inputs() {
  const ByteVec afs = all_data_fixed_static().expected;      // 78 bytes
  const ByteVec avs = all_data_variable_static().expected;   // 100 bytes: entries at 60/64 and 68/72
  const ByteVec afd = all_data_fixed_dynamic().expected;     // 100 bytes: name offsets at 64/68, names at 72/76
  const ByteVec avd = all_data_variable_dynamic().expected;  // 112 bytes: name offsets at 76/80
  const ByteVec sis = single_instance_static().expected;     // 67 bytes
  const ByteVec sid = single_instance_dynamic().expected;    // 76 bytes: name at 64, data at 72
  const ByteVec sts = single_item_static().expected;         // 74 bytes
  const ByteVec mis = method_item_static().expected;         // 80 bytes
  const ByteVec esi = event_goldens().front().expected;      // 68 bytes
  const ByteVec ers = event_reference_static().expected;     // 72 bytes
  const ByteVec erd = event_reference_dynamic().expected;    // 74 bytes: name at 68
  const ByteVec ts = too_small_golden().expected;            // 56 bytes
  const ByteVec rpb = reginfo_pdo_and_basename().expected;   // 100 bytes
  const ByteVec ril = reginfo_instance_list().expected;      // 66 bytes
  const ByteVec rch = reginfo_chain().expected;              // 124 bytes: second WMIREGINFO at 64

  return {
      // WNODE_ALL_DATA: envelope and flags
      {"all_data_span_shorter_than_header", Parser::all_data, truncated(avs, 20), kTooSmall,
       "buffer of 20 bytes is too short for a WNODE_HEADER"},
      {"all_data_truncated", Parser::all_data, truncated(avs, 90), kTooSmall,
       "WnodeHeader.BufferSize runs past the end of the buffer (0x64 > 0x5A)"},
      {"all_data_buffer_size_below_fixed_part", Parser::all_data, with_u32(avs, 0, 50), kInvalid,
       "WnodeHeader.BufferSize (0x32) is smaller than a WNODE_ALL_DATA (0x40 bytes)"},
      {"all_data_flags_say_single_instance", Parser::all_data, with_u32(avs, 44, 0x82), kInvalid,
       "a WNODE_ALL_DATA needs exactly WNODE_FLAG_ALL_DATA"},
      {"all_data_two_structure_flags", Parser::all_data, with_u32(avs, 44, 0x83), kInvalid,
       "mark WNODE_FLAG_ALL_DATA|WNODE_FLAG_SINGLE_INSTANCE"},
      {"all_data_no_structure_flag", Parser::all_data, with_u32(avs, 44, 0x80), kInvalid, "mark no structure"},
      {"all_data_pdo_names_without_static", Parser::all_data, with_u32(avd, 44, 0x10001), kInvalid,
       "WNODE_FLAG_PDO_INSTANCE_NAMES without WNODE_FLAG_STATIC_INSTANCE_NAMES"},
      // DataBlockOffset
      {"all_data_data_block_offset_inside_header", Parser::all_data, with_u32(afs, 48, 0x30), kInvalid,
       "DataBlockOffset (0x30) lies inside the WNODE_ALL_DATA header"},
      {"all_data_data_block_offset_past_end", Parser::all_data, with_u32(avs, 48, 0x100), kInvalid,
       "DataBlockOffset runs past BufferSize (0x100 > 0x64)"},
      {"all_data_fixed_misaligned_data", Parser::all_data, with_u32(afs, 48, 0x44), kInvalid,
       "DataBlockOffset (0x44) is not 8-byte aligned"},
      // FIXED_INSTANCE_SIZE bounds
      {"all_data_fixed_count_runs_past", Parser::all_data, with_u32(afs, 52, 3), kInvalid,
       "InstanceCount (0x3) instances of FixedInstanceSize (0x6) run past BufferSize (0x4E)"},
      {"all_data_fixed_last_instance_runs_past", Parser::all_data, with_u32(afs, 60, 7), kInvalid,
       "instance 1 of FixedInstanceSize (0x7) runs past BufferSize (0x4F > 0x4E)"},
      {"all_data_fixed_count_overflows", Parser::all_data, with_u32(afs, 52, 0xFFFFFFFF), kInvalid,
       "InstanceCount (0xFFFFFFFF) instances of FixedInstanceSize (0x6) run past BufferSize"},
      {"all_data_zero_size_instances_huge_count", Parser::all_data, with_u32(with_u32(afs, 60, 0), 52, 0xFFFFFFFF),
       kInvalid, "InstanceCount (0xFFFFFFFF) of zero-size instances with static names exceeds the limit of 0x1000"},
      {"all_data_zero_size_instances_one_over_limit", Parser::all_data, with_u32(with_u32(afs, 60, 0), 52, 0x1001),
       kInvalid, "InstanceCount (0x1001) of zero-size instances with static names exceeds the limit of 0x1000"},
      // OffsetInstanceDataAndLength[]
      {"all_data_variable_count_overflows", Parser::all_data, with_u32(avs, 52, 0xFFFFFFFF), kInvalid,
       "OffsetInstanceDataAndLength[InstanceCount=0xFFFFFFFF] runs past BufferSize (0x800000034 > 0x64)"},
      {"all_data_misaligned_instance", Parser::all_data, with_u32(avs, 68, 0x5C), kInvalid,
       "OffsetInstanceDataAndLength[1].OffsetInstanceData (0x5C) is not 8-byte aligned"},
      {"all_data_instance_length_past_end", Parser::all_data, with_u32(avs, 72, 0x20), kInvalid,
       "OffsetInstanceDataAndLength[1].LengthInstanceData runs past BufferSize (0x78 > 0x64)"},
      {"all_data_instance_offset_past_end", Parser::all_data, with_u32(avs, 68, 0x68), kInvalid,
       "OffsetInstanceDataAndLength[1].OffsetInstanceData runs past BufferSize (0x68 > 0x64)"},
      {"all_data_overlapping_instances", Parser::all_data, with_u32(avs, 64, 0x0C), kInvalid,
       "OffsetInstanceDataAndLength[1] (0x58..0x64) overlaps OffsetInstanceDataAndLength[0] (0x50..0x5C)"},
      {"all_data_instance_inside_offset_array", Parser::all_data, with_u32(avs, 60, 0x48), kInvalid,
       "OffsetInstanceDataAndLength[0].OffsetInstanceData (0x48) lies inside OffsetInstanceDataAndLength[]"},
      // Dynamic names
      {"all_data_name_offset_past_end", Parser::all_data, with_u32(afd, 68, 0x100), kInvalid,
       "OffsetInstanceNameOffsets[1] (length prefix) runs past BufferSize"},
      {"all_data_name_length_past_end", Parser::all_data, with_u16(afd, 76, 0x40), kInvalid,
       "OffsetInstanceNameOffsets[1] runs past BufferSize (0x8E > 0x64)"},
      {"all_data_odd_name_length", Parser::all_data, with_u16(afd, 72, 3), kInvalid,
       "OffsetInstanceNameOffsets[0] has an odd byte count (3)"},
      {"all_data_misaligned_name", Parser::all_data, with_u32(afd, 64, 0x49), kInvalid,
       "OffsetInstanceNameOffsets[0] (0x49) is not USHORT-aligned"},
      {"all_data_name_offsets_array_past_end", Parser::all_data, with_u32(afd, 56, 0x60), kInvalid,
       "OffsetInstanceNameOffsets[InstanceCount=0x2] runs past BufferSize (0x68 > 0x64)"},
      {"all_data_name_offsets_array_inside_header", Parser::all_data, with_u32(afd, 56, 0x20), kInvalid,
       "OffsetInstanceNameOffsets (0x20) lies inside the WNODE_ALL_DATA header"},
      {"all_data_name_offsets_array_misaligned", Parser::all_data, with_u32(afd, 56, 0x42), kInvalid,
       "OffsetInstanceNameOffsets (0x42) is not 4-byte aligned"},
      {"all_data_name_inside_offset_array", Parser::all_data, with_u32(avd, 76, 0x40), kInvalid,
       "OffsetInstanceNameOffsets[0] (0x40) lies inside OffsetInstanceDataAndLength[]"},
      {"all_data_name_with_embedded_nul", Parser::all_data, with_u16(afd, 78, 0), kInvalid,
       "OffsetInstanceNameOffsets[1] contains a NUL character before its end"},

      // WNODE_SINGLE_INSTANCE
      {"single_instance_truncated", Parser::single_instance, truncated(sid, 70), kTooSmall,
       "WnodeHeader.BufferSize runs past the end of the buffer (0x4C > 0x46)"},
      {"single_instance_buffer_size_below_fixed_part", Parser::single_instance, with_u32(sis, 0, 60), kInvalid,
       "smaller than a WNODE_SINGLE_INSTANCE (0x40 bytes)"},
      {"single_instance_wrong_flags", Parser::single_instance, with_u32(sis, 44, 0x81), kInvalid,
       "a WNODE_SINGLE_INSTANCE needs exactly WNODE_FLAG_SINGLE_INSTANCE"},
      {"single_instance_data_block_offset_inside_header", Parser::single_instance, with_u32(sis, 56, 0x38), kInvalid,
       "DataBlockOffset (0x38) lies inside the fixed WNODE_SINGLE_INSTANCE"},
      {"single_instance_misaligned_data", Parser::single_instance, with_u32(sis, 56, 0x41), kInvalid,
       "DataBlockOffset (0x41) is not 8-byte aligned"},
      {"single_instance_size_past_end", Parser::single_instance, with_u32(sis, 60, 4), kInvalid,
       "SizeDataBlock runs past BufferSize (0x44 > 0x43)"},
      {"single_instance_name_past_end", Parser::single_instance, with_u32(sid, 48, 0x4C), kInvalid,
       "OffsetInstanceName (length prefix) runs past BufferSize (0x4E > 0x4C)"},
      {"single_instance_name_inside_header", Parser::single_instance, with_u32(sid, 48, 0x30), kInvalid,
       "OffsetInstanceName (0x30) lies inside the fixed WNODE_SINGLE_INSTANCE"},
      {"single_instance_name_overlaps_data", Parser::single_instance, with_u32(sid, 56, 0x40), kInvalid,
       "OffsetInstanceName (0x40..0x48) overlaps the data block at DataBlockOffset (0x40..0x44)"},

      // WNODE_SINGLE_ITEM
      {"single_item_buffer_size_below_fixed_part", Parser::single_item, with_u32(sts, 0, 68), kInvalid,
       "smaller than a WNODE_SINGLE_ITEM (0x48 bytes)"},
      {"single_item_size_past_end", Parser::single_item, with_u32(sts, 64, 3), kInvalid,
       "SizeDataItem runs past BufferSize (0x4B > 0x4A)"},
      {"single_item_two_structure_flags", Parser::single_item, with_u32(sts, 44, 0x8084), kInvalid,
       "mark WNODE_FLAG_SINGLE_ITEM|WNODE_FLAG_METHOD_ITEM"},

      // WNODE_METHOD_ITEM
      {"method_item_size_past_end", Parser::method_item, with_u32(mis, 64, 9), kInvalid,
       "SizeDataBlock runs past BufferSize (0x51 > 0x50)"},
      {"method_item_wrong_flags", Parser::method_item, with_u32(mis, 44, 0x84), kInvalid,
       "a WNODE_METHOD_ITEM needs exactly WNODE_FLAG_METHOD_ITEM"},
      {"method_item_data_block_offset_inside_header", Parser::method_item, with_u32(mis, 60, 0x44), kInvalid,
       "DataBlockOffset (0x44) lies inside the fixed WNODE_METHOD_ITEM"},

      // WNODE_EVENT_ITEM
      {"event_item_without_event_flag", Parser::event_item, with_u32(esi, 44, 0x82), kInvalid,
       "lack WNODE_FLAG_EVENT_ITEM"},
      {"event_item_method_body", Parser::event_item, with_u32(esi, 44, 0x8088), kInvalid,
       "a WNODE_EVENT_ITEM body must be exactly one of"},
      {"event_item_short_span", Parser::event_item, truncated(esi, 40), kTooSmall, "too short for a WNODE_HEADER"},
      {"event_item_body_size_past_end", Parser::event_item, with_u32(esi, 60, 5), kInvalid,
       "SizeDataBlock runs past BufferSize (0x45 > 0x44)"},

      // WNODE_EVENT_REFERENCE
      {"event_reference_buffer_size_below_fixed_part", Parser::event_reference, with_u32(ers, 0, 70), kInvalid,
       "smaller than a WNODE_EVENT_REFERENCE (0x48 bytes)"},
      {"event_reference_name_past_end", Parser::event_reference, with_u16(erd, 68, 0x10), kInvalid,
       "TargetInstanceName runs past BufferSize (0x56 > 0x4A)"},
      {"event_reference_odd_name_length", Parser::event_reference, with_u16(erd, 68, 3), kInvalid,
       "TargetInstanceName has an odd byte count (3)"},
      {"event_reference_wrong_flags", Parser::event_reference, with_u32(ers, 44, 0x2020), kInvalid,
       "a WNODE_EVENT_REFERENCE needs exactly WNODE_FLAG_EVENT_REFERENCE"},

      // WNODE_TOO_SMALL
      {"too_small_buffer_size_below_fixed_part", Parser::too_small, with_u32(ts, 0, 52), kInvalid,
       "smaller than a WNODE_TOO_SMALL (0x38 bytes)"},
      {"too_small_wrong_flags", Parser::too_small, with_u32(ts, 44, 0x01), kInvalid,
       "a WNODE_TOO_SMALL needs exactly WNODE_FLAG_TOO_SMALL"},
      {"too_small_short_span", Parser::too_small, truncated(ts, 47), kTooSmall, "too short for a WNODE_HEADER"},

      // Any WNODE
      {"any_wnode_without_structure_flag", Parser::any_wnode, with_u32(ts, 44, 0), kInvalid,
       "not exactly one WNODE structure"},
      {"any_wnode_bad_body", Parser::any_wnode, with_u32(avs, 72, 0x20), kInvalid,
       "OffsetInstanceDataAndLength[1].LengthInstanceData runs past BufferSize"},

      // WMIREGINFO
      {"reginfo_span_shorter_than_fixed_part", Parser::reginfo_chain, truncated(rpb, 20), kTooSmall,
       "only 20 bytes remain, too few for a WMIREGINFO (24 bytes)"},
      {"reginfo_truncated", Parser::reginfo_chain, truncated(rpb, 96), kTooSmall,
       "WMIREGINFO[0].BufferSize runs past the end of the buffer (0x64 > 0x60)"},
      {"reginfo_buffer_size_below_fixed_part", Parser::reginfo_chain, with_u32(rpb, 0, 20), kInvalid,
       "WMIREGINFO[0].BufferSize (0x14) is smaller than a WMIREGINFO (0x18 bytes)"},
      {"reginfo_guid_count_overflows", Parser::reginfo_chain, with_u32(rpb, 16, 0x08000000), kInvalid,
       "WMIREGINFO[0].WmiRegGuid[GuidCount=0x8000000] runs past BufferSize (0x100000018 > 0x64)"},
      {"reginfo_registry_path_inside_guid_array", Parser::reginfo_chain, with_u32(rpb, 8, 0x20), kInvalid,
       "WMIREGINFO[0].RegistryPath (0x20) lies inside WMIREGINFO and its WmiRegGuid[]"},
      {"reginfo_mof_name_past_end", Parser::reginfo_chain, with_u32(rpb, 12, 0x200), kInvalid,
       "WMIREGINFO[0].MofResourceName (length prefix) runs past BufferSize (0x200 > 0x64)"},
      {"reginfo_misaligned_string", Parser::reginfo_chain, with_u32(rpb, 12, 0x59), kInvalid,
       "WMIREGINFO[0].MofResourceName (0x59) is not USHORT-aligned"},
      {"reginfo_odd_base_name_length", Parser::reginfo_chain, with_u16(rpb, 96, 1), kInvalid,
       "WMIREGINFO[0].WmiRegGuid[1].BaseNameOffset has an odd byte count (1)"},
      {"reginfo_two_naming_flags", Parser::reginfo_chain, with_u32(rpb, 72, 0x28), kInvalid,
       "WMIREGINFO[0].WmiRegGuid[1].Flags (0x00000028) set more than one naming flag"},
      {"reginfo_base_name_offset_uses_upper_half", Parser::reginfo_chain, with_u64(rpb, 80, 0xFFFFFFFFFFFFFFF0ull),
       kInvalid, "WMIREGINFO[0].WmiRegGuid[1].BaseNameOffset (length prefix) runs past BufferSize"},
      {"reginfo_instance_list_count_huge", Parser::reginfo_chain, with_u32(ril, 44, 0xFFFFFFFF), kInvalid,
       "WMIREGINFO[0].WmiRegGuid[0].InstanceNameList of InstanceCount (0xFFFFFFFF) names runs past BufferSize"},
      {"reginfo_instance_list_name_past_end", Parser::reginfo_chain, with_u16(ril, 60, 0x10), kInvalid,
       "WMIREGINFO[0].WmiRegGuid[0].InstanceNameList[1] runs past BufferSize (0x4E > 0x42)"},
      {"reginfo_chain_loops_back", Parser::reginfo_chain, with_u32(rch, 4, 0x8), kInvalid,
       "WMIREGINFO[0].NextWmiRegInfo (0x8) points back inside this WMIREGINFO"},
      {"reginfo_chain_misaligned_next", Parser::reginfo_chain, with_u32(rch, 4, 0x3C), kInvalid,
       "WMIREGINFO[0].NextWmiRegInfo (0x3C) is not 8-byte aligned"},
      {"reginfo_chain_next_past_end", Parser::reginfo_chain, with_u32(rch, 4, 0x1000), kTooSmall,
       "WMIREGINFO[0].NextWmiRegInfo runs past the end of the buffer (0x1000 >= 0x7C)"},
      {"reginfo_chain_second_truncated", Parser::reginfo_chain, truncated(rch, 120), kTooSmall,
       "WMIREGINFO[1].BufferSize runs past the end of the buffer (0x3C > 0x38)"},
      {"reginfo_chain_second_string_inside_guids", Parser::reginfo_chain, with_u32(rch, 64 + 8, 0x10), kInvalid,
       "WMIREGINFO[1].RegistryPath (0x10) lies inside WMIREGINFO and its WmiRegGuid[]"},
      {"reginfo_single_parse_of_a_chain", Parser::reginfo, rch, kInvalid,
       "NextWmiRegInfo (0x40) chains another WMIREGINFO"},
  };
}

class RejectedInputTest : public ::testing::TestWithParam<Rejected> {};

TEST_P(RejectedInputTest, FailsWithCodeAndFieldName) {
  const auto& c = GetParam();
  const Status status = run(c.parser, c.input);
  ASSERT_FALSE(status.ok()) << "accepted";
  EXPECT_EQ(ntstatus_name(status.error().code()), ntstatus_name(c.code)) << status.error().message();
  EXPECT_NE(status.error().message().find(c.message_part), std::string::npos)
      << "message: " << status.error().message() << "\nexpected part: " << c.message_part;
}

INSTANTIATE_TEST_SUITE_P(Parsers, RejectedInputTest, ::testing::ValuesIn(rejected_inputs()),
                         [](const auto& info) { return info.param.name; });

// IoWMIWriteEvent checks events in place with check_event_item: whatever parse_event_item refuses, it refuses with
// the same status and message (every rejected single-instance, single-item and all-data input, made an event),
// and whatever parse_event_item accepts it locates the same data and name.
Status check_only(Bytes bytes) {
  auto checked = check_event_item(bytes);
  return checked.ok() ? ok_status() : Status(std::move(checked).error());
}

TEST(EventItemCheck, RefusesWhatTheParseRefusesWithTheSameMessage) {
  int compared = 0;
  for (const auto& c : rejected_inputs()) {
    if (c.parser != Parser::event_item && c.parser != Parser::single_instance && c.parser != Parser::single_item &&
        c.parser != Parser::all_data)
      continue;
    ByteVec input = c.input;
    if (c.parser != Parser::event_item && input.size() >= 48)
      input = with_u32(input, 44, load_u32(Bytes{input}, 44) | flag::kEventItem);
    const Status parsed = drop_value(parse_event_item(input));
    const Status checked = check_only(input);
    ASSERT_EQ(parsed.ok(), checked.ok()) << c.name;
    if (!parsed.ok()) {
      EXPECT_EQ(checked.error().code(), parsed.error().code()) << c.name;
      EXPECT_EQ(checked.error().message(), parsed.error().message()) << c.name;
      ++compared;
    }
  }
  EXPECT_GT(compared, 20);
}

TEST(EventItemCheck, LocatesTheDataAndNameTheParseCopies) {
  int compared = 0;
  for (const auto& c : wnode_goldens()) {
    ByteVec input = c.expected;
    const std::uint32_t structure = load_u32(Bytes{input}, 44) & flag::kStructureMask;
    if (structure != flag::kAllData && structure != flag::kSingleInstance && structure != flag::kSingleItem)
      continue;
    input = with_u32(input, 44, load_u32(Bytes{input}, 44) | flag::kEventItem);
    auto parsed = parse_event_item(input);
    auto checked = check_event_item(input);
    ASSERT_TRUE(parsed.ok() && checked.ok()) << c.name;
    EXPECT_EQ(checked->structure, structure) << c.name;
    const Bytes data = Bytes{input}.subspan(checked->data_offset, checked->data_size);
    std::optional<std::u16string> name;
    if (checked->instance_name)
      name = load_utf16le(Bytes{input}, checked->instance_name->text_offset, checked->instance_name->chars);
    std::visit(
        [&](const auto& body) {
          using Body = std::decay_t<decltype(body)>;
          if constexpr (std::is_same_v<Body, AllData>) {
            const ByteVec expected = body.instances.size() == 1 ? body.instances.front().data : ByteVec{};
            EXPECT_EQ(ByteVec(data.begin(), data.end()), expected) << c.name;
            EXPECT_FALSE(name.has_value()) << c.name;
          } else {
            EXPECT_EQ(ByteVec(data.begin(), data.end()), body.data) << c.name;
            EXPECT_EQ(name, body.instance_name) << c.name;
            EXPECT_EQ(checked->instance_index, body.instance_index) << c.name;
          }
        },
        parsed->body);
    ++compared;
  }
  EXPECT_GE(compared, 8);
}

// Every parser, every strict prefix of every golden: never accepted as something else, never out of bounds
// (ASan watches), always STATUS_BUFFER_TOO_SMALL (the span is shorter than BufferSize says).
TEST(RejectedInput, EveryTruncationOfEveryGoldenIsBufferTooSmall) {
  for (const auto& c : wnode_goldens()) {
    for (std::size_t n = 0; n < c.expected.size(); ++n) {
      auto r = parse_wnode(truncated(c.expected, n));
      ASSERT_FALSE(r.ok()) << c.name << " cut to " << n;
      EXPECT_EQ(r.error().code(), ntstatus::buffer_too_small) << c.name << " cut to " << n;
    }
  }
  for (const auto& c : reginfo_goldens()) {
    for (std::size_t n = 0; n < c.expected.size(); ++n) {
      auto r = parse_reginfo_chain(truncated(c.expected, n));
      ASSERT_FALSE(r.ok()) << c.name << " cut to " << n;
      EXPECT_EQ(r.error().code(), ntstatus::buffer_too_small) << c.name << " cut to " << n;
    }
  }
}

// --- Values the builders refuse ---------------------------------------------------------------------------------

struct Refused {
  std::string name;
  std::function<Status()> build;
  std::string message_part;
};
void PrintTo(const Refused& c, std::ostream* os) {
  *os << c.name;
}

template <typename R>
Status status_of(R&& result) {
  if (!result.ok())
    return std::move(result).error();
  return ok_status();
}

std::vector<Refused> refused_values() {
  auto regguid_with = [](std::uint32_t flags, std::optional<std::u16string> base, std::vector<std::u16string> names,
                         std::uint32_t count = 1, std::uint64_t pdo = 0) {
    RegInfo info;
    info.guids = {RegGuid{guid_a(), flags, count, pdo, std::move(base), std::move(names)}};
    return info;
  };
  return {
      {"all_data_some_instances_named",
       [] {
         return status_of(build_all_data(AllData{header_a(), InstanceSizeLayout::automatic, {{u"a", {1}}, {{}, {2}}}}));
       },
       "instances[1] lacks a name while instances[0] has"},
      {"all_data_fixed_with_unequal_sizes",
       [] {
         return status_of(build_all_data(AllData{header_a(), InstanceSizeLayout::fixed, {{{}, {1}}, {{}, {2, 3}}}}));
       },
       "InstanceSizeLayout::fixed needs every instance to have the same size"},
      {"all_data_too_many_zero_size_static_instances",
       [] {
         return status_of(
             build_all_data(AllData{header_a(), InstanceSizeLayout::automatic, std::vector<AllDataInstance>(0x1001)}));
       },
       "4097 zero-size instances with static names exceed the limit of 0x1000"},
      {"all_data_name_with_nul",
       [] {
         return status_of(
             build_all_data(AllData{header_a(), InstanceSizeLayout::automatic, {{std::u16string(u"a\0b", 3), {1}}}}));
       },
       "instances[0].name contains a NUL character"},
      {"all_data_name_too_long",
       [] {
         return status_of(
             build_all_data(AllData{header_a(), InstanceSizeLayout::automatic, {{std::u16string(0x8000, u'x'), {1}}}}));
       },
       "instances[0].name is too long for a counted string (32768 characters > 32767)"},
      {"all_data_pdo_flag_with_dynamic_names",
       [] {
         return status_of(
             build_all_data(AllData{header_a(flag::kPdoInstanceNames), InstanceSizeLayout::automatic, {{u"a", {1}}}}));
       },
       "WNODE_FLAG_PDO_INSTANCE_NAMES is set but the instances carry dynamic names"},
      {"single_instance_pdo_flag_with_dynamic_name",
       [] {
         return status_of(build_single_instance(SingleInstance{header_a(flag::kPdoInstanceNames), u"a", 0, {}}));
       },
       "WNODE_FLAG_PDO_INSTANCE_NAMES is set but the instance has a dynamic name"},
      {"event_reference_name_with_nul",
       [] {
         return status_of(build_event_reference(EventReference{header_a(), guid_b(), 0, std::u16string(u"\0", 1), 0}));
       },
       "target_instance_name contains a NUL character"},
      {"reginfo_base_name_without_flag", [=] { return status_of(build_reginfo(regguid_with(0, u"B", {}))); },
       "guids[0].base_name must be given exactly when WMIREG_FLAG_INSTANCE_BASENAME is set"},
      {"reginfo_basename_flag_without_name",
       [=] { return status_of(build_reginfo(regguid_with(reg_flag::kInstanceBaseName, std::nullopt, {}))); },
       "guids[0].base_name must be given exactly when WMIREG_FLAG_INSTANCE_BASENAME is set"},
      {"reginfo_list_count_mismatch",
       [=] { return status_of(build_reginfo(regguid_with(reg_flag::kInstanceList, std::nullopt, {u"a"}, 2))); },
       "guids[0].instance_names has 1 names for InstanceCount 2"},
      {"reginfo_names_without_list_flag",
       [=] { return status_of(build_reginfo(regguid_with(reg_flag::kInstancePdo, std::nullopt, {u"a"}))); },
       "guids[0].instance_names given without WMIREG_FLAG_INSTANCE_LIST"},
      {"reginfo_two_naming_flags",
       [=] {
         return status_of(build_reginfo(regguid_with(reg_flag::kInstancePdo | reg_flag::kInstanceBaseName, u"B", {})));
       },
       "guids[0].flags (0x00000028) set more than one naming flag"},
      {"reginfo_pdo_with_base_name",
       [=] { return status_of(build_reginfo(regguid_with(reg_flag::kInstanceBaseName, u"B", {}, 1, 0x1000))); },
       "guids[0].pdo must be 0 when the union holds a string offset"},
      {"reginfo_empty_chain", [] { return status_of(build_reginfo_chain({})); },
       "a WMIREGINFO chain needs at least one WMIREGINFO"},
  };
}

class RefusedValueTest : public ::testing::TestWithParam<Refused> {};

TEST_P(RefusedValueTest, FailsWithInvalidParameterAndFieldName) {
  const auto& c = GetParam();
  const Status status = c.build();
  ASSERT_FALSE(status.ok()) << "built";
  EXPECT_EQ(status.error().code(), ntstatus::invalid_parameter);
  EXPECT_NE(status.error().message().find(c.message_part), std::string::npos)
      << "message: " << status.error().message() << "\nexpected part: " << c.message_part;
}

INSTANTIATE_TEST_SUITE_P(Builders, RefusedValueTest, ::testing::ValuesIn(refused_values()),
                         [](const auto& info) { return info.param.name; });

}  // namespace
}  // namespace wmiport::wnode::testing
