// `wmimofck -h` text rules (spec mof-and-layout §4), one behaviour per test: each expected header was written by
// applying §4 by hand to the MOF snippet above it. Generator lines end in CRLF; cpp_quote text keeps bare LFs.
#include <gtest/gtest.h>

#include <string>

#include "mof/header/header.h"
#include "mof/syntax/compiler.h"

namespace wmiport::mof {
namespace {

// The expected text is written with "\n" line ends; generator lines really end in CRLF.
std::string crlf(std::string_view text) {
  std::string out;
  for (char c : text) {
    if (c == '\n')
      out += '\r';
    out += c;
  }
  return out;
}

Schema compile(std::string_view source) {
  CompileOptions options;
  options.run_wmi_checks = false;
  CompileResult result = compile_source(source, "snippet.mof", options);
  std::string diagnostics;
  for (const auto& d : result.diagnostics)
    diagnostics += to_string(d) + "\n";
  EXPECT_TRUE(result.ok()) << diagnostics;
  return std::move(result.schema);
}

std::string header(std::string_view source, bool methods = true, bool maxlen_strings = true,
                   std::string base = "sample") {
  auto text = generate_header(compile(source), HeaderOptions{std::move(base), methods, maxlen_strings});
  EXPECT_TRUE(text.ok()) << text.error().to_string();
  return text.ok() ? *text : std::string{};
}

constexpr std::string_view kEc1Mof = R"(
[WMI, HeaderName("EC1"), guid("{A1C15015-B069-11d1-9290-00A0C9062910}")]
class Vendor_EC1 {
  [WmiDataId(1)] boolean Xboolean;
  [WmiDataId(2), Description("unsigned character data")] uint8 Xuint8;
};
)";

constexpr std::string_view kEc1Header = R"(// Vendor_EC1 - EC1
#define Vendor_EC1Guid \
    { 0xa1c15015,0xb069,0x11d1, { 0x92,0x90,0x00,0xa0,0xc9,0x06,0x29,0x10 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(Vendor_EC1_GUID, \
            0xa1c15015,0xb069,0x11d1,0x92,0x90,0x00,0xa0,0xc9,0x06,0x29,0x10);
#endif


typedef struct _EC1
{
    // 
    BOOLEAN Xboolean;
    #define EC1_Xboolean_SIZE sizeof(BOOLEAN)
    #define EC1_Xboolean_ID 1

    // unsigned character data
    UCHAR Xuint8;
    #define EC1_Xuint8_SIZE sizeof(UCHAR)
    #define EC1_Xuint8_ID 2

} EC1, *PEC1;

#define EC1_SIZE (FIELD_OFFSET(EC1, Xuint8) + EC1_Xuint8_SIZE)

)";

TEST(HeaderText, SkeletonGuidMacrosHeaderNameAndSize) {
  const std::string expected = crlf("#ifndef _sample_h_\n#define _sample_h_\n\n") + crlf(kEc1Header) + crlf("#endif\n");
  EXPECT_EQ(header(kEc1Mof), expected);
}

TEST(HeaderText, BaseNameIsVerbatimInTheGuard) {
  const std::string text = header(kEc1Mof, true, true, "WMI-LEDC");
  EXPECT_EQ(text.substr(0, 44), "#ifndef _WMI-LEDC_h_\r\n#define _WMI-LEDC_h_\r\n");
}

TEST(HeaderText, EveryScalarTypeArraysDatetimeAndEmbeddedByHeaderName) {
  const std::string mof = std::string(kEc1Mof) + R"(
[WMI, Dynamic, Provider("WMIProv"), Description("Sample class"), guid("15d851f1-6539-11D1-A529-00A0C9062910")]
class Sample {
  [key, read] string InstanceName;
  [read] boolean Active;
  [WmiDataId(2)] sint16 B;
  [WmiDataId(1)] sint8 A;
  [WmiDataId(3)] uint16 C;
  [WmiDataId(4)] sint32 D;
  [WmiDataId(5)] uint32 E;
  [WmiDataId(6)] sint64 F;
  [WmiDataId(7)] uint64 G;
  [WmiDataId(8)] datetime When;
  [WmiDataId(9)] uint8 Bytes[8];
  [WmiDataId(10), MAX(2)] uint32 Words[];
  [WmiDataId(11)] Vendor_EC1 One;
  [WmiDataId(12)] Vendor_EC1 Four[4];
};
)";
  const std::string expected =
      crlf("#ifndef _sample_h_\n#define _sample_h_\n\n") + crlf(kEc1Header) + crlf(R"(// Sample - Sample
// Sample class
#define SampleGuid \
    { 0x15d851f1,0x6539,0x11d1, { 0xa5,0x29,0x00,0xa0,0xc9,0x06,0x29,0x10 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(Sample_GUID, \
            0x15d851f1,0x6539,0x11d1,0xa5,0x29,0x00,0xa0,0xc9,0x06,0x29,0x10);
#endif


typedef struct _Sample
{
    // 
    CHAR A;
    #define Sample_A_SIZE sizeof(CHAR)
    #define Sample_A_ID 1

    // 
    SHORT B;
    #define Sample_B_SIZE sizeof(SHORT)
    #define Sample_B_ID 2

    // 
    USHORT C;
    #define Sample_C_SIZE sizeof(USHORT)
    #define Sample_C_ID 3

    // 
    LONG D;
    #define Sample_D_SIZE sizeof(LONG)
    #define Sample_D_ID 4

    // 
    ULONG E;
    #define Sample_E_SIZE sizeof(ULONG)
    #define Sample_E_ID 5

    // 
    LONGLONG F;
    #define Sample_F_SIZE sizeof(LONGLONG)
    #define Sample_F_ID 6

    // 
    ULONGLONG G;
    #define Sample_G_SIZE sizeof(ULONGLONG)
    #define Sample_G_ID 7

    // 
    WCHAR When[25];
    #define Sample_When_SIZE sizeof(WCHAR[25])
    #define Sample_When_ID 8

    // 
    UCHAR Bytes[8];
    #define Sample_Bytes_SIZE sizeof(UCHAR[8])
    #define Sample_Bytes_ID 9

    // 
    ULONG Words[2];
    #define Sample_Words_SIZE sizeof(ULONG[2])
    #define Sample_Words_ID 10

    // 
    EC1 One;
    #define Sample_One_SIZE sizeof(EC1)
    #define Sample_One_ID 11

    // 
    EC1 Four[4];
    #define Sample_Four_SIZE sizeof(EC1[4])
    #define Sample_Four_ID 12

} Sample, *PSample;

#define Sample_SIZE (FIELD_OFFSET(Sample, Four) + Sample_Four_SIZE)

#endif
)");
  EXPECT_EQ(header(mof), expected);
}

constexpr std::string_view kMethodsMof = R"(
[WMI, Dynamic, Provider("WMIProv"), guid("{15D851F1-6539-11d1-A529-00A0C9062910}")]
class Demo {
  [key, read] string InstanceName;
  [read] boolean Active;
  [WmiMethodId(3)] void GmDrvDemoMethod3([in, Description("first")] uint32 inDatum1, [in] uint8 inDatum2,
                                         [out] uint32 outDatum1, [out] uint64 outDatum2);
  [WmiMethodId(4)] void NoParameters();
};
[WMI, guid("{15D851F2-6539-11d1-A529-00A0C9062910}")]
class Next {
  [WmiMethodId(1)] void M();
};
)";

TEST(HeaderText, MethodIdsAndInOutStructsWithDashM) {
  const std::string expected = crlf(R"(#ifndef _sample_h_
#define _sample_h_

// Demo - Demo
#define DemoGuid \
    { 0x15d851f1,0x6539,0x11d1, { 0xa5,0x29,0x00,0xa0,0xc9,0x06,0x29,0x10 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(Demo_GUID, \
            0x15d851f1,0x6539,0x11d1,0xa5,0x29,0x00,0xa0,0xc9,0x06,0x29,0x10);
#endif

//
// Method id definitions for Demo
#define GmDrvDemoMethod3     3
typedef struct _GmDrvDemoMethod3_IN
{
    // first
    ULONG inDatum1;
    #define GmDrvDemoMethod3_IN_inDatum1_SIZE sizeof(ULONG)
    #define GmDrvDemoMethod3_IN_inDatum1_ID 1

    // 
    UCHAR inDatum2;
    #define GmDrvDemoMethod3_IN_inDatum2_SIZE sizeof(UCHAR)
    #define GmDrvDemoMethod3_IN_inDatum2_ID 2

} GmDrvDemoMethod3_IN, *PGmDrvDemoMethod3_IN;

#define GmDrvDemoMethod3_IN_SIZE (FIELD_OFFSET(GmDrvDemoMethod3_IN, inDatum2) + GmDrvDemoMethod3_IN_inDatum2_SIZE)

typedef struct _GmDrvDemoMethod3_OUT
{
    // 
    ULONG outDatum1;
    #define GmDrvDemoMethod3_OUT_outDatum1_SIZE sizeof(ULONG)
    #define GmDrvDemoMethod3_OUT_outDatum1_ID 3

    // 
    ULONGLONG outDatum2;
    #define GmDrvDemoMethod3_OUT_outDatum2_SIZE sizeof(ULONGLONG)
    #define GmDrvDemoMethod3_OUT_outDatum2_ID 4

} GmDrvDemoMethod3_OUT, *PGmDrvDemoMethod3_OUT;

#define GmDrvDemoMethod3_OUT_SIZE (FIELD_OFFSET(GmDrvDemoMethod3_OUT, outDatum2) + GmDrvDemoMethod3_OUT_outDatum2_SIZE)

#define NoParameters     4

// Next - Next
#define NextGuid \
    { 0x15d851f2,0x6539,0x11d1, { 0xa5,0x29,0x00,0xa0,0xc9,0x06,0x29,0x10 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(Next_GUID, \
            0x15d851f2,0x6539,0x11d1,0xa5,0x29,0x00,0xa0,0xc9,0x06,0x29,0x10);
#endif

//
// Method id definitions for Next
#define M     1

#endif
)");
  EXPECT_EQ(header(kMethodsMof), expected);
}

TEST(HeaderText, WithoutDashMOnlyMethodIds) {
  const std::string text = header(kMethodsMof, false);
  EXPECT_NE(text.find("#define GmDrvDemoMethod3     3\r\n#define NoParameters     4\r\n\r\n// Next - Next"),
            std::string::npos);
  EXPECT_EQ(text.find("typedef"), std::string::npos);
}

// Spec §4.3's observed `} X_OUT, *PX_OUT;⏎⏎⏎// Next`: an OUT struct with a variable member has no _SIZE line.
TEST(HeaderText, MethodStructThenNextClassSpacing) {
  const std::string mof = R"(
[WMI, guid("{15D851F1-6539-11d1-A529-00A0C9062910}")]
class A { [WmiMethodId(1)] void X([out] string R); };
[WMI, guid("{15D851F2-6539-11d1-A529-00A0C9062910}")]
class B { };
)";
  EXPECT_NE(header(mof).find("} X_OUT, *PX_OUT;\r\n\r\n\r\n// B - B\r\n"), std::string::npos);
}

TEST(HeaderText, DataAndMethodsClassPutsMethodsFirst) {
  const std::string mof = R"(
[WMI, guid("{15D851F1-6539-11d1-A529-00A0C9062910}")]
class A { [WmiDataId(1)] uint32 D; [WmiMethodId(1)] void X(); };
)";
  EXPECT_NE(header(mof).find("#define X     1\r\n\r\ntypedef struct _A\r\n"), std::string::npos);
}

TEST(HeaderText, VariableMembersMaxLenStringsAndCommentedTail) {
  const std::string mof = R"(
[WMI, guid("{15D851F1-6539-11d1-A529-00A0C9062910}")]
class V {
  [WmiDataId(1), MaxLen(64)] string Name;
  [WmiDataId(2)] uint32 Count;
  [WmiDataId(3), WmiSizeIs("Count")] uint8 First[];
  [WmiDataId(4), WmiSizeIs("Count")] uint16 Second[];
  [WmiDataId(5)] uint32 After;
  [WmiDataId(6)] string Plain;
};
)";
  const std::string expected = crlf(R"(#ifndef _sample_h_
#define _sample_h_

// V - V
#define VGuid \
    { 0x15d851f1,0x6539,0x11d1, { 0xa5,0x29,0x00,0xa0,0xc9,0x06,0x29,0x10 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(V_GUID, \
            0x15d851f1,0x6539,0x11d1,0xa5,0x29,0x00,0xa0,0xc9,0x06,0x29,0x10);
#endif


typedef struct _V
{
    // 
    WCHAR Name[64 + 1];
    #define V_Name_ID 1

    // 
    ULONG Count;
    #define V_Count_SIZE sizeof(ULONG)
    #define V_Count_ID 2

    // 
    UCHAR First[1];
    #define V_First_ID 3

    // 
//  USHORT Second[1];
    #define V_Second_ID 4

    // 
//  ULONG After;
    #define V_After_ID 5

    // 
//  CHAR VariableData[1];
    #define V_Plain_ID 6

} V, *PV;

#endif
)");
  EXPECT_EQ(header(mof), expected);
}

TEST(HeaderText, WithoutDashUMaxLenStringsAreVariableData) {
  const std::string mof = R"(
[WMI, guid("{15D851F1-6539-11d1-A529-00A0C9062910}")]
class V { [WmiDataId(1), MaxLen(64)] string Name; [WmiDataId(2)] uint32 Count; };
)";
  const std::string text = header(mof, true, false);
  EXPECT_NE(text.find("    CHAR VariableData[1];\r\n    #define V_Name_ID 1\r\n\r\n    // \r\n//  ULONG Count;\r\n"),
            std::string::npos)
      << text;
}

TEST(HeaderText, CppQuoteAtEveryLevelAndGuidNames) {
  const std::string mof = R"(
[WMI, Description("Class text"), cpp_quote("#ifdef X\n"), GuidName1("Nice_Guid"), GuidName2("Nice_GUID_Symbol"),
 guid("{15D851F1-6539-11d1-A529-00A0C9062910}")]
class Q {
  [WmiDataId(1), cpp_quote("// before D"), Description("d")] uint32 D;
  [WmiMethodId(7), cpp_quote("#define HINT 8")] void M([in, cpp_quote("// param")] uint8 P);
};
)";
  const std::string expected = crlf("#ifndef _sample_h_\n#define _sample_h_\n\n// Q - Q\n// Class text\n") +
                               "\n#ifdef X\n\n" + crlf(R"(#define Nice_Guid \
    { 0x15d851f1,0x6539,0x11d1, { 0xa5,0x29,0x00,0xa0,0xc9,0x06,0x29,0x10 } }

#if ! (defined(MIDL_PASS))
DEFINE_GUID(Nice_GUID_Symbol, \
            0x15d851f1,0x6539,0x11d1,0xa5,0x29,0x00,0xa0,0xc9,0x06,0x29,0x10);
#endif

//
// Method id definitions for Q
)") + "\n#define HINT 8\n" + crlf("#define M     7\ntypedef struct _M_IN\n{\n") +
                               "\n// param\n" + crlf(R"(    // 
    UCHAR P;
    #define M_IN_P_SIZE sizeof(UCHAR)
    #define M_IN_P_ID 1

} M_IN, *PM_IN;

#define M_IN_SIZE (FIELD_OFFSET(M_IN, P) + M_IN_P_SIZE)


typedef struct _Q
{
)") + "\n// before D\n" + crlf(R"(    // d
    ULONG D;
    #define Q_D_SIZE sizeof(ULONG)
    #define Q_D_ID 1

} Q, *PQ;

#define Q_SIZE (FIELD_OFFSET(Q, D) + Q_D_SIZE)

#endif
)");
  EXPECT_EQ(header(mof), expected);
}

TEST(HeaderText, SkipsClassesWithoutWmiOrGuidAmendmentsAndGenerateHeaderFalse) {
  const std::string mof = R"(
[Static] class NoWmi { [WmiDataId(1)] uint32 A; };
[WMI] class NoGuid { [WmiDataId(1)] uint32 A; };
[WMI, WmiGenerateHeader(FALSE), guid("{15D851F1-6539-11d1-A529-00A0C9062910}")] class Suppressed { };
[WMI, WmiGenerateHeader(TRUE), guid("{15D851F2-6539-11d1-A529-00A0C9062910}")] class Kept { };
#pragma namespace("\\\\.\\root\\wmi\\ms_409")
[AMENDMENT, LOCALE("ms_409")] class Kept { [Description("x") : amended] uint32 A; };
)";
  const std::string text = header(mof);
  EXPECT_EQ(text.find("NoWmi"), std::string::npos);
  EXPECT_EQ(text.find("NoGuid"), std::string::npos);
  EXPECT_EQ(text.find("Suppressed"), std::string::npos);
  EXPECT_NE(text.find("// Kept - Kept\r\n"), std::string::npos);
  EXPECT_EQ(text.find("// x"), std::string::npos);
  // An emitted class with neither methods nor data: GUID block, the always-present blank line, then #endif.
  EXPECT_NE(text.find("#endif\r\n\r\n\r\n#endif\r\n"), std::string::npos);
}

TEST(HeaderText, EmptyBaseNameIsAnError) {
  EXPECT_FALSE(generate_header(Schema{}, HeaderOptions{}).ok());
}

TEST(HeaderText, RealAndChar16Spellings) {
  const std::string mof = R"(
[WMI, guid("{15D851F1-6539-11d1-A529-00A0C9062910}")]
class R { [WmiDataId(1)] real32 F; [WmiDataId(2)] real64 D; [WmiDataId(3)] char16 C; };
)";
  const std::string text = header(mof);
  EXPECT_NE(text.find("    FLOAT F;\r\n    #define R_F_SIZE sizeof(FLOAT)\r\n"), std::string::npos);
  EXPECT_NE(text.find("    DOUBLE D;\r\n"), std::string::npos);
  EXPECT_NE(text.find("    WCHAR C;\r\n"), std::string::npos);
}

}  // namespace
}  // namespace wmiport::mof
