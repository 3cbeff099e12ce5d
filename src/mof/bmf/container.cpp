#include "mof/bmf/container.h"

#include <fmt/format.h>

namespace wmiport::mof::bmf {

Result<Container> parse_container(Bytes bmf) {
  if (bmf.size() < kContainerHeaderSize)
    return Error(ntstatus::invalid_parameter,
                 fmt::format("BMF container: {} bytes, too short for the 16-byte header", bmf.size()));
  if (const std::uint32_t magic = load_u32(bmf, 0); magic != kBmfMagic)
    return Error(ntstatus::invalid_parameter,
                 fmt::format("BMF container: magic at offset 0 is 0x{:08X}, expected 0x424D4F46 (\"FOMB\")", magic));
  if (const std::uint32_t version = load_u32(bmf, 4); version != kContainerVersion)
    return Error(ntstatus::invalid_parameter,
                 fmt::format("BMF container: version at offset 4 is {}, expected 1", version));
  const std::uint32_t compressed = load_u32(bmf, 8);
  if (!range_fits(kContainerHeaderSize, compressed, bmf.size()))
    return Error(ntstatus::invalid_parameter,
                 fmt::format("BMF container: compressed size at offset 8 is {} but only {} bytes follow the header",
                             compressed, bmf.size() - kContainerHeaderSize));
  return Container{load_u32(bmf, 12), bmf.subspan(kContainerHeaderSize, compressed)};
}

std::vector<std::uint8_t> wrap_container(Bytes stream, std::uint32_t decompressed_size) {
  std::vector<std::uint8_t> out(kContainerHeaderSize + stream.size());
  store_u32(out, 0, kBmfMagic);
  store_u32(out, 4, kContainerVersion);
  store_u32(out, 8, static_cast<std::uint32_t>(stream.size()));
  store_u32(out, 12, decompressed_size);
  std::copy(stream.begin(), stream.end(), out.begin() + kContainerHeaderSize);
  return out;
}

}  // namespace wmiport::mof::bmf
