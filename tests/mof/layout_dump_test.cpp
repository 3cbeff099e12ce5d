// The text `wmiport mof dump` prints: offsets, sizes, alignments and ids of every item, nested embedded classes.
#include <gtest/gtest.h>

#include "layout_fixtures.h"
#include "mof/layout/layout_dump.h"

namespace wmiport::mof {
namespace {

TEST(LayoutDump, FibrePortHbaAttributes) {
  const std::string text =
      render_block_layout(testing::fixture_layout("SFBDhbaapi.mof", "MSFC_FibrePortHBAAttributes"));
  EXPECT_NE(text.find("MSFC_FibrePortHBAAttributes: alignment 8, C sizeof 136, _SIZE 132 (no tail padding)\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("     12    120     4    3  Attributes                     MSFC_HBAPortAttributesResults\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("           32     32     1    7  PortSupportedFc4Types          uint8[32]\n"), std::string::npos)
      << text;
}

TEST(LayoutDump, VariableItemsPrintVar) {
  const std::string text =
      render_block_layout(testing::fixture_method_layout("SFBDhbaapi.mof", "ScsiInquiry", Direction::out));
  EXPECT_NE(text.find("ScsiInquiry_OUT: alignment 4, variable size (at least 13 bytes)"), std::string::npos) << text;
  EXPECT_NE(text.find("     13    var     1    9  ResponseBuffer                 uint8[ResponseBufferSize]\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("    var    var     1   10  SenseBuffer                    uint8[SenseBufferSize]\n"),
            std::string::npos)
      << text;
}

TEST(LayoutDump, WholeSchemaListsClassesAndMethods) {
  int failures = 0;
  const std::string text = render_schema_layouts(testing::fixture("toaster.mof"), LayoutOptions{}, failures);
  EXPECT_EQ(failures, 0);
  EXPECT_NE(text.find("class ToasterNotifyDeviceArrival (event block"), std::string::npos) << text;
  EXPECT_NE(text.find("class ToasterDeviceInformation (data block"), std::string::npos) << text;
  EXPECT_NE(text.find("  method ToasterControl2 (WmiMethodId 2)\n    ToasterControl2_IN: alignment 4, C sizeof 8, "
                      "_SIZE 8"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace wmiport::mof
