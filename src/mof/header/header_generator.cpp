#include <algorithm>

#include <fmt/format.h>

#include "mof/header/header.h"
#include "mof/header/header_structs.h"

namespace wmiport::mof {

namespace {

// Generator lines end in CRLF; cpp_quote text is copied with bare LFs around it (§4.1, §4.4).
constexpr std::string_view kEol = "\r\n";

class HeaderWriter {
 public:
  HeaderWriter(const Schema& schema, const HeaderOptions& options) : schema_(schema), options_(options) {}

  std::string write() {
    line(fmt::format("#ifndef _{}_h_", options_.base_name));
    line(fmt::format("#define _{}_h_", options_.base_name));
    line("");
    for (const Class& cls : schema_.classes()) {
      if (header_includes_class(cls))
        write_class(cls);
    }
    line("#endif");
    return std::move(out_);
  }

 private:
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
    line(fmt::format("// {} - {}", cls.name, header_detail::struct_name(cls)));
    if (auto description = cls.qualifiers.string("Description"))
      line(fmt::format("// {}", *description));  // description first, then cpp_quote (docs/decisions.md)
    cpp_quote(cls.qualifiers);
    write_guid(cls);
    if (!cls.methods.empty())
      write_methods(cls);
    line("");
    const HeaderStruct data = header_data_struct(schema_, cls, options_);
    if (!data.members.empty())
      write_struct(data);
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
        const HeaderStruct s = header_method_struct(schema_, method, in, options_);
        if (!s.members.empty())
          write_struct(s);
      }
    }
  }

  void write_struct(const HeaderStruct& s) {
    line(fmt::format("typedef struct _{}", s.name));
    line("{");
    for (const HeaderMember& m : s.members) {
      cpp_quote(m.property->qualifiers);
      line(fmt::format("    // {}", m.property->qualifiers.string("Description").value_or("")));
      if (m.commented) {
        line(fmt::format("//  {}", m.c.declaration));
      } else {
        line(fmt::format("    {}", m.c.declaration));
        if (m.c.size)
          line(fmt::format("    #define {}_{}_SIZE {}", s.name, m.property->name, *m.c.size));
      }
      line(fmt::format("    #define {}_{}_ID {}", s.name, m.property->name, m.id));
      line("");
    }
    line(fmt::format("}} {}, *P{};", s.name, s.name));
    line("");
    if (s.every_member_sized) {
      const std::string& last = s.members.back().property->name;
      line(fmt::format("#define {}_SIZE (FIELD_OFFSET({}, {}) + {}_{}_SIZE)", s.name, s.name, last, s.name, last));
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
