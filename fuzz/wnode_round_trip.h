// The round-trip check every WNODE parser fuzz target applies: arbitrary bytes must never crash the parser or make
// it read out of bounds (ASan/UBSan watch). When a parse succeeds, the value is rebuilt and re-parsed: it must come
// back unchanged (but for BufferSize, which the builder writes itself) and rebuilding it again must give identical
// bytes, else abort.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include "common/byte_io.h"
#include "common/result.h"

namespace wmiport::wnode::fuzz {

[[noreturn]] inline void fail(const char* target, const char* what, const Error* error = nullptr) {
  std::fprintf(stderr, "%s: %s%s%s\n", target, what, error ? ": " : "", error ? error->to_string().c_str() : "");
  std::abort();
}

template <typename Parse, typename Build>
int check_round_trip(const char* target, Bytes input, Parse parse, Build build) {
  auto parsed = parse(input);
  if (!parsed.ok())
    return 0;
  auto built = build(*parsed);
  if (!built.ok())
    fail(target, "a parsed value does not rebuild", &built.error());
  auto reparsed = parse(Bytes(*built));
  if (!reparsed.ok())
    fail(target, "rebuilt bytes do not parse", &reparsed.error());
  auto expected = *parsed;
  expected.header.buffer_size = reparsed->header.buffer_size;
  if (!(expected == *reparsed))
    fail(target, "the value changed across build and parse");
  auto rebuilt = build(*reparsed);
  if (!rebuilt.ok() || *rebuilt != *built)
    fail(target, "rebuilding the re-parsed value gave different bytes");
  return 0;
}

}  // namespace wmiport::wnode::fuzz
