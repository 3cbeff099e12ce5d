#include "mof/bmf/value_codec.h"

#include <bit>
#include <limits>

#include <fmt/format.h>

#include "common/utf16.h"
#include "mof/bmf/tree_format.h"

namespace wmiport::mof::bmf {

namespace {

Error value_error(std::size_t offset, std::string_view field, std::string_view message) {
  return Error(ntstatus::invalid_parameter, fmt::format("BMF {} at offset 0x{:X}: {}", field, offset, message));
}

// Width of a fixed-size scalar, 0 for strings (NUL-terminated), nullopt for types we cannot read.
std::optional<std::size_t> scalar_width(std::uint32_t type) {
  switch (type) {
    case kSint8:
    case kUint8:
      return 1;
    case kSint16:
    case kUint16:
    case kBoolean:
    case kChar16:
      return 2;
    case kSint32:
    case kUint32:
    case kReal32:
      return 4;
    case kSint64:
    case kUint64:
    case kReal64:
      return 8;
    case kString:
    case kDatetime:
    case kReference:
      return 0;
    default:
      return std::nullopt;
  }
}

struct Scalar {
  Value value;
  std::size_t next;
};

Result<Scalar> read_scalar(Bytes data, std::size_t offset, std::size_t end, std::uint32_t type,
                           std::string_view field) {
  const auto width = scalar_width(type);
  if (!width)
    return value_error(offset, field, fmt::format("unsupported type 0x{:X}", type));
  if (*width == 0) {
    std::u16string text;
    for (std::size_t at = offset;; at += 2) {
      if (!range_fits(at, 2, end))
        return value_error(offset, field, "string has no terminating NUL");
      const std::uint16_t unit = load_u16(data, at);
      if (unit == 0)
        return Scalar{Value{utf16_to_utf8(text)}, at + 2};
      text.push_back(static_cast<char16_t>(unit));
    }
  }
  if (!range_fits(offset, *width, end))
    return value_error(offset, field, fmt::format("{}-byte value runs past its record", *width));
  const std::size_t next = offset + *width;
  switch (type) {
    case kBoolean:
      return Scalar{Value{load_u16(data, offset) != 0}, next};
    case kSint8:
      return Scalar{Value{std::int64_t{static_cast<std::int8_t>(data[offset])}}, next};
    case kUint8:
      return Scalar{Value{std::int64_t{data[offset]}}, next};
    case kSint16:
      return Scalar{Value{std::int64_t{load_le<std::int16_t>(data, offset)}}, next};
    case kUint16:
    case kChar16:
      return Scalar{Value{std::int64_t{load_u16(data, offset)}}, next};
    case kSint32:
      return Scalar{Value{std::int64_t{load_le<std::int32_t>(data, offset)}}, next};
    case kUint32:
      return Scalar{Value{std::int64_t{load_u32(data, offset)}}, next};
    case kSint64:
    case kUint64:
      return Scalar{Value{load_le<std::int64_t>(data, offset)}, next};  // uint64 keeps its bits
    case kReal32:
      return Scalar{Value{double{std::bit_cast<float>(load_u32(data, offset))}}, next};
    default:
      return Scalar{Value{std::bit_cast<double>(load_u64(data, offset))}, next};  // kReal64
  }
}

}  // namespace

Result<Value> read_value(Bytes data, std::size_t offset, std::size_t end, std::uint32_t type, std::string_view field) {
  if (type == kNull || offset == end)
    return Value{};
  if ((type & kArrayFlag) == 0) {
    WMIPORT_ASSIGN_OR_RETURN(Scalar scalar, read_scalar(data, offset, end, type, field));
    return std::move(scalar.value);
  }
  const std::uint32_t element_type = type & ~std::uint32_t{kArrayFlag};
  if (!range_fits(offset, kArrayHeaderSize, end))
    return value_error(offset, field, "array header runs past its record");
  const std::uint32_t total = load_u32(data, offset);
  const std::uint32_t count = load_u32(data, offset + 8);
  if (total < kArrayHeaderSize || !range_fits(offset, total, end))
    return value_error(offset, field, fmt::format("array size {} does not fit its record", total));
  const std::size_t array_end = offset + total;
  const auto width = scalar_width(element_type);
  // Every element takes at least 2 bytes (a NUL) or its width: a count beyond that is a lie, refused before any
  // allocation.
  const std::size_t min_element = width && *width > 0 ? *width : 2;
  if (count > (total - kArrayHeaderSize) / min_element)
    return value_error(offset, field, fmt::format("array count {} is too large for {} bytes", count, total));
  Value::Array elements;
  elements.reserve(count);
  std::size_t at = offset + kArrayHeaderSize;
  for (std::uint32_t i = 0; i < count; ++i) {
    WMIPORT_ASSIGN_OR_RETURN(Scalar scalar, read_scalar(data, at, array_end, element_type, field));
    elements.push_back(std::move(scalar.value));
    at = scalar.next;
  }
  return Value{std::move(elements)};
}

namespace {

void append_u16(std::vector<std::uint8_t>& out, std::uint16_t v) {
  out.push_back(static_cast<std::uint8_t>(v));
  out.push_back(static_cast<std::uint8_t>(v >> 8));
}
void append_u32(std::vector<std::uint8_t>& out, std::uint32_t v) {
  for (int i = 0; i < 4; ++i)
    out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}
void append_u64(std::vector<std::uint8_t>& out, std::uint64_t v) {
  for (int i = 0; i < 8; ++i)
    out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

Error mismatch(std::string_view field, std::uint32_t type) {
  return Error(ntstatus::invalid_parameter,
               fmt::format("BMF encoder: {}: value does not fit type 0x{:X}", field, type));
}

Status write_scalar(std::vector<std::uint8_t>& out, const Value& value, std::uint32_t type, std::string_view field) {
  const auto width = scalar_width(type);
  if (!width)
    return Error(ntstatus::invalid_parameter, fmt::format("BMF encoder: {}: unsupported type 0x{:X}", field, type));
  if (*width == 0) {
    const std::string* text = value.as_string();
    if (!text)
      return mismatch(field, type);
    WMIPORT_ASSIGN_OR_RETURN(std::u16string units, utf8_to_utf16(*text));
    for (char16_t unit : units) {
      if (unit == 0)
        return Error(ntstatus::invalid_parameter,
                     fmt::format("BMF encoder: {}: string contains NUL, which BMF cannot store", field));
      append_u16(out, unit);
    }
    append_u16(out, 0);
    return ok_status();
  }
  if (type == kBoolean) {
    const bool* b = value.as_bool();
    if (!b)
      return mismatch(field, type);
    append_u16(out, *b ? 0xFFFF : 0);
    return ok_status();
  }
  if (type == kReal32 || type == kReal64) {
    double real = 0;
    if (const double* d = value.as_real())
      real = *d;
    else if (const std::int64_t* i = value.as_integer())
      real = static_cast<double>(*i);
    else
      return mismatch(field, type);
    if (type == kReal32)
      append_u32(out, std::bit_cast<std::uint32_t>(static_cast<float>(real)));
    else
      append_u64(out, std::bit_cast<std::uint64_t>(real));
    return ok_status();
  }
  const std::int64_t* integer = value.as_integer();
  if (!integer)
    return mismatch(field, type);
  const auto bits = static_cast<std::uint64_t>(*integer);
  switch (*width) {
    case 1:
      out.push_back(static_cast<std::uint8_t>(bits));
      break;
    case 2:
      append_u16(out, static_cast<std::uint16_t>(bits));
      break;
    case 4:
      append_u32(out, static_cast<std::uint32_t>(bits));
      break;
    default:
      append_u64(out, bits);
      break;
  }
  return ok_status();
}

}  // namespace

Status write_value(std::vector<std::uint8_t>& out, const Value& value, std::uint32_t type, std::string_view field) {
  if (type == kNull || value.is_null())
    return ok_status();  // NULL is the empty value
  if ((type & kArrayFlag) == 0)
    return write_scalar(out, value, type, field);
  const Value::Array* elements = value.as_array();
  if (!elements)
    return mismatch(field, type);
  const std::size_t start = out.size();
  append_u32(out, 0);  // total size, patched below
  append_u32(out, 1);  // dimensions
  append_u32(out, static_cast<std::uint32_t>(elements->size()));
  for (const Value& element : *elements)
    WMIPORT_TRY(write_scalar(out, element, type & ~std::uint32_t{kArrayFlag}, field));
  const std::size_t total = out.size() - start;
  if (total > std::numeric_limits<std::uint32_t>::max())
    return Error(ntstatus::invalid_parameter, fmt::format("BMF encoder: {}: array larger than 4 GiB", field));
  store_u32(out, start, static_cast<std::uint32_t>(total));
  return ok_status();
}

namespace {

Result<std::uint32_t> scalar_vartype(const Value& value, std::string_view field) {
  if (value.as_bool())
    return std::uint32_t{kBoolean};
  if (const std::int64_t* i = value.as_integer()) {
    const bool fits32 =
        *i >= std::numeric_limits<std::int32_t>::min() && *i <= std::numeric_limits<std::int32_t>::max();
    return std::uint32_t{fits32 ? kSint32 : kSint64};
  }
  if (value.as_real())
    return std::uint32_t{kReal64};
  if (value.as_string())
    return std::uint32_t{kString};
  if (value.is_null())
    return std::uint32_t{kNull};
  return Error(ntstatus::invalid_parameter,
               fmt::format("BMF encoder: {}: aliases, embedded instances and nested arrays cannot be stored", field));
}

}  // namespace

Result<std::uint32_t> vartype_of(const Value& value, std::string_view field) {
  const Value::Array* elements = value.as_array();
  if (!elements)
    return scalar_vartype(value, field);
  // An array takes the widest element kind: sint32 < sint64 < real64; strings and booleans must be uniform.
  std::uint32_t element = elements->empty() ? std::uint32_t{kString} : 0;
  for (const Value& e : *elements) {
    WMIPORT_ASSIGN_OR_RETURN(std::uint32_t t, scalar_vartype(e, field));
    if (t == kNull)
      return Error(ntstatus::invalid_parameter,
                   fmt::format("BMF encoder: {}: arrays cannot hold NULL elements", field));
    auto rank = [](std::uint32_t v) { return v == kSint32 ? 1 : v == kSint64 ? 2 : v == kReal64 ? 3 : 0; };
    if (element == 0 || element == t) {
      element = t;
    } else if (rank(element) && rank(t)) {
      element = rank(element) > rank(t) ? element : t;
    } else {
      return Error(ntstatus::invalid_parameter, fmt::format("BMF encoder: {}: array mixes element kinds", field));
    }
  }
  return element | kArrayFlag;
}

std::uint32_t cim_type_code(CimType type) {
  switch (type) {
    case CimType::boolean:
      return kBoolean;
    case CimType::sint8:
      return kSint8;
    case CimType::uint8:
      return kUint8;
    case CimType::sint16:
      return kSint16;
    case CimType::uint16:
      return kUint16;
    case CimType::sint32:
      return kSint32;
    case CimType::uint32:
      return kUint32;
    case CimType::sint64:
      return kSint64;
    case CimType::uint64:
      return kUint64;
    case CimType::real32:
      return kReal32;
    case CimType::real64:
      return kReal64;
    case CimType::char16:
      return kChar16;
    case CimType::string:
      return kString;
    case CimType::datetime:
      return kDatetime;
    case CimType::object:
      return kObject;
    case CimType::reference:
      return kReference;
  }
  return kObject;
}

Result<CimType> cim_type_from_code(std::uint32_t code, std::size_t offset) {
  switch (code) {
    case kBoolean:
      return CimType::boolean;
    case kSint8:
      return CimType::sint8;
    case kUint8:
      return CimType::uint8;
    case kSint16:
      return CimType::sint16;
    case kUint16:
      return CimType::uint16;
    case kSint32:
      return CimType::sint32;
    case kUint32:
      return CimType::uint32;
    case kSint64:
      return CimType::sint64;
    case kUint64:
      return CimType::uint64;
    case kReal32:
      return CimType::real32;
    case kReal64:
      return CimType::real64;
    case kChar16:
      return CimType::char16;
    case kString:
      return CimType::string;
    case kDatetime:
      return CimType::datetime;
    case kObject:
      return CimType::object;
    case kReference:
      return CimType::reference;
    default:
      return Error(ntstatus::invalid_parameter,
                   fmt::format("BMF property record at offset 0x{:X}: unknown CIM type 0x{:X}", offset, code));
  }
}

}  // namespace wmiport::mof::bmf
