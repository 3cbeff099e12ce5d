#include "mof/bmf/schema_compare.h"

#include <bit>

#include <fmt/format.h>

#include "mof/bmf/tree_format.h"

namespace wmiport::mof::bmf {

namespace {

using Difference = std::optional<std::string>;

Difference within(std::string_view context, Difference inner) {
  if (!inner)
    return std::nullopt;
  return fmt::format("{}: {}", context, *inner);
}

bool values_equal(const Value& a, const Value& b) {
  if (a.data.index() != b.data.index())
    return false;
  if (const double* x = a.as_real())
    return std::bit_cast<std::uint64_t>(*x) == std::bit_cast<std::uint64_t>(*b.as_real());  // NaN-safe
  if (const Value::Array* x = a.as_array()) {
    const Value::Array& y = *b.as_array();
    if (x->size() != y.size())
      return false;
    for (std::size_t i = 0; i < x->size(); ++i) {
      if (!values_equal((*x)[i], y[i]))
        return false;
    }
    return true;
  }
  if (a.is_null())
    return true;
  if (const bool* x = a.as_bool())
    return *x == *b.as_bool();
  if (const std::int64_t* x = a.as_integer())
    return *x == *b.as_integer();
  if (const std::string* x = a.as_string())
    return *x == *b.as_string();
  if (const auto* x = std::get_if<Value::Alias>(&a.data))
    return x->name == std::get<Value::Alias>(b.data).name;
  return false;  // embedded instances: BMF cannot hold them, so they never compare equal
}

std::string describe(const Value& v) {
  if (v.is_null())
    return "null";
  if (const bool* b = v.as_bool())
    return *b ? "true" : "false";
  if (const std::int64_t* i = v.as_integer())
    return std::to_string(*i);
  if (const double* d = v.as_real())
    return fmt::format("{}", *d);
  if (const std::string* s = v.as_string())
    return fmt::format("\"{}\"", *s);
  if (const Value::Array* a = v.as_array())
    return fmt::format("array of {}", a->size());
  return "(other)";
}

bool implied(std::string_view name) {
  for (std::string_view n : {"MAX", "ID", "in", "out", "CIMTYPE"}) {
    if (equals_ignore_case(name, n))
      return true;
  }
  return false;
}

Difference compare(const QualifierList& a, const QualifierList& b, const CompareOptions& options) {
  auto kept = [&](const QualifierList& list) {
    std::vector<const Qualifier*> out;
    for (const Qualifier& q : list.items) {
      if (!(options.ignore_implied_qualifiers && implied(q.name)))
        out.push_back(&q);
    }
    return out;
  };
  const auto x = kept(a), y = kept(b);
  if (x.size() != y.size())
    return fmt::format("{} qualifiers != {}", x.size(), y.size());
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (x[i]->name != y[i]->name)
      return fmt::format("qualifier #{}: name {} != {}", i, x[i]->name, y[i]->name);
    if (!values_equal(x[i]->value, y[i]->value))
      return fmt::format("qualifier {}: value {} != {}", x[i]->name, describe(x[i]->value), describe(y[i]->value));
    if ((x[i]->flavors & kStoredFlavorBits) != (y[i]->flavors & kStoredFlavorBits))
      return fmt::format("qualifier {}: flavors 0x{:X} != 0x{:X}", x[i]->name, x[i]->flavors & kStoredFlavorBits,
                         y[i]->flavors & kStoredFlavorBits);
  }
  return std::nullopt;
}

Difference compare(const Property& a, const Property& b, bool parameter, const CompareOptions& options) {
  if (a.name != b.name)
    return fmt::format("name {} != {}", a.name, b.name);
  if (a.type.type != b.type.type || a.type.class_name != b.type.class_name)
    return fmt::format("type {} != {}", to_string(a.type.type, a.type.class_name),
                       to_string(b.type.type, b.type.class_name));
  if (a.is_array != b.is_array || a.fixed_count != b.fixed_count)
    return fmt::format("array shape differs (array {} / {}, count {} / {})", a.is_array, b.is_array,
                       a.fixed_count.value_or(0), b.fixed_count.value_or(0));
  if (a.default_value.has_value() != b.default_value.has_value() ||
      (a.default_value && !values_equal(*a.default_value, *b.default_value)))
    return "default value differs";
  if (parameter && (a.in != b.in || a.out != b.out || a.id != b.id))
    return fmt::format("in/out/id {}/{}/{} != {}/{}/{}", a.in, a.out, a.id, b.in, b.out, b.id);
  return compare(a.qualifiers, b.qualifiers, options);
}

Difference compare(const Method& a, const Method& b, const CompareOptions& options) {
  if (a.name != b.name)
    return fmt::format("name {} != {}", a.name, b.name);
  if (a.returns_void != b.returns_void)
    return "return type differs";
  if (a.parameters.size() != b.parameters.size())
    return fmt::format("{} parameters != {}", a.parameters.size(), b.parameters.size());
  for (std::size_t i = 0; i < a.parameters.size(); ++i) {
    if (auto d = compare(a.parameters[i], b.parameters[i], true, options))
      return within(fmt::format("parameter {}", a.parameters[i].name), d);
  }
  return compare(a.qualifiers, b.qualifiers, options);
}

Difference compare(const Class& a, const Class& b, const CompareOptions& options) {
  if (a.name != b.name || a.superclass != b.superclass || a.name_space != b.name_space ||
      a.class_flags != b.class_flags)
    return fmt::format("header {} : {} [{}] flags {} != {} : {} [{}] flags {}", a.name, a.superclass, a.name_space,
                       a.class_flags, b.name, b.superclass, b.name_space, b.class_flags);
  if (auto d = compare(a.qualifiers, b.qualifiers, options))
    return d;
  if (a.properties.size() != b.properties.size())
    return fmt::format("{} properties != {}", a.properties.size(), b.properties.size());
  for (std::size_t i = 0; i < a.properties.size(); ++i) {
    if (auto d = compare(a.properties[i], b.properties[i], false, options))
      return within(fmt::format("property {}", a.properties[i].name), d);
  }
  if (a.methods.size() != b.methods.size())
    return fmt::format("{} methods != {}", a.methods.size(), b.methods.size());
  for (std::size_t i = 0; i < a.methods.size(); ++i) {
    if (auto d = compare(a.methods[i], b.methods[i], options))
      return within(fmt::format("method {}", a.methods[i].name), d);
  }
  return std::nullopt;
}

Difference compare(const Instance& a, const Instance& b, const CompareOptions& options) {
  if (a.class_name != b.class_name || a.name_space != b.name_space)
    return fmt::format("instance of {} [{}] != instance of {} [{}]", a.class_name, a.name_space, b.class_name,
                       b.name_space);
  if (a.properties.size() != b.properties.size())
    return fmt::format("{} property values != {}", a.properties.size(), b.properties.size());
  for (std::size_t i = 0; i < a.properties.size(); ++i) {
    if (a.properties[i].first != b.properties[i].first || !values_equal(a.properties[i].second, b.properties[i].second))
      return fmt::format("property value {} differs", a.properties[i].first);
  }
  return compare(a.qualifiers, b.qualifiers, options);
}

template <typename T>
Difference compare_lists(std::string_view what, const std::vector<T>& a, const std::vector<T>& b,
                         const CompareOptions& options) {
  if (a.size() != b.size())
    return fmt::format("{} {} != {}", a.size(), what, b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (auto d = compare(a[i], b[i], options))
      return within(fmt::format("{} #{}", what, i), d);
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> schema_difference(const Schema& a, const Schema& b, const CompareOptions& options) {
  if (auto d = compare_lists("classes", a.classes(), b.classes(), options))
    return d;
  if (auto d = compare_lists("instances", a.instances(), b.instances(), options))
    return d;
  return compare_lists("amendments", a.amendments(), b.amendments(), options);
}

}  // namespace wmiport::mof::bmf
