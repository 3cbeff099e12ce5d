#include "wnode/wnode_header.h"

#include <fmt/format.h>

#include "wnode/checks.h"
#include "wnode/flag_names.h"
#include "wnode/wire_layout.h"

namespace wmiport::wnode {

WnodeHeader load_wnode_header(Bytes bytes) {
  WnodeHeader h;
  h.buffer_size = load_u32(bytes, header::kBufferSize);
  h.provider_id = load_u32(bytes, header::kProviderId);
  h.historical_context = load_u64(bytes, header::kHistoricalContext);
  h.time_stamp = static_cast<std::int64_t>(load_u64(bytes, header::kTimeStamp));
  h.guid = Guid::load(bytes, header::kGuid);
  h.client_context = load_u32(bytes, header::kClientContext);
  h.flags = load_u32(bytes, header::kFlags);
  return h;
}

void store_wnode_header(MutableBytes out, const WnodeHeader& h, std::uint32_t buffer_size, std::uint32_t flags) {
  store_u32(out, header::kBufferSize, buffer_size);
  store_u32(out, header::kProviderId, h.provider_id);
  store_u64(out, header::kHistoricalContext, h.historical_context);
  store_u64(out, header::kTimeStamp, static_cast<std::uint64_t>(h.time_stamp));
  h.guid.store(out, header::kGuid);
  store_u32(out, header::kClientContext, h.client_context);
  store_u32(out, header::kFlags, flags);
}

Result<WnodeHeader> parse_wnode_envelope(Bytes& bytes, std::uint32_t fixed_size, std::string_view structure) {
  if (bytes.size() < header::kSize)
    return Error(ntstatus::buffer_too_small,
                 fmt::format("buffer of {} bytes is too short for a WNODE_HEADER ({} bytes)", bytes.size(),
                             header::kSize));
  WnodeHeader h = load_wnode_header(bytes);
  if (h.buffer_size > bytes.size())
    return Error(ntstatus::buffer_too_small,
                 fmt::format("WnodeHeader.BufferSize runs past the end of the buffer (0x{:X} > 0x{:X})",
                             h.buffer_size, bytes.size()));
  if (h.buffer_size < fixed_size)
    return invalid(fmt::format("WnodeHeader.BufferSize (0x{:X}) is smaller than a {} (0x{:X} bytes)", h.buffer_size,
                               structure, fixed_size));
  bytes = bytes.first(h.buffer_size);
  return h;
}

Status check_structure_flags(std::uint32_t flags, std::uint32_t type_bit, std::string_view structure) {
  const std::uint32_t type_bits = flags & flag::kStructureMask;
  if (type_bits != type_bit)
    return invalid(fmt::format("WnodeHeader.Flags (0x{:08X}) mark {}, but a {} needs exactly {}", flags,
                               type_bits == 0 ? std::string("no structure") : wnode_flag_names(type_bits), structure,
                               wnode_flag_names(type_bit)));
  return ok_status();
}

Result<bool> dynamic_names_from_flags(std::uint32_t flags) {
  const bool is_static = (flags & flag::kStaticInstanceNames) != 0;
  if (!is_static && (flags & flag::kPdoInstanceNames) != 0)
    return invalid(fmt::format(
        "WnodeHeader.Flags (0x{:08X}) set WNODE_FLAG_PDO_INSTANCE_NAMES without WNODE_FLAG_STATIC_INSTANCE_NAMES",
        flags));
  return !is_static;
}

}  // namespace wmiport::wnode
