// Rejected inputs: every error path of the compiler, each with the file:line:column it must report and the words
// that must be in the message. Plus error recovery (several errors from one run) and the resource limits.
#include <gtest/gtest.h>

#include "mof/syntax/compiler.h"
#include "syntax_test_support.h"

namespace wmiport::mof {
namespace {

using testing::dump;
using testing::find_diagnostic;
using testing::memory_reader;

using Severity = Diagnostic::Severity;

struct DiagnosticCase {
  const char* name;
  std::string_view source;
  std::uint32_t line;
  std::uint32_t column;
  const char* message;  // a substring of the expected message
  Severity severity = Severity::error;
};

constexpr DiagnosticCase kCases[] = {
    // Lexical errors.
    {"UnterminatedString", "class A {\n  string s = \"abc;\n};\n", 2, 14, "unterminated string literal"},
    {"UnterminatedComment", "class A { };\n  /* never closed\n", 2, 3, "unterminated comment"},
    {"BadEscape", "class A {\n  string s = \"a\\qb\";\n};\n", 2, 16, "bad escape sequence '\\q'"},
    {"BadHexEscape", "class A {\n  string s = \"\\xZ\";\n};\n", 2, 15, "bad escape sequence '\\x'"},
    {"BadNumber", "class A {\n  uint32 x = 12ab;\n};\n", 2, 14, "bad number '12ab'"},
    {"BadOctal", "class A {\n  uint32 x = 09;\n};\n", 2, 14, "bad octal number '09'"},
    {"BadBinary", "class A {\n  uint32 x = 12b;\n};\n", 2, 14, "bad binary number '12b'"},
    {"BadHexNumber", "class A {\n  uint32 x = 0x;\n};\n", 2, 14, "bad number '0x'"},
    {"BadReal", "class A {\n  real32 x = 1.5e;\n};\n", 2, 14, "bad number '1.5e'"},
    {"IntegerTooLarge", "class A {\n  uint64 x = 99999999999999999999;\n};\n", 2, 14, "does not fit in 64 bits"},
    {"IntegerTooSmall", "class A {\n  sint64 x = -9223372036854775809;\n};\n", 2, 15, "below the smallest 64-bit"},
    {"CharLiteralTooLong", "class A {\n  char16 c = 'ab';\n};\n", 2, 14, "exactly one UTF-16 character"},
    {"UnexpectedCharacter", "class A { @ };\n", 1, 11, "unexpected character '@'"},
    {"AliasWithoutName", "instance of A as $ { };\n", 1, 18, "expected an alias name after '$'"},

    // Syntax errors, with what was expected and what was found.
    {"MissingSemicolonAfterProperty", "class A {\n  uint32 Foo\n  uint32 Bar;\n};\n", 3, 3,
     "expected ';' after property 'Foo', found 'uint32'"},
    {"MissingSemicolonBeforeClass", "class A {\n  uint32 Foo\nclass B { };\n", 3, 1,
     "expected ';' after property 'Foo', found 'class'"},
    {"MissingBraceBeforeClass", "class A {\n  uint32 Foo;\n\nclass B { };\n", 4, 1,
     "expected '}' to close class 'A' (opened at 1:9), found 'class'"},
    {"MissingBraceAtEnd", "class A {\n  uint32 Foo;\n", 3, 1,
     "expected '}' to close class 'A' (opened at 1:9), found end of file"},
    {"MissingClassSemicolon", "class A { }\nclass B { };\n", 2, 1, "expected ';' after the closing '}' of class 'A'",
     Severity::warning},
    {"MissingClassName", "class { };\n", 1, 7, "expected a class name after 'class', found '{'"},
    {"MissingOpenBrace", "class A uint32 x; };\n", 1, 9, "expected '{' to open the body of class 'A'"},
    {"NotADeclaration", "foo;\n", 1, 1, "expected a declaration"},
    {"QualifierListUnclosed", "[WMI class A { };\n", 1, 6, "expected ',' or ']' in the qualifier list, found 'class'"},
    {"QualifierValueUnclosed", "[Description(\"x\" class A { };\n", 1, 18, "expected ')' after the value of qualifier"},
    {"UnknownFlavor", "[Description(\"x\") : Amend] class A { };\n", 1, 21, "unknown qualifier flavor 'Amend'"},
    {"MissingFlavor", "[Description(\"x\") : ] class A { };\n", 1, 21, "expected a flavor"},
    {"BadValue", "class A {\n  uint32 x = ;\n};\n", 2, 14, "expected a value"},
    {"ArrayValueUnclosed", "[Values{\"a\" \"b\"; class A { };\n", 1, 16, "expected ',' or '}' in the array value"},
    {"SignWithoutNumber", "class A {\n  sint32 x = -abc;\n};\n", 2, 15, "expected a number after the sign"},
    {"VoidProperty", "class A {\n  void x;\n};\n", 2, 3, "'void' is only a method return type"},
    {"VoidParameter", "class A { void M(void x); };\n", 1, 18, "a parameter of method 'M' cannot be 'void'"},
    {"MissingParameterSeparator", "class A { void M(uint32 a uint32 b); };\n", 1, 27,
     "expected ',' or ')' in the parameter list of method 'M', found 'uint32'"},
    {"MissingMethodSemicolon", "class A {\n  void M()\n};\n", 3, 1, "expected ';' after method 'M', found '}'"},
    {"ArraySuffixUnclosed", "class A { uint8 x[4; };\n", 1, 20, "expected ']' or an array size after 'x['"},
    {"DuplicateProperty", "class A {\n  uint32 x;\n  uint32 X;\n};\n", 3, 10,
     "property 'X' is already declared in class 'A' (at 2:10)"},
    {"DuplicateMethod", "class A {\n  void M();\n  void m();\n};\n", 3, 8, "method 'm' is already declared"},
    {"DuplicateParameter", "class A { void M([in] uint32 a, [in] uint32 A); };\n", 1, 45,
     "parameter 'A' is already declared in method 'M'"},
    {"DuplicateQualifier", "[Static, static] class A { };\n", 1, 10, "qualifier 'static' repeated", Severity::warning},
    {"InstanceMissingOf", "instance A { };\n", 1, 10, "expected 'of' after 'instance'"},
    {"InstanceMissingEquals", "instance of A { x 1; };\n", 1, 19, "expected '=' after property 'x', found '1'"},
    {"InstanceUnclosed", "instance of A { x = 1;\nclass B { };\n", 2, 1, "expected '}' to close instance of 'A'"},
    {"QualifierDeclarationSkipped", "qualifier Foo : boolean = false;\nclass A { };\n", 1, 1,
     "qualifier declaration 'Foo' is not interpreted", Severity::warning},

    // Directives.
    {"UnknownDirective", "#fancy\nclass A { };\n", 1, 2, "unknown directive '#fancy'"},
    {"DirectiveWithoutName", "# \"x\"\nclass A { };\n", 1, 3, "expected a directive name"},
    {"UnknownPragma", "#pragma fancy(1)\nclass A { };\n", 1, 9, "unknown #pragma 'fancy' ignored", Severity::warning},
    {"PragmaNamespaceNeedsString", "#pragma namespace(1)\n", 1, 9, "#pragma namespace takes one string"},
    {"PragmaBadArgument", "#pragma namespace({)\n", 1, 19, "expected a string, number or name as argument"},
    {"PragmaUnclosed", "#pragma namespace(\"a\" \"b\" 1\n", 1, 27, "expected ',' or ')' in the arguments"},
    {"UnknownClassFlag", "#pragma classflags(\"sometimes\")\n", 1, 20, "unknown class flag"},
    {"DeleteClassMissing", "#pragma deleteclass(\"Nope\", FAIL)\n", 1, 9, "class 'Nope' is not declared"},
    {"DeleteClassBadMode", "#pragma deleteclass(\"Nope\", MAYBE)\n", 1, 9, "#pragma deleteclass takes"},
    {"IncludeWithoutName", "#include (missing)\n", 1, 11, "expected a quoted file name after '#include'"},
    {"IncludeNotFound", "#include (\"missing.mof\")\n", 1, 11, "include file 'missing.mof' not found"},
    {"IncludeNotFoundPlain", "#include \"missing.mof\"\n", 1, 10, "include file 'missing.mof' not found"},
    {"DefineWithoutName", "#define\nclass A { };\n", 1, 8,
     "expected a name after '#define', found the end of the line"},
    {"PragmaWithoutName", "#pragma\n", 1, 8, "expected a pragma name after '#pragma', found the end of the line"},
    {"HashAlone", "#\nclass A { };\n", 1, 2,
     "expected a directive name (pragma, include or define) after '#', found the end"},
};

class RejectedInput : public ::testing::TestWithParam<DiagnosticCase> {};

TEST_P(RejectedInput, ReportsWhereAndWhat) {
  const DiagnosticCase& c = GetParam();
  CompileOptions options;
  options.read_source = memory_reader({});
  const CompileResult result = compile_source(c.source, "t.mof", options);
  const Diagnostic* found = find_diagnostic(result.diagnostics, c.line, c.column, c.message);
  ASSERT_NE(found, nullptr) << "expected t.mof:" << c.line << ":" << c.column << ": " << c.message << "\ngot:\n"
                            << dump(result.diagnostics);
  EXPECT_EQ(found->severity, c.severity);
  EXPECT_EQ(found->where.file, "t.mof");
  EXPECT_EQ(result.ok(), c.severity == Severity::warning) << dump(result.diagnostics);
}

INSTANTIATE_TEST_SUITE_P(Table, RejectedInput, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<DiagnosticCase>& info) { return info.param.name; });

TEST(Recovery, ReportsSeveralErrorsAndKeepsTheGoodDeclarations) {
  const std::string_view source =
      "class A {\n"
      "  uint32 x = ;\n"  // error 1, the class goes on
      "  uint32 y\n"      // error 2: no ';'
      "  uint32 z;\n"
      "  [WmiDataId(1] uint8 w;\n"  // error 3
      "  uint32 v;\n"
      "};\n"
      "garbage here;\n"  // error 4, skipped to the ';'
      "class B { uint32 b; };\n";
  const CompileResult result = compile_source(source, "t.mof");
  EXPECT_EQ(result.error_count(), 4u) << dump(result.diagnostics);
  ASSERT_NE(result.schema.find_class("B"), nullptr);
  const Class& a = *result.schema.find_class("A");
  ASSERT_EQ(a.properties.size(), 1u) << dump(result.diagnostics);
  EXPECT_EQ(a.properties[0].name, "v");
}

TEST(Recovery, EveryDiagnosticNamesFileLineAndColumn) {
  const CompileResult result = compile_source("class A {\n  uint32 x\n}\n@", "dir/t.mof");
  ASSERT_FALSE(result.diagnostics.empty());
  for (const Diagnostic& d : result.diagnostics) {
    EXPECT_EQ(d.where.file, "dir/t.mof");
    EXPECT_GT(d.where.line, 0u);
    EXPECT_GT(d.where.column, 0u);
  }
  EXPECT_EQ(to_string(result.diagnostics[0]), "dir/t.mof:3:1: error: expected ';' after property 'x', found '}'");
}

TEST(Recovery, SyntaxErrorsSuppressTheWmiChecks) {
  // The WMI class lacks a guid, but the source does not parse: only the syntax error is reported.
  const CompileResult result = compile_source("[WMI] class A { uint32 x };\n", "t.mof");
  ASSERT_EQ(result.diagnostics.size(), 1u) << dump(result.diagnostics);
  EXPECT_TRUE(result.diagnostics[0].rule.empty());
}

TEST(Encoding, OddByteCountInUtf16) {
  const std::string bytes(
      "\xFF\xFE"
      "c\0l\0a",
      7);
  const CompileResult result = compile_source(bytes, "t.mof");
  ASSERT_EQ(result.diagnostics.size(), 1u) << dump(result.diagnostics);
  EXPECT_NE(find_diagnostic(result.diagnostics, 1, 3, "odd number of bytes (5)"), nullptr) << dump(result.diagnostics);
}

TEST(Encoding, InvalidUtf8) {
  const CompileResult result = compile_source("class A {\n \xFF };\n", "t.mof");
  EXPECT_NE(find_diagnostic(result.diagnostics, 2, 2, "invalid UTF-8: byte 0xFF"), nullptr) << dump(result.diagnostics);
  const CompileResult truncated = compile_source("class A \xE2\x82", "t.mof");
  EXPECT_NE(find_diagnostic(truncated.diagnostics, 1, 9, "ends inside a multi-byte character"), nullptr)
      << dump(truncated.diagnostics);
  const CompileResult overlong = compile_source("\xC0\xAF", "t.mof");
  EXPECT_NE(find_diagnostic(overlong.diagnostics, 1, 1, "over-long"), nullptr) << dump(overlong.diagnostics);
}

TEST(Encoding, UnpairedSurrogateInUtf16) {
  const CompileResult low = compile_source(std::string("\xFF\xFE"
                                                       "a\0\x00\xDC",
                                                       6),
                                           "t.mof");
  EXPECT_NE(find_diagnostic(low.diagnostics, 1, 2, "unpaired low surrogate"), nullptr) << dump(low.diagnostics);
  const CompileResult high = compile_source(std::string("\xFF\xFE"
                                                        "\x00\xD8"
                                                        "a\0",
                                                        6),
                                            "t.mof");
  EXPECT_NE(find_diagnostic(high.diagnostics, 1, 1, "not followed by a low one"), nullptr) << dump(high.diagnostics);
}

TEST(Includes, CycleIsReported) {
  CompileOptions options;
  options.read_source = memory_reader({{"a.mof", "#include (\"b.mof\")\n"}, {"b.mof", "#include (\"a.mof\")\n"}});
  const CompileResult result = compile_file("a.mof", options);
  ASSERT_EQ(result.error_count(), 1u) << dump(result.diagnostics);
  EXPECT_EQ(result.diagnostics[0].where.file, "b.mof");
  EXPECT_NE(find_diagnostic(result.diagnostics, 1, 11,
                            "include cycle: 'a.mof' is already being compiled (a.mof -> "
                            "b.mof -> a.mof)"),
            nullptr)
      << dump(result.diagnostics);
}

TEST(Includes, SelfIncludeIsACycle) {
  CompileOptions options;
  options.read_source = memory_reader({{"a.mof", "class A { };\n#include \"a.mof\"\n"}});
  const CompileResult result = compile_file("a.mof", options);
  EXPECT_NE(find_diagnostic(result.diagnostics, 2, 10, "include cycle"), nullptr) << dump(result.diagnostics);
}

TEST(Includes, DepthLimit) {
  CompileOptions options;
  options.max_include_depth = 2;
  options.read_source = memory_reader({{"a.mof", "#include (\"b.mof\")\n"},
                                       {"b.mof", "#include (\"c.mof\")\n"},
                                       {"c.mof", "#include (\"d.mof\")\n"},
                                       {"d.mof", "class D { };\n"}});
  const CompileResult result = compile_file("a.mof", options);
  ASSERT_EQ(result.error_count(), 1u) << dump(result.diagnostics);
  EXPECT_EQ(result.diagnostics[0].where.file, "c.mof");
  EXPECT_NE(find_diagnostic(result.diagnostics, 1, 11, "exceeds the include depth limit of 2"), nullptr)
      << dump(result.diagnostics);
  options.max_include_depth = 3;
  EXPECT_TRUE(compile_file("a.mof", options).ok());
}

TEST(Includes, DisabledIncludesReadNothing) {
  CompileOptions options;
  options.allow_includes = false;
  options.read_source = [](const std::filesystem::path&, std::size_t) -> Result<std::optional<std::string>> {
    ADD_FAILURE() << "nothing may be read";
    return std::optional<std::string>{};
  };
  const CompileResult result = compile_source("#include \"x.mof\"\n", "t.mof", options);
  EXPECT_NE(find_diagnostic(result.diagnostics, 1, 10, "includes are disabled"), nullptr) << dump(result.diagnostics);
}

TEST(Includes, UnreadableIncludeIsReported) {
  CompileOptions options;
  options.max_file_size = 30;
  options.read_source = memory_reader({{"big.mof", "class Big { uint32 a; uint32 b; uint32 c; };\n"}});
  const CompileResult result = compile_source("#include \"big.mof\"\n", "t.mof", options);
  EXPECT_NE(find_diagnostic(result.diagnostics, 1, 10, "cannot read include file 'big.mof'"), nullptr)
      << dump(result.diagnostics);
}

TEST(Limits, ValueNestingDepth) {
  CompileOptions options;
  options.max_nesting_depth = 3;
  const CompileResult result = compile_source("[Q{{{{{1}}}}}] class A { };\n", "t.mof", options);
  EXPECT_NE(find_diagnostic(result.diagnostics, 1, 7, "nested more than 3 levels deep"), nullptr)
      << dump(result.diagnostics);
  EXPECT_TRUE(compile_source("[Q{{{1}}}] class A { };\n", "t.mof", options).ok());
}

TEST(Limits, NestedInstancesCountAsDepth) {
  CompileOptions options;
  options.max_nesting_depth = 2;
  const CompileResult result =
      compile_source("instance of A { a = instance of B { b = instance of C { c = instance of D { d = 1; }; }; }; };\n",
                     "t.mof", options);
  EXPECT_FALSE(result.ok());
  EXPECT_NE(find_diagnostic(result.diagnostics, 1, 61, "nested more than 2 levels deep"), nullptr)
      << dump(result.diagnostics);
}

TEST(Limits, TokenBudget) {
  CompileOptions options;
  options.max_total_tokens = 5;
  const CompileResult result = compile_source("class A { uint32 x; };\n", "t.mof", options);
  EXPECT_NE(find_diagnostic(result.diagnostics, 1, 19, "more than 5 tokens"), nullptr) << dump(result.diagnostics);
}

TEST(Limits, TokenBudgetCoversIncludes) {
  CompileOptions options;
  options.max_total_tokens = 12;
  options.read_source = memory_reader({{"b.mof", "class B { uint32 y; };\n"}});
  const CompileResult result = compile_source("class A { };\n#include \"b.mof\"\n", "t.mof", options);
  EXPECT_NE(find_diagnostic(result.diagnostics, 1, 18, "more than 12 tokens"), nullptr) << dump(result.diagnostics);
  EXPECT_EQ(result.diagnostics.back().where.file, "b.mof");
}

TEST(Limits, FileSize) {
  CompileOptions options;
  options.max_file_size = 10;
  const CompileResult result = compile_source("class Twenty { };\n", "t.mof", options);
  EXPECT_NE(find_diagnostic(result.diagnostics, 1, 1, "more than the limit of 10"), nullptr)
      << dump(result.diagnostics);
}

TEST(Limits, ErrorCountStopsTheCompiler) {
  CompileOptions options;
  options.max_errors = 3;
  const CompileResult result = compile_source("@ @ @ @ @ @\n", "t.mof", options);
  EXPECT_EQ(result.diagnostics.size(), 4u) << dump(result.diagnostics);
  EXPECT_NE(find_diagnostic(result.diagnostics, 1, 5, "too many errors (3), stopping"), nullptr)
      << dump(result.diagnostics);
}

TEST(Limits, WarningsBeyondTheLimitAreDropped) {
  CompileOptions options;
  options.max_warnings = 2;
  const CompileResult result = compile_source("#pragma a\n#pragma b\n#pragma c\n#pragma d\n", "t.mof", options);
  EXPECT_EQ(result.warning_count(), 2u) << dump(result.diagnostics);
  EXPECT_TRUE(result.ok());
}

TEST(Files, MissingMainFile) {
  const CompileResult result = compile_file("/nonexistent/dir/x.mof");
  ASSERT_EQ(result.error_count(), 1u);
  EXPECT_NE(result.diagnostics[0].message.find("no such file"), std::string::npos);
}

TEST(Files, DirectoryIsNotASource) {
  const CompileResult result = compile_file(WMIPORT_SHARED_DIR);
  ASSERT_EQ(result.error_count(), 1u);
  EXPECT_NE(result.diagnostics[0].message.find("not a regular file"), std::string::npos) << dump(result.diagnostics);
}

}  // namespace
}  // namespace wmiport::mof
