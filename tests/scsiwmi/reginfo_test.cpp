// IRP_MN_REGINFO / IRP_MN_REGINFO_EX: the library-private registration result (scsiwmi_port.h) as golden bytes,
// the registration rules (flags a miniport may set, the MOF name, the GUID list), the too-small protocol, and the
// port's parse/validate helper with a table of rejected inputs.
#include <cstring>

#include "test_support.h"

// Golden byte arrays keep one WNODE field per line with its offset in a comment: clang-format is off around them.

namespace scsiwmi_test {
namespace {

WCHAR kMofName[] = u"MofResource";  // 11 UTF-16 units

// GUID A: expensive, 1 instance; GUID B: dynamic names; GUID C: event only, 2 instances.
TestMiniport registered(PWCHAR mof_name = kMofName) {
  TestMiniport m;
  m.guids = {{&kGuidA, 1, WMIREG_FLAG_EXPENSIVE},
             {&kGuidB, SCSIWMI_DYNAMIC_INSTANCE_COUNT, 0},
             {&kGuidC, 2, WMIREG_FLAG_EVENT_ONLY_GUID}};
  m.reginfo = [mof_name](PSCSIWMI_REQUEST_CONTEXT, PWCHAR* name) -> UCHAR {
    *name = mof_name;
    return SRB_STATUS_SUCCESS;
  };
  return m;
}

// The golden result for registered() with DataPath = action.
ByteVec golden_result(ULONG action) {
  // clang-format off
  return join({
      le32(130),                 // 0: TotalSize = 32 + 3 * 24 + (2 + 22 + 2)
      {0x53, 0x57, 0x52, 0x47},  // 4: Signature "SWRG"
      {0x01, 0x00, 0x20, 0x00},  // 8: Version 1, HeaderSize 32
      le32(action),              // 12: RegistrationAction (WMIREGISTER 0 / WMIUPDATE 1)
      le32(3),                   // 16: GuidCount
      le32(32),                  // 20: GuidListOffset
      le32(104),                 // 24: MofResourceNameOffset = 32 + 72
      le32(0),                   // 28: Reserved
      {WNODE_TEST_GUID_A_BYTES}, le32(WMIREG_FLAG_EXPENSIVE), le32(1),      // 32: GUID A, flags 1, 1 instance
      {WNODE_TEST_GUID_B_BYTES}, le32(WMIREG_FLAG_CALL_BY_NAME), le32(0xffffffff),  // 56: B, dynamic names
      {0x11, 0x11, 0x11, 0x11, 0x22, 0x22, 0x33, 0x33, 0x44, 0x44, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55},  // 80: C
      le32(WMIREG_FLAG_EVENT_ONLY_GUID), le32(2),
      {22, 0},                                                                             // 104: 22 bytes
      {'M', 0, 'o', 0, 'f', 0, 'R', 0, 'e', 0, 's', 0, 'o', 0, 'u', 0, 'r', 0, 'c', 0, 'e', 0},  // 106
      {0, 0},                                                                              // 128: NUL
  });
  // clang-format on
}

class Reginfo : public ScsiWmiTest {};

TEST_F(Reginfo, ResultGoldenBytesAndParse) {
  for (UCHAR minor : {kReginfo, kReginfoEx}) {
    SCOPED_TRACE(int{minor});
    TestMiniport m = registered();
    ByteVec buffer(256, 0);
    // DataPath is the integer WMIREGISTER (0): never dereferenced.
    const Outcome out = dispatch(m, minor, reinterpret_cast<void*>(SCSIWMI_PORT_WMIREGISTER), buffer);
    EXPECT_FALSE(out.pending);
    EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
    EXPECT_EQ(out.size, 130u);
    EXPECT_BYTES(buffer, padded(golden_result(SCSIWMI_PORT_WMIREGISTER), 256));

    SCSIWMI_PORT_REGINFO_VIEW view{};
    ASSERT_EQ(ScsiWmiPortParseRegInfo(buffer.data(), out.size, &view), ScsiWmiPortParseOk);
    EXPECT_EQ(view.GuidCount, 3u);
    EXPECT_EQ(view.RegistrationAction, 0u);
    SCSIWMI_PORT_REGGUID entry{};
    ScsiWmiPortGetRegGuid(&view, 1, &entry);
    EXPECT_EQ(std::memcmp(&entry.Guid, &kGuidB, sizeof(GUID)), 0);
    EXPECT_EQ(entry.Flags, static_cast<ULONG>(WMIREG_FLAG_CALL_BY_NAME));
    EXPECT_EQ(entry.InstanceCount, 0xffffffffu);
    ASSERT_EQ(view.MofResourceNameLength, 22u);
    EXPECT_EQ(std::memcmp(view.MofResourceName, kMofName, 22), 0);
  }
}

TEST_F(Reginfo, UpdateCarriesTheAction) {
  TestMiniport m = registered();
  ByteVec buffer(256, 0);
  const Outcome out = dispatch(m, kReginfo, reinterpret_cast<void*>(SCSIWMI_PORT_WMIUPDATE), buffer);
  EXPECT_BYTES(prefix(buffer, out.size), golden_result(SCSIWMI_PORT_WMIUPDATE));
}

TEST_F(Reginfo, TheCallbackReturnValueIsIgnored) {
  TestMiniport m = registered();
  m.reginfo = [](PSCSIWMI_REQUEST_CONTEXT, PWCHAR* name) -> UCHAR {
    *name = kMofName;
    return SRB_STATUS_PENDING;  // 0 would mean "pending" under the return-value rule; reginfo never pends
  };
  ByteVec buffer(256, 0);
  const Outcome out = dispatch(m, kReginfo, nullptr, buffer);
  EXPECT_FALSE(out.pending);
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
}

TEST_F(Reginfo, NoMofResource) {
  TestMiniport m = registered(nullptr);
  m.guids.resize(1);
  ByteVec buffer(256, 0);
  const Outcome out = dispatch(m, kReginfo, nullptr, buffer);
  const ByteVec expected = join({le32(56),
                                 {0x53, 0x57, 0x52, 0x47, 1, 0, 32, 0},
                                 le32(0),
                                 le32(1),
                                 le32(32),
                                 le32(0) /* no name */,
                                 le32(0),
                                 {WNODE_TEST_GUID_A_BYTES},
                                 le32(1),
                                 le32(1)});
  EXPECT_EQ(out.size, 56u);
  EXPECT_BYTES(prefix(buffer, 56), expected);
  SCSIWMI_PORT_REGINFO_VIEW view{};
  ASSERT_EQ(ScsiWmiPortParseRegInfo(buffer.data(), out.size, &view), ScsiWmiPortParseOk);
  EXPECT_EQ(view.MofResourceName, nullptr);
}

TEST_F(Reginfo, EmptyMofNameIsReportedAndRegisteredAsNone) {
  static WCHAR empty[] = u"";
  TestMiniport m = registered(empty);
  ByteVec buffer(256, 0);
  const Outcome out = dispatch(m, kReginfo, nullptr, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(load32(buffer, 24), 0u);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRuleReginfoMofName});
}

TEST_F(Reginfo, OverlongMofNameIsAnError) {
  static std::vector<WCHAR> longer(SCSIWMI_MAX_MOF_NAME_CHARS + 5, u'x');
  longer.back() = 0;
  TestMiniport m = registered(longer.data());
  ByteVec buffer(256, 0);
  EXPECT_EQ(dispatch(m, kReginfo, nullptr, buffer).status, SRB_STATUS_ERROR);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRuleReginfoMofName});
}

TEST_F(Reginfo, FlagsTheMiniportMayNotSetAreStrippedAndReported) {
  TestMiniport m = registered();
  m.guids[0].Flags = WMIREG_FLAG_EXPENSIVE | WMIREG_FLAG_INSTANCE_PDO | WMIREG_FLAG_TRACED_GUID;
  m.guids[2].Flags = WMIREG_FLAG_REMOVE_GUID | WMIREG_FLAG_INSTANCE_BASENAME;
  ByteVec buffer(256, 0);
  const Outcome out = dispatch(m, kReginfo, nullptr, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(load32(buffer, 32 + 16), static_cast<ULONG>(WMIREG_FLAG_EXPENSIVE));
  EXPECT_EQ(load32(buffer, 80 + 16), static_cast<ULONG>(WMIREG_FLAG_REMOVE_GUID));
  EXPECT_EQ(take_violations(), (std::vector<SCSIWMI_RULE>{ScsiWmiRuleReginfoFlags, ScsiWmiRuleReginfoFlags}));
}

TEST_F(Reginfo, CallByNameMarksADynamicBlock) {
  TestMiniport m = registered();
  m.guids[2].Flags = WMIREG_FLAG_CALL_BY_NAME;  // dynamic names with a count
  ByteVec buffer(256, 0);
  dispatch(m, kReginfo, nullptr, buffer);
  EXPECT_EQ(load32(buffer, 80 + 16), static_cast<ULONG>(WMIREG_FLAG_CALL_BY_NAME));
  EXPECT_EQ(load32(buffer, 80 + 20), 2u);
}

TEST_F(Reginfo, TheCallbackMayChangeTheGuidList) {
  TestMiniport m = registered();
  m.reginfo = [&m](PSCSIWMI_REQUEST_CONTEXT, PWCHAR* name) -> UCHAR {
    *name = nullptr;
    m.context.GuidCount = 1;  // what the library reads after the callback
    m.guids[0].InstanceCount = 7;
    return SRB_STATUS_SUCCESS;
  };
  ByteVec buffer(256, 0);
  const Outcome out = dispatch(m, kReginfo, nullptr, buffer);
  EXPECT_EQ(out.size, 56u);
  EXPECT_EQ(load32(buffer, 16), 1u);
  EXPECT_EQ(load32(buffer, 32 + 20), 7u);
}

TEST_F(Reginfo, NoBlocks) {
  TestMiniport m = registered(nullptr);
  m.guids.clear();
  ByteVec buffer(32, 0);
  const Outcome out = dispatch(m, kReginfo, nullptr, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(out.size, 32u);
  SCSIWMI_PORT_REGINFO_VIEW view{};
  EXPECT_EQ(ScsiWmiPortParseRegInfo(buffer.data(), out.size, &view), ScsiWmiPortParseOk);
  EXPECT_EQ(view.GuidCount, 0u);
}

TEST_F(Reginfo, TooSmallReportsTheExactSizeInTheFirstUlong) {
  TestMiniport m = registered();
  ByteVec buffer(40, 0xcc);
  const Outcome out = dispatch(m, kReginfo, nullptr, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_DATA_OVERRUN);
  EXPECT_EQ(out.size, 4u);
  EXPECT_EQ(ScsiWmiPortRegInfoSizeNeeded(buffer.data(), out.size), 130u);
  EXPECT_EQ(buffer[4], 0xcc);  // nothing else written

  ByteVec retry(130, 0);
  const Outcome second = dispatch(m, kReginfo, nullptr, retry);
  EXPECT_EQ(second.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(second.size, 130u);
  EXPECT_BYTES(retry, golden_result(0));
}

TEST_F(Reginfo, BufferBelowAUlongGetsNoSize) {
  TestMiniport m = registered();
  ByteVec buffer(3, 0xcc);
  const Outcome out = dispatch(m, kReginfo, nullptr, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_DATA_OVERRUN);
  EXPECT_EQ(out.size, 0u);
  EXPECT_BYTES(buffer, ByteVec(3, 0xcc));
  EXPECT_EQ(ScsiWmiPortRegInfoSizeNeeded(buffer.data(), out.size), 0u);
}

TEST_F(Reginfo, MissingQueryReginfoIsAnErrorAndReported) {
  TestMiniport m = registered();
  m.reginfo = nullptr;
  ByteVec buffer(256, 0);
  EXPECT_EQ(dispatch(m, kReginfo, nullptr, buffer).status, SRB_STATUS_ERROR);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRuleRequiredCallbackMissing});
}

TEST_F(Reginfo, NullGuidsAreAnErrorAndReported) {
  TestMiniport m = registered();
  m.guids[1].Guid = nullptr;
  ByteVec buffer(256, 0);
  EXPECT_EQ(dispatch(m, kReginfo, nullptr, buffer).status, SRB_STATUS_ERROR);
  m.guids.clear();
  m.reginfo = [&m](PSCSIWMI_REQUEST_CONTEXT, PWCHAR*) -> UCHAR {
    m.context.GuidCount = 2;  // with GuidList NULL
    return SRB_STATUS_SUCCESS;
  };
  EXPECT_EQ(dispatch(m, kReginfo, nullptr, buffer).status, SRB_STATUS_ERROR);
  EXPECT_EQ(take_violations(), (std::vector<SCSIWMI_RULE>{ScsiWmiRuleReginfoGuidList, ScsiWmiRuleReginfoGuidList}));
}

TEST_F(Reginfo, PostProcessInsideQueryReginfoIsReportedAndIgnored) {
  TestMiniport m = registered();
  m.reginfo = [](PSCSIWMI_REQUEST_CONTEXT ctx, PWCHAR* name) -> UCHAR {
    *name = kMofName;
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_ERROR, 0);
    return SRB_STATUS_SUCCESS;
  };
  ByteVec buffer(256, 0);
  const Outcome out = dispatch(m, kReginfo, nullptr, buffer);
  EXPECT_EQ(out.status, SRB_STATUS_SUCCESS);
  EXPECT_EQ(out.size, 130u);
  EXPECT_EQ(take_violations(), std::vector<SCSIWMI_RULE>{ScsiWmiRulePostProcessInReginfo});
}

// ---- The port's parser: a table of rejected inputs, each a mutation of the golden result ------------------------

struct Rejected {
  const char* name;
  ByteVec bytes;
  ULONG size;
  SCSIWMI_PORT_PARSE_RESULT expected;
};

TEST_F(Reginfo, ParserRejectsEveryMalformedResult) {
  using wmiport::wnode::testing::with_u16;
  using wmiport::wnode::testing::with_u32;
  const ByteVec good = golden_result(0);
  const std::vector<Rejected> cases = {
      {"shorter than the header", good, 31, ScsiWmiPortParseTruncated},
      {"TotalSize past the returned size", good, 129, ScsiWmiPortParseTruncated},
      {"TotalSize below the header", with_u32(good, 0, 16), 130, ScsiWmiPortParseTruncated},
      {"signature", with_u32(good, 4, 0x12345678), 130, ScsiWmiPortParseBadSignature},
      {"version", with_u16(good, 8, 2), 130, ScsiWmiPortParseBadSignature},
      {"header size", with_u16(good, 10, 24), 130, ScsiWmiPortParseBadSignature},
      {"action", with_u32(good, 12, 2), 130, ScsiWmiPortParseBadAction},
      {"reserved", with_u32(good, 28, 1), 130, ScsiWmiPortParseBadReserved},
      {"GUID list inside the header", with_u32(good, 20, 24), 130, ScsiWmiPortParseBadGuidList},
      {"GUID list misaligned", with_u32(good, 20, 36), 130, ScsiWmiPortParseBadGuidList},
      {"GUID count past TotalSize", with_u32(good, 16, 5), 130, ScsiWmiPortParseBadGuidList},
      {"GUID count overflowing", with_u32(good, 16, 0xffffffff), 130, ScsiWmiPortParseBadGuidList},
      {"flags a miniport may not set", with_u32(good, 32 + 16, WMIREG_FLAG_INSTANCE_PDO), 130,
       ScsiWmiPortParseBadFlags},
      {"name inside the GUID list", with_u32(good, 24, 96), 130, ScsiWmiPortParseBadMofName},
      {"name offset odd", with_u32(good, 24, 105), 130, ScsiWmiPortParseBadMofName},
      {"name length odd", with_u16(good, 104, 21), 130, ScsiWmiPortParseBadMofName},
      {"name length zero", with_u16(good, 104, 0), 130, ScsiWmiPortParseBadMofName},
      {"name past TotalSize", with_u16(good, 104, 24), 130, ScsiWmiPortParseBadMofName},
      {"name without its NUL", with_u16(good, 128, u'x'), 130, ScsiWmiPortParseBadMofName},
      {"name offset past TotalSize", with_u32(good, 24, 130), 130, ScsiWmiPortParseBadMofName},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    // An exact-size copy so that ASan sees any read past `size`.
    ByteVec exact(c.bytes.begin(), c.bytes.begin() + std::min<std::size_t>(c.size, c.bytes.size()));
    SCSIWMI_PORT_REGINFO_VIEW view{};
    const auto result = ScsiWmiPortParseRegInfo(exact.data(), static_cast<ULONG>(exact.size()), &view);
    EXPECT_EQ(result, c.expected) << ScsiWmiPortParseResultName(result);
  }
  SCSIWMI_PORT_REGINFO_VIEW view{};
  EXPECT_EQ(ScsiWmiPortParseRegInfo(nullptr, 130, &view), ScsiWmiPortParseTruncated);
}

TEST_F(Reginfo, ParserAcceptsTheGoldenFromAnUnalignedBuffer) {
  ByteVec shifted = join({{0}, golden_result(1)});
  SCSIWMI_PORT_REGINFO_VIEW view{};
  ASSERT_EQ(ScsiWmiPortParseRegInfo(shifted.data() + 1, 130, &view), ScsiWmiPortParseOk);
  SCSIWMI_PORT_REGGUID entry{};
  ScsiWmiPortGetRegGuid(&view, 2, &entry);
  EXPECT_EQ(entry.InstanceCount, 2u);
  ScsiWmiPortGetRegGuid(&view, 3, &entry);  // out of range: zeroed
  EXPECT_EQ(entry.InstanceCount, 0u);
}

TEST_F(Reginfo, RuleAndResultNames) {
  EXPECT_STREQ(ScsiWmiRuleName(ScsiWmiRulePostProcessTwice), "ScsiWmiRulePostProcessTwice");
  EXPECT_STREQ(ScsiWmiRuleName(static_cast<SCSIWMI_RULE>(999)), "ScsiWmiRuleUnknown");
  EXPECT_STREQ(ScsiWmiPortParseResultName(ScsiWmiPortParseBadFlags), "ScsiWmiPortParseBadFlags");
}

}  // namespace
}  // namespace scsiwmi_test
