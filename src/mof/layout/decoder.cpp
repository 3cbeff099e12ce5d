// The decoding half of the codec: instance bytes -> DataObject, walking the layout with offsets from the data.
//
// Offsets are 64-bit and relative to the block start (an 8-aligned instance, so aligning offsets aligns
// addresses). Every read checks its range first; a count is checked against the bytes left before any vector is
// sized from it.
#include <algorithm>
#include <bit>

#include <fmt/format.h>

#include "common/byte_io.h"
#include "common/utf16.h"
#include "mof/layout/codec.h"
#include "mof/layout/item_bounds.h"
#include "mof/layout/item_path.h"

namespace wmiport::mof {

namespace {}  // namespace

Result<const ItemLayout*> single_item(const BlockLayout& layout, std::uint32_t data_id) {
  for (const auto& item : layout.items) {
    if (item.data_id != data_id)
      continue;
    if (item.array == ArrayKind::sized)
      return Error(ntstatus::invalid_parameter,
                   fmt::format("{}.{} is a WmiSizeIs array: its count is another item, so it cannot stand alone",
                               layout.name, item.name));
    return &item;
  }
  return Error(ntstatus::wmi_itemid_not_found, fmt::format("{} has no item with WmiDataId {}", layout.name, data_id));
}

namespace {

constexpr std::uint64_t align_up(std::uint64_t value, std::uint32_t alignment) {
  return (value + alignment - 1) & ~std::uint64_t{alignment - 1};
}

class Decoder {
 public:
  explicit Decoder(Bytes data) : data_(data) {}

  // Decodes the block's items starting at `start` into `out`; returns the end of the last item.
  Result<std::uint64_t> block(const BlockLayout& layout, std::uint64_t start, const ItemPath& path, DataObject& out) {
    out.fields.reserve(layout.items.size());
    std::uint64_t offset = start;
    for (const auto& item : layout.items) {
      const ItemPath item_path = path.item(item.name);
      offset = align_up(offset, item.alignment);
      DataValue value;
      WMIPORT_ASSIGN_OR_RETURN(offset, this->item(item, layout, out, offset, item_path, value));
      out.fields.push_back({item.name, std::move(value)});
    }
    return offset;
  }

  // One item at `offset`; `earlier` holds the items decoded before it (a WmiSizeIs array reads its count there).
  Result<std::uint64_t> item(const ItemLayout& item, const BlockLayout& layout, const DataObject& earlier,
                             std::uint64_t offset, const ItemPath& path, DataValue& value) {
    if (item.array == ArrayKind::none)
      return element(item, offset, path, value);

    std::uint64_t count = item.fixed_count;
    if (item.array == ArrayKind::sized) {
      WMIPORT_ASSIGN_OR_RETURN(count, count_of(layout, item, earlier, path));
    }
    // Refuse a count the remaining bytes cannot hold before sizing anything from it.
    const std::uint64_t left = offset <= data_.size() ? data_.size() - offset : 0;
    const std::uint64_t min_element = std::max<std::uint64_t>(1, min_element_size(item));
    if (count > left / min_element) {
      if (item.element_size && count <= 0xFFFFFFFFu)
        return past_end(path, offset, count * *item.element_size);
      return Error(ntstatus::invalid_parameter,
                   fmt::format("{} has {} elements of at least {} bytes, but only {} bytes are left at offset {:#x}",
                               path.to_string(), count, min_element, left, offset));
    }
    DataArray elements;
    elements.reserve(static_cast<std::size_t>(count));
    for (std::uint64_t i = 0; i < count; ++i) {
      offset = align_up(offset, item.alignment);
      DataValue element_value;
      WMIPORT_ASSIGN_OR_RETURN(offset, element(item, offset, path.element(i), element_value));
      elements.push_back(std::move(element_value));
    }
    value = DataValue(std::move(elements));
    return offset;
  }

 private:
  // The element count of a WmiSizeIs array: the value of its (earlier, already decoded) count item.
  static Result<std::uint64_t> count_of(const BlockLayout& layout, const ItemLayout& item, const DataObject& earlier,
                                        const ItemPath& path) {
    const std::size_t index = *item.count_item;
    if (index >= earlier.fields.size())
      return Error(ntstatus::invalid_parameter,
                   fmt::format("{}: its count item has not been decoded yet", path.to_string()));
    const DataValue& count = earlier.fields[index].value;
    if (const std::uint64_t* u = count.as_uint())
      return *u;
    if (const std::int64_t* s = count.as_int(); s && *s >= 0)
      return static_cast<std::uint64_t>(*s);
    return Error(ntstatus::invalid_parameter,
                 fmt::format("{}: its count {} is negative", path.to_string(), layout.items[index].name));
  }

  Result<std::uint64_t> element(const ItemLayout& item, std::uint64_t offset, const ItemPath& path, DataValue& value) {
    const CimType type = item.type.type;
    if (type == CimType::string)
      return counted_string(offset, path, value);
    if (type == CimType::object)
      return embedded(item, offset, path, value);
    const std::uint32_t size = scalar_size(type);
    if (!range_fits(offset, size, data_.size()))
      return past_end(path, offset, size);
    switch (type) {
      case CimType::boolean:
        value = DataValue(data_[offset] != 0);
        break;
      case CimType::sint8:
        value = DataValue(static_cast<std::int8_t>(data_[offset]));
        break;
      case CimType::uint8:
        value = DataValue(data_[offset]);
        break;
      case CimType::sint16:
        value = DataValue(load_le<std::int16_t>(data_, offset));
        break;
      case CimType::uint16:
      case CimType::char16:
        value = DataValue(load_u16(data_, offset));
        break;
      case CimType::sint32:
        value = DataValue(load_le<std::int32_t>(data_, offset));
        break;
      case CimType::uint32:
        value = DataValue(load_u32(data_, offset));
        break;
      case CimType::sint64:
        value = DataValue(load_le<std::int64_t>(data_, offset));
        break;
      case CimType::uint64:
        value = DataValue(load_u64(data_, offset));
        break;
      case CimType::real32:
        value = DataValue(static_cast<double>(std::bit_cast<float>(load_u32(data_, offset))));
        break;
      case CimType::real64:
        value = DataValue(std::bit_cast<double>(load_u64(data_, offset)));
        break;
      case CimType::datetime:
        value = DataValue(DateTime{utf16_to_utf8(load_utf16le(data_, offset, kDatetimeChars))});
        break;
      default:
        return Error(ntstatus::invalid_parameter,
                     fmt::format("{}: type {} cannot be decoded", path.to_string(), to_string(type)));
    }
    return offset + size;
  }

  // USHORT byte count + UTF-16LE, trimmed at the first NUL (slot strings carry NUL padding inside their count).
  Result<std::uint64_t> counted_string(std::uint64_t offset, const ItemPath& path, DataValue& value) {
    if (!range_fits(offset, 2, data_.size()))
      return past_end(path, offset, 2);
    const std::uint16_t bytes = load_u16(data_, offset);
    if (bytes % 2 != 0)
      return Error(ntstatus::invalid_parameter,
                   fmt::format("{}: the string byte count {} at offset {:#x} is odd", path.to_string(), bytes, offset));
    if (!range_fits(offset + 2, bytes, data_.size()))
      return past_end(path, offset, 2u + bytes);
    std::size_t units = 0;  // up to the first NUL
    while (units < bytes / 2u && load_u16(data_, offset + 2 + 2 * units) != 0)
      ++units;
    value = DataValue(utf16le_to_utf8(data_, offset + 2, units));
    return offset + 2 + bytes;
  }

  // A fixed-size embedded object occupies its C sizeof (tail padding inside); a variable one ends with its last
  // item and the next item realigns itself (§3.3).
  Result<std::uint64_t> embedded(const ItemLayout& item, std::uint64_t offset, const ItemPath& path, DataValue& value) {
    if (item.element_size && !range_fits(offset, *item.element_size, data_.size()))
      return past_end(path, offset, *item.element_size);
    DataObject object;
    WMIPORT_ASSIGN_OR_RETURN(std::uint64_t end, block(*item.embedded, offset, path, object));
    value = DataValue(std::move(object));
    return item.element_size ? offset + *item.element_size : end;
  }

  Error past_end(const ItemPath& path, std::uint64_t offset, std::uint64_t size) const {
    return Error(ntstatus::invalid_parameter,
                 fmt::format("{} runs past the end of the data (offset {:#x} + {} > {:#x})", path.to_string(), offset,
                             size, data_.size()));
  }

  Bytes data_;
};

}  // namespace

Result<DecodedBlock> decode_block_with_size(const BlockLayout& layout, Bytes data) {
  DecodedBlock decoded;
  Decoder decoder(data);
  WMIPORT_ASSIGN_OR_RETURN(std::uint64_t end, decoder.block(layout, 0, ItemPath{}, decoded.object));
  // Alignment padding before an empty trailing array need not be present (a driver may report 4 bytes for
  // {uint32 count = 0; uint64 values[count]}), so the end can lie past the data; every byte read was inside it.
  decoded.size = static_cast<std::uint32_t>(std::min<std::uint64_t>(end, data.size()));
  return decoded;
}

Result<DataObject> decode_block(const BlockLayout& layout, Bytes data) {
  WMIPORT_ASSIGN_OR_RETURN(DecodedBlock decoded, decode_block_with_size(layout, data));
  return std::move(decoded.object);
}

Result<DataValue> decode_single_item(const BlockLayout& layout, std::uint32_t data_id, Bytes data) {
  WMIPORT_ASSIGN_OR_RETURN(const ItemLayout* item, single_item(layout, data_id));
  Decoder decoder(data);
  DataValue value;
  const ItemPath root;  // the item's frame points at it: it must outlive `path`
  const ItemPath path = root.item(item->name);
  WMIPORT_TRY(decoder.item(*item, layout, DataObject{}, 0, path, value));
  return value;
}

Result<DataObject> decode_class(const Schema& schema, const Class& cls, Bytes data, const LayoutOptions& options) {
  WMIPORT_ASSIGN_OR_RETURN(BlockLayout layout, layout_class(schema, cls, options));
  return decode_block(layout, data);
}

Result<DataObject> decode_method_parameters(const Schema& schema, const Class& cls, const Method& method,
                                            Direction direction, Bytes data, const LayoutOptions& options) {
  WMIPORT_ASSIGN_OR_RETURN(BlockLayout layout, layout_method_parameters(schema, cls, method, direction, options));
  return decode_block(layout, data);
}

}  // namespace wmiport::mof
