// The decompressed binary-MOF tree (spec mof-and-layout §5), the constants both the reader and the writer use.
// All integers are u32 little-endian; strings are UTF-16LE with a terminating NUL, lengths in bytes (NUL
// included). Parts marked "ours" are not described by the spec; docs/decisions.md says why we chose them.
//
// Tree header:      "FOMB", u32 N (offset of the end of the object part), u32 1, u32 1, u32 object count,
//                   objects; at N an optional flavor trailer.
// Flavor trailer:   "BMOFQUALFLAVOR11", u32 count, count x {u32 offset of a qualifier record, u32 flavor bits}.
// Object:           u32 total length, u32 0 (0xFFFFFFFF for __PARAMETERS objects), u32 qualifier-set size
//                   (0 = none), u32 class-data length, u32 kind (0 class, 1 instance; 1 for __PARAMETERS),
//                   class data = [qualifier set] property set; then, at 20 + class-data length, the method set
//                   (absent when the object ends there).
// Qualifier set:    u32 size (including these 8 bytes), u32 count, records.
// Qualifier record: u32 length, u32 VARTYPE, u32 0, u32 name length, name, value.
// Property set:     u32 size (to the end of the class data), u32 count, count property records, then system
//                   property records (__CLASS, __SUPERCLASS, __NAMESPACE, __CLASSFLAGS) up to the class-data end.
// Property record:  u32 length, u32 CIM type (| 0x2000 array), u32 0, u32 A, u32 B, name, ...
//                   A = 0xFFFFFFFF: no value, B = name length, qualifier set at 20 + B.
//                   B = 0xFFFFFFFF: A = name length, value up to the record end, no qualifier set (system).
//                   otherwise:      A = name length, value in [20 + A, 20 + B), qualifier set at 20 + B.
// Method set:       u32 size, u32 count, method records (same header as property records, type 0 or 0x200D);
//                   the value is the parameter blob: u32 blob size, u32 1, u32 object count, u32 length of the
//                   objects (ours: the first and last of these), then the __PARAMETERS objects (in, out).
// Values (ours where the spec is silent): scalars at their natural width (boolean as a 16-bit VARIANT_BOOL,
//                   0xFFFF true), strings NUL-terminated, arrays as u32 total size, u32 1 (dimensions),
//                   u32 element count, elements; a zero-length property value is NULL.
#pragma once

#include <cstdint>
#include <string_view>

namespace wmiport::mof::bmf {

inline constexpr std::uint32_t kTreeHeaderSize = 20;
inline constexpr std::uint32_t kObjectHeaderSize = 20;
inline constexpr std::uint32_t kSetHeaderSize = 8;
inline constexpr std::uint32_t kQualifierHeaderSize = 16;
inline constexpr std::uint32_t kRecordHeaderSize = 20;  // property and method records
inline constexpr std::uint32_t kParameterBlobHeaderSize = 16;
inline constexpr std::uint32_t kArrayHeaderSize = 12;
inline constexpr std::uint32_t kAbsent = 0xFFFFFFFF;

inline constexpr std::uint32_t kKindClass = 0;
inline constexpr std::uint32_t kKindInstance = 1;
inline constexpr std::uint32_t kParameterObjectMarker = 0xFFFFFFFF;  // object header field 1 of __PARAMETERS

inline constexpr std::string_view kFlavorTrailerMagic = "BMOFQUALFLAVOR11";
inline constexpr std::uint32_t kStoredFlavorBits = 0x01 | 0x02 | 0x10 | 0x80;

inline constexpr std::string_view kParametersClass = "__PARAMETERS";
inline constexpr std::string_view kReturnValue = "ReturnValue";

// VARTYPEs of qualifier values; CIM types of properties use the same numbers for the shared types.
enum TypeCode : std::uint32_t {
  kNull = 0x01,
  kSint16 = 0x02,
  kSint32 = 0x03,
  kReal32 = 0x04,
  kReal64 = 0x05,
  kString = 0x08,
  kBoolean = 0x0B,
  kObject = 0x0D,
  kSint8 = 0x10,
  kUint8 = 0x11,
  kUint16 = 0x12,
  kUint32 = 0x13,
  kSint64 = 0x14,
  kUint64 = 0x15,
  kDatetime = 0x65,
  kReference = 0x66,
  kChar16 = 0x67,
  kArrayFlag = 0x2000,
};

}  // namespace wmiport::mof::bmf
