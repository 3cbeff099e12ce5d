// Internal: the state behind check_wmi_schema, split over wmi_checks.cpp (class-level rules: GUIDs, required
// properties, WmiDataId numbering, embedding cycles) and wmi_item_checks.cpp (per item: arrays, WmiSizeIs, embedded
// types, methods and parameters).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "mof/schema/schema.h"
#include "mof/syntax/wmi_checks.h"

namespace wmiport::mof::syntax {

// Inheritance deeper than this is not followed: real driver classes have one or two levels, and a bound keeps
// the checks linear on hostile input.
inline constexpr std::size_t kMaxLineageDepth = 64;
// The largest fixed array a block item may declare; a 1 Mi-element array is already far beyond any WNODE.
inline constexpr std::int64_t kMaxFixedArrayElements = std::int64_t{1} << 20;

class WmiChecker {
 public:
  WmiChecker(const Schema& schema, const CheckLimits& limits) : schema_(schema), limits_(limits) {}

  std::vector<Diagnostic> run();

 private:
  // A property of the class or of one of its WMI superclasses, as the block sees it.
  struct BlockItem {
    const Property* property;
    bool own;  // declared by the class being checked (diagnostics go to own items only, so each is said once)
  };
  // Items or parameters by name_key(name), for WmiSizeIs lookups in constant time.
  using ItemsByName = std::unordered_map<std::string, const Property*>;
  using ParametersByName = std::unordered_map<std::string, std::vector<const Property*>>;

  void error(const SourceLocation& where, std::string message, std::string rule);
  void warning(const SourceLocation& where, std::string message, std::string rule);

  // wmi_checks.cpp
  std::vector<const Class*> bounded_lineage(const Class& cls) const;
  bool is_event_block(const Class& cls) const;
  bool is_data_or_event_block(const Class& cls) const;
  std::vector<BlockItem> block_items(const Class& cls) const;
  void check_superclass_cycle(const Class& cls);
  void check_guid(const Class& cls);
  void check_required_properties(const Class& cls);
  void check_data_ids(const Class& cls, const std::vector<BlockItem>& items);
  void check_embedding_cycles();

  // wmi_item_checks.cpp
  void check_property(const Class& cls, const Property& property, const ItemsByName& items);
  void check_array_shape(const Property& item, std::string_view what, bool in_layout);
  void check_embedded_type(const Property& item, std::string_view what, bool in_layout);
  void check_property_size_is(const Class& cls, const Property& property, const ItemsByName& items);
  void check_methods(const Class& cls);
  void check_parameter_size_is(const Method& method, const Property& parameter, const ParametersByName& parameters);

  const Schema& schema_;
  CheckLimits limits_;
  std::vector<Diagnostic> found_;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
  bool stopped_ = false;
};

// "'Foo' of class 'Bar'" / "parameter 'x' of method 'M'": how messages name an item.
std::string describe_property(const Class& cls, const Property& property);
std::string describe_parameter(const Method& method, const Property& parameter);

}  // namespace wmiport::mof::syntax
