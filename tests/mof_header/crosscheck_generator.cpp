// Writes, for one fixture MOF, the header `wmiport mof header -m -u` generates and a C program that includes it and
// compares offsetof of every live member, the _SIZE defines and sizeof of every struct with the layout engine
// (slot-mode MaxLen strings, the -u convention). The program prints "checked <Class>:<Struct>" for each struct it
// saw (cpp_quote'd #ifdefs hide some structs in each configuration) and "MISMATCH ..." naming class and member.
//
// usage: mof_header_crosscheck_generator FIXTURE.mof OUT_DIR BASE_NAME
// writes OUT_DIR/BASE_NAME.h, OUT_DIR/BASE_NAME_check.c and OUT_DIR/BASE_NAME_structs.txt (one Class:Struct a line).
#include <fmt/format.h>

#include <cstdio>
#include <fstream>
#include <iostream>

#include "mof/header/header.h"
#include "mof/header/header_structs.h"
#include "mof/layout/layout.h"
#include "mof/syntax/compiler.h"

namespace {

using namespace wmiport;
using namespace wmiport::mof;

bool write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  return static_cast<bool>(out);
}

// The C checks of one struct, guarded so they compile only where the header defined the struct: the class's GUID
// macro (unique per class) and the first member's _ID macro.
class CheckWriter {
 public:
  std::string checks;
  std::string structs;

  // A problem found while generating fails the test at run time (not the build), with its message.
  void problem(const std::string& message) {
    std::string escaped;
    for (char c : message) {
      if (c == '"' || c == '\\')
        escaped += '\\';
      escaped += c;
    }
    checks += fmt::format("  puts(\"MISMATCH {}\");\n  ++failures;\n", escaped);
  }

  void add(const Class& cls, const HeaderStruct& s, const Result<BlockLayout>& layout) {
    if (s.members.empty())
      return;
    const std::string label = fmt::format("{}:{}", cls.name, s.name);
    structs += label + "\n";
    if (!layout.ok()) {
      problem(fmt::format("layout engine refused {}: {}", label, layout.error().message()));
      return;
    }
    const std::string guid_macro = cls.qualifiers.string("GuidName1").value_or(cls.name + "Guid");
    checks +=
        fmt::format("#if defined({}) && defined({}_{}_ID)\n", guid_macro, s.name, s.members.front().property->name);
    checks += fmt::format("  puts(\"checked {}\");\n", label);
    for (const HeaderMember& m : s.members) {
      if (m.commented)
        break;  // the header has no member for it, and the layout engine no fixed offset
      const ItemLayout* item = layout->find(m.property->name);
      if (!item) {
        problem(fmt::format("{}: the layout engine has no item {}", label, m.property->name));
        continue;
      }
      const std::string what = fmt::format("{} member {} (item {})", label, m.c.member_name, m.property->name);
      if (item->offset)
        checks += fmt::format("  check(\"offsetof {}\", offsetof({}, {}), {}u);\n", what, s.name, m.c.member_name,
                              *item->offset);
      if (m.c.size && item->size)
        checks += fmt::format("  check(\"{}_{}_SIZE of {}\", {}_{}_SIZE, {}u);\n", s.name, m.property->name, what,
                              s.name, m.property->name, *item->size);
      if (m.c.member_name != "VariableData" && !m.c.variable && item->size)
        checks += fmt::format("  check(\"sizeof {}\", sizeof(((const {}*)0)->{}), {}u);\n", what, s.name,
                              m.c.member_name, *item->size);
    }
    if (layout->c_sizeof)
      checks += fmt::format("  check(\"sizeof {}\", sizeof({}), {}u);\n", label, s.name, *layout->c_sizeof);
    if (s.every_member_sized && layout->wmi_size)
      checks += fmt::format("  check(\"{}_SIZE of {}\", {}_SIZE, {}u);\n", s.name, label, s.name, *layout->wmi_size);
    checks += "#endif\n";
  }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 4) {
    std::cerr << "usage: " << argv[0] << " FIXTURE.mof OUT_DIR BASE_NAME\n";
    return 2;
  }
  const std::string out_dir = argv[2], base = argv[3];
  CompileOptions compile_options;
  compile_options.run_wmi_checks = false;
  const CompileResult compiled = compile_file(argv[1], compile_options);
  if (!compiled.ok()) {
    for (const auto& d : compiled.diagnostics)
      std::cerr << to_string(d) << "\n";
    return 1;
  }
  const Schema& schema = compiled.schema;
  const HeaderOptions header_options{base, true, true};
  auto header = generate_header(schema, header_options);
  if (!header.ok()) {
    std::cerr << header.error().to_string() << "\n";
    return 1;
  }
  CheckWriter writer;
  const LayoutOptions slots{StringMode::slot};
  for (const Class& cls : schema.classes()) {
    if (!header_includes_class(cls))
      continue;
    for (const Method& method : cls.methods) {
      for (bool in : {true, false}) {
        writer.add(cls, header_method_struct(schema, method, in, header_options),
                   layout_method_parameters(schema, cls, method, in ? Direction::in : Direction::out, slots));
      }
    }
    writer.add(cls, header_data_struct(schema, cls, header_options), layout_class(schema, cls, slots));
  }
  const std::string program = fmt::format(R"(/* Generated by mof_header_crosscheck_generator from {}. */
#include "wdk_prelude.h"
#include "{}.h"

#include <stdio.h>

static int failures;

static void check(const char* what, unsigned long long header, unsigned long long layout) {{
  if (header != layout) {{
    printf("MISMATCH %s: header %llu, layout engine %llu\n", what, header, layout);
    ++failures;
  }}
}}

int main(void) {{
{}  return failures ? 1 : 0;
}}
)",
                                          argv[1], base, writer.checks);
  if (!write_file(out_dir + "/" + base + ".h", *header) || !write_file(out_dir + "/" + base + "_check.c", program) ||
      !write_file(out_dir + "/" + base + "_structs.txt", writer.structs)) {
    std::cerr << "cannot write to " << out_dir << "\n";
    return 1;
  }
  return 0;
}
