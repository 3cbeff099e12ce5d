// libFuzzer target for the any WNODE (parse_wnode) parser: arbitrary bytes must never crash it or make it read out of
// bounds (ASan/UBSan watch). When a parse succeeds, the value is rebuilt and re-parsed: the value must come back
// unchanged and rebuilding it again must give identical bytes, else abort.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <variant>

#include "wnode/wnode.h"

namespace {

[[noreturn]] void fail(const char* what, const wmiport::Error* error = nullptr) {
  std::fprintf(stderr, "wnode_any_fuzzer: %s%s%s\n", what, error ? ": " : "", error ? error->to_string().c_str() : "");
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace wmiport::wnode;
  auto parsed = parse_wnode(wmiport::Bytes(data, size));
  if (!parsed.ok())
    return 0;
  auto built = build_wnode(*parsed);
  if (!built.ok())
    fail("a parsed value does not rebuild", &built.error());
  auto reparsed = parse_wnode(*built);
  if (!reparsed.ok())
    fail("rebuilt bytes do not parse", &reparsed.error());
  auto expected = *parsed;
  std::visit([&](auto& v) { v.header.buffer_size = std::visit([](const auto& r) { return r.header.buffer_size; }, *reparsed); },
             expected);  // the builder writes its own size
  if (!(expected == *reparsed))
    fail("the value changed across build and parse");
  auto rebuilt = build_wnode(*reparsed);
  if (!rebuilt.ok() || *rebuilt != *built)
    fail("rebuilding the re-parsed value gave different bytes");
  return 0;
}
