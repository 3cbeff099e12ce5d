#include "common/utf16.h"

#include <gtest/gtest.h>

namespace wmiport {
namespace {

TEST(Utf16, RoundTripsAsciiBmpAndSupplementary) {
  const std::string text = "ROOT\\WMIPORT\\0000_0 \xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";  // é € 😀
  auto utf16 = utf8_to_utf16(text);
  ASSERT_TRUE(utf16.ok());
  EXPECT_EQ(utf16->size(), 20u + 2u + 2u);  // 20 ASCII incl. space, é, €, surrogate pair
  EXPECT_EQ((*utf16)[utf16->size() - 2], 0xD83D);
  EXPECT_EQ(utf16_to_utf8(*utf16), text);
}

TEST(Utf16, RejectsInvalidUtf8WithOffset) {
  for (std::string_view bad : {std::string_view("\xC3"), std::string_view("a\xFF"), std::string_view("\xC0\x80"),
                               std::string_view("\xED\xA0\x80"), std::string_view("\xE2\x28\xA1")}) {
    auto r = utf8_to_utf16(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code(), ntstatus::invalid_parameter);
    EXPECT_NE(r.error().message().find("offset"), std::string::npos);
  }
}

TEST(Utf16, UnpairedSurrogateBecomesReplacement) {
  EXPECT_EQ(utf16_to_utf8(std::u16string{u'a', static_cast<char16_t>(0xD800), u'b'}), "a\xEF\xBF\xBD" "b");
}

TEST(Utf16, LittleEndianWire) {
  std::uint8_t raw[4] = {};
  store_utf16le(raw, 0, u"A\u20AC");
  EXPECT_EQ(raw[0], 0x41);
  EXPECT_EQ(raw[1], 0x00);
  EXPECT_EQ(raw[2], 0xAC);
  EXPECT_EQ(raw[3], 0x20);
  EXPECT_EQ(load_utf16le(raw, 0, 2), u"A\u20AC");
}

}  // namespace
}  // namespace wmiport
