// Decodes arbitrary bytes against a few fixed WMI block layouts and checks the round trip of every success:
//   decode(bytes) = v  =>  encode_compact(v) = b succeeds, decode(b) = v, encode_compact(decode(b)) = b,
// and encode_slot(v) either succeeds with decode = v or fails only because a string exceeds its MaxLen slot.
// The layouts cover sized arrays of fixed and variable embedded classes, counted strings and string arrays,
// MaxLen strings, datetimes, reals, every integer width and nesting. The schema is built in code once.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "mof/layout/codec.h"

namespace {

using namespace wmiport::mof;

Property item(const char* name, CimType type, std::int64_t id, const char* class_name = "") {
  Property p;
  p.name = name;
  p.type = TypeRef{type, class_name};
  p.qualifiers.set(Qualifier{"WmiDataId", Value{id}, 0, {}});
  return p;
}

Property fixed(Property p, std::uint32_t count) {
  p.is_array = true;
  p.fixed_count = count;
  return p;
}

Property sized(Property p, const char* count_item) {
  p.is_array = true;
  p.qualifiers.set(Qualifier{"WmiSizeIs", Value{std::string(count_item)}, 0, {}});
  return p;
}

Property max_len(Property p, std::int64_t n) {
  p.qualifiers.set(Qualifier{"MaxLen", Value{n}, 0, {}});
  return p;
}

Class make_class(const char* name, std::vector<Property> items) {
  Class c;
  c.name = name;
  c.properties = std::move(items);
  return c;
}

Schema build_schema() {
  Schema s;
  s.add_class(make_class("PathPerf", {item("PathId", CimType::uint64, 1), item("Reads", CimType::uint32, 2),
                                      item("Writes", CimType::uint32, 3), item("BytesRead", CimType::uint64, 4)}));
  s.add_class(make_class("DevicePerf", {item("NumberPaths", CimType::uint32, 1),
                                        sized(item("PerfInfo", CimType::object, 2, "PathPerf"), "NumberPaths")}));
  s.add_class(make_class("Named", {item("Id", CimType::uint16, 1), max_len(item("Name", CimType::string, 2), 5),
                                   item("When", CimType::datetime, 3), item("Tail", CimType::sint8, 4)}));
  s.add_class(make_class("Nodes", {item("Count", CimType::uint8, 1), sized(item("Nodes", CimType::string, 2), "count"),
                                   fixed(max_len(item("Slots", CimType::string, 3), 3), 2),
                                   sized(item("Entries", CimType::object, 4, "Named"), "Count")}));
  s.add_class(make_class(
      "Scalars", {item("B", CimType::boolean, 1), item("S16", CimType::sint16, 2), item("R32", CimType::real32, 3),
                  item("C", CimType::char16, 4), item("R64", CimType::real64, 5), item("S64", CimType::sint64, 6),
                  fixed(item("Perf", CimType::object, 7, "PathPerf"), 1)}));
  return s;
}

struct LayoutPair {
  BlockLayout slot;
  BlockLayout compact;
};

std::vector<LayoutPair> build_layouts() {
  static const Schema schema = build_schema();
  std::vector<LayoutPair> layouts;
  for (const char* name : {"DevicePerf", "Named", "Nodes", "Scalars"}) {
    auto slot = layout_class(schema, *schema.find_class(name), LayoutOptions{StringMode::slot});
    auto compact = layout_class(schema, *schema.find_class(name), LayoutOptions{StringMode::compact});
    if (!slot.ok() || !compact.ok()) {
      std::fprintf(stderr, "layout of %s failed\n", name);
      std::abort();
    }
    layouts.push_back({std::move(slot).value(), std::move(compact).value()});
  }
  return layouts;
}

[[noreturn]] void fail(const char* what, const std::string& detail) {
  std::fprintf(stderr, "%s: %s\n", what, detail.c_str());
  std::abort();
}

void check_round_trip(const LayoutPair& layouts, wmiport::Bytes data) {
  auto decoded = decode_block_with_size(layouts.slot, data);
  if (!decoded.ok())
    return;
  if (decoded->size > data.size())
    fail("decoded size beyond the input", layouts.slot.name);

  auto compact = encode_block(layouts.compact, decoded->object);
  if (!compact.ok())
    fail("compact re-encode failed", compact.error().message());
  auto again = decode_block(layouts.compact, *compact);
  if (!again.ok())
    fail("decode of the re-encoding failed", again.error().message());
  if (!(*again == decoded->object))
    fail("values changed across the round trip", layouts.compact.name);
  auto compact_again = encode_block(layouts.compact, *again);
  if (!compact_again.ok() || *compact_again != *compact)
    fail("encoding is not stable", layouts.compact.name);

  auto slot = encode_block(layouts.slot, decoded->object);
  if (!slot.ok()) {
    if (slot.error().message().find("more than its MaxLen") == std::string::npos)
      fail("slot re-encode failed", slot.error().message());
    return;
  }
  auto slot_decoded = decode_block(layouts.slot, *slot);
  if (!slot_decoded.ok() || !(*slot_decoded == decoded->object))
    fail("slot round trip changed the values", layouts.slot.name);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::vector<LayoutPair> layouts = build_layouts();
  const wmiport::Bytes bytes(data, size);
  for (const auto& pair : layouts)
    check_round_trip(pair, bytes);
  return 0;
}
