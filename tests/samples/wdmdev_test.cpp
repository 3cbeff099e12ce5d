// samples/wdmdev loaded through wmiport::Host: its blocks and PDO instance names, a query decoded with the MOF
// attached to the .so, set/query round trips (whole block and single items), read-only items refused, the
// method, and the change event delivered to a subscriber.
#include <cstring>

#include "sample_support.h"

namespace wmiport::samples_test {
namespace {

constexpr NtStatusCode kReadOnly = static_cast<NtStatusCode>(0xC00002C6u);
constexpr NtStatusCode kItemNotFound = static_cast<NtStatusCode>(0xC0000297u);

const Guid kSettings = guid("{6f1e3a52-9b0d-4c7e-a1f3-2d5c8e9b0a11}");
const Guid kMethods = guid("{6f1e3a52-9b0d-4c7e-a1f3-2d5c8e9b0a12}");
const Guid kChanged = guid("{6f1e3a52-9b0d-4c7e-a1f3-2d5c8e9b0a13}");

class WdmDevTest : public SampleHostTest {
 protected:
  void SetUp() override {
    SampleHostTest::SetUp();
    ASSERT_NE(load("wdmdev", 2), nullptr);
    schema_ = load_driver_schema(driver_path("wdmdev"), u"WdmDevMof");
    ASSERT_NE(schema_, nullptr);
  }

  mof::DataObject settings(std::uint32_t instance) {
    auto reply = host_->query_single_instance(kSettings, instance);
    if (!reply.ok()) {
      ADD_FAILURE() << reply.error().to_string();
      return {};
    }
    return schema_->decode("WdmDev_Settings", reply->instance.data);
  }

  std::unique_ptr<DriverSchema> schema_;
};

TEST_F(WdmDevTest, RegistersItsBlocksWithPdoNamesAndItsMofResource) {
  auto blocks = host_->list_blocks();
  for (const Guid& g : {kSettings, kMethods, kChanged}) {
    const BlockInfo* block = find_block(blocks, g);
    ASSERT_NE(block, nullptr) << g.to_string();
    EXPECT_EQ(block->mof_resource_name, u"WdmDevMof");
  }
  const BlockInfo* settings_block = find_block(blocks, kSettings);
  ASSERT_EQ(settings_block->instance_names.size(), 1u);  // one provider per device: the first one
  EXPECT_EQ(settings_block->instance_names[0], u"ROOT\\WMIPORT\\0000_0");
  EXPECT_NE(find_block(blocks, kChanged)->flags & WMIREG_FLAG_EVENT_ONLY_GUID, 0u);

  auto all = host_->query_all_data(kSettings);
  ASSERT_TRUE(all.ok()) << all.error().to_string();
  ASSERT_EQ(all->instances.size(), 2u);
  EXPECT_EQ(all->instances[0].name, u"ROOT\\WMIPORT\\0000_0");
  EXPECT_EQ(all->instances[1].name, u"ROOT\\WMIPORT\\0001_0");
}

TEST_F(WdmDevTest, QueryDecodesWithTheAttachedMof) {
  auto first = settings(0);
  EXPECT_EQ(uint_field(first, "SerialNumber"), 0x5E00u);
  EXPECT_EQ(uint_field(first, "BlinkRate"), 2u);
  EXPECT_EQ(uint_field(first, "Threshold"), 1000u);
  EXPECT_EQ(uint_field(first, "Enabled"), 1u);
  EXPECT_EQ(string_field(first, "FriendlyName"), "wmiport sample device");
  EXPECT_EQ(uint_field(settings(1), "SerialNumber"), 0x5E01u);
  // The block is exactly the MaxLen slot's end: 18 + 2 * (31 + 1).
  auto reply = host_->query_single_instance(kSettings, u"ROOT\\WMIPORT\\0000_0");
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  EXPECT_EQ(reply->instance.data.size(), 82u);
}

TEST_F(WdmDevTest, SetBlockRoundTripKeepsReadOnlyItems) {
  auto wanted = settings(0);
  wanted.set("SerialNumber", 0x1234u);  // read-only: ignored by the driver
  wanted.set("BlinkRate", 7u);
  wanted.set("Threshold", std::uint64_t{0x1122334455ull});
  wanted.set("Enabled", false);
  wanted.set("FriendlyName", "renamed");  // read-only: ignored
  auto bytes = schema_->encode("WdmDev_Settings", wanted);
  ASSERT_FALSE(bytes.empty());
  ASSERT_TRUE(host_->set_single_instance(kSettings, std::uint32_t{0}, bytes).ok());
  auto now = settings(0);
  EXPECT_EQ(uint_field(now, "SerialNumber"), 0x5E00u);
  EXPECT_EQ(uint_field(now, "BlinkRate"), 7u);
  EXPECT_EQ(uint_field(now, "Threshold"), 0x1122334455ull);
  EXPECT_EQ(uint_field(now, "Enabled"), 0u);
  EXPECT_EQ(string_field(now, "FriendlyName"), "wmiport sample device");
  EXPECT_EQ(uint_field(settings(1), "BlinkRate"), 2u);  // the other device is untouched
}

TEST_F(WdmDevTest, SetItemRoundTripAndReadOnlyItemsRefused) {
  std::uint32_t rate = 42;
  std::vector<std::uint8_t> four(4);
  std::memcpy(four.data(), &rate, 4);
  ASSERT_TRUE(host_->set_single_item(kSettings, std::uint32_t{1}, 2, four).ok());
  EXPECT_EQ(uint_field(settings(1), "BlinkRate"), 42u);

  auto serial = host_->set_single_item(kSettings, std::uint32_t{1}, 1, four);
  ASSERT_FALSE(serial.ok());
  EXPECT_EQ(serial.error().code(), kReadOnly);
  auto name = host_->set_single_item(kSettings, std::uint32_t{1}, 5, std::vector<std::uint8_t>(64));
  ASSERT_FALSE(name.ok());
  EXPECT_EQ(name.error().code(), kReadOnly);
  auto unknown = host_->set_single_item(kSettings, std::uint32_t{1}, 9, four);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), kItemNotFound);
  EXPECT_EQ(uint_field(settings(1), "SerialNumber"), 0x5E01u);

  std::vector<std::uint8_t> one{0};
  ASSERT_TRUE(host_->set_single_item(kSettings, std::uint32_t{1}, 4, one).ok());
  EXPECT_EQ(uint_field(settings(1), "Enabled"), 0u);
}

TEST_F(WdmDevTest, MethodWithInputAndOutput) {
  mof::DataObject input;
  input.set("Factor", 5u);
  auto in = schema_->encode_in("WdmDev_Methods", "ScaleBlinkRate", input);
  auto reply = host_->execute_method(kMethods, std::uint32_t{0}, 1, in);
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  auto out = schema_->decode_out("WdmDev_Methods", "ScaleBlinkRate", reply->instance.data);
  EXPECT_EQ(uint_field(out, "OldBlinkRate"), 2u);
  EXPECT_EQ(uint_field(out, "NewBlinkRate"), 10u);
  EXPECT_EQ(uint_field(settings(0), "BlinkRate"), 10u);
  // Unknown method id.
  EXPECT_FALSE(host_->execute_method(kMethods, std::uint32_t{0}, 7, in).ok());
}

TEST_F(WdmDevTest, ChangeEventDeliveredOnlyAfterEnabling) {
  // Not enabled: a change fires nothing (the driver checks), so a later subscriber sees only its own events.
  std::vector<std::uint8_t> four{3, 0, 0, 0};
  ASSERT_TRUE(host_->set_single_item(kSettings, std::uint32_t{0}, 2, four).ok());
  auto subscription = host_->subscribe(kChanged);
  four[0] = 9;
  ASSERT_TRUE(host_->set_single_item(kSettings, std::uint32_t{0}, 2, four).ok());
  auto event = subscription.next(std::chrono::milliseconds(2000));
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->guid, kChanged);
  EXPECT_EQ(event->instance_name, u"ROOT\\WMIPORT\\0000_0");
  auto data = schema_->decode("WdmDev_SettingChanged", event->data);
  EXPECT_EQ(uint_field(data, "ItemId"), 2u);
  EXPECT_EQ(uint_field(data, "BlinkRate"), 9u);
  EXPECT_EQ(uint_field(data, "Threshold"), 1000u);

  mof::DataObject input;
  input.set("Factor", 2u);
  ASSERT_TRUE(
      host_
          ->execute_method(kMethods, std::uint32_t{0}, 1, schema_->encode_in("WdmDev_Methods", "ScaleBlinkRate", input))
          .ok());
  auto after_method = subscription.next(std::chrono::milliseconds(2000));
  ASSERT_TRUE(after_method.has_value());
  EXPECT_EQ(uint_field(schema_->decode("WdmDev_SettingChanged", after_method->data), "BlinkRate"), 18u);
  EXPECT_FALSE(subscription.next(std::chrono::milliseconds(100)).has_value());
}

class WdmDevSmallBufferTest : public WdmDevTest {
 protected:
  HostOptions options() override {
    HostOptions o;
    o.wmi.initial_buffer_size = 72;
    return o;
  }
};

TEST_F(WdmDevSmallBufferTest, OverrunSizesAreExact) {
  auto all = host_->query_all_data(kSettings);
  ASSERT_TRUE(all.ok()) << all.error().to_string();
  ASSERT_EQ(all->instances.size(), 2u);
  EXPECT_EQ(string_field(schema_->decode("WdmDev_Settings", all->instances[1].data), "FriendlyName"),
            "wmiport sample device");
  mof::DataObject input;
  input.set("Factor", 3u);
  auto reply = host_->execute_method(kMethods, std::uint32_t{0}, 1,
                                     schema_->encode_in("WdmDev_Methods", "ScaleBlinkRate", input));
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  EXPECT_EQ(uint_field(schema_->decode_out("WdmDev_Methods", "ScaleBlinkRate", reply->instance.data), "NewBlinkRate"),
            6u);
  EXPECT_EQ(uint_field(settings(0), "BlinkRate"), 6u);  // scaled once, not once per try
}

}  // namespace
}  // namespace wmiport::samples_test
