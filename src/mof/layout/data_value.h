// Typed values of WMI data items: what the codec decodes instance bytes into and encodes back.
//
// A DataObject is an ordered list of named values, one per item of a BlockLayout, in WmiDataId (or parameter ID)
// order. A DataValue carries the C++ type closest to the item's CIM type:
//   boolean                       -> bool
//   sint8/16/32/64                -> std::int64_t
//   uint8/16/32/64, char16        -> std::uint64_t (char16 as its UTF-16 code unit, so any unit round-trips)
//   real32/real64                 -> double
//   string                        -> std::string (UTF-8)
//   datetime                      -> DateTime (its 25 characters as UTF-8, kept verbatim)
//   arrays                        -> DataArray
//   embedded objects              -> DataObject
// The encoder accepts either integer alternative for any integer item and checks the range; see codec.h.
#pragma once

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace wmiport::mof {

struct DataValue;
struct DataField;

struct DateTime {
  std::string text;  // yyyymmddhhmmss.mmmmmmsutc (25 characters)
  friend bool operator==(const DateTime&, const DateTime&) = default;
};

using DataArray = std::vector<DataValue>;

class DataObject {
 public:
  // Declared here and defaulted below DataField: DataField is incomplete at this point, and std::variant asks
  // about DataObject's special members while DataValue is being defined.
  DataObject();
  DataObject(const DataObject& other);
  DataObject(DataObject&& other) noexcept;
  DataObject& operator=(const DataObject& other);
  DataObject& operator=(DataObject&& other) noexcept;
  ~DataObject();

  std::vector<DataField> fields;

  const DataValue* find(std::string_view name) const;  // case-insensitive
  DataValue* find(std::string_view name);
  // Replaces a same-named field (keeping its position) or appends.
  DataObject& set(std::string_view name, DataValue value);

  friend bool operator==(const DataObject& a, const DataObject& b);
};

struct DataValue {
  using Storage = std::variant<bool, std::int64_t, std::uint64_t, double, std::string, DateTime, DataArray, DataObject>;
  Storage data;

  DataValue() : data(false) {}
  DataValue(bool v) : data(v) {}  // NOLINT(google-explicit-constructor): values read best as literals
  template <std::signed_integral T>
  DataValue(T v) : data(static_cast<std::int64_t>(v)) {}  // NOLINT(google-explicit-constructor)
  template <std::unsigned_integral T>
  requires(!std::same_as<T, bool>) DataValue(T v)
      : data(static_cast<std::uint64_t>(v)) {}        // NOLINT(google-explicit-constructor)
  DataValue(double v) : data(v) {}                    // NOLINT(google-explicit-constructor)
  DataValue(std::string v) : data(std::move(v)) {}    // NOLINT(google-explicit-constructor)
  DataValue(const char* v) : data(std::string(v)) {}  // NOLINT(google-explicit-constructor)
  DataValue(DateTime v) : data(std::move(v)) {}       // NOLINT(google-explicit-constructor)
  DataValue(DataArray v) : data(std::move(v)) {}      // NOLINT(google-explicit-constructor)
  DataValue(DataObject v) : data(std::move(v)) {}     // NOLINT(google-explicit-constructor)

  const bool* as_bool() const { return std::get_if<bool>(&data); }
  const std::int64_t* as_int() const { return std::get_if<std::int64_t>(&data); }
  const std::uint64_t* as_uint() const { return std::get_if<std::uint64_t>(&data); }
  const double* as_real() const { return std::get_if<double>(&data); }
  const std::string* as_string() const { return std::get_if<std::string>(&data); }
  const DateTime* as_datetime() const { return std::get_if<DateTime>(&data); }
  const DataArray* as_array() const { return std::get_if<DataArray>(&data); }
  const DataObject* as_object() const { return std::get_if<DataObject>(&data); }

  // Equal kinds and values; two NaNs compare equal so that decode -> encode -> decode can be checked.
  friend bool operator==(const DataValue& a, const DataValue& b);
};

struct DataField {
  std::string name;
  DataValue value;
  friend bool operator==(const DataField& a, const DataField& b) { return a.name == b.name && a.value == b.value; }
};

inline DataObject::DataObject() = default;
inline DataObject::DataObject(const DataObject& other) = default;
inline DataObject::DataObject(DataObject&& other) noexcept = default;
inline DataObject& DataObject::operator=(const DataObject& other) = default;
inline DataObject& DataObject::operator=(DataObject&& other) noexcept = default;
inline DataObject::~DataObject() = default;

// The kind a value holds ("bool", "int64", "uint64", "real", "string", "datetime", "array", "object"), for errors.
std::string_view kind_name(const DataValue& value);

}  // namespace wmiport::mof
