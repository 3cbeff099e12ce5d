#include "mof/bmf/tree_reader.h"

#include <algorithm>
#include <unordered_map>

#include <fmt/format.h>

#include "common/utf16.h"
#include "mof/bmf/tree_format.h"
#include "mof/bmf/value_codec.h"

namespace wmiport::mof::bmf {

namespace {

// Parameter objects sit one level below a class; anything deeper is refused (it would only be a way to recurse).
constexpr int kMaxObjectDepth = 1;

struct RawProperty {
  std::size_t offset = 0;
  std::string name;
  std::uint32_t type = 0;
  std::optional<Value> value;
  QualifierList qualifiers;
};

struct RawObject;

struct RawMethod {
  std::size_t offset = 0;
  std::string name;
  QualifierList qualifiers;
  std::vector<RawObject> parameter_objects;
};

struct RawObject {
  std::size_t offset = 0;
  std::uint32_t kind = 0;
  QualifierList qualifiers;
  std::vector<RawProperty> properties;
  std::vector<RawProperty> system_properties;
  std::vector<RawMethod> methods;

  const Value* system(std::string_view name) const {
    for (const auto& p : system_properties) {
      if (equals_ignore_case(p.name, name) && p.value)
        return &*p.value;
    }
    return nullptr;
  }
};

// The common header of property and method records: where the name, the value and the qualifier set are.
struct RecordLayout {
  std::size_t end = 0;
  std::uint32_t type = 0;
  std::string name;
  bool has_value = false;
  std::size_t value_begin = 0, value_end = 0;
  std::optional<std::size_t> qualifier_set;
};

Error tree_error(std::size_t offset, std::string_view message) {
  return Error(ntstatus::invalid_parameter, fmt::format("BMF tree at offset 0x{:X}: {}", offset, message));
}

class TreeReader {
 public:
  explicit TreeReader(Bytes tree) : data_(tree) {}

  Result<Schema> read() {
    if (data_.size() < kTreeHeaderSize)
      return tree_error(0, fmt::format("{} bytes, too short for the 20-byte tree header", data_.size()));
    if (load_u32(data_, 0) != 0x424D4F46)
      return tree_error(0, fmt::format("magic is 0x{:08X}, expected 0x424D4F46 (\"FOMB\")", load_u32(data_, 0)));
    const std::uint32_t object_part_end = load_u32(data_, 4);
    if (object_part_end < kTreeHeaderSize || object_part_end > data_.size())
      return tree_error(4, fmt::format("object-part size {} is outside [20, {}]", object_part_end, data_.size()));
    if (object_part_end < data_.size())
      WMIPORT_TRY(read_flavor_trailer(object_part_end));
    const std::uint32_t count = load_u32(data_, 16);
    WMIPORT_TRY(check_count(16, count, object_part_end - kTreeHeaderSize, kObjectHeaderSize, "object count"));
    Schema schema;
    std::size_t at = kTreeHeaderSize;
    for (std::uint32_t i = 0; i < count; ++i) {
      WMIPORT_ASSIGN_OR_RETURN(RawObject object, read_object(at, object_part_end, 0));
      at += load_u32(data_, at);
      WMIPORT_TRY(add_to_schema(schema, std::move(object)));
    }
    return schema;
  }

 private:
  Status check_count(std::size_t field_offset, std::uint32_t count, std::size_t bytes, std::size_t min_record,
                     std::string_view field) const {
    if (count > bytes / min_record)
      return tree_error(field_offset,
                        fmt::format("{} {} is too large for the {} bytes that follow", field, count, bytes));
    return ok_status();
  }

  Status read_flavor_trailer(std::size_t at) {
    const std::size_t magic_size = kFlavorTrailerMagic.size();
    if (!range_fits(at, magic_size + 4, data_.size()))
      return tree_error(at, "bytes after the object part are too short for the BMOFQUALFLAVOR11 trailer");
    if (!std::equal(kFlavorTrailerMagic.begin(), kFlavorTrailerMagic.end(), data_.begin() + at))
      return tree_error(at, "bytes after the object part do not start with \"BMOFQUALFLAVOR11\"");
    const std::uint32_t count = load_u32(data_, at + magic_size);
    const std::size_t entries = at + magic_size + 4;
    WMIPORT_TRY(check_count(at + magic_size, count, data_.size() - entries, 8, "flavor count"));
    for (std::uint32_t i = 0; i < count; ++i)
      flavors_[load_u32(data_, entries + 8 * i)] = load_u32(data_, entries + 8 * i + 4);
    return ok_status();
  }

  Result<std::string> read_name(std::size_t begin, std::size_t end) const {
    std::u16string units;
    for (std::size_t at = begin; range_fits(at, 2, end); at += 2) {
      const std::uint16_t unit = load_u16(data_, at);
      if (unit == 0)
        return utf16_to_utf8(units);
      units.push_back(static_cast<char16_t>(unit));
    }
    return tree_error(begin, "name has no terminating NUL within its length");
  }

  // A u32 size at `at` that must be at least `minimum` and fit before `end`; returns the end of the sized part.
  Result<std::size_t> sized_part(std::size_t at, std::size_t end, std::uint32_t minimum, std::string_view what) const {
    if (!range_fits(at, 4, end))
      return tree_error(at, fmt::format("{} size runs past the end of its container at 0x{:X}", what, end));
    const std::uint32_t size = load_u32(data_, at);
    if (size < minimum || !range_fits(at, size, end))
      return tree_error(at, fmt::format("{} size {} does not fit [{}, {}]", what, size, minimum, end - at));
    return at + size;
  }

  Result<QualifierList> read_qualifier_set(std::size_t at, std::size_t end) const {
    WMIPORT_ASSIGN_OR_RETURN(std::size_t set_end, sized_part(at, end, kSetHeaderSize, "qualifier set"));
    const std::uint32_t count = load_u32(data_, at + 4);
    WMIPORT_TRY(check_count(at + 4, count, set_end - at - kSetHeaderSize, kQualifierHeaderSize, "qualifier count"));
    QualifierList list;
    std::size_t record = at + kSetHeaderSize;
    for (std::uint32_t i = 0; i < count; ++i) {
      WMIPORT_ASSIGN_OR_RETURN(std::size_t record_end,
                               sized_part(record, set_end, kQualifierHeaderSize, "qualifier record"));
      const std::uint32_t vartype = load_u32(data_, record + 4);
      const std::uint32_t name_length = load_u32(data_, record + 12);
      const std::size_t name_begin = record + kQualifierHeaderSize;
      if (!range_fits(name_begin, name_length, record_end))
        return tree_error(record + 12, fmt::format("qualifier name length {} runs past its record", name_length));
      Qualifier q;
      WMIPORT_ASSIGN_OR_RETURN(q.name, read_name(name_begin, name_begin + name_length));
      WMIPORT_ASSIGN_OR_RETURN(q.value, read_value(data_, name_begin + name_length, record_end, vartype,
                                                   fmt::format("value of qualifier {}", q.name)));
      if (auto flavor = flavors_.find(static_cast<std::uint32_t>(record)); flavor != flavors_.end())
        q.flavors = flavor->second & kStoredFlavorBits;
      q.where = SourceLocation{"<bmf>", 0, 0};
      list.set(std::move(q));
      record = record_end;
    }
    return list;
  }

  Result<RecordLayout> read_record_layout(std::size_t at, std::size_t end, std::string_view what) const {
    RecordLayout r;
    WMIPORT_ASSIGN_OR_RETURN(r.end, sized_part(at, end, kRecordHeaderSize, what));
    r.type = load_u32(data_, at + 4);
    const std::uint32_t a = load_u32(data_, at + 12), b = load_u32(data_, at + 16);
    const std::size_t name_begin = at + kRecordHeaderSize;
    const std::uint32_t name_length = a == kAbsent ? b : a;
    if (!range_fits(name_begin, name_length, r.end))
      return tree_error(at + 12, fmt::format("{} name length {} runs past its record", what, name_length));
    WMIPORT_ASSIGN_OR_RETURN(r.name, read_name(name_begin, name_begin + name_length));
    const std::size_t after_name = name_begin + name_length;
    if (a == kAbsent) {
      r.qualifier_set = after_name;
    } else if (b == kAbsent) {
      r.has_value = true;
      r.value_begin = after_name;
      r.value_end = r.end;
    } else {
      if (b < a || !range_fits(name_begin, b, r.end))
        return tree_error(at + 16, fmt::format("{} {} name+value length {} does not fit [{}, {}]", what, r.name, b, a,
                                               r.end - name_begin));
      r.has_value = true;
      r.value_begin = after_name;
      r.value_end = name_begin + b;
      r.qualifier_set = r.value_end;
    }
    if (r.qualifier_set && *r.qualifier_set == r.end)
      r.qualifier_set.reset();  // a record may end right after its name or value
    return r;
  }

  Result<RawProperty> read_property(std::size_t at, std::size_t end) const {
    WMIPORT_ASSIGN_OR_RETURN(RecordLayout r, read_record_layout(at, end, "property record"));
    RawProperty p;
    p.offset = at;
    p.name = std::move(r.name);
    p.type = r.type;
    if (r.has_value) {
      WMIPORT_ASSIGN_OR_RETURN(
          p.value, read_value(data_, r.value_begin, r.value_end, r.type, fmt::format("value of property {}", p.name)));
    }
    if (r.qualifier_set) {
      WMIPORT_ASSIGN_OR_RETURN(p.qualifiers, read_qualifier_set(*r.qualifier_set, r.end));
    }
    return p;
  }

  Result<RawMethod> read_method(std::size_t at, std::size_t end, int depth) const {
    WMIPORT_ASSIGN_OR_RETURN(RecordLayout r, read_record_layout(at, end, "method record"));
    RawMethod m;
    m.offset = at;
    m.name = std::move(r.name);
    if (r.has_value && r.value_end > r.value_begin) {
      if (depth >= kMaxObjectDepth)
        return tree_error(at, fmt::format("method {} of a parameter object has parameters (nesting too deep)", m.name));
      const std::size_t blob = r.value_begin;
      if (!range_fits(blob, kParameterBlobHeaderSize, r.value_end))
        return tree_error(blob, fmt::format("parameter blob of method {} is shorter than its 16-byte header", m.name));
      const std::uint32_t count = load_u32(data_, blob + 8);
      const std::size_t objects = blob + kParameterBlobHeaderSize;
      WMIPORT_TRY(check_count(blob + 8, count, r.value_end - objects, kObjectHeaderSize, "parameter object count"));
      std::size_t object = objects;
      for (std::uint32_t i = 0; i < count; ++i) {
        WMIPORT_ASSIGN_OR_RETURN(RawObject o, read_object(object, r.value_end, depth + 1));
        object += load_u32(data_, object);
        m.parameter_objects.push_back(std::move(o));
      }
    }
    if (r.qualifier_set) {
      WMIPORT_ASSIGN_OR_RETURN(m.qualifiers, read_qualifier_set(*r.qualifier_set, r.end));
    }
    return m;
  }

  Result<RawObject> read_object(std::size_t at, std::size_t end, int depth) const {
    WMIPORT_ASSIGN_OR_RETURN(std::size_t object_end, sized_part(at, end, kObjectHeaderSize, "object"));
    RawObject o;
    o.offset = at;
    const std::uint32_t qualifier_set_size = load_u32(data_, at + 8);
    const std::uint32_t class_data_length = load_u32(data_, at + 12);
    o.kind = load_u32(data_, at + 16);
    const std::size_t class_data = at + kObjectHeaderSize;
    if (!range_fits(class_data, class_data_length, object_end))
      return tree_error(at + 12, fmt::format("class-data length {} runs past the object's end at 0x{:X}",
                                             class_data_length, object_end));
    const std::size_t class_data_end = class_data + class_data_length;
    std::size_t property_set = class_data;
    if (qualifier_set_size != 0) {
      WMIPORT_ASSIGN_OR_RETURN(o.qualifiers, read_qualifier_set(class_data, class_data_end));
      if (load_u32(data_, class_data) != qualifier_set_size)
        return tree_error(at + 8, fmt::format("qualifier-set size {} disagrees with the set's own size {}",
                                              qualifier_set_size, load_u32(data_, class_data)));
      property_set += qualifier_set_size;
    }
    WMIPORT_TRY(sized_part(property_set, class_data_end, kSetHeaderSize, "property set"));
    const std::uint32_t count = load_u32(data_, property_set + 4);
    std::size_t record = property_set + kSetHeaderSize;
    WMIPORT_TRY(check_count(property_set + 4, count, class_data_end - record, kRecordHeaderSize, "property count"));
    for (std::uint32_t i = 0; i < count; ++i) {
      WMIPORT_ASSIGN_OR_RETURN(RawProperty p, read_property(record, class_data_end));
      record += load_u32(data_, record);
      o.properties.push_back(std::move(p));
    }
    // System properties fill the rest of the class data; fewer bytes than a record header are padding.
    while (class_data_end - record >= kRecordHeaderSize) {
      WMIPORT_ASSIGN_OR_RETURN(RawProperty p, read_property(record, class_data_end));
      record += load_u32(data_, record);
      o.system_properties.push_back(std::move(p));
    }
    if (class_data_end < object_end)
      WMIPORT_TRY(read_method_set(o, class_data_end, object_end, depth));
    return o;
  }

  Status read_method_set(RawObject& o, std::size_t at, std::size_t end, int depth) const {
    WMIPORT_ASSIGN_OR_RETURN(std::size_t set_end, sized_part(at, end, kSetHeaderSize, "method set"));
    const std::uint32_t count = load_u32(data_, at + 4);
    std::size_t record = at + kSetHeaderSize;
    WMIPORT_TRY(check_count(at + 4, count, set_end - record, kRecordHeaderSize, "method count"));
    for (std::uint32_t i = 0; i < count; ++i) {
      WMIPORT_ASSIGN_OR_RETURN(RawMethod m, read_method(record, set_end, depth));
      record += load_u32(data_, record);
      o.methods.push_back(std::move(m));
    }
    return ok_status();
  }

  // ---- raw records to the schema model ----

  static Result<Property> to_property(RawProperty raw) {
    Property p;
    p.name = std::move(raw.name);
    p.is_array = (raw.type & kArrayFlag) != 0;
    WMIPORT_ASSIGN_OR_RETURN(p.type.type, cim_type_from_code(raw.type & ~std::uint32_t{kArrayFlag}, raw.offset));
    p.qualifiers = std::move(raw.qualifiers);
    // CIMTYPE only restates the record's type (and names the class of objects and references): it becomes
    // TypeRef and leaves the qualifier list, as in the text compiler's output.
    if (auto cimtype = p.qualifiers.string("CIMTYPE")) {
      const auto colon = cimtype->find(':');
      if (colon != std::string::npos && (p.type.type == CimType::object || p.type.type == CimType::reference))
        p.type.class_name = cimtype->substr(colon + 1);
      std::erase_if(p.qualifiers.items, [](const Qualifier& q) { return equals_ignore_case(q.name, "CIMTYPE"); });
    }
    if (auto max = p.qualifiers.integer("MAX"); max && *max >= 0 && *max <= 0xFFFFFFFFll)
      p.fixed_count = static_cast<std::uint32_t>(*max);
    p.default_value = std::move(raw.value);
    p.where = SourceLocation{"<bmf>", 0, 0};
    return p;
  }

  static Result<Method> to_method(RawMethod raw) {
    Method m;
    m.name = std::move(raw.name);
    m.qualifiers = std::move(raw.qualifiers);
    m.where = SourceLocation{"<bmf>", 0, 0};
    for (std::size_t object = 0; object < raw.parameter_objects.size(); ++object) {
      for (RawProperty& rp : raw.parameter_objects[object].properties) {
        WMIPORT_ASSIGN_OR_RETURN(Property p, to_property(std::move(rp)));
        // Direction from the in/out qualifiers; without either, the object's position says (in first).
        p.in = p.qualifiers.flag("in");
        p.out = p.qualifiers.flag("out");
        if (!p.in && !p.out)
          (object == 0 ? p.in : p.out) = true;
        const auto id = p.qualifiers.integer("ID");
        p.id = id && *id >= 0 && *id <= 0xFFFFFFFFll ? static_cast<std::uint32_t>(*id)
                                                     : static_cast<std::uint32_t>(m.parameters.size());
        auto same = std::find_if(m.parameters.begin(), m.parameters.end(),
                                 [&](const Property& q) { return equals_ignore_case(q.name, p.name); });
        if (same != m.parameters.end()) {  // an [in, out] parameter appears in both objects
          same->in = same->in || p.in;
          same->out = same->out || p.out;
          continue;
        }
        if (p.out && equals_ignore_case(p.name, kReturnValue)) {
          m.returns_void = false;
          m.return_type = p.type;
        }
        m.parameters.push_back(std::move(p));
      }
    }
    // Declaration order is ID order; the return value, when there is one, goes last (schema.h).
    std::stable_sort(m.parameters.begin(), m.parameters.end(), [](const Property& a, const Property& b) {
      const bool a_ret = equals_ignore_case(a.name, kReturnValue), b_ret = equals_ignore_case(b.name, kReturnValue);
      if (a_ret != b_ret)
        return b_ret;
      return a.id < b.id;
    });
    return m;
  }

  static std::string system_string(const RawObject& o, std::string_view name) {
    const Value* v = o.system(name);
    const std::string* s = v ? v->as_string() : nullptr;
    return s ? *s : std::string{};
  }

  Status add_to_schema(Schema& schema, RawObject raw) const {
    const std::string class_name = system_string(raw, "__CLASS");
    if (class_name.empty())
      return tree_error(raw.offset, "object has no __CLASS system property");
    if (raw.kind == kKindInstance) {
      Instance instance;
      instance.class_name = class_name;
      instance.name_space = system_string(raw, "__NAMESPACE");
      instance.qualifiers = std::move(raw.qualifiers);
      instance.where = SourceLocation{"<bmf>", 0, 0};
      for (RawProperty& p : raw.properties)
        instance.properties.emplace_back(std::move(p.name), p.value ? std::move(*p.value) : Value{});
      schema.add_instance(std::move(instance));
      return ok_status();
    }
    if (raw.kind != kKindClass)
      return tree_error(raw.offset + 16, fmt::format("object kind {} is neither 0 (class) nor 1 (instance)", raw.kind));
    Class cls;
    cls.name = class_name;
    cls.superclass = system_string(raw, "__SUPERCLASS");
    cls.name_space = system_string(raw, "__NAMESPACE");
    if (const Value* flags = raw.system("__CLASSFLAGS"); flags && flags->as_integer())
      cls.class_flags = *flags->as_integer();
    cls.qualifiers = std::move(raw.qualifiers);
    cls.where = SourceLocation{"<bmf>", 0, 0};
    for (RawProperty& p : raw.properties) {
      WMIPORT_ASSIGN_OR_RETURN(Property property, to_property(std::move(p)));
      cls.properties.push_back(std::move(property));
    }
    for (RawMethod& m : raw.methods) {
      WMIPORT_ASSIGN_OR_RETURN(Method method, to_method(std::move(m)));
      cls.methods.push_back(std::move(method));
    }
    if (cls.is_amendment())
      schema.add_amendment(std::move(cls));
    else
      schema.add_class(std::move(cls));
    return ok_status();
  }

  Bytes data_;
  std::unordered_map<std::uint32_t, std::uint32_t> flavors_;
};

}  // namespace

Result<Schema> read_tree(Bytes tree) {
  return TreeReader(tree).read();
}

}  // namespace wmiport::mof::bmf
