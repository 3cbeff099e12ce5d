// Compares two Schemas as BMF sees them, for round-trip tests and the fuzzer: the first difference as text
// ("class Foo: property Bar: qualifier WmiDataId: value 1 != 2"), or nullopt when equivalent.
//
// Ignored: source locations; flavor bits BMF does not store (only 0x01, 0x02, 0x10, 0x80 count); instance aliases;
// and, with `ignore_implied_qualifiers`, the qualifiers the encoder adds for what the model holds in fields
// (MAX, ID, in, out), since a text-compiled Schema keeps those in fields only.
#pragma once

#include <optional>
#include <string>

#include "mof/schema/schema.h"

namespace wmiport::mof::bmf {

struct CompareOptions {
  bool ignore_implied_qualifiers = false;
};

std::optional<std::string> schema_difference(const Schema& a, const Schema& b, const CompareOptions& options = {});

}  // namespace wmiport::mof::bmf
