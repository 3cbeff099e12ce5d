// libFuzzer target for the port's side of the registration result: ScsiWmiPortParseRegInfo over arbitrary bytes
// (exact-size buffer, any alignment) must never read out of bounds; when it accepts, every entry and the name it
// points at must lie inside the buffer and have the flags the format allows.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "scsiwmi_port.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0)
    return 0;
  // The first byte shifts the result inside the buffer: the parser must not depend on alignment.
  const std::size_t shift = data[0] % 8;
  std::vector<std::uint8_t> buffer(shift + size - 1);
  std::copy(data + 1, data + size, buffer.begin() + static_cast<std::ptrdiff_t>(shift));
  const std::uint8_t* result = buffer.data() + shift;
  const ULONG length = static_cast<ULONG>(size - 1);
  SCSIWMI_PORT_REGINFO_VIEW view{};
  if (ScsiWmiPortParseRegInfo(result, length, &view) != ScsiWmiPortParseOk)
    return 0;
  if (view.TotalSize > length || view.GuidList < result ||
      view.GuidList + std::size_t{view.GuidCount} * sizeof(SCSIWMI_PORT_REGGUID) > result + view.TotalSize)
    std::abort();
  for (ULONG i = 0; i < view.GuidCount; ++i) {
    SCSIWMI_PORT_REGGUID entry;
    ScsiWmiPortGetRegGuid(&view, i, &entry);
    if ((entry.Flags & ~static_cast<ULONG>(SCSIWMI_PORT_REG_FLAGS)) != 0)
      std::abort();
  }
  if (view.MofResourceName != nullptr &&
      (view.MofResourceName < result || view.MofResourceName + view.MofResourceNameLength > result + view.TotalSize))
    std::abort();
  return 0;
}
