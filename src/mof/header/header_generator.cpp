#include <algorithm>

#include <fmt/format.h>

#include "mof/header/c_member.h"
#include "mof/header/header.h"

namespace wmiport::mof {

namespace {

using header_detail::c_member;
using header_detail::CMember;
using header_detail::struct_name;

// Generator lines end in CRLF; cpp_quote text is copied with bare LFs around it (§4.1, §4.4).
constexpr std::string_view kEol = "\r\n";

struct StructItem {
  const Property* property;
  std::uint32_t id;  // the _ID value: WmiDataId, or a parameter's ID + 1
};

class HeaderWriter {
 public:
  HeaderWriter(const Schema& schema, const HeaderOptions& options) : schema_(schema), options_(options) {}

  std::string write() {
    line(fmt::format("#ifndef _{}_h_", options_.base_name));
    line(fmt::format("#define _{}_h_", options_.base_name));
    line("");
    for (const Class& cls : schema_.classes()) {
      if (included(cls))
        write_class(cls);
    }
    line("#endif");
    return std::move(out_);
  }

 private:
  static bool included(const Class& cls) {
    if (!cls.is_wmi() || !cls.guid() || cls.is_amendment())
      return false;
    const Qualifier* generate = cls.qualifiers.find("WmiGenerateHeader");
    return !(generate && generate->value.as_bool() && !*generate->value.as_bool());
  }

  void line(std::string_view text) {
    out_ += text;
    out_ += kEol;
  }

  void cpp_quote(const QualifierList& qualifiers) {
    if (auto text = qualifiers.string("cpp_quote")) {
      out_ += '\n';
      out_ += *text;
      out_ += '\n';
    }
  }

  void write_class(const Class& cls) {
    const std::string name = struct_name(cls);
    line(fmt::format("// {} - {}", cls.name, name));
    if (auto description = cls.qualifiers.string("Description"))
      line(fmt::format("// {}", *description));
    cpp_quote(cls.qualifiers);
    write_guid(cls);
    if (!cls.methods.empty())
      write_methods(cls);
    line("");
    std::vector<StructItem> items = data_items(cls);
    if (!items.empty())
      write_struct(name, items);
  }

  void write_guid(const Class& cls) {
    const Guid g = *cls.guid();
    const auto& b = g.data4;
    const std::string guid_name = cls.qualifiers.string("GuidName1").value_or(cls.name + "Guid");
    const std::string define_name = cls.qualifiers.string("GuidName2").value_or(cls.name + "_GUID");
    line(fmt::format("#define {} \\", guid_name));
    line(
        fmt::format("    {{ 0x{:08x},0x{:04x},0x{:04x}, {{ 0x{:02x},0x{:02x},0x{:02x},0x{:02x},0x{:02x},0x{:02x},"
                    "0x{:02x},0x{:02x} }} }}",
                    g.data1, g.data2, g.data3, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]));
    line("");
    line("#if ! (defined(MIDL_PASS))");
    line(fmt::format("DEFINE_GUID({}, \\", define_name));
    line(
        fmt::format("            0x{:08x},0x{:04x},0x{:04x},0x{:02x},0x{:02x},0x{:02x},0x{:02x},0x{:02x},0x{:02x},"
                    "0x{:02x},0x{:02x});",
                    g.data1, g.data2, g.data3, b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]));
    line("#endif");
    line("");
  }

  void write_methods(const Class& cls) {
    line("//");
    line(fmt::format("// Method id definitions for {}", cls.name));
    for (const Method& method : cls.methods) {
      cpp_quote(method.qualifiers);
      if (auto id = method.method_id())
        line(fmt::format("#define {}     {}", method.name, *id));
      if (!options_.methods)
        continue;
      for (bool in : {true, false}) {
        std::vector<StructItem> items = parameter_items(method, in);
        if (!items.empty())
          write_struct(fmt::format("{}_{}", method.name, in ? "IN" : "OUT"), items);
      }
    }
  }

  // The WmiDataId items, superclasses' first (the layout engine counts inherited items too), in WmiDataId order.
  std::vector<StructItem> data_items(const Class& cls) const {
    std::vector<StructItem> items;
    const auto lineage = schema_.lineage(cls);
    for (auto c = lineage.rbegin(); c != lineage.rend(); ++c) {
      for (const Property& p : (*c)->properties) {
        if (auto id = p.data_id())
          items.push_back({&p, *id});
      }
    }
    std::stable_sort(items.begin(), items.end(), [](const StructItem& a, const StructItem& b) { return a.id < b.id; });
    return items;
  }

  static std::vector<StructItem> parameter_items(const Method& method, bool in) {
    std::vector<StructItem> items;
    for (const Property& p : method.parameters) {
      if (in ? p.in : p.out)
        items.push_back({&p, p.id + 1});
    }
    std::stable_sort(items.begin(), items.end(), [](const StructItem& a, const StructItem& b) { return a.id < b.id; });
    return items;
  }

  void write_struct(const std::string& name, const std::vector<StructItem>& items) {
    line(fmt::format("typedef struct _{}", name));
    line("{");
    bool after_variable = false;
    bool every_member_sized = true;
    std::string last_member;
    for (const StructItem& item : items) {
      const CMember member = c_member(schema_, *item.property, options_.maxlen_strings);
      cpp_quote(item.property->qualifiers);
      line(fmt::format("    // {}", item.property->qualifiers.string("Description").value_or("")));
      if (after_variable) {
        line(fmt::format("//  {}", member.declaration));
        every_member_sized = false;
      } else {
        line(fmt::format("    {}", member.declaration));
        if (member.size)
          line(fmt::format("    #define {}_{}_SIZE {}", name, item.property->name, *member.size));
        else
          every_member_sized = false;
      }
      line(fmt::format("    #define {}_{}_ID {}", name, item.property->name, item.id));
      line("");
      after_variable = after_variable || member.variable;
      last_member = item.property->name;
    }
    line(fmt::format("}} {}, *P{};", name, name));
    line("");
    if (every_member_sized) {
      line(fmt::format("#define {}_SIZE (FIELD_OFFSET({}, {}) + {}_{}_SIZE)", name, name, last_member, name,
                       last_member));
      line("");
    }
  }

  const Schema& schema_;
  const HeaderOptions& options_;
  std::string out_;
};

}  // namespace

Result<std::string> generate_header(const Schema& schema, const HeaderOptions& options) {
  if (options.base_name.empty())
    return Error(ntstatus::invalid_parameter, "header generator: the base name (the -h file name) is empty");
  return HeaderWriter(schema, options).write();
}

}  // namespace wmiport::mof
