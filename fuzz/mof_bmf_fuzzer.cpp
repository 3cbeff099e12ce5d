// Binary MOF decoder on arbitrary bytes: no crash, hang or unbounded allocation; and whatever decodes must
// re-encode, and decode again to the same Schema. The bytes are tried twice: as a whole BMF (container + DS
// stream + tree) and as a decompressed tree, so mutations reach the tree reader without having to keep a
// compressed stream valid.
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "mof/bmf/bmf.h"
#include "mof/bmf/schema_compare.h"
#include "mof/bmf/tree_reader.h"

namespace {

using namespace wmiport::mof;

void check_round_trip(const Schema& decoded) {
  auto encoded = bmf::encode(decoded);
  if (!encoded.ok())
    return;  // e.g. class flags beyond sint32 read from a wider system property: refused, not a crash
  auto again = bmf::decode(*encoded);
  if (!again.ok())
    std::abort();  // our own output must decode
  // The encoder states ID, in and out explicitly; bytes that left them implicit compare modulo those.
  if (bmf::schema_difference(decoded, *again, bmf::CompareOptions{true}))
    std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const wmiport::Bytes bytes(data, size);
  // A smaller cap than the default keeps each run fast; the bounds logic is the same.
  if (auto decoded = bmf::decode(bytes, bmf::DecodeOptions{1u << 20}); decoded.ok())
    check_round_trip(*decoded);
  if (auto tree = bmf::read_tree(bytes); tree.ok())
    check_round_trip(*tree);
  return 0;
}
