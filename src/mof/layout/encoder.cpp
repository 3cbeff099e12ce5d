// The encoding half of the codec: DataObject -> instance bytes, "size, then fill".
//
// One walker runs twice: first without a buffer to validate the values and measure the block, then over a zeroed
// buffer of exactly that size to write it. Both runs compute the same offsets, so padding stays zero and nothing
// is written out of place.
#include <bit>
#include <cmath>
#include <limits>

#include <fmt/format.h>

#include "common/byte_io.h"
#include "common/utf16.h"
#include "mof/layout/codec.h"
#include "mof/layout/integer_range.h"
#include "mof/layout/item_path.h"

namespace wmiport::mof {

namespace {

constexpr std::uint64_t align_up(std::uint64_t value, std::uint32_t alignment) {
  return (value + alignment - 1) & ~std::uint64_t{alignment - 1};
}

// Encoded blocks live in WNODEs, whose sizes are ULONGs; stopping well before that also bounds the measuring.
constexpr std::uint64_t kMaxBlockSize = std::numeric_limits<std::uint32_t>::max();

Error value_error(const ItemPath& path, std::string_view what) {
  return Error(ntstatus::invalid_parameter, fmt::format("{}: {}", path.to_string(), what));
}

class Encoder {
 public:
  explicit Encoder(MutableBytes* out) : out_(out) {}  // nullptr: measure only

  Result<std::uint64_t> block(const BlockLayout& layout, const DataObject& object, std::uint64_t start,
                              const ItemPath& path) {
    for (const auto& field : object.fields) {
      if (!layout.find(field.name))
        return value_error(path.item(field.name), fmt::format("{} has no data item of this name", layout.name));
    }
    std::uint64_t offset = start;
    for (std::size_t i = 0; i < layout.items.size(); ++i) {
      const ItemLayout& item = layout.items[i];
      const ItemPath item_path = path.item(item.name);
      DataValue filled_count;
      const DataValue* value = object.find(item.name);
      WMIPORT_TRY(check_or_fill_count(layout, i, object, item_path, value, filled_count));
      if (!value)
        return value_error(item_path, "missing value");
      offset = align_up(offset, item.alignment);
      WMIPORT_ASSIGN_OR_RETURN(offset, this->item(item, *value, offset, item_path));
      if (offset > kMaxBlockSize)
        return value_error(item_path, "the block grows beyond 4 GiB");
    }
    return offset;
  }

 private:
  // When item i is the WmiSizeIs count of later arrays: fills it from their length when the object omits it
  // (pointing `value` at `filled`), or checks that the given count equals their length.
  static Status check_or_fill_count(const BlockLayout& layout, std::size_t i, const DataObject& object,
                                    const ItemPath& path, const DataValue*& value, DataValue& filled) {
    for (std::size_t j = i + 1; j < layout.items.size(); ++j) {
      const ItemLayout& array = layout.items[j];
      if (array.count_item != i)
        continue;
      const DataValue* elements = object.find(array.name);
      if (!elements || !elements->as_array())
        continue;  // the array item reports its own error
      const std::uint64_t length = elements->as_array()->size();
      if (!value) {
        filled = DataValue(length);
        value = &filled;
        continue;
      }
      const std::uint64_t* u = value->as_uint();
      const std::int64_t* s = value->as_int();
      const bool equal = (u && *u == length) || (s && *s >= 0 && static_cast<std::uint64_t>(*s) == length);
      if (!equal)
        return value_error(
            path, fmt::format("is the WmiSizeIs count of {} but does not equal its {} elements", array.name, length));
    }
    return ok_status();
  }

  Result<std::uint64_t> item(const ItemLayout& item, const DataValue& value, std::uint64_t offset,
                             const ItemPath& path) {
    if (item.array == ArrayKind::none)
      return element(item, value, offset, path);
    const DataArray* elements = value.as_array();
    if (!elements)
      return value_error(path, fmt::format("expected an array, got {}", kind_name(value)));
    if (item.array == ArrayKind::fixed && elements->size() != item.fixed_count)
      return value_error(path, fmt::format("has {} elements, but the array has a fixed size of {}", elements->size(),
                                           item.fixed_count));
    for (std::size_t i = 0; i < elements->size(); ++i) {
      offset = align_up(offset, item.alignment);
      WMIPORT_ASSIGN_OR_RETURN(offset, element(item, (*elements)[i], offset, path.element(i)));
      if (offset > kMaxBlockSize)
        return value_error(path, "the block grows beyond 4 GiB");
    }
    return offset;
  }

  Result<std::uint64_t> element(const ItemLayout& item, const DataValue& value, std::uint64_t offset,
                                const ItemPath& path) {
    const CimType type = item.type.type;
    switch (type) {
      case CimType::string:
        return string(item, value, offset, path);
      case CimType::datetime:
        return datetime(value, offset, path);
      case CimType::object:
        return embedded(item, value, offset, path);
      case CimType::boolean: {
        const bool* b = value.as_bool();
        if (!b)
          return value_error(path, fmt::format("expected a boolean, got {}", kind_name(value)));
        if (out_)
          (*out_)[offset] = *b ? 1 : 0;
        return offset + 1;
      }
      case CimType::real32:
      case CimType::real64:
        return real(type, value, offset, path);
      default:
        break;
    }
    std::string why;
    auto bits = integer_bits(type, value, why);
    if (!bits)
      return value_error(path, why);
    const std::uint32_t size = scalar_size(type);
    if (out_) {
      for (std::uint32_t i = 0; i < size; ++i)
        (*out_)[offset + i] = static_cast<std::uint8_t>(*bits >> (8 * i));
    }
    return offset + size;
  }

  Result<std::uint64_t> real(CimType type, const DataValue& value, std::uint64_t offset, const ItemPath& path) {
    double number = 0;
    if (const double* d = value.as_real())
      number = *d;
    else if (const std::int64_t* s = value.as_int())
      number = static_cast<double>(*s);
    else if (const std::uint64_t* u = value.as_uint())
      number = static_cast<double>(*u);
    else
      return value_error(path, fmt::format("expected a number, got {}", kind_name(value)));
    if (type == CimType::real32) {
      if (std::isfinite(number) && std::fabs(number) > std::numeric_limits<float>::max())
        return value_error(path, fmt::format("{} is out of range for real32", number));
      if (out_)
        store_u32(*out_, offset, std::bit_cast<std::uint32_t>(static_cast<float>(number)));
      return offset + 4;
    }
    if (out_)
      store_u64(*out_, offset, std::bit_cast<std::uint64_t>(number));
    return offset + 8;
  }

  // Slot layouts (element_size set) write count = 2*MaxLen and zero-pad the slot; compact ones write the text.
  Result<std::uint64_t> string(const ItemLayout& item, const DataValue& value, std::uint64_t offset,
                               const ItemPath& path) {
    const std::string* text = value.as_string();
    if (!text)
      return value_error(path, fmt::format("expected a string, got {}", kind_name(value)));
    auto units = utf8_to_utf16(*text);
    if (!units.ok())
      return value_error(path, units.error().message());
    const std::size_t length = units->size();
    std::uint64_t count_bytes = 2 * static_cast<std::uint64_t>(length);
    if (item.element_size) {
      if (length > *item.max_len)
        return value_error(path, fmt::format("is {} characters long, more than its MaxLen({})", length, *item.max_len));
      count_bytes = 2 * static_cast<std::uint64_t>(*item.max_len);
    } else if (count_bytes > 0xFFFF) {
      return value_error(path,
                         fmt::format("is {} characters long; a counted string holds at most {}", length, 0xFFFF / 2));
    }
    if (out_) {
      store_u16(*out_, offset, static_cast<std::uint16_t>(count_bytes));
      store_utf16le(*out_, offset + 2, *units);
    }
    return offset + 2 + count_bytes;
  }

  Result<std::uint64_t> datetime(const DataValue& value, std::uint64_t offset, const ItemPath& path) {
    const std::string* text = value.as_datetime() ? &value.as_datetime()->text : value.as_string();
    if (!text)
      return value_error(path, fmt::format("expected a datetime string, got {}", kind_name(value)));
    auto units = utf8_to_utf16(*text);
    if (!units.ok())
      return value_error(path, units.error().message());
    if (units->size() != kDatetimeChars)
      return value_error(path, fmt::format("a datetime has exactly {} characters (yyyymmddhhmmss.mmmmmmsutc), not {}",
                                           kDatetimeChars, units->size()));
    if (out_)
      store_utf16le(*out_, offset, *units);
    return offset + 2 * kDatetimeChars;
  }

  Result<std::uint64_t> embedded(const ItemLayout& item, const DataValue& value, std::uint64_t offset,
                                 const ItemPath& path) {
    const DataObject* object = value.as_object();
    if (!object)
      return value_error(path,
                         fmt::format("expected an object of class {}, got {}", item.type.class_name, kind_name(value)));
    WMIPORT_ASSIGN_OR_RETURN(std::uint64_t end, block(*item.embedded, *object, offset, path));
    return item.element_size ? offset + *item.element_size : end;
  }

  MutableBytes* out_;
};

}  // namespace

Result<std::vector<std::uint8_t>> encode_block(const BlockLayout& layout, const DataObject& object) {
  Encoder measure(nullptr);
  WMIPORT_ASSIGN_OR_RETURN(std::uint64_t size, measure.block(layout, object, 0, ItemPath{}));
  std::vector<std::uint8_t> bytes(static_cast<std::size_t>(size), 0);
  MutableBytes span(bytes);
  Encoder fill(&span);
  WMIPORT_TRY(fill.block(layout, object, 0, ItemPath{}));
  return bytes;
}

Result<std::vector<std::uint8_t>> encode_class(const Schema& schema, const Class& cls, const DataObject& object,
                                               const LayoutOptions& options) {
  WMIPORT_ASSIGN_OR_RETURN(BlockLayout layout, layout_class(schema, cls, options));
  return encode_block(layout, object);
}

Result<std::vector<std::uint8_t>> encode_method_parameters(const Schema& schema, const Class& cls, const Method& method,
                                                           Direction direction, const DataObject& object,
                                                           const LayoutOptions& options) {
  WMIPORT_ASSIGN_OR_RETURN(BlockLayout layout, layout_method_parameters(schema, cls, method, direction, options));
  return encode_block(layout, object);
}

}  // namespace wmiport::mof
