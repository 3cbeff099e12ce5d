// Shared by the wnode tests: the two GUIDs the golden cases use, a hand-written WNODE_HEADER encoder that is
// independent of the codec (so goldens do not test the codec against itself), hex for readable diffs, and
// mutators for building rejected inputs out of valid ones.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "common/guid.h"

namespace wmiport::wnode::testing {

using ByteVec = std::vector<std::uint8_t>;

// {01234567-89ab-cdef-0123-456789abcdef}: on the wire 67 45 23 01 | ab 89 | ef cd | 01 23 45 67 89 ab cd ef
inline Guid guid_a() {
  return Guid{0x01234567, 0x89ab, 0xcdef, {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}};
}
#define WNODE_TEST_GUID_A_BYTES \
  0x67, 0x45, 0x23, 0x01, 0xab, 0x89, 0xef, 0xcd, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef

// {fedcba98-7654-3210-fedc-ba9876543210}: on the wire 98 ba dc fe | 54 76 | 10 32 | fe dc ba 98 76 54 32 10
inline Guid guid_b() {
  return Guid{0xfedcba98, 0x7654, 0x3210, {0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10}};
}
#define WNODE_TEST_GUID_B_BYTES \
  0x98, 0xba, 0xdc, 0xfe, 0x54, 0x76, 0x10, 0x32, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10

inline void put_le32(ByteVec& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i)
    out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

// WNODE_HEADER (spec §5.1) with Guid A, HistoricalContext/TimeStamp/ClientContext 0:
//   0 BufferSize | 4 ProviderId | 8 HistoricalContext (8) | 16 TimeStamp (8) | 24 Guid (16) | 40 ClientContext | 44 Flags
inline ByteVec header_bytes(std::uint32_t buffer_size, std::uint32_t flags, std::uint32_t provider_id = 0) {
  ByteVec out;
  put_le32(out, buffer_size);
  put_le32(out, provider_id);
  out.insert(out.end(), 16, 0);
  out.insert(out.end(), {WNODE_TEST_GUID_A_BYTES});
  put_le32(out, 0);
  put_le32(out, flags);
  return out;
}

inline ByteVec join(std::initializer_list<ByteVec> parts) {
  ByteVec out;
  for (const auto& p : parts)
    out.insert(out.end(), p.begin(), p.end());
  return out;
}

inline std::string hex(const ByteVec& bytes) {
  std::string out;
  for (std::size_t i = 0; i < bytes.size(); ++i)
    out += fmt::format("{}{:02x}", i == 0 ? "" : (i % 8 == 0 ? " | " : " "), bytes[i]);
  return out;
}

inline ByteVec with_u16(ByteVec bytes, std::size_t offset, std::uint16_t v) {
  bytes.at(offset) = static_cast<std::uint8_t>(v);
  bytes.at(offset + 1) = static_cast<std::uint8_t>(v >> 8);
  return bytes;
}
inline ByteVec with_u32(ByteVec bytes, std::size_t offset, std::uint32_t v) {
  for (int i = 0; i < 4; ++i)
    bytes.at(offset + i) = static_cast<std::uint8_t>(v >> (8 * i));
  return bytes;
}
inline ByteVec with_u64(ByteVec bytes, std::size_t offset, std::uint64_t v) {
  for (int i = 0; i < 8; ++i)
    bytes.at(offset + i) = static_cast<std::uint8_t>(v >> (8 * i));
  return bytes;
}
inline ByteVec truncated(ByteVec bytes, std::size_t size) {
  bytes.resize(size);
  return bytes;
}

}  // namespace wmiport::wnode::testing
