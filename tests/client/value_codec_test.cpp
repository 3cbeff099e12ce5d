// The schema catalog and the MOF value codec over the wmi_sample classes (tests/client/wmi_sample.mof).
#include <gtest/gtest.h>

#include "wmiport/schema_catalog.h"
#include "wmiport/value_codec.h"

namespace wmiport {
namespace {

class ValueCodec : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(catalog_.add_mof_file(WMIPORT_SOURCE_DIR "/tests/client/wmi_sample.mof").ok());
    auto cls = catalog_.find_class("wmisample_data");
    ASSERT_TRUE(cls.has_value());
    data_ = *cls;
  }
  SchemaCatalog catalog_;
  ClassRef data_;
};

const std::vector<std::uint8_t> kInstance = {1, 0, 0, 0, 100, 0, 0, 0};

TEST_F(ValueCodec, FindsClassesByNameAndGuid) {
  auto guid = Guid::parse("{5A1E0000-0000-4000-8000-000000000000}");
  ASSERT_TRUE(guid.ok());
  auto by_guid = catalog_.find_class(*guid);
  ASSERT_TRUE(by_guid.has_value());
  EXPECT_EQ(by_guid->cls, data_.cls);
  EXPECT_FALSE(catalog_.find_class("NoSuchClass").has_value());
}

TEST_F(ValueCodec, DecodesAndReplacesProperties) {
  auto decoded = decode_instance(data_, kInstance);
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  EXPECT_EQ(decoded->dump(), R"({"Counter":1,"Setting":100})");
  auto encoded = encode_instance(data_, kInstance, {{"setting", "7"}});
  ASSERT_TRUE(encoded.ok()) << encoded.error().to_string();
  EXPECT_EQ(*encoded, (std::vector<std::uint8_t>{1, 0, 0, 0, 7, 0, 0, 0}));
  auto item = encode_item(data_, 2, "9");
  ASSERT_TRUE(item.ok()) << item.error().to_string();
  EXPECT_EQ(*item, (std::vector<std::uint8_t>{9, 0, 0, 0}));
}

TEST_F(ValueCodec, RejectsUnknownNamesBadValuesAndShortData) {
  EXPECT_FALSE(encode_instance(data_, kInstance, {{"Nope", "1"}}).ok());
  EXPECT_FALSE(encode_instance(data_, kInstance, {{"Setting", "99999999999"}}).ok());
  EXPECT_FALSE(encode_instance(data_, kInstance, {{"Setting", "-1"}}).ok());
  EXPECT_FALSE(encode_instance(data_, kInstance, {{"Setting", "text"}}).ok());
  EXPECT_FALSE(decode_instance(data_, std::vector<std::uint8_t>{1, 0}).ok());
  EXPECT_FALSE(parse_assignment("NoEquals").ok());
  EXPECT_FALSE(parse_assignment("=1").ok());
}

TEST_F(ValueCodec, EncodesMethodArgumentsByName) {
  auto cls = catalog_.find_class("WmiSample_Method");
  ASSERT_TRUE(cls.has_value());
  auto method = find_method(*cls, "fire");
  ASSERT_TRUE(method.ok());
  auto by_id = find_method(*cls, "2");
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ(*method, *by_id);
  auto input = encode_method_input(*cls, **method, {{"Count", "3"}});
  ASSERT_TRUE(input.ok()) << input.error().to_string();
  EXPECT_EQ(*input, (std::vector<std::uint8_t>{3, 0, 0, 0}));
  EXPECT_FALSE(find_method(*cls, "Missing").ok());
}

}  // namespace
}  // namespace wmiport
