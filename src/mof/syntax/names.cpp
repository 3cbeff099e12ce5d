#include "mof/syntax/names.h"

namespace wmiport::mof::syntax {

std::string name_key(std::string_view name) {
  std::string key(name);
  for (char& c : key) {
    if (c >= 'A' && c <= 'Z')
      c = static_cast<char>(c - 'A' + 'a');
  }
  return key;
}

const SourceLocation* NameIndex::find(std::string_view name) const {
  auto it = names_.find(name_key(name));
  return it == names_.end() ? nullptr : &it->second;
}

}  // namespace wmiport::mof::syntax
