// Byte strings as the command writes and reads them: lower-case hex without separators.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/byte_io.h"
#include "common/result.h"

namespace wmiport::cli {

std::string to_hex(Bytes bytes);
// Accepts either case; fails on an odd length or a non-hex character.
Result<std::vector<std::uint8_t>> parse_hex(std::string_view text);

}  // namespace wmiport::cli
