// The WMI checks (mof/syntax/wmi_checks.h): one small MOF per rule with the rule id, severity and location it must
// report; inputs that must pass; and the checks run on a Schema built without any MOF text.
#include <gtest/gtest.h>

#include "mof/syntax/compiler.h"
#include "mof/syntax/wmi_checks.h"
#include "syntax_test_support.h"

namespace wmiport::mof {
namespace {

using testing::dump;
using Severity = Diagnostic::Severity;

#define GUID_A "guid(\"{11111111-2222-3333-4444-555555555555}\")"
#define GUID_B "guid(\"{11111111-2222-3333-4444-555555555556}\")"
// A valid data block header: the body of class A starts on line 5.
#define BLOCK_A                                   \
  "[WMI, Dynamic, Provider(\"WmiProv\"), " GUID_A \
  "]\n"                                           \
  "class A {\n"                                   \
  "  [key, read] string InstanceName;\n"          \
  "  [read] boolean Active;\n"

struct CheckCase {
  const char* name;
  const char* source;
  std::uint32_t line;
  std::uint32_t column;
  const char* rule;
  const char* message;  // a substring of the expected message
  Severity severity = Severity::error;
};

const CheckCase kCases[] = {
    // Class-level rules.
    {"GuidMissing", "[WMI]\nclass A { };", 2, 7, "wmi-guid-missing", "WMI class 'A' has no guid qualifier"},
    {"GuidInvalid", "[WMI, guid(\"nope\")]\nclass A { };", 1, 7, "wmi-guid-invalid", "guid of class 'A' is not a GUID"},
    {"GuidDuplicate",
     "[WMI, " GUID_A "]\nclass A { };\n[WMI, guid(\"11111111-2222-3333-4444-555555555555\")]\nclass B { };", 4, 7,
     "wmi-guid-duplicate", "class 'B' has the same guid as class 'A' (at 2:7)", Severity::warning},
    {"InstanceNameMissing", "[WMI, Dynamic, " GUID_A "]\nclass A {\n  boolean Active;\n};", 2, 7, "wmi-instancename",
     "data block 'A' has no `[key] string InstanceName`", Severity::warning},
    {"InstanceNameNotKey", "[WMI, Dynamic, " GUID_A "]\nclass A {\n  string InstanceName;\n  boolean Active;\n};", 3,
     10, "wmi-instancename", "should be declared `[key] string InstanceName`", Severity::warning},
    {"ActiveMissing", "[WMI, Provider(\"WmiProv\"), " GUID_A "]\nclass A {\n  [key] string InstanceName;\n};", 2, 7,
     "wmi-active", "data block 'A' has no `boolean Active`", Severity::warning},
    {"ActiveWrongType", "[WMI, Dynamic, " GUID_A "]\nclass A {\n  [key] string InstanceName;\n  uint32 Active;\n};", 4,
     10, "wmi-active", "should be declared `boolean Active`", Severity::warning},
    {"EventBlockNeedsInstanceName", "[WMI, " GUID_A "]\nclass A : WMIEvent {\n  boolean Active;\n};", 2, 7,
     "wmi-instancename", "InstanceName", Severity::warning},
    {"SuperclassCycle", "class A : B { };\nclass B : A { };", 1, 7, "mof-superclass-cycle",
     "class 'A' derives from itself (A -> B -> A)"},

    // WmiDataId numbering.
    {"DataIdZero", BLOCK_A "  [WmiDataId(0)] uint32 x;\n};", 5, 4, "wmi-dataid-invalid",
     "WmiDataId of property 'x' of class 'A' must be an integer from 1"},
    {"DataIdNotInteger", BLOCK_A "  [WmiDataId(\"1\")] uint32 x;\n};", 5, 4, "wmi-dataid-invalid",
     "must be an integer"},
    {"DataIdDuplicate", BLOCK_A "  [WmiDataId(1)] uint32 x;\n  [WmiDataId(1)] uint32 y;\n};", 6, 25,
     "wmi-dataid-duplicate", "WmiDataId(1) of property 'y' of class 'A' is also used by 'x' (at 5:25)"},
    {"DataIdGap", BLOCK_A "  [WmiDataId(1)] uint32 x;\n  [WmiDataId(3)] uint32 y;\n};", 6, 25, "wmi-dataid-contiguous",
     "y has WmiDataId(3) but 2 is missing"},
    {"DataIdNotFromOne", BLOCK_A "  [WmiDataId(3)] uint32 x;\n};", 5, 25, "wmi-dataid-contiguous",
     "x has WmiDataId(3) but 1 to 2 are missing"},
    {"DataIdMissing", BLOCK_A "  uint32 x;\n};", 5, 10, "wmi-dataid-missing",
     "property 'x' of class 'A' has no WmiDataId, so it is not part of the data block", Severity::warning},

    // WmiSizeIs on properties.
    {"SizeIsUnknown", BLOCK_A "  [WmiDataId(1), WmiSizeIs(\"Count\")] uint8 x[];\n};", 5, 18, "wmi-sizeis-target",
     "WmiSizeIs(\"Count\") of property 'x' of class 'A' names no property of the class"},
    {"SizeIsLater", BLOCK_A "  [WmiDataId(1), WmiSizeIs(\"count\")] uint8 x[];\n  [WmiDataId(2)] uint32 Count;\n};", 5,
     18, "wmi-sizeis-target", "(WmiDataId 1) names 'Count' (WmiDataId 2): the count must come earlier"},
    {"SizeIsOutsideTheBlock", BLOCK_A "  uint32 Count;\n  [WmiDataId(1), WmiSizeIs(\"Count\")] uint8 x[];\n};", 6, 18,
     "wmi-sizeis-target", "names 'Count', which has no WmiDataId"},
    {"SizeIsString", BLOCK_A "  [WmiDataId(1)] string Count;\n  [WmiDataId(2), WmiSizeIs(\"Count\")] uint8 x[];\n};", 6,
     18, "wmi-sizeis-type", "names 'Count', a string; the count must be a single integer"},
    {"SizeIsArray", BLOCK_A "  [WmiDataId(1)] uint32 Count[2];\n  [WmiDataId(2), WmiSizeIs(\"Count\")] uint8 x[];\n};",
     6, 18, "wmi-sizeis-type", "names 'Count', a uint32 array"},
    {"SizeIsNotAString", BLOCK_A "  [WmiDataId(1), WmiSizeIs(3)] uint8 x[];\n};", 5, 18, "wmi-sizeis-target",
     "must name a property, as a string"},
    {"SizeIsNotOnArray", BLOCK_A "  [WmiDataId(1)] uint32 Count;\n  [WmiDataId(2), WmiSizeIs(\"Count\")] uint8 x;\n};",
     6, 18, "wmi-sizeis-not-array", "WmiSizeIs on property 'x' of class 'A', which is not an array", Severity::warning},

    // Array shapes.
    {"ArraySizeZero", BLOCK_A "  [WmiDataId(1)] uint8 x[0];\n};", 5, 24, "wmi-array-size",
     "fixed array size of property 'x' of class 'A' must be an integer from 1 to 1048576"},
    {"ArraySizeHuge", BLOCK_A "  [WmiDataId(1)] uint8 x[2000000];\n};", 5, 24, "wmi-array-size", "from 1 to 1048576"},
    {"ArraySizeDisagreesWithMax", BLOCK_A "  [WmiDataId(1), MAX(4)] uint8 x[8];\n};", 5, 18, "wmi-array-size",
     "MAX(4) of property 'x' of class 'A' disagrees with its declared size [8]"},
    {"MaxNotAnInteger", BLOCK_A "  [WmiDataId(1), MAX(\"8\")] uint8 x[];\n};", 5, 18, "wmi-array-size",
     "fixed array size of property 'x'"},
    {"ArrayUnsized", BLOCK_A "  [WmiDataId(1)] uint8 x[];\n};", 5, 24, "wmi-array-unsized",
     "array property 'x' of class 'A' has neither a fixed size ([N] or MAX(N)) nor WmiSizeIs"},
    {"ArraySizeConflict", BLOCK_A "  [WmiDataId(1)] uint32 n;\n  [WmiDataId(2), WmiSizeIs(\"n\")] uint8 x[4];\n};", 6,
     40, "wmi-array-size-conflict", "has both a fixed size and WmiSizeIs", Severity::warning},
    {"MaxNotOnArray", BLOCK_A "  [WmiDataId(1), MAX(2)] uint8 x;\n};", 5, 18, "wmi-max-not-array",
     "MAX on property 'x' of class 'A', which is not an array", Severity::warning},

    // Embedded classes and references.
    {"EmbeddedUnknown", BLOCK_A "  [WmiDataId(1)] Missing x;\n};", 5, 26, "wmi-embedded-unknown",
     "embedded class 'Missing' of property 'x' of class 'A' is not declared"},
    {"EmbeddedUntyped", BLOCK_A "  [WmiDataId(1)] object x;\n};", 5, 25, "wmi-embedded-untyped",
     "property 'x' of class 'A' is a bare 'object'"},
    {"EmbeddedNotWmi", BLOCK_A "  [WmiDataId(1)] E x;\n};\nclass E { };", 5, 20, "wmi-embedded-not-wmi",
     "embedded class 'E' of property 'x' of class 'A' is not a WMI class", Severity::warning},
    {"EmbeddedCycle",
     "[WMI, " GUID_A "]\nclass A {\n  [WmiDataId(1)] B b;\n};\n[WMI, " GUID_B "]\nclass B {\n  [WmiDataId(1)] A a;\n};",
     7, 20, "wmi-embedded-cycle", "class 'A' embeds itself (A -> B -> A, through property 'a' of class 'B')"},
    {"EmbeddedSelf", "[WMI, " GUID_A "]\nclass A {\n  [WmiDataId(1)] A again[2];\n};", 3, 20, "wmi-embedded-cycle",
     "class 'A' embeds itself (A -> A"},
    {"ReferenceItem", BLOCK_A "  [WmiDataId(1)] A ref r;\n};", 5, 24, "wmi-reference-item",
     "property 'r' of class 'A' is a reference (A ref)", Severity::warning},

    // Methods and parameters.
    {"MethodIdMissing", BLOCK_A "  void M();\n};", 5, 8, "wmi-methodid-missing",
     "method 'M' of WMI class 'A' has no WmiMethodId"},
    {"MethodIdInvalid", BLOCK_A "  [WmiMethodId(\"x\")] void M();\n};", 5, 4, "wmi-methodid-invalid",
     "WmiMethodId of method 'M' must be an integer"},
    {"MethodIdDuplicate", BLOCK_A "  [WmiMethodId(1)] void M();\n  [WmiMethodId(1)] void N();\n};", 6, 4,
     "wmi-methodid-duplicate", "WmiMethodId(1) of method 'N' is also used by method 'M' (at 5:25)"},
    {"ParameterWithoutDirection", BLOCK_A "  [WmiMethodId(1)] void M(uint32 a);\n};", 5, 34, "wmi-param-direction",
     "parameter 'a' of method 'M' is neither [in] nor [out]"},
    {"ParameterIdDuplicate", BLOCK_A "  [WmiMethodId(1)] void M([in, ID(1)] uint32 a, [in] uint32 b);\n};", 5, 61,
     "wmi-param-id-duplicate", "parameter 'b' of method 'M' has ID 1, already used by parameter 'a'"},
    {"ParameterSizeIsOtherDirection",
     BLOCK_A "  [WmiMethodId(1)] void M([in] uint32 n, [out, WmiSizeIs(\"n\")] uint8 x[]);\n};", 5, 48,
     "wmi-sizeis-target", "parameter 'x' of method 'M' [out] names 'n', which is [in]"},
    {"ParameterSizeIsUnknown", BLOCK_A "  [WmiMethodId(1)] void M([out, WmiSizeIs(\"zz\")] uint8 x[]);\n};", 5, 33,
     "wmi-sizeis-target", "WmiSizeIs(\"zz\") of parameter 'x' of method 'M' names no parameter of the method"},
    {"ParameterSizeIsLater",
     BLOCK_A "  [WmiMethodId(1)] void M([out, WmiSizeIs(\"n\")] uint8 x[], [out] uint32 n);\n};", 5, 33,
     "wmi-sizeis-target", "(ID 0) names 'n' (ID 1): the count must come earlier"},
    {"ParameterSizeIsString",
     BLOCK_A "  [WmiMethodId(1)] void M([out] string n, [out, WmiSizeIs(\"N\")] uint8 x[]);\n};", 5, 49,
     "wmi-sizeis-type", "names 'n', a string"},
    {"ParameterArrayUnsized", BLOCK_A "  [WmiMethodId(1)] void M([in] uint8 x[]);\n};", 5, 38, "wmi-array-unsized",
     "array parameter 'x' of method 'M' has neither"},
    {"ParameterEmbeddedUnknown", BLOCK_A "  [WmiMethodId(1)] void M([in] Nope p);\n};", 5, 37, "wmi-embedded-unknown",
     "embedded class 'Nope' of parameter 'p' of method 'M' is not declared"},
};

class CheckRule : public ::testing::TestWithParam<CheckCase> {};

TEST_P(CheckRule, ReportsRuleSeverityAndLocation) {
  const CheckCase& c = GetParam();
  const CompileResult result = compile_source(c.source, "t.mof");
  const Diagnostic* found = nullptr;
  for (const Diagnostic& d : result.diagnostics) {
    if (d.rule == c.rule && d.where.line == c.line && d.where.column == c.column &&
        d.message.find(c.message) != std::string::npos)
      found = &d;
  }
  ASSERT_NE(found, nullptr) << "expected t.mof:" << c.line << ":" << c.column << ": " << c.message << " [" << c.rule
                            << "]\ngot:\n"
                            << dump(result.diagnostics);
  EXPECT_EQ(found->severity, c.severity);
  // Each case breaks one rule, so nothing else fails (other warnings may accompany it).
  for (const Diagnostic& d : result.diagnostics) {
    if (d.severity == Severity::error) {
      EXPECT_EQ(d.rule, c.rule) << dump(result.diagnostics);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Rules, CheckRule, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<CheckCase>& info) { return info.param.name; });

// Inputs that satisfy every rule: no diagnostics at all.
const char* const kCleanInputs[] = {
    // WmiDataIds run on across WMI superclasses (docs/decisions.md); WmiSizeIs may name an inherited item, in any
    // case.
    "[WMI, " GUID_A
    "]\nclass Base { [WmiDataId(1)] uint32 a; [WmiDataId(2)] uint32 b; };\n"
    "[WMI, Dynamic, " GUID_B
    "]\nclass Derived : Base { [key] string InstanceName; boolean Active;\n"
    "  [WmiDataId(3)] uint32 c; [WmiDataId(4), WmiSizeIs(\"A\")] uint8 d[]; };",
    // A superclass that is not a WMI class contributes no items.
    "class Perf { uint32 x; };\n[WMI, Dynamic, " GUID_A
    "]\nclass A : Perf { [key] string InstanceName;"
    " boolean Active; [WmiDataId(1)] uint32 y; };",
    // Amendments and non-WMI classes are not judged.
    "[AMENDMENT, LOCALE(\"ms_409\")] class A { uint8 x[]; void M([in] uint8 y[]); };\n"
    "class Plain { uint8 x[]; Missing m; void M(uint32 a); };",
    // An embedded class needs only WMI and guid; events may come from __ExtrinsicEvent too.
    "[WMI, " GUID_A
    "] class E { [WmiDataId(1)] uint32 x; };\n"
    "[WMI, Dynamic, " GUID_B
    "] class Ev : __ExtrinsicEvent { [key] string InstanceName; boolean Active;"
    " [WmiDataId(1)] E e[2]; };",
    // Items declared out of WmiDataId order; an [in, out] count for an [in, out] array; method ids with gaps.
    "[WMI, Dynamic, " GUID_A
    "] class A { [key] string InstanceName; boolean Active;\n"
    "  [WmiDataId(2), WmiSizeIs(\"n\")] uint8 x[]; [WmiDataId(1)] uint32 n;\n"
    "  [WmiMethodId(10)] void M([in, out] uint32 c, [in, out, WmiSizeIs(\"c\")] uint8 d[]);\n"
    "  [WmiMethodId(20)] uint32 N([in, MAX(4)] uint16 w[]); };",
};

TEST(CheckRules, CleanInputsPass) {
  for (const char* source : kCleanInputs) {
    const CompileResult result = compile_source(source, "t.mof");
    EXPECT_TRUE(result.diagnostics.empty()) << source << "\n" << dump(result.diagnostics);
  }
}

TEST(CheckRules, InheritedNumberingCountsTheSuperclassItems) {
  const CompileResult result =
      compile_source("[WMI, " GUID_A
                     "]\nclass Base { [WmiDataId(1)] uint32 a; };\n"
                     "[WMI, " GUID_B "]\nclass Derived : Base {\n  [WmiDataId(1)] uint32 b;\n};",
                     "t.mof");
  ASSERT_EQ(result.error_count(), 1u) << dump(result.diagnostics);
  EXPECT_EQ(result.diagnostics[0].rule, "wmi-dataid-duplicate");
  EXPECT_EQ(result.diagnostics[0].where.line, 5u);
  EXPECT_NE(result.diagnostics[0].message.find("also used by 'a'"), std::string::npos);
}

TEST(CheckRules, CanBeDisabled) {
  CompileOptions options;
  options.run_wmi_checks = false;
  EXPECT_TRUE(compile_source("[WMI] class A { [WmiDataId(7)] uint8 x[]; };", "t.mof", options).diagnostics.empty());
}

TEST(CheckRules, DiagnosticsComeInSourceOrder) {
  const CompileResult result = compile_source(BLOCK_A "  uint32 late;\n  [WmiDataId(2)] uint32 x;\n};", "t.mof");
  ASSERT_EQ(result.diagnostics.size(), 2u) << dump(result.diagnostics);
  EXPECT_EQ(result.diagnostics[0].where.line, 5u);
  EXPECT_EQ(result.diagnostics[1].where.line, 6u);
}

// The checks need only a Schema, such as the binary-MOF decoder builds (no source text, no locations).
TEST(CheckRules, RunOnABuiltSchema) {
  Schema schema;
  Class block;
  block.name = "Built";
  block.where.file = "<bmf>";
  block.qualifiers.set({"WMI", Value{true}, 0, {}});
  block.qualifiers.set({"Dynamic", Value{true}, 0, {}});
  block.qualifiers.set({"guid", Value{std::string("{11111111-2222-3333-4444-555555555555}")}, 0, {}});
  Property instance_name;
  instance_name.name = "InstanceName";
  instance_name.type.type = CimType::string;
  instance_name.qualifiers.set({"key", Value{true}, 0, {}});
  block.properties.push_back(instance_name);
  Property count;
  count.name = "Count";
  count.qualifiers.set({"WmiDataId", Value{std::int64_t{1}}, 0, {}});
  block.properties.push_back(count);
  Property values;
  values.name = "Values";
  values.is_array = true;
  values.fixed_count = 0;  // decoded from a broken MAX
  values.qualifiers.set({"WmiDataId", Value{std::int64_t{2}}, 0, {}});
  block.properties.push_back(values);
  schema.add_class(block);

  const std::vector<Diagnostic> findings = check_wmi_schema(schema);
  std::vector<std::string> rules;
  for (const Diagnostic& d : findings)
    rules.push_back(d.rule);
  EXPECT_EQ(rules, (std::vector<std::string>{"wmi-active", "wmi-array-size"})) << dump(findings);
  EXPECT_EQ(findings[0].where.file, "<bmf>");
}

}  // namespace
}  // namespace wmiport::mof
