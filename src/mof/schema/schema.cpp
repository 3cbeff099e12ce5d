#include "mof/schema/schema.h"

#include <algorithm>
#include <unordered_set>

#include <fmt/format.h>

namespace wmiport::mof {

namespace {

// MOF names compare ignoring ASCII case (the program never changes the C locale, in which std::tolower is this);
// inline ASCII keeps name lookups off the locale machinery.
char ascii_lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = ascii_lower(c);
  return out;
}

std::optional<std::uint32_t> as_u32(std::optional<std::int64_t> v) {
  if (!v || *v < 0 || *v > 0xFFFFFFFFll)
    return std::nullopt;
  return static_cast<std::uint32_t>(*v);
}

}  // namespace

std::string to_string(const SourceLocation& where) {
  return fmt::format("{}:{}:{}", where.file, where.line, where.column);
}

std::string to_string(const Diagnostic& d) {
  return fmt::format("{}: {}: {}{}", to_string(d.where),
                     d.severity == Diagnostic::Severity::error ? "error" : "warning", d.message,
                     d.rule.empty() ? "" : fmt::format(" [{}]", d.rule));
}

bool equals_ignore_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() &&
         std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return ascii_lower(x) == ascii_lower(y); });
}

const Qualifier* QualifierList::find(std::string_view name) const {
  for (const auto& q : items) {
    if (equals_ignore_case(q.name, name))
      return &q;
  }
  return nullptr;
}

bool QualifierList::flag(std::string_view name) const {
  const Qualifier* q = find(name);
  if (!q)
    return false;
  if (q->value.is_null())
    return true;
  if (const bool* b = q->value.as_bool())
    return *b;
  return true;
}

std::optional<std::int64_t> QualifierList::integer(std::string_view name) const {
  const Qualifier* q = find(name);
  if (!q)
    return std::nullopt;
  if (const auto* i = q->value.as_integer())
    return *i;
  return std::nullopt;
}

std::optional<std::string> QualifierList::string(std::string_view name) const {
  const Qualifier* q = find(name);
  if (!q)
    return std::nullopt;
  if (const auto* s = q->value.as_string())
    return *s;
  return std::nullopt;
}

void QualifierList::set(Qualifier qualifier) {
  for (auto& q : items) {
    if (equals_ignore_case(q.name, qualifier.name)) {
      q = std::move(qualifier);
      return;
    }
  }
  items.push_back(std::move(qualifier));
}

std::string to_string(CimType type, std::string_view class_name) {
  switch (type) {
    case CimType::boolean:
      return "boolean";
    case CimType::sint8:
      return "sint8";
    case CimType::uint8:
      return "uint8";
    case CimType::sint16:
      return "sint16";
    case CimType::uint16:
      return "uint16";
    case CimType::sint32:
      return "sint32";
    case CimType::uint32:
      return "uint32";
    case CimType::sint64:
      return "sint64";
    case CimType::uint64:
      return "uint64";
    case CimType::real32:
      return "real32";
    case CimType::real64:
      return "real64";
    case CimType::char16:
      return "char16";
    case CimType::string:
      return "string";
    case CimType::datetime:
      return "datetime";
    case CimType::object:
      return class_name.empty() ? "object" : fmt::format("object:{}", class_name);
    case CimType::reference:
      return fmt::format("ref:{}", class_name);
  }
  return "unknown";
}

bool is_integer_type(CimType type) {
  switch (type) {
    case CimType::sint8:
    case CimType::uint8:
    case CimType::sint16:
    case CimType::uint16:
    case CimType::sint32:
    case CimType::uint32:
    case CimType::sint64:
    case CimType::uint64:
      return true;
    default:
      return false;
  }
}

std::optional<std::uint32_t> Property::data_id() const {
  return as_u32(qualifiers.integer("WmiDataId"));
}
std::optional<std::string> Property::size_is() const {
  return qualifiers.string("WmiSizeIs");
}
std::optional<std::uint32_t> Property::max_len() const {
  return as_u32(qualifiers.integer("MaxLen"));
}
std::optional<std::uint32_t> Method::method_id() const {
  return as_u32(qualifiers.integer("WmiMethodId"));
}

std::optional<Guid> Class::guid() const {
  auto text = qualifiers.string("guid");
  if (!text)
    return std::nullopt;
  auto parsed = Guid::parse(*text);
  if (!parsed.ok())
    return std::nullopt;
  return parsed.value();
}

const Property* Class::find_property(std::string_view name) const {
  for (const auto& p : properties) {
    if (equals_ignore_case(p.name, name))
      return &p;
  }
  return nullptr;
}

const Method* Class::find_method(std::string_view name) const {
  for (const auto& m : methods) {
    if (equals_ignore_case(m.name, name))
      return &m;
  }
  return nullptr;
}

const Class* Schema::find_class(std::string_view name) const {
  auto it = index_.find(lower(name));
  return it == index_.end() ? nullptr : &classes_[it->second];
}

const Class* Schema::find_class_by_guid(const Guid& guid) const {
  for (const auto& c : classes_) {
    if (auto g = c.guid(); g && *g == guid)
      return &c;
  }
  return nullptr;
}

std::vector<const Class*> Schema::lineage(const Class& cls) const {
  std::vector<const Class*> chain{&cls};
  std::unordered_set<const Class*> seen{&cls};
  const Class* current = &cls;
  while (!current->superclass.empty()) {
    const Class* parent = find_class(current->superclass);
    if (!parent || !seen.insert(parent).second)
      break;
    chain.push_back(parent);
    current = parent;
  }
  return chain;
}

bool Schema::is_event_class(const Class& cls) const {
  for (const Class* c : lineage(cls)) {
    if (equals_ignore_case(c->superclass, "WMIEvent") || equals_ignore_case(c->superclass, "__ExtrinsicEvent"))
      return true;
  }
  return false;
}

Class& Schema::add_class(Class cls) {
  const std::string key = lower(cls.name);
  if (auto it = index_.find(key); it != index_.end()) {
    classes_[it->second] = std::move(cls);
    return classes_[it->second];
  }
  index_.emplace(key, classes_.size());
  classes_.push_back(std::move(cls));
  return classes_.back();
}

bool Schema::remove_class(std::string_view name) {
  auto it = index_.find(lower(name));
  if (it == index_.end())
    return false;
  classes_.erase(classes_.begin() + static_cast<std::ptrdiff_t>(it->second));
  // Positions after the removed class shift down by one; rebuilding keeps the index simple and correct.
  index_.clear();
  for (std::size_t i = 0; i < classes_.size(); ++i)
    index_.emplace(lower(classes_[i].name), i);
  return true;
}

void Schema::merge(Schema other) {
  for (auto& c : other.classes_)
    add_class(std::move(c));
  for (auto& a : other.amendments_)
    amendments_.push_back(std::move(a));
  for (auto& i : other.instances_)
    instances_.push_back(std::move(i));
}

}  // namespace wmiport::mof
