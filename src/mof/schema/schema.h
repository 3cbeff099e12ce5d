// The schema model: what a compiled MOF says, after mofcomp's normalisations, before any layout.
//
// This is the contract between the MOF front ends (the text compiler in src/mof/syntax and the binary-MOF decoder
// in src/mof/bmf) and their users (the layout engine and codec in src/mof/layout, the header generator in
// src/mof/header, the consumer API). Front ends produce a Schema; nothing downstream sees MOF text.
//
// Normalisations every front end applies (spec mof-and-layout §0, §1.4):
// - `T x[N]` becomes an array with fixed_count N (as mofcomp turns it into `[MAX(N)] T x[]`); an explicit MAX(N)
//   qualifier sets fixed_count too;
// - method parameters get their implicit 0-based ID in declaration order (an explicit ID qualifier wins), and a
//   non-void return type becomes an [out] parameter named ReturnValue;
// - names keep their declared spelling; every lookup by name is case-insensitive.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <variant>
#include <vector>

#include "common/guid.h"

namespace wmiport::mof {

struct SourceLocation {
  std::string file;  // as given to the compiler (or "<bmf>" for binary MOF)
  std::uint32_t line = 0;    // 1-based; 0 when unknown
  std::uint32_t column = 0;  // 1-based, in characters; 0 when unknown
};

// "file:line:column", the prefix of every diagnostic.
std::string to_string(const SourceLocation& where);

struct Diagnostic {
  enum class Severity { error, warning };
  Severity severity = Severity::error;
  SourceLocation where;
  std::string message;  // says what was found and what was expected
  std::string rule;     // short id for checks ("wmi-dataid-contiguous"); empty for syntax errors
};

// "file:line:column: error: message [rule]"
std::string to_string(const Diagnostic& diagnostic);

bool equals_ignore_case(std::string_view a, std::string_view b);

// A qualifier or property value as written in MOF, typed by its literal (spec §1.3: no value means true,
// an integer literal is sint32 in BMF but kept here as int64 so that 0xFFFFFFFF survives).
struct Value {
  struct Null {};
  struct Alias {
    std::string name;  // without the '$'
  };
  struct Instance;  // `instance of X { ... }` used as a value
  using Array = std::vector<Value>;
  std::variant<Null, bool, std::int64_t, double, std::string, Array, Alias, std::shared_ptr<Instance>> data;

  bool is_null() const { return std::holds_alternative<Null>(data); }
  const bool* as_bool() const { return std::get_if<bool>(&data); }
  const std::int64_t* as_integer() const { return std::get_if<std::int64_t>(&data); }
  const double* as_real() const { return std::get_if<double>(&data); }
  const std::string* as_string() const { return std::get_if<std::string>(&data); }
  const Array* as_array() const { return std::get_if<Array>(&data); }
};

// Flavor bits, numbered as BMF stores them (spec §1.3).
enum QualifierFlavor : std::uint32_t {
  kFlavorToInstance = 0x01,
  kFlavorToSubclass = 0x02,
  kFlavorDisableOverride = 0x10,
  kFlavorAmended = 0x80,
  // Not stored in BMF; kept so a dump can show what the source said.
  kFlavorNotToInstance = 0x100,
  kFlavorNotToSubclass = 0x200,
  kFlavorEnableOverride = 0x400,
  kFlavorRestricted = 0x800,
  kFlavorTranslatable = 0x1000,
};

struct Qualifier {
  std::string name;
  Value value;  // `true` when written without a value
  std::uint32_t flavors = 0;
  SourceLocation where;
};

class QualifierList {
public:
  std::vector<Qualifier> items;  // declaration order; a later duplicate replaces an earlier one

  const Qualifier* find(std::string_view name) const;  // case-insensitive
  bool has(std::string_view name) const { return find(name) != nullptr; }
  // True for a qualifier present with no value or with value true (`[key]`, `[WMI]`, `[in]`).
  bool flag(std::string_view name) const;
  std::optional<std::int64_t> integer(std::string_view name) const;
  std::optional<std::string> string(std::string_view name) const;
  void set(Qualifier qualifier);  // adds, or replaces a same-named one
};

enum class CimType {
  boolean,
  sint8,
  uint8,
  sint16,
  uint16,
  sint32,
  uint32,
  sint64,
  uint64,
  real32,
  real64,
  char16,
  string,
  datetime,
  object,     // an embedded class: class_name says which ("object" alone leaves it empty)
  reference,  // `Class ref`: never part of a WMI data block
};

// sint8 ... uint64: the types a WmiSizeIs count may have.
bool is_integer_type(CimType type);

// "uint32", "string", "object:ClassName", ... (the CIMTYPE spelling).
std::string to_string(CimType type, std::string_view class_name = {});

struct TypeRef {
  CimType type = CimType::uint32;
  std::string class_name;  // for object and reference
};

// A property of a class, or a parameter of a method (which carries direction and ID).
struct Property {
  std::string name;
  TypeRef type;
  bool is_array = false;
  std::optional<std::uint32_t> fixed_count;  // x[N] or MAX(N)
  QualifierList qualifiers;
  std::optional<Value> default_value;
  SourceLocation where;

  // Parameters only.
  bool in = false;
  bool out = false;
  std::uint32_t id = 0;  // mofcomp's implicit ID (0-based declaration order) or the explicit ID qualifier

  std::optional<std::uint32_t> data_id() const;   // WmiDataId
  std::optional<std::string> size_is() const;     // WmiSizeIs target name
  std::optional<std::uint32_t> max_len() const;   // MaxLen
  bool is_key() const { return qualifiers.flag("key"); }
};

struct Method {
  std::string name;
  TypeRef return_type;  // CimType is ignored when returns_void
  bool returns_void = true;
  std::vector<Property> parameters;  // declaration order; ReturnValue appended last when not void
  QualifierList qualifiers;
  SourceLocation where;

  std::optional<std::uint32_t> method_id() const;  // WmiMethodId
};

struct Class {
  std::string name;
  std::string superclass;  // empty when none
  std::string name_space;  // from #pragma namespace in force at the declaration, e.g. "\\\\.\\root\\wmi"
  QualifierList qualifiers;
  std::vector<Property> properties;  // own properties, declaration order
  std::vector<Method> methods;
  std::int64_t class_flags = 0;  // #pragma classflags in force (updateonly=1, createonly=2, safeupdate=32, forceupdate=64)
  SourceLocation where;

  bool is_amendment() const { return qualifiers.flag("amendment"); }
  bool is_wmi() const { return qualifiers.flag("WMI"); }
  std::optional<Guid> guid() const;  // the guid qualifier, braces optional; nullopt if absent or malformed
  const Property* find_property(std::string_view name) const;  // own properties only, case-insensitive
  const Method* find_method(std::string_view name) const;
};

struct Instance {
  std::string class_name;
  std::string alias;  // without '$', empty when none
  std::string name_space;
  QualifierList qualifiers;
  std::vector<std::pair<std::string, Value>> properties;
  SourceLocation where;
};

struct Value::Instance : wmiport::mof::Instance {};

// Everything one compilation produced. Amendment classes (ms_409 localisation) are kept apart: they never affect
// layout or headers. A re-declared class replaces the earlier declaration in place (update semantics), keeping its
// position, so header order is first-declaration order.
class Schema {
public:
  const std::vector<Class>& classes() const { return classes_; }
  const std::vector<Class>& amendments() const { return amendments_; }
  const std::vector<Instance>& instances() const { return instances_; }

  const Class* find_class(std::string_view name) const;  // case-insensitive, non-amendment classes
  const Class* find_class_by_guid(const Guid& guid) const;

  // The class followed by its superclasses, most derived first; stops at a class not in the schema
  // (e.g. WMIEvent's __ExtrinsicEvent) or at a cycle.
  std::vector<const Class*> lineage(const Class& cls) const;
  // True when `cls` derives (directly or not) from WMIEvent or __ExtrinsicEvent: an event block.
  bool is_event_class(const Class& cls) const;

  // Adds or replaces (same name, case-insensitive). Returns the stored class.
  Class& add_class(Class cls);
  // Removes the class (case-insensitive name), as `#pragma deleteclass` does. False when there is none.
  bool remove_class(std::string_view name);
  void add_amendment(Class cls) { amendments_.push_back(std::move(cls)); }
  void add_instance(Instance instance) { instances_.push_back(std::move(instance)); }
  // Appends every class, amendment and instance of `other` (later declarations win).
  void merge(Schema other);

private:
  std::vector<Class> classes_;
  std::vector<Class> amendments_;
  std::vector<Instance> instances_;
  std::unordered_map<std::string, std::size_t> index_;  // lower-cased name -> position in classes_
};

}  // namespace wmiport::mof
