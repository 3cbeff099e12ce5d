// MOF names compare ignoring ASCII case. These helpers give constant-time lookups by name, so that a class with a
// huge number of properties (hostile input) cannot make duplicate detection quadratic.
#pragma once

#include <string>
#include <string_view>
#include <unordered_map>

#include "mof/schema/schema.h"

namespace wmiport::mof::syntax {

// The lookup key of a name: its ASCII lower-case form.
std::string name_key(std::string_view name);

// The names declared in one scope (a class's properties, its methods, a method's parameters) and where.
class NameIndex {
 public:
  // Where `name` was declared, or nullptr.
  const SourceLocation* find(std::string_view name) const;
  void add(std::string_view name, const SourceLocation& where) { names_.emplace(name_key(name), where); }

 private:
  std::unordered_map<std::string, SourceLocation> names_;
};

}  // namespace wmiport::mof::syntax
