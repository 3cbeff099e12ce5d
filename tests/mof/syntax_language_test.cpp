// The MOF language as the compiler accepts it, one behaviour per test: encodings and line ends, literals, keywords,
// declarations, normalisations, directives and includes.
#include <iterator>
#include <limits>

#include <gtest/gtest.h>

#include "mof/syntax/compiler.h"
#include "mof/syntax/source_decoder.h"
#include "syntax_test_support.h"

namespace wmiport::mof {
namespace {

using testing::dump;
using testing::memory_reader;

// Compiles a source that must have no diagnostics at all.
Schema compile_clean(std::string_view source, CompileOptions options = {}) {
  options.run_wmi_checks = false;
  CompileResult result = compile_source(source, "t.mof", options);
  EXPECT_TRUE(result.diagnostics.empty()) << dump(result.diagnostics);
  return std::move(result.schema);
}

const Qualifier& class_qualifier(const Schema& schema, std::string_view cls, std::string_view name) {
  const Class* c = schema.find_class(cls);
  EXPECT_NE(c, nullptr);
  const Qualifier* q = c->qualifiers.find(name);
  EXPECT_NE(q, nullptr) << name;
  return *q;
}

// --- Encodings and line ends -------------------------------------------------------------------------------------

std::string to_utf16(std::string_view ascii, bool big_endian, bool bom) {
  std::string out;
  if (bom)
    out += big_endian ? "\xFE\xFF" : "\xFF\xFE";
  for (char c : ascii) {
    if (big_endian) {
      out.push_back('\0');
      out.push_back(c);
    } else {
      out.push_back(c);
      out.push_back('\0');
    }
  }
  return out;
}

constexpr std::string_view kSmallMof =
    "#pragma namespace(\"\\\\\\\\.\\\\root\\\\wmi\")\n"
    "[WMI, guid(\"{01CDAFF1-C901-45b4-B359-B5542725E29C}\")]\n"
    "class Small {\n"
    "  [WmiDataId(1)] uint32 Count;\n"
    "  uint32 broken\n"  // a syntax error, so diagnostics can be compared too
    "};\n";

TEST(Encodings, EveryEncodingGivesTheSameResult) {
  const CompileResult reference = compile_source(kSmallMof, "t.mof");
  ASSERT_EQ(reference.error_count(), 1u) << dump(reference.diagnostics);
  ASSERT_EQ(reference.schema.classes().size(), 1u);
  const std::string inputs[] = {
      std::string("\xEF\xBB\xBF") + std::string(kSmallMof),  // UTF-8 with BOM
      to_utf16(kSmallMof, false, true),                      // UTF-16LE with BOM (the WDK style)
      to_utf16(kSmallMof, true, true),                       // UTF-16BE with BOM
      to_utf16(kSmallMof, false, false),                     // UTF-16LE without BOM: detected by its NUL bytes
      to_utf16(kSmallMof, true, false),                      // UTF-16BE without BOM
  };
  for (const std::string& input : inputs) {
    const CompileResult result = compile_source(input, "t.mof");
    EXPECT_EQ(dump(result.diagnostics), dump(reference.diagnostics));
    ASSERT_EQ(result.schema.classes().size(), 1u);
    EXPECT_EQ(result.schema.classes()[0].name_space, "\\\\.\\root\\wmi");
    EXPECT_EQ(result.schema.classes()[0].properties[0].where.line, 4u);
  }
}

TEST(Encodings, DetectionRules) {
  using syntax::detect_encoding;
  using syntax::SourceEncoding;
  EXPECT_EQ(detect_encoding("class").encoding, SourceEncoding::utf8);
  EXPECT_EQ(detect_encoding("\xEF\xBB\xBF"
                            "class")
                .bom_size,
            3u);
  EXPECT_EQ(detect_encoding(std::string("c\0l\0", 4)).encoding, SourceEncoding::utf16le);
  EXPECT_EQ(detect_encoding(std::string("\0c\0l", 4)).encoding, SourceEncoding::utf16be);
  EXPECT_EQ(detect_encoding(std::string("\xFF\xFE", 2)).encoding, SourceEncoding::utf16le);
  EXPECT_EQ(detect_encoding(std::string("\xFE\xFF", 2)).encoding, SourceEncoding::utf16be);
  // A stray NUL in UTF-8 text is not a UTF-16 pattern: the lexer reports it.
  EXPECT_EQ(detect_encoding(std::string("class A\0 { };", 13)).encoding, SourceEncoding::utf8);
  EXPECT_EQ(detect_encoding("").encoding, SourceEncoding::utf8);
}

TEST(Encodings, CrLfAndLfAreEquivalent) {
  std::string crlf;
  std::string cr;
  for (char c : kSmallMof) {
    crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
    cr += c == '\n' ? '\r' : c;
  }
  const CompileResult lf_result = compile_source(kSmallMof, "t.mof");
  for (const std::string& input : {crlf, cr}) {
    const CompileResult result = compile_source(input, "t.mof");
    EXPECT_EQ(dump(result.diagnostics), dump(lf_result.diagnostics));
    EXPECT_EQ(result.schema.classes()[0].properties[0].where.line, 4u);
    EXPECT_EQ(result.schema.classes()[0].properties[0].where.column, 25u);
  }
}

TEST(Encodings, ColumnsCountCharactersNotBytes) {
  // "é" is two bytes in UTF-8 and "😀" four (two UTF-16 units): each is one column.
  const CompileResult result = compile_source("[D(\"\xC3\xA9\xF0\x9F\x98\x80\") @", "t.mof");
  EXPECT_NE(testing::find_diagnostic(result.diagnostics, 1, 10, "unexpected character '@'"), nullptr)
      << dump(result.diagnostics);
  const Schema schema = compile_clean("[D(\"\xC3\xA9\xF0\x9F\x98\x80\")] class A { };");
  EXPECT_EQ(*class_qualifier(schema, "A", "D").value.as_string(), "\xC3\xA9\xF0\x9F\x98\x80");
}

// --- Literals ----------------------------------------------------------------------------------------------------

TEST(Literals, StringEscapes) {
  const Schema schema =
      compile_clean("[S(\"q\\\" b\\\\ n\\n t\\t r\\r b\\b f\\f a\\' x\\x41\\x263A\\xD83D\\xDE00\")] class A { };");
  EXPECT_EQ(*class_qualifier(schema, "A", "S").value.as_string(),
            "q\" b\\ n\n t\t r\r b\b f\f a' xA\xE2\x98\xBA\xF0\x9F\x98\x80");
}

TEST(Literals, AdjacentStringsConcatenateAlsoInArrays) {
  const Schema schema =
      compile_clean("[S(\"a\" /* comment */ \"b\"\n \"c\"), L{\"a\" \"b\", \"c\"}, E{}] class A { };");
  EXPECT_EQ(*class_qualifier(schema, "A", "S").value.as_string(), "abc");
  const Value::Array& list = *class_qualifier(schema, "A", "L").value.as_array();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(*list[0].as_string(), "ab");
  EXPECT_EQ(*list[1].as_string(), "c");
  EXPECT_TRUE(class_qualifier(schema, "A", "E").value.as_array()->empty());
}

TEST(Literals, Numbers) {
  const Schema schema = compile_clean(
      "[D(42), H(0x1F), O(017), B(101b), N(-5), NH(-0x10), Z(0), Big(0xFFFFFFFF), Max(0xFFFFFFFFFFFFFFFF), "
      "Min(-9223372036854775808), P(+7), R(3.25), E(-1.2778E+02), F(.5), C('A'), CE('\\x41')] class A { };");
  auto integer = [&](const char* name) { return *class_qualifier(schema, "A", name).value.as_integer(); };
  auto real = [&](const char* name) { return *class_qualifier(schema, "A", name).value.as_real(); };
  EXPECT_EQ(integer("D"), 42);
  EXPECT_EQ(integer("H"), 31);
  EXPECT_EQ(integer("O"), 15);
  EXPECT_EQ(integer("B"), 5);
  EXPECT_EQ(integer("N"), -5);
  EXPECT_EQ(integer("NH"), -16);
  EXPECT_EQ(integer("Z"), 0);
  EXPECT_EQ(integer("Big"), 0xFFFFFFFFll);
  EXPECT_EQ(integer("Max"), -1);  // uint64 bits kept in the int64
  EXPECT_EQ(integer("Min"), std::numeric_limits<std::int64_t>::min());
  EXPECT_EQ(integer("P"), 7);
  EXPECT_DOUBLE_EQ(real("R"), 3.25);
  EXPECT_DOUBLE_EQ(real("E"), -127.78);
  EXPECT_DOUBLE_EQ(real("F"), 0.5);
  EXPECT_EQ(integer("C"), 65);
  EXPECT_EQ(integer("CE"), 65);
}

TEST(Literals, BooleansNullAndBareQualifiers) {
  const Schema schema = compile_clean("[T(TRUE), F(false), N(Null), Bare, Flavored : ToInstance] class A { };");
  EXPECT_EQ(*class_qualifier(schema, "A", "T").value.as_bool(), true);
  EXPECT_EQ(*class_qualifier(schema, "A", "F").value.as_bool(), false);
  EXPECT_TRUE(class_qualifier(schema, "A", "N").value.is_null());
  EXPECT_EQ(*class_qualifier(schema, "A", "Bare").value.as_bool(), true);
  EXPECT_EQ(*class_qualifier(schema, "A", "Flavored").value.as_bool(), true);
  EXPECT_EQ(class_qualifier(schema, "A", "Flavored").flavors, kFlavorToInstance);
}

TEST(Literals, AllFlavors) {
  const Schema schema = compile_clean(
      "[Q(1) : Amended ToSubclass NotToSubclass ToInstance NotToInstance EnableOverride DisableOverride Restricted "
      "Translatable] class A { };");
  EXPECT_EQ(class_qualifier(schema, "A", "Q").flavors,
            kFlavorAmended | kFlavorToSubclass | kFlavorNotToSubclass | kFlavorToInstance | kFlavorNotToInstance |
                kFlavorEnableOverride | kFlavorDisableOverride | kFlavorRestricted | kFlavorTranslatable);
}

TEST(Literals, CommentsAnywhereBetweenTokens) {
  const Schema schema = compile_clean(
      "/* head */ [WMI /* a */ , // b\n guid(/* c */\"x\") // d\n ] // e\n /* f */ class /* g */ A /* h */ :"
      " /* i */ B { /* j */ uint32 /* k */ x /* l */ [ /* m */ 2 /* n */ ] /* o */ ; /* p */ } /* q */ ; // end");
  const Class& a = *schema.find_class("A");
  EXPECT_EQ(a.superclass, "B");
  EXPECT_EQ(a.properties[0].fixed_count, 2u);
}

// --- Keywords and names --------------------------------------------------------------------------------------------

TEST(Keywords, CaseInsensitive) {
  const Schema schema = compile_clean(
      "#PRAGMA AUTORECOVER\n#Pragma NameSpace(\"\\\\root\")\n"
      "CLASS A { String s; BOOLEAN b; Uint32 u; DateTime d; VOID M([IN] UINT8 x); };\n"
      "Instance OF A AS $a { s = \"x\"; };\n");
  const Class& a = *schema.find_class("a");
  EXPECT_EQ(a.properties[0].type.type, CimType::string);
  EXPECT_EQ(a.properties[1].type.type, CimType::boolean);
  EXPECT_EQ(a.properties[2].type.type, CimType::uint32);
  EXPECT_EQ(a.properties[3].type.type, CimType::datetime);
  EXPECT_TRUE(a.methods[0].returns_void);
  EXPECT_TRUE(a.methods[0].parameters[0].in);
  EXPECT_EQ(schema.instances()[0].alias, "a");
}

TEST(Keywords, ContextualKeywordsAreNames) {
  const Schema schema = compile_clean(
      "class Type { uint32 Type; uint8 Function; string value; uint32 level; uint32 class; uint32 instance;"
      " uint32 of; boolean true; Type ref; uint32 object; uint32 qualifier; void void2([in] uint8 Domain, "
      "[out] uint8 type); };");
  const Class& c = *schema.find_class("Type");
  const char* names[] = {"Type", "Function", "value", "level",  "class",    "instance",
                         "of",   "true",     "ref",   "object", "qualifier"};
  ASSERT_EQ(c.properties.size(), std::size(names));
  for (std::size_t i = 0; i < std::size(names); ++i)
    EXPECT_EQ(c.properties[i].name, names[i]);
  EXPECT_EQ(c.properties[8].type.type, CimType::object);  // `Type ref;` embeds a Type named "ref"
  EXPECT_EQ(c.properties[8].type.class_name, "Type");
}

TEST(Keywords, TypesOfProperties) {
  const Schema schema = compile_clean(
      "class A { sint8 a; uint8 b; sint16 c; uint16 d; sint32 e; uint32 f; sint64 g; uint64 h; real32 i;"
      " real64 j; char16 k; string l; datetime m; boolean n; object o; B p; B ref q; };");
  const CimType expected[] = {CimType::sint8,  CimType::uint8,    CimType::sint16,   CimType::uint16,  CimType::sint32,
                              CimType::uint32, CimType::sint64,   CimType::uint64,   CimType::real32,  CimType::real64,
                              CimType::char16, CimType::string,   CimType::datetime, CimType::boolean, CimType::object,
                              CimType::object, CimType::reference};
  const Class& a = *schema.find_class("A");
  ASSERT_EQ(a.properties.size(), std::size(expected));
  for (std::size_t i = 0; i < std::size(expected); ++i)
    EXPECT_EQ(a.properties[i].type.type, expected[i]) << a.properties[i].name;
  EXPECT_EQ(a.properties[14].type.class_name, "");
  EXPECT_EQ(a.properties[15].type.class_name, "B");
  EXPECT_EQ(a.properties[16].type.class_name, "B");
  EXPECT_EQ(to_string(a.properties[15].type.type, a.properties[15].type.class_name), "object:B");
}

// --- Declarations and normalisations -------------------------------------------------------------------------------

TEST(Declarations, ArraysAndDefaults) {
  const Schema schema = compile_clean(
      "class A { uint8 fixed[8]; [MAX(4)] uint16 bounded[]; [WmiSizeIs(\"n\")] uint32 counted[]; uint8 open[];"
      " uint8 MacAddress[] = {}; uint32 n = 5; string s = \"a\" \"b\"; uint8 both[2] = {1, 2}; };");
  const Class& a = *schema.find_class("A");
  EXPECT_EQ(a.find_property("fixed")->fixed_count, 8u);
  EXPECT_EQ(a.find_property("fixed")->qualifiers.integer("MAX"), 8);  // x[N] stored as MAX(N), like mofcomp
  EXPECT_EQ(a.find_property("bounded")->fixed_count, 4u);
  EXPECT_FALSE(a.find_property("counted")->fixed_count);
  EXPECT_EQ(a.find_property("counted")->size_is(), "n");
  EXPECT_TRUE(a.find_property("open")->is_array);
  EXPECT_FALSE(a.find_property("open")->fixed_count);
  EXPECT_FALSE(a.find_property("open")->qualifiers.has("MAX"));
  EXPECT_TRUE(a.find_property("MacAddress")->default_value->as_array()->empty());
  EXPECT_EQ(*a.find_property("n")->default_value->as_integer(), 5);
  EXPECT_EQ(*a.find_property("s")->default_value->as_string(), "ab");
  EXPECT_EQ(a.find_property("both")->default_value->as_array()->size(), 2u);
  EXPECT_FALSE(a.find_property("n")->is_array);
}

TEST(Declarations, MethodsGetIdsAndReturnValue) {
  const Schema schema = compile_clean(
      "class A {\n"
      "  [WmiMethodId(1)] uint32 Get([in] uint32 a, [out] uint8 b[4], [in, out] uint16 c);\n"
      "  [WmiMethodId(2)] void Explicit([in, ID(7)] uint32 x, [in] uint32 y);\n"
      "  void NoParams();\n"
      "};");
  const Class& a = *schema.find_class("A");
  const Method& get = a.methods[0];
  EXPECT_FALSE(get.returns_void);
  EXPECT_EQ(get.return_type.type, CimType::uint32);
  ASSERT_EQ(get.parameters.size(), 4u);
  EXPECT_EQ(get.parameters[1].fixed_count, 4u);
  EXPECT_TRUE(get.parameters[2].in && get.parameters[2].out);
  const Property& result = get.parameters[3];
  EXPECT_EQ(result.name, "ReturnValue");
  EXPECT_EQ(result.type.type, CimType::uint32);
  EXPECT_TRUE(result.out);
  EXPECT_FALSE(result.in);
  EXPECT_EQ(result.id, 3u);
  const Method& explicit_ids = a.methods[1];
  EXPECT_EQ(explicit_ids.parameters[0].id, 7u);
  EXPECT_EQ(explicit_ids.parameters[1].id, 1u);
  EXPECT_TRUE(a.methods[2].parameters.empty());
  EXPECT_EQ(a.methods[1].where.line, 3u);
  EXPECT_EQ(a.methods[1].where.column, 25u);
}

TEST(Declarations, InstancesAliasesAndNestedValues) {
  const Schema schema = compile_clean(
      "instance of Point as $origin { x = 0; [key] y = 0; };\n"
      "instance of Line { start = $origin; end = instance of Point { x = 1; y = 2; };\n"
      "  points = { instance of Point { x = 3; }, $origin }; };\n");
  ASSERT_EQ(schema.instances().size(), 2u);
  EXPECT_EQ(schema.instances()[0].alias, "origin");
  const Instance& line = schema.instances()[1];
  const auto* alias = std::get_if<Value::Alias>(&line.properties[0].second.data);
  ASSERT_NE(alias, nullptr);
  EXPECT_EQ(alias->name, "origin");
  const auto& nested = std::get<std::shared_ptr<Value::Instance>>(line.properties[1].second.data);
  EXPECT_EQ(nested->class_name, "Point");
  EXPECT_EQ(*nested->properties[1].second.as_integer(), 2);
  EXPECT_EQ(line.properties[2].second.as_array()->size(), 2u);
}

TEST(Declarations, AmendmentsAreKeptApartAndRedeclarationsReplaceInPlace) {
  const Schema schema = compile_clean(
      "class A { uint32 old; };\nclass B { };\n"
      "[AMENDMENT, LOCALE(\"ms_409\")] class A { [Description(\"x\") : Amended ToSubclass] uint32 old; };\n"
      "[WmiGenerateHeader(FALSE)] class a { uint32 new1; uint32 new2; };\n");
  ASSERT_EQ(schema.classes().size(), 2u);
  EXPECT_EQ(schema.classes()[0].name, "a");  // first position, last declaration
  EXPECT_EQ(schema.classes()[0].properties.size(), 2u);
  ASSERT_EQ(schema.amendments().size(), 1u);
  EXPECT_EQ(schema.amendments()[0].properties[0].qualifiers.find("Description")->flavors,
            kFlavorAmended | kFlavorToSubclass);
}

TEST(Declarations, LocationsPointAtNames) {
  const Schema schema = compile_clean("\n  [WMI]\n  class   Named {\n\tuint32 p;\n};");
  const Class& c = *schema.find_class("Named");
  EXPECT_EQ(c.where.file, "t.mof");
  EXPECT_EQ(c.where.line, 3u);
  EXPECT_EQ(c.where.column, 11u);
  EXPECT_EQ(c.properties[0].where.line, 4u);
  EXPECT_EQ(c.properties[0].where.column, 9u);  // a tab is one character
  EXPECT_EQ(c.qualifiers.find("WMI")->where.column, 4u);
}

TEST(Declarations, QualifierDefaultStatementIsAccepted) {
  const Schema schema = compile_clean("Qualifier Description : ToSubClass Amended;\nclass A { };");
  EXPECT_EQ(schema.classes().size(), 1u);
}

// --- Directives ----------------------------------------------------------------------------------------------------

TEST(Directives, NamespaceIsRecordedPerClassAndMayBeRelative) {
  const Schema schema = compile_clean(
      "class First { };\n"
      "#pragma namespace(\"\\\\\\\\.\\\\root\")\nclass Second { };\n"
      "#pragma namespace(\"wmi\")\nclass Third { };\n");
  EXPECT_EQ(schema.find_class("First")->name_space, "root\\default");
  EXPECT_EQ(schema.find_class("Second")->name_space, "\\\\.\\root");
  EXPECT_EQ(schema.find_class("Third")->name_space, "\\\\.\\root\\wmi");
}

TEST(Directives, ClassFlagsNumericNamedAndMixed) {
  const Schema schema = compile_clean(
      "class None { };\n"
      "#pragma classflags(64)\nclass Numeric { };\n"
      "#pragma classflags(\"updateonly\", \"forceupdate\")\nclass Named { };\n"
      "#pragma classflags(\"SafeUpdate\", 2)\nclass Mixed { };\n"
      "#pragma classflags()\nclass Reset { };\n");
  EXPECT_EQ(schema.find_class("None")->class_flags, 0);
  EXPECT_EQ(schema.find_class("Numeric")->class_flags, 64);
  EXPECT_EQ(schema.find_class("Named")->class_flags, 65);
  EXPECT_EQ(schema.find_class("Mixed")->class_flags, 34);
  EXPECT_EQ(schema.find_class("Reset")->class_flags, 0);
}

TEST(Directives, DeleteClass) {
  const Schema schema = compile_clean(
      "class A { };\nclass B { };\nclass C { };\n"
      "#pragma deleteclass(\"b\", FAIL)\n#pragma deleteclass(\"Missing\", NOFAIL)\n");
  ASSERT_EQ(schema.classes().size(), 2u);
  EXPECT_EQ(schema.classes()[1].name, "C");
  EXPECT_EQ(schema.find_class("B"), nullptr);
  EXPECT_NE(schema.find_class("c"), nullptr);
}

TEST(Directives, DocumentedPragmasAreAccepted) {
  compile_clean(
      "#pragma autorecover\n#pragma locale(\"ms_409\")\n#pragma amendment(\"ms_409\")\n"
      "#pragma instanceflags(\"updateonly\")\n#pragma deleteinstance(\"A.x=1\", NOFAIL)\nclass A { };");
}

TEST(Directives, DefineNamesAValue) {
  const Schema schema = compile_clean(
      "#define VERSION 3\n#define NAME \"n\" \"m\"\n#define FLAG\n"
      "[V(VERSION), N(name), F(FLAG)] class A { uint32 x = Version; };");
  EXPECT_EQ(*class_qualifier(schema, "A", "V").value.as_integer(), 3);
  EXPECT_EQ(*class_qualifier(schema, "A", "N").value.as_string(), "nm");
  EXPECT_EQ(*class_qualifier(schema, "A", "F").value.as_bool(), true);
  EXPECT_EQ(*schema.find_class("A")->properties[0].default_value->as_integer(), 3);
}

TEST(Directives, IncludeRelativeToTheIncluderThenSearchPaths) {
  CompileOptions options;
  options.include_paths = {"lib"};
  options.read_source = memory_reader({
      {"src/main.mof", "#pragma classflags(1)\n#include (\"sub/a.mof\")\nclass Main { };\n"},
      {"src/sub/a.mof",
       "#pragma namespace(\"\\\\\\\\.\\\\root\\\\wmi\")\n#pragma classflags(64)\n"
       "#define SHARED 9\n#include \"b.mof\"\nclass A { };\n"},
      {"lib/b.mof", to_utf16("class B { };\n", false, true)},  // found on the search path, UTF-16
  });
  options.run_wmi_checks = false;
  const CompileResult result = compile_file("src/main.mof", options);
  ASSERT_TRUE(result.diagnostics.empty()) << dump(result.diagnostics);
  const Schema& schema = result.schema;
  ASSERT_EQ(schema.classes().size(), 3u);
  EXPECT_EQ(schema.classes()[0].name, "B");
  EXPECT_EQ(schema.classes()[0].where.file, "lib/b.mof");
  EXPECT_EQ(schema.find_class("A")->where.file, "src/sub/a.mof");
  EXPECT_EQ(schema.find_class("A")->name_space, "\\\\.\\root\\wmi");
  EXPECT_EQ(schema.find_class("A")->class_flags, 64);
  // Back in main.mof: its own pragmas again.
  EXPECT_EQ(schema.find_class("Main")->name_space, "root\\default");
  EXPECT_EQ(schema.find_class("Main")->class_flags, 1);
}

TEST(Directives, DefinesOutliveTheirInclude) {
  CompileOptions options;
  options.read_source = memory_reader({{"defs.mof", "#define ANSWER 42\n"}});
  const Schema schema = compile_clean("#include \"defs.mof\"\n[A(ANSWER)] class C { };", options);
  EXPECT_EQ(*class_qualifier(schema, "C", "A").value.as_integer(), 42);
}

TEST(Directives, AFileMayBeIncludedTwice) {
  CompileOptions options;
  options.read_source = memory_reader({{"x.mof", "class X { };\n"}});
  const Schema schema = compile_clean("#include \"x.mof\"\n#include \"x.mof\"\n", options);
  EXPECT_EQ(schema.classes().size(), 1u);
}

}  // namespace
}  // namespace wmiport::mof
