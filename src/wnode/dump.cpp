#include "wnode/dump.h"

#include <algorithm>
#include <ctime>

#include <fmt/chrono.h>
#include <fmt/format.h>

#include "common/utf16.h"
#include "wnode/flag_names.h"
#include "wnode/wire_layout.h"

namespace wmiport::wnode {

namespace {

constexpr std::size_t kBytesPerRow = 16;

std::string hex_bytes(Bytes bytes) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i) {
    if (i != 0)
      out += ' ';
    out += fmt::format("{:02x}", bytes[i]);
  }
  return out;
}

void append_rows(std::string& out, Bytes bytes, std::uint32_t offset, std::uint32_t length, const std::string& label) {
  for (std::uint32_t row = 0; row == 0 || row < length; row += kBytesPerRow) {
    const auto n = std::min<std::uint32_t>(kBytesPerRow, length - row);
    out += fmt::format("  0x{:04x}  {:<47}  {}\n", offset + row, hex_bytes(bytes.subspan(offset + row, n)),
                       row == 0 ? label : std::string("  ..."));
    if (length == 0)
      break;
  }
}

// Where each instance's name and data sit, read from bytes that parse_all_data accepted.
struct InstancePlacement {
  std::uint32_t data_offset = 0;
  std::uint32_t data_length = 0;
  std::uint32_t name_offset = 0;  // 0 for static names
};

std::vector<InstancePlacement> placements(Bytes bytes) {
  const std::uint32_t flags = load_u32(bytes, header::kFlags);
  const bool fixed = (flags & flag::kFixedInstanceSize) != 0;
  const bool dynamic_names = (flags & flag::kStaticInstanceNames) == 0;
  const std::uint32_t count = load_u32(bytes, all_data::kInstanceCount);
  const std::uint32_t data_block_offset = load_u32(bytes, all_data::kDataBlockOffset);
  const std::uint32_t names_at = load_u32(bytes, all_data::kOffsetInstanceNameOffsets);
  std::vector<InstancePlacement> out(count);
  for (std::uint32_t k = 0; k < count; ++k) {
    if (fixed) {
      const std::uint32_t size = load_u32(bytes, all_data::kFixedInstanceSize);
      out[k].data_offset = data_block_offset + k * ((size + kDataAlignment - 1) & ~(kDataAlignment - 1));
      out[k].data_length = size;
    } else {
      const std::size_t entry = all_data::kOffsetInstanceDataAndLength + std::size_t{k} * all_data::kEntrySize;
      out[k].data_offset = load_u32(bytes, entry + all_data::kEntryOffsetInstanceData);
      out[k].data_length = load_u32(bytes, entry + all_data::kEntryLengthInstanceData);
    }
    if (dynamic_names)
      out[k].name_offset = load_u32(bytes, names_at + std::size_t{k} * all_data::kNameOffsetEntrySize);
  }
  return out;
}

std::string quoted(const std::u16string& text) {
  return fmt::format("\"{}\"", utf16_to_utf8(text));
}

// TimeStamp is KeQuerySystemTime's 100-ns count since 1601-01-01 UTC; show the date when it is one.
std::string time_stamp_text(std::int64_t time_stamp) {
  constexpr std::int64_t kTicksPerSecond = 10'000'000;
  constexpr std::int64_t kSeconds1601To1970 = 11'644'473'600;
  if (time_stamp <= 0)
    return fmt::format("{}", time_stamp);
  const std::time_t unix_seconds = static_cast<std::time_t>(time_stamp / kTicksPerSecond - kSeconds1601To1970);
  return fmt::format("{} ({:%Y-%m-%d %H:%M:%S} UTC)", time_stamp, fmt::gmtime(unix_seconds));
}

}  // namespace

std::string annotated_hex_dump(Bytes bytes, std::vector<Annotation> annotations) {
  std::sort(annotations.begin(), annotations.end(),
            [](const Annotation& a, const Annotation& b) { return a.offset < b.offset; });
  std::string out = fmt::format("  {:<6}  {:<47}  {}\n", "offset", "bytes", "field");
  std::uint32_t pos = 0;
  auto pad_to = [&](std::uint32_t end) {
    if (end > pos) {
      const bool zero = std::all_of(bytes.begin() + pos, bytes.begin() + end, [](std::uint8_t b) { return b == 0; });
      append_rows(out, bytes, pos, end - pos, zero ? "(padding)" : "(unused)");
    }
  };
  for (const auto& a : annotations) {
    if (a.offset < pos || a.offset + std::uint64_t{a.length} > bytes.size())
      continue;  // overlapping or out of range: not shown rather than shown wrongly
    pad_to(a.offset);
    append_rows(out, bytes, a.offset, a.length, a.label);
    pos = a.offset + a.length;
  }
  pad_to(static_cast<std::uint32_t>(bytes.size()));
  return out;
}

Result<std::vector<Annotation>> annotate_all_data(Bytes bytes) {
  WMIPORT_ASSIGN_OR_RETURN(const AllData value, parse_all_data(bytes));
  const WnodeHeader& h = value.header;
  bytes = bytes.first(h.buffer_size);
  const bool fixed = value.layout == InstanceSizeLayout::fixed;
  const auto count = static_cast<std::uint32_t>(value.instances.size());
  std::vector<Annotation> a{
      {header::kBufferSize, 4, fmt::format("WnodeHeader.BufferSize = 0x{:x} ({})", h.buffer_size, h.buffer_size)},
      {header::kProviderId, 4, fmt::format("WnodeHeader.ProviderId = 0x{:x}", h.provider_id)},
      {header::kHistoricalContext, 8, fmt::format("WnodeHeader.HistoricalContext = 0x{:x}", h.historical_context)},
      {header::kTimeStamp, 8, fmt::format("WnodeHeader.TimeStamp = {}", time_stamp_text(h.time_stamp))},
      {header::kGuid, 16, fmt::format("WnodeHeader.Guid = {}", h.guid.to_string())},
      {header::kClientContext, 4, fmt::format("WnodeHeader.ClientContext = 0x{:x}", h.client_context)},
      {header::kFlags, 4, fmt::format("WnodeHeader.Flags = {}", wnode_flag_names(h.flags))},
      {all_data::kDataBlockOffset, 4,
       fmt::format("DataBlockOffset = 0x{:x}", load_u32(bytes, all_data::kDataBlockOffset))},
      {all_data::kInstanceCount, 4, fmt::format("InstanceCount = {}", count)},
      {all_data::kOffsetInstanceNameOffsets, 4,
       fmt::format("OffsetInstanceNameOffsets = 0x{:x}", load_u32(bytes, all_data::kOffsetInstanceNameOffsets))},
  };
  if (fixed)
    a.push_back({all_data::kFixedInstanceSize, 4,
                 fmt::format("FixedInstanceSize = {}", load_u32(bytes, all_data::kFixedInstanceSize))});
  const auto where = placements(bytes);
  const std::uint32_t names_at = load_u32(bytes, all_data::kOffsetInstanceNameOffsets);
  for (std::uint32_t k = 0; k < count; ++k) {
    const auto& p = where[k];
    if (!fixed) {
      const auto entry = all_data::kOffsetInstanceDataAndLength + k * all_data::kEntrySize;
      a.push_back(
          {entry, 4, fmt::format("OffsetInstanceDataAndLength[{}].OffsetInstanceData = 0x{:x}", k, p.data_offset)});
      a.push_back(
          {entry + 4, 4, fmt::format("OffsetInstanceDataAndLength[{}].LengthInstanceData = {}", k, p.data_length)});
    }
    if (value.instances[k].name) {
      const auto& name = *value.instances[k].name;
      a.push_back({names_at + k * 4, 4, fmt::format("OffsetInstanceNameOffsets[{}] = 0x{:x}", k, p.name_offset)});
      const std::uint16_t name_bytes = load_u16(bytes, p.name_offset);
      a.push_back({p.name_offset, 2, fmt::format("instance {} name length = {} bytes", k, name_bytes)});
      a.push_back({p.name_offset + 2u, name_bytes, fmt::format("instance {} name {} (UTF-16LE)", k, quoted(name))});
    }
    a.push_back({p.data_offset, p.data_length, fmt::format("instance {} data ({} bytes)", k, p.data_length)});
  }
  return a;
}

std::string describe_header(const WnodeHeader& h) {
  std::string out;
  out += fmt::format("  Guid               {}\n", h.guid.to_string());
  out += fmt::format("  BufferSize         0x{:x} ({} bytes)\n", h.buffer_size, h.buffer_size);
  out += fmt::format("  ProviderId         0x{:x}\n", h.provider_id);
  out += fmt::format("  HistoricalContext  0x{:x}\n", h.historical_context);
  out += fmt::format("  TimeStamp          {}\n", time_stamp_text(h.time_stamp));
  out += fmt::format("  ClientContext      0x{:x}\n", h.client_context);
  out += fmt::format("  Flags              0x{:08x} = {}\n", h.flags, wnode_flag_names(h.flags));
  return out;
}

Result<std::string> describe_all_data(Bytes bytes) {
  WMIPORT_ASSIGN_OR_RETURN(const AllData value, parse_all_data(bytes));
  const auto where = placements(bytes.first(value.header.buffer_size));
  const bool fixed = value.layout == InstanceSizeLayout::fixed;
  const bool named = !value.instances.empty() && value.instances.front().name.has_value();
  std::string out = "WNODE_ALL_DATA\n" + describe_header(value.header);
  out += fmt::format("  InstanceCount      {}\n", value.instances.size());
  out += fmt::format("  Instance sizes     {}\n",
                     fixed ? "fixed (FixedInstanceSize)" : "variable (OffsetInstanceDataAndLength[])");
  out += fmt::format("  Instance names     {}\n",
                     named ? "dynamic (counted UTF-16 strings in the WNODE)" : "static (addressed by index)");
  for (std::size_t k = 0; k < value.instances.size(); ++k) {
    const auto& instance = value.instances[k];
    if (instance.name)
      out += fmt::format("  [{}] {}  (name at 0x{:x})\n", k, quoted(*instance.name), where[k].name_offset);
    else
      out += fmt::format("  [{}] (static name: instance index {})\n", k, k);
    out += fmt::format("      data at 0x{:x}, {} bytes\n", where[k].data_offset, instance.data.size());
    for (std::size_t row = 0; row < instance.data.size(); row += kBytesPerRow) {
      const auto n = std::min(kBytesPerRow, instance.data.size() - row);
      out += fmt::format("      {}\n", hex_bytes(Bytes(instance.data).subspan(row, n)));
    }
  }
  return out;
}

}  // namespace wmiport::wnode
