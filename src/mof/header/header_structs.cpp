#include "mof/header/header_structs.h"

#include <algorithm>

#include <fmt/format.h>

namespace wmiport::mof {

namespace {

void sort_and_spell(const Schema& schema, HeaderStruct& s, const HeaderOptions& options) {
  // WmiDataId / ID order: the only layout-correct order (docs/decisions.md), stable for duplicates.
  std::stable_sort(s.members.begin(), s.members.end(),
                   [](const HeaderMember& a, const HeaderMember& b) { return a.id < b.id; });
  bool after_variable = false;
  s.every_member_sized = !s.members.empty();
  for (HeaderMember& m : s.members) {
    m.c = header_detail::c_member(schema, *m.property, options.maxlen_strings);
    m.commented = after_variable;
    if (m.commented || !m.c.size)
      s.every_member_sized = false;
    after_variable = after_variable || m.c.variable;
  }
}

}  // namespace

bool header_includes_class(const Class& cls) {
  if (!cls.is_wmi() || !cls.guid() || cls.is_amendment())
    return false;
  const Qualifier* generate = cls.qualifiers.find("WmiGenerateHeader");
  if (!generate)
    return true;
  if (const bool* b = generate->value.as_bool())
    return *b;
  if (const std::int64_t* i = generate->value.as_integer())
    return *i != 0;
  return true;
}

HeaderStruct header_data_struct(const Schema& schema, const Class& cls, const HeaderOptions& options) {
  HeaderStruct s;
  s.name = header_detail::struct_name(cls);
  const auto lineage = schema.lineage(cls);
  for (auto c = lineage.rbegin(); c != lineage.rend(); ++c) {
    for (const Property& p : (*c)->properties) {
      if (auto id = p.data_id())
        s.members.push_back(HeaderMember{&p, *id, {}, false});
    }
  }
  sort_and_spell(schema, s, options);
  return s;
}

HeaderStruct header_method_struct(const Schema& schema, const Method& method, bool in, const HeaderOptions& options) {
  HeaderStruct s;
  s.name = fmt::format("{}_{}", method.name, in ? "IN" : "OUT");
  s.method = &method;
  s.in = in;
  for (const Property& p : method.parameters) {
    if (in ? p.in : p.out)
      s.members.push_back(HeaderMember{&p, p.id + 1, {}, false});
  }
  sort_and_spell(schema, s, options);
  return s;
}

}  // namespace wmiport::mof
