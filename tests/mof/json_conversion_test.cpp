// JSON views of decoded values, both ways, on classes built in code.
#include <gtest/gtest.h>

#include "layout_schema_builder.h"
#include "mof/layout/codec.h"
#include "mof/layout/json.h"

namespace wmiport::mof {
namespace {

using testing::embedded;
using testing::item;
using testing::wmi_class;
using Json = nlohmann::ordered_json;

class JsonConversion : public ::testing::Test {
 protected:
  void SetUp() override {
    schema_.add_class(wmi_class("Inner", {item("Code", CimType::uint16, 1), item("When", CimType::datetime, 2)}));
    schema_.add_class(wmi_class(
        "Outer",
        {item("Big", CimType::uint64, 1), item("Delta", CimType::sint32, 2), item("Ok", CimType::boolean, 3),
         item("Ratio", CimType::real64, 4), item("Wwn", CimType::uint8, 5).fixed(4), item("N", CimType::uint32, 6),
         embedded("Inners", "Inner", 7).sized_by("N"), item("Name", CimType::string, 8)}));
    auto layout = layout_class(schema_, *schema_.find_class("Outer"));
    ASSERT_TRUE(layout.ok()) << layout.error().to_string();
    layout_ = std::move(layout).value();
  }

  Schema schema_;
  BlockLayout layout_;
};

constexpr const char* kSample =
    R"({"Big":18446744073709551615,"Delta":-5,"Ok":true,"Ratio":0.5,"Wwn":[1,2,3,255],"N":1,)"
    R"("Inners":[{"Code":7,"When":"20240102030405.000000+000"}],"Name":"hba0"})";

TEST_F(JsonConversion, RoundTripThroughBytes) {
  auto object = data_object_from_json(layout_, Json::parse(kSample));
  ASSERT_TRUE(object.ok()) << object.error().to_string();
  auto bytes = encode_block(layout_, *object);
  ASSERT_TRUE(bytes.ok()) << bytes.error().to_string();
  auto decoded = decode_block(layout_, *bytes);
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  EXPECT_EQ(*decoded, *object);
  EXPECT_EQ(to_json(*decoded).dump(), kSample);  // item order is WmiDataId order, uint64 max stays exact
  EXPECT_NE(decoded->find("Inners")->as_array()->at(0).as_object()->find("When")->as_datetime(), nullptr);
}

TEST_F(JsonConversion, CountMayBeOmittedAndKeysAreCaseInsensitive) {
  Json json = Json::parse(kSample);
  json.erase("N");
  json["name"] = json["Name"];
  json.erase("Name");
  auto object = data_object_from_json(layout_, json);
  ASSERT_TRUE(object.ok()) << object.error().to_string();
  EXPECT_EQ(object->fields.back().name, "Name");  // the declared spelling
  auto bytes = encode_block(layout_, *object);
  ASSERT_TRUE(bytes.ok()) << bytes.error().to_string();
  auto decoded = decode_block(layout_, *bytes);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(to_json(*decoded).dump(), kSample);
}

struct BadJson {
  const char* name;
  const char* key;
  const char* value;  // JSON text replacing the key's value
  const char* expected;
};

TEST_F(JsonConversion, BadInputNamesTheProperty) {
  const std::vector<BadJson> cases = {
      {"string for integer", "Delta", R"("5")", "Delta: expected an integer for sint32, got string"},
      {"real for integer", "Big", "1.5", "Big: expected an integer for uint64, got real number"},
      {"bool for integer", "N", "true", "N: expected an integer for uint32, got boolean"},
      {"too big for sint32", "Delta", "2147483648", "Delta: 2147483648 is out of range for sint32"},
      {"negative for uint64", "Big", "-1", "Big: -1 is out of range for uint64"},
      {"beyond uint64", "Big", "18446744073709551616", "Big: expected an integer for uint64, got real number"},
      {"integer for boolean", "Ok", "1", "Ok: expected a boolean, got integer"},
      {"string for real", "Ratio", R"("x")", "Ratio: expected a number, got string"},
      {"scalar for array", "Wwn", "1", "Wwn: expected an array, got integer"},
      {"bad element", "Wwn", "[1, 256, 3, 4]", "Wwn[1]: 256 is out of range for uint8"},
      {"number for string", "Name", "3", "Name: expected a string, got integer"},
      {"nested bad type", "Inners", R"([{"Code":"x","When":"20240102030405.000000+000"}])",
       "Inners[0].Code: expected an integer for uint16, got string"},
      {"nested unknown key", "Inners", R"([{"Code":1,"Extra":2}])", "Inners[0].Extra: Inner has no data item"},
      {"array for object", "Inners", "[[1]]", "Inners[0]: expected an object (Inner), got array"},
      {"number for datetime", "Inners", R"([{"Code":1,"When":5}])", "Inners[0].When: expected a datetime string"},
      {"unknown key", "Bogus", "1", "Bogus: Outer has no data item of this name"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    Json json = Json::parse(kSample);
    json[c.key] = Json::parse(c.value);
    auto object = data_object_from_json(layout_, json);
    ASSERT_FALSE(object.ok());
    EXPECT_NE(object.error().message().find(c.expected), std::string::npos) << object.error().message();
  }
  auto not_object = data_object_from_json(layout_, Json::parse("[1]"));
  ASSERT_FALSE(not_object.ok());
  EXPECT_NE(not_object.error().message().find("expected an object (Outer), got array"), std::string::npos);
}

TEST_F(JsonConversion, WrongArrayLengthsAreCaughtByTheEncoder) {
  Json json = Json::parse(kSample);
  json["Wwn"] = Json::parse("[1, 2]");
  auto object = data_object_from_json(layout_, json);
  ASSERT_TRUE(object.ok());
  auto bytes = encode_block(layout_, *object);
  ASSERT_FALSE(bytes.ok());
  EXPECT_NE(bytes.error().message().find("Wwn: has 2 elements, but the array has a fixed size of 4"),
            std::string::npos);

  json = Json::parse(kSample);
  json["N"] = 2;
  object = data_object_from_json(layout_, json);
  ASSERT_TRUE(object.ok());
  bytes = encode_block(layout_, *object);
  ASSERT_FALSE(bytes.ok());
  EXPECT_NE(bytes.error().message().find("N: is the WmiSizeIs count of Inners but does not equal its 1 elements"),
            std::string::npos);
}

}  // namespace
}  // namespace wmiport::mof
