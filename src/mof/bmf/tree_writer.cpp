#include "mof/bmf/tree_writer.h"

#include <algorithm>
#include <limits>

#include <fmt/format.h>

#include "common/utf16.h"
#include "mof/bmf/tree_format.h"
#include "mof/bmf/value_codec.h"

namespace wmiport::mof::bmf {

namespace {

Error too_large(std::string_view what) {
  return Error(ntstatus::invalid_parameter, fmt::format("BMF encoder: {} is larger than 4 GiB", what));
}

class TreeWriter {
 public:
  Result<std::vector<std::uint8_t>> write(const Schema& schema) {
    out_.reserve(4096);  // also keeps GCC 12 -O3 from a false -Wstringop-overflow on the first insert
    out_.insert(out_.end(), {'F', 'O', 'M', 'B'});
    const std::size_t object_part_end = reserve_u32();
    append_u32(1);
    append_u32(1);
    const std::size_t total = schema.classes().size() + schema.instances().size() + schema.amendments().size();
    if (total > std::numeric_limits<std::uint32_t>::max())
      return too_large("the object count");
    append_u32(static_cast<std::uint32_t>(total));
    for (const Class& cls : schema.classes())
      WMIPORT_TRY(class_object(cls));
    for (const Instance& instance : schema.instances())
      WMIPORT_TRY(instance_object(instance));
    for (const Class& cls : schema.amendments())
      WMIPORT_TRY(class_object(cls));
    WMIPORT_TRY(patch_size(object_part_end, 0, "the object part"));
    if (!flavors_.empty()) {
      out_.insert(out_.end(), kFlavorTrailerMagic.begin(), kFlavorTrailerMagic.end());
      append_u32(static_cast<std::uint32_t>(flavors_.size()));
      for (auto [offset, bits] : flavors_) {
        append_u32(offset);
        append_u32(bits);
      }
    }
    if (out_.size() > std::numeric_limits<std::uint32_t>::max())
      return too_large("the tree");
    return std::move(out_);
  }

 private:
  void append_u32(std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
      out_.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
  }
  std::size_t reserve_u32() {
    append_u32(0);
    return out_.size() - 4;
  }
  // Stores out_.size() - start at `at`: the size of what was written since `start`.
  Status patch_size(std::size_t at, std::size_t start, std::string_view what) {
    const std::size_t size = out_.size() - start;
    if (size > std::numeric_limits<std::uint32_t>::max())
      return too_large(what);
    store_u32(out_, at, static_cast<std::uint32_t>(size));
    return ok_status();
  }

  // Appends the NUL-terminated UTF-16LE name and returns its byte length.
  Result<std::uint32_t> name(std::string_view text) {
    const std::size_t start = out_.size();
    WMIPORT_TRY(write_value(out_, Value{std::string(text)}, kString, "name"));
    return static_cast<std::uint32_t>(out_.size() - start);
  }

  Status qualifier(const Qualifier& q) {
    const std::size_t start = out_.size();
    WMIPORT_ASSIGN_OR_RETURN(std::uint32_t vartype, vartype_of(q.value, fmt::format("qualifier {}", q.name)));
    const std::size_t length = reserve_u32();
    append_u32(vartype);
    append_u32(0);
    const std::size_t name_length = reserve_u32();
    WMIPORT_ASSIGN_OR_RETURN(std::uint32_t written, name(q.name));
    store_u32(out_, name_length, written);
    WMIPORT_TRY(write_value(out_, q.value, vartype, fmt::format("qualifier {}", q.name)));
    if (const std::uint32_t bits = q.flavors & kStoredFlavorBits; bits != 0)
      flavors_.emplace_back(static_cast<std::uint32_t>(start), bits);
    return patch_size(length, start, "a qualifier");
  }

  // `forced` qualifiers come first and replace any same-named ones in `list` (what the model keeps in fields wins:
  // CIMTYPE, and a parameter's ID and direction); `implied` ones are added only when `list` lacks them (MAX).
  Status qualifier_set(const QualifierList& list, const std::vector<Qualifier>& forced = {},
                       const std::vector<Qualifier>& implied = {}, const std::vector<std::string_view>& replaced = {}) {
    const std::size_t start = out_.size();
    const std::size_t size = reserve_u32();
    const std::size_t count_at = reserve_u32();
    std::uint32_t count = 0;
    for (const Qualifier& q : forced) {
      WMIPORT_TRY(qualifier(q));
      ++count;
    }
    for (const Qualifier& q : implied) {
      if (!list.has(q.name)) {
        WMIPORT_TRY(qualifier(q));
        ++count;
      }
    }
    for (const Qualifier& q : list.items) {
      if (std::any_of(replaced.begin(), replaced.end(),
                      [&](std::string_view r) { return equals_ignore_case(r, q.name); }))
        continue;
      WMIPORT_TRY(qualifier(q));
      ++count;
    }
    store_u32(out_, count_at, count);
    return patch_size(size, start, "a qualifier set");
  }

  static std::uint32_t type_code(const Property& p) {
    return cim_type_code(p.type.type) | (p.is_array ? std::uint32_t{kArrayFlag} : 0u);
  }

  static Qualifier implied(std::string name, Value value) {
    return Qualifier{std::move(name), std::move(value), 0, {}};
  }

  // A property record; `value` null means no value (A = 0xFFFFFFFF). The qualifier set always follows.
  Status property_record(std::string_view property_name, std::uint32_t type, const Value* value,
                         const QualifierList& qualifiers, const std::vector<Qualifier>& forced = {},
                         const std::vector<Qualifier>& implied_qualifiers = {},
                         const std::vector<std::string_view>& replaced = {}) {
    const std::size_t start = out_.size();
    const std::size_t length = reserve_u32();
    append_u32(type);
    append_u32(0);
    const std::size_t a = reserve_u32();
    const std::size_t b = reserve_u32();
    WMIPORT_ASSIGN_OR_RETURN(std::uint32_t name_length, name(property_name));
    if (value) {
      WMIPORT_TRY(write_value(out_, *value, type, fmt::format("value of {}", property_name)));
      store_u32(out_, a, name_length);
      WMIPORT_TRY(patch_size(b, start + kRecordHeaderSize, "a property value"));
    } else {
      store_u32(out_, a, kAbsent);
      store_u32(out_, b, name_length);
    }
    WMIPORT_TRY(qualifier_set(qualifiers, forced, implied_qualifiers, replaced));
    return patch_size(length, start, "a property");
  }

  Status property(const Property& p, bool parameter) {
    std::vector<Qualifier> forced{implied("CIMTYPE", Value{to_string(p.type.type, p.type.class_name)})};
    std::vector<std::string_view> replaced{"CIMTYPE"};
    if (parameter) {
      forced.push_back(implied("ID", Value{std::int64_t{p.id}}));
      if (p.in)
        forced.push_back(implied("in", Value{true}));
      if (p.out)
        forced.push_back(implied("out", Value{true}));
      replaced.insert(replaced.end(), {"ID", "in", "out"});
    }
    std::vector<Qualifier> extra;
    if (p.fixed_count)
      extra.push_back(implied("MAX", Value{std::int64_t{*p.fixed_count}}));
    const Value* value = p.default_value ? &*p.default_value : nullptr;
    return property_record(p.name, type_code(p), value, p.qualifiers, forced, extra, replaced);
  }

  // System property: A = name length, B = 0xFFFFFFFF, the value runs to the end of the record.
  Status system_property(std::string_view property_name, const Value& value, std::uint32_t type) {
    const std::size_t start = out_.size();
    const std::size_t length = reserve_u32();
    append_u32(type);
    append_u32(0);
    const std::size_t a = reserve_u32();
    append_u32(kAbsent);
    WMIPORT_ASSIGN_OR_RETURN(std::uint32_t name_length, name(property_name));
    store_u32(out_, a, name_length);
    WMIPORT_TRY(write_value(out_, value, type, property_name));
    return patch_size(length, start, "a system property");
  }

  struct ObjectHeader {
    std::size_t start, length, qualifier_set_size, class_data_length;
  };
  ObjectHeader begin_object(std::uint32_t field1, std::uint32_t kind) {
    ObjectHeader h{out_.size(), 0, 0, 0};
    h.length = reserve_u32();
    append_u32(field1);
    h.qualifier_set_size = reserve_u32();
    h.class_data_length = reserve_u32();
    append_u32(kind);
    return h;
  }

  Status class_object(const Class& cls) {
    const ObjectHeader h = begin_object(0, kKindClass);
    const std::size_t class_data = out_.size();
    WMIPORT_TRY(qualifier_set(cls.qualifiers));
    WMIPORT_TRY(patch_size(h.qualifier_set_size, class_data, "a qualifier set"));
    const std::size_t property_set = out_.size();
    const std::size_t size = reserve_u32();
    append_u32(static_cast<std::uint32_t>(cls.properties.size()));
    for (const Property& p : cls.properties)
      WMIPORT_TRY(property(p, false));
    WMIPORT_TRY(system_property("__CLASS", Value{cls.name}, kString));
    if (!cls.superclass.empty())
      WMIPORT_TRY(system_property("__SUPERCLASS", Value{cls.superclass}, kString));
    if (!cls.name_space.empty())
      WMIPORT_TRY(system_property("__NAMESPACE", Value{cls.name_space}, kString));
    if (cls.class_flags < std::numeric_limits<std::int32_t>::min() ||
        cls.class_flags > std::numeric_limits<std::int32_t>::max())
      return Error(ntstatus::invalid_parameter,
                   fmt::format("BMF encoder: class {}: class flags {} do not fit sint32", cls.name, cls.class_flags));
    WMIPORT_TRY(system_property("__CLASSFLAGS", Value{cls.class_flags}, kSint32));
    WMIPORT_TRY(patch_size(size, property_set, "a property set"));
    WMIPORT_TRY(patch_size(h.class_data_length, class_data, "class data"));
    const std::size_t method_set = out_.size();
    const std::size_t method_set_size = reserve_u32();
    append_u32(static_cast<std::uint32_t>(cls.methods.size()));
    for (const Method& m : cls.methods)
      WMIPORT_TRY(method(m));
    WMIPORT_TRY(patch_size(method_set_size, method_set, "a method set"));
    return patch_size(h.length, h.start, "an object");
  }

  Status instance_object(const Instance& instance) {
    const ObjectHeader h = begin_object(0, kKindInstance);
    const std::size_t class_data = out_.size();
    WMIPORT_TRY(qualifier_set(instance.qualifiers));
    WMIPORT_TRY(patch_size(h.qualifier_set_size, class_data, "a qualifier set"));
    const std::size_t property_set = out_.size();
    const std::size_t size = reserve_u32();
    append_u32(static_cast<std::uint32_t>(instance.properties.size()));
    for (const auto& [property_name, value] : instance.properties) {
      WMIPORT_ASSIGN_OR_RETURN(std::uint32_t type, vartype_of(value, property_name));
      if (type == kNull)
        WMIPORT_TRY(property_record(property_name, kString, nullptr, {}, {}));
      else
        WMIPORT_TRY(property_record(property_name, type, &value, {}, {}));
    }
    WMIPORT_TRY(system_property("__CLASS", Value{instance.class_name}, kString));
    if (!instance.name_space.empty())
      WMIPORT_TRY(system_property("__NAMESPACE", Value{instance.name_space}, kString));
    WMIPORT_TRY(patch_size(size, property_set, "a property set"));
    WMIPORT_TRY(patch_size(h.class_data_length, class_data, "class data"));
    return patch_size(h.length, h.start, "an object");
  }

  // One __PARAMETERS object: no qualifier set, the parameters of one direction, no method set.
  Status parameters_object(const Method& m, bool in) {
    const ObjectHeader h = begin_object(kParameterObjectMarker, kKindInstance);
    const std::size_t class_data = out_.size();
    const std::size_t size = reserve_u32();
    const std::size_t count_at = reserve_u32();
    std::uint32_t count = 0;
    for (const Property& p : m.parameters) {
      if (in ? p.in : p.out) {
        WMIPORT_TRY(property(p, true));
        ++count;
      }
    }
    store_u32(out_, count_at, count);
    WMIPORT_TRY(system_property("__CLASS", Value{std::string(kParametersClass)}, kString));
    WMIPORT_TRY(patch_size(size, class_data, "a property set"));
    WMIPORT_TRY(patch_size(h.class_data_length, class_data, "class data"));
    return patch_size(h.length, h.start, "an object");
  }

  Status method(const Method& m) {
    bool any_in = false, any_out = false;
    for (const Property& p : m.parameters) {
      any_in = any_in || p.in;
      any_out = any_out || p.out;
    }
    const bool has_parameters = any_in || any_out;
    const std::size_t start = out_.size();
    const std::size_t length = reserve_u32();
    append_u32(has_parameters ? kObject | kArrayFlag : 0u);
    append_u32(0);
    const std::size_t a = reserve_u32();
    const std::size_t b = reserve_u32();
    WMIPORT_ASSIGN_OR_RETURN(std::uint32_t name_length, name(m.name));
    if (has_parameters) {
      store_u32(out_, a, name_length);
      const std::size_t blob = out_.size();
      const std::size_t blob_size = reserve_u32();
      append_u32(1);
      append_u32((any_in ? 1u : 0u) + (any_out ? 1u : 0u));
      const std::size_t objects_length = reserve_u32();
      const std::size_t objects = out_.size();
      if (any_in)
        WMIPORT_TRY(parameters_object(m, true));
      if (any_out)
        WMIPORT_TRY(parameters_object(m, false));
      WMIPORT_TRY(patch_size(objects_length, objects, "parameter objects"));
      WMIPORT_TRY(patch_size(blob_size, blob, "a parameter blob"));
      WMIPORT_TRY(patch_size(b, start + kRecordHeaderSize, "a method's parameters"));
    } else {
      store_u32(out_, a, kAbsent);
      store_u32(out_, b, name_length);
    }
    WMIPORT_TRY(qualifier_set(m.qualifiers));
    return patch_size(length, start, "a method");
  }

  std::vector<std::uint8_t> out_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> flavors_;
};

}  // namespace

Result<std::vector<std::uint8_t>> write_tree(const Schema& schema) {
  return TreeWriter().write(schema);
}

}  // namespace wmiport::mof::bmf
