#include "mof/bmf/bmf.h"

#include "mof/bmf/container.h"
#include "mof/bmf/ds_compression.h"
#include "mof/bmf/tree_reader.h"
#include "mof/bmf/tree_writer.h"

namespace wmiport::mof::bmf {

Result<std::vector<std::uint8_t>> decompress(Bytes bmf, const DecodeOptions& options) {
  WMIPORT_ASSIGN_OR_RETURN(Container container, parse_container(bmf));
  return ds_decompress(container.stream, container.decompressed_size, options.max_decompressed_size);
}

Result<Schema> decode(Bytes bmf, const DecodeOptions& options) {
  WMIPORT_ASSIGN_OR_RETURN(std::vector<std::uint8_t> tree, decompress(bmf, options));
  return read_tree(tree);
}

Result<std::vector<std::uint8_t>> encode(const Schema& schema, const EncodeOptions& options) {
  WMIPORT_ASSIGN_OR_RETURN(std::vector<std::uint8_t> tree, write_tree(schema));
  const std::vector<std::uint8_t> stream = ds_compress(tree, DsCompressOptions{options.back_references, true});
  if (stream.size() > 0xFFFFFFFFu - kContainerHeaderSize)
    return Error(ntstatus::invalid_parameter, "BMF encoder: the compressed stream is larger than 4 GiB");
  return wrap_container(stream, static_cast<std::uint32_t>(tree.size()));
}

}  // namespace wmiport::mof::bmf
