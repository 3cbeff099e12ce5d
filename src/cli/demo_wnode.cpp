// `wmiport demo wnode`: the WNODE codec end to end, below the drivers: a WNODE_ALL_DATA of three dynamically
// named instances is built, dumped byte by byte with the field each byte belongs to, parsed back and printed
// readably, and the round trip is checked.
#include <cstdio>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/demo.h"
#include "common/guid.h"
#include "wnode/all_data.h"
#include "wnode/dump.h"
#include "wnode/wire_layout.h"

namespace wmiport::cli {

namespace {

// A made-up storage statistics block: ULONG64 BytesRead; ULONG Temperature; ULONG Status; and, in the third
// instance, a newer revision with an extra ULONG64 ErrorCount, so that instance sizes differ.
std::vector<std::uint8_t> sample_instance(std::uint64_t bytes_read, std::uint32_t temperature, std::uint32_t status,
                                          std::optional<std::uint64_t> error_count) {
  std::vector<std::uint8_t> data(error_count ? 24 : 16);
  store_u64(data, 0, bytes_read);
  store_u32(data, 8, temperature);
  store_u32(data, 12, status);
  if (error_count)
    store_u64(data, 16, *error_count);
  return data;
}

}  // namespace

Result<std::string> wnode_demo_report() {
  wnode::AllData value;
  WMIPORT_ASSIGN_OR_RETURN(value.header.guid, Guid::parse("{5b0e9e7a-0f6c-4b3e-9d52-7a1c3f0e2d41}"));
  value.header.time_stamp = 134116992000000000;  // 2026-01-01 00:00:00 UTC in 100-ns units since 1601
  value.instances = {
      {u"ROOT\\WMIPORT\\0000_0", sample_instance(0x1122334455, 41, 0, std::nullopt)},
      {u"ROOT\\WMIPORT\\0000_1", sample_instance(0x2000, 38, 1, std::nullopt)},
      {u"ROOT\\WMIPORT\\0000_2", sample_instance(0xABCDEF, 45, 0, 7)},
  };

  std::string out = "wmiport demo wnode: a WNODE_ALL_DATA built, dumped and parsed back\n\n";
  out += fmt::format("1. The value: {} instances of block {}, dynamic names, sizes 16/16/24 bytes\n\n",
                     value.instances.size(), value.header.guid.to_string());

  WMIPORT_ASSIGN_OR_RETURN(const std::uint32_t size, wnode::encode_all_data(value, {}));
  WMIPORT_ASSIGN_OR_RETURN(const auto bytes, wnode::build_all_data(value));
  out += fmt::format("2. Built: {} bytes (size computed first, then filled; instance data 8-byte aligned)\n\n", size);
  WMIPORT_ASSIGN_OR_RETURN(auto annotations, wnode::annotate_all_data(bytes));
  out += wnode::annotated_hex_dump(bytes, std::move(annotations));

  out += "\n3. Parsed back:\n\n";
  WMIPORT_ASSIGN_OR_RETURN(const std::string described, wnode::describe_all_data(bytes));
  out += described;

  WMIPORT_ASSIGN_OR_RETURN(wnode::AllData parsed, wnode::parse_all_data(bytes));
  WMIPORT_ASSIGN_OR_RETURN(const auto rebuilt, wnode::build_all_data(parsed));
  const bool same_instances = parsed.instances == value.instances;
  out += fmt::format(
      "\n4. Round trip: parsed instances equal the built ones: {}; rebuilding the parsed value gives "
      "identical bytes: {}\n",
      same_instances ? "yes" : "NO", rebuilt == bytes ? "yes" : "NO");
  if (!same_instances || rebuilt != bytes)
    return Error(ntstatus::unsuccessful, "the round trip changed the WNODE");
  return out;
}

}  // namespace wmiport::cli
