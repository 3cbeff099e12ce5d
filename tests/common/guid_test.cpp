#include "common/guid.h"

#include <gtest/gtest.h>

#include <cstring>

namespace wmiport {
namespace {

TEST(Guid, ParseFormatAndWireBytes) {
  auto g = Guid::parse("{3E8DC9EE-4A6C-4A38-BA6E-2D8C7AB5CF12}");
  ASSERT_TRUE(g.ok());
  EXPECT_EQ(g->data1, 0x3E8DC9EEu);
  EXPECT_EQ(g->data2, 0x4A6C);
  EXPECT_EQ(g->data3, 0x4A38);
  EXPECT_EQ(g->data4[0], 0xBA);
  EXPECT_EQ(g->data4[7], 0x12);
  EXPECT_EQ(g->to_string(), "{3e8dc9ee-4a6c-4a38-ba6e-2d8c7ab5cf12}");
  std::uint8_t raw[16] = {};
  g->store(raw, 0);
  const std::uint8_t expected[16] = {0xEE, 0xC9, 0x8D, 0x3E, 0x6C, 0x4A, 0x38, 0x4A,
                                     0xBA, 0x6E, 0x2D, 0x8C, 0x7A, 0xB5, 0xCF, 0x12};
  EXPECT_EQ(0, std::memcmp(raw, expected, 16));
  EXPECT_EQ(Guid::load(raw, 0), *g);
  EXPECT_TRUE(Guid::parse("3e8dc9ee-4a6c-4a38-ba6e-2d8c7ab5cf12").ok());
}

TEST(Guid, RejectsMalformed) {
  for (std::string_view bad : {"", "{3E8DC9EE-4A6C-4A38-BA6E-2D8C7AB5CF1}", "3E8DC9EE-4A6C-4A38-BA6E-2D8C7AB5CF1G",
                               "3E8DC9EE04A6C-4A38-BA6E-2D8C7AB5CF12", "{3E8DC9EE-4A6C-4A38-BA6E-2D8C7AB5CF12"}) {
    auto r = Guid::parse(bad);
    EXPECT_FALSE(r.ok()) << bad;
  }
}

}  // namespace
}  // namespace wmiport
