// The data-block layout engine: where each WMI data item lives in the bytes of an instance (spec
// mof-and-layout §3).
//
// A WMI data block holds only the WmiDataId items of its class, in ascending WmiDataId order, each naturally
// aligned relative to the (8-aligned) instance start, embedded classes aligned to their largest member and
// occupying their C sizeof (tail padding inside), and no tail padding after the last item (§3.3). Method
// parameter blocks are the same with the [in] or the [out] parameters in ascending ID order (§3.6); event
// blocks are the event class's block.
//
// Two views of the same rules:
// - this static layout, where every item whose position does not depend on data has a fixed offset, and a class
//   with no variable-size item has a C sizeof and a wmi_size (the header generator compares these offsets with
//   offsetof of its /Zp8 structs);
// - the dynamic walk of the codec (codec.h), which positions items after a variable one from the data.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "mof/schema/schema.h"

namespace wmiport::mof {

// How MaxLen strings are laid out and encoded (§3.4). Decoding always follows the USHORT count.
enum class StringMode {
  slot,     // a fixed slot of 2 + 2*MaxLen bytes, count = 2*MaxLen, zero padded (WCHAR x[MaxLen + 1]); default
  compact,  // a counted string as long as its text: a variable-size item
};

struct LayoutOptions {
  StringMode string_mode = StringMode::slot;
};

enum class ArrayKind {
  none,   // a scalar item
  fixed,  // `T x[N]` / MAX(N): fixed_count elements
  sized,  // WmiSizeIs("c"): as many elements as the earlier integer item c says
};

enum class Direction { in, out };

struct BlockLayout;

struct ItemLayout {
  std::string name;           // declared spelling
  std::uint32_t data_id = 0;  // WmiDataId; for a method parameter its 1-based position in the whole list (ID + 1)
  TypeRef type;               // element type; object items name their class in type.class_name
  ArrayKind array = ArrayKind::none;
  std::uint32_t fixed_count = 0;          // ArrayKind::fixed only
  std::optional<std::size_t> count_item;  // ArrayKind::sized only: index in BlockLayout::items of the count item
  std::optional<std::uint32_t> max_len;   // MaxLen of a string (element)

  std::uint32_t alignment = 1;                  // of the item (for an array: of its element type)
  std::optional<std::uint32_t> element_size;    // bytes one element occupies, when fixed (embedded: C sizeof)
  std::optional<std::uint32_t> size;            // bytes the whole item occupies, when fixed
  std::optional<std::uint32_t> offset;          // from the block start, when no variable-size item precedes it
  std::shared_ptr<const BlockLayout> embedded;  // the element class's layout for object items
  SourceLocation where;

  bool is_fixed_size() const { return size.has_value(); }
};

struct BlockLayout {
  std::string name;               // the class name, or "<Method>_IN" / "<Method>_OUT"
  std::vector<ItemLayout> items;  // ascending WmiDataId / parameter ID
  std::uint32_t alignment = 1;    // largest item alignment (1 when empty)
  // With every item fixed: the C sizeof (tail padding to `alignment`) and the no-tail-padding size wmimofck calls
  // X_SIZE (FIELD_OFFSET(last) + sizeof(last)); both 0 for an empty block. nullopt when any item is variable.
  std::optional<std::uint32_t> c_sizeof;
  std::optional<std::uint32_t> wmi_size;
  // The fewest bytes an instance can occupy (variable arrays empty, compact strings empty); bounds allocations.
  std::uint32_t min_size = 0;

  bool is_fixed_size() const { return wmi_size.has_value(); }
  const ItemLayout* find(std::string_view item_name) const;  // case-insensitive
};

// The data (or event) block of a WMI class, including WmiDataId items inherited from superclasses in the schema
// (docs/decisions.md). Errors, prefixed with the offending declaration's location, for: WmiDataId not unique or
// not contiguous from 1, WmiSizeIs not naming an earlier integer item, an unknown or recursive embedded class,
// references, arrays with neither MAX nor WmiSizeIs, sizes beyond 32 bits.
Result<BlockLayout> layout_class(const Schema& schema, const Class& cls, const LayoutOptions& options = {});

// The input ([in] parameters) or output ([out] parameters) block of a method; [in, out] parameters appear in
// both. Parameters are ordered by ID; WmiSizeIs must name an earlier parameter of the same direction.
Result<BlockLayout> layout_method_parameters(const Schema& schema, const Class& cls, const Method& method,
                                             Direction direction, const LayoutOptions& options = {});

// Size and alignment of one scalar of a fixed-size CIM type (not string, object or reference): §3.2.
std::uint32_t scalar_size(CimType type);
std::uint32_t scalar_alignment(CimType type);  // also for string (2) and datetime (2)
bool is_signed_integer_type(CimType type);

// Characters of a datetime item: 25 UTF-16 code units, no count, no NUL (§3.2).
inline constexpr std::uint32_t kDatetimeChars = 25;

// Stride between instances of a WNODE_ALL_DATA with WNODE_FLAG_FIXED_INSTANCE_SIZE: every instance starts on an
// 8-byte boundary, so the stride is FixedInstanceSize rounded up to 8 (docs/decisions.md). nullopt on overflow.
std::optional<std::uint32_t> fixed_instance_stride(std::uint32_t fixed_instance_size);

}  // namespace wmiport::mof
