// Events: delivered only while a consumer has them enabled on that device; ProviderId and TimeStamp filled by
// the port; adapter and LU forms; the rest dropped and recorded.
#include <cstring>

#include "scsiport_fixture.h"

namespace wmiport::test {
namespace {

class EventsTest : public ScsiPortTest {
 protected:
  void SetUp() override {
    ScsiPortTest::SetUp();
    stats_ = load_miniport('a');
    ASSERT_NE(stats_, nullptr);
    adapter_ = adapter_of("scsi_wmi_shape_a");
  }
  void fire(std::uint32_t which) {
    auto reply = host_->execute_method(scsi_guid(SCSI_TEST_ADAPTER_METHOD), std::uint32_t{0}, SCSI_TEST_METHOD_FIRE,
                                       bytes_of(which));
    ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  }
  std::size_t dropped() {
    std::size_t n = 0;
    for (const auto& record : scsiport::records())
      n += record.kind == scsiport::RecordKind::event_not_enabled;
    return n;
  }
  SCSI_TEST_STATS* stats_ = nullptr;
  scsiport::AdapterInfo adapter_;
};

TEST_F(EventsTest, AdapterEventReachesASubscriber) {
  auto subscription = host_->subscribe(scsi_guid(SCSI_TEST_ADAPTER_EVENT));
  host_->settle();
  EXPECT_EQ(stats_->function_control[0][1], 1);  // ENABLE_EVENTS reached the miniport
  fire(0);
  auto event = subscription.next();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->provider_id, IoWMIDeviceObjectToProviderId(adapter_.fdo));
  EXPECT_EQ(event->instance_name, u"ROOT\\WMIPORT\\0000_0");
  EXPECT_EQ(event->data, bytes_of(0));
  ASSERT_GE(event->wnode.size(), 0x44u);
  std::uint64_t stamp = 0;
  std::memcpy(&stamp, event->wnode.data() + 16, 8);
  EXPECT_NE(stamp, 0u);
  EXPECT_EQ(dropped(), 0u);
}

TEST_F(EventsTest, LuEventIsNamedAfterTheLu) {
  auto subscription = host_->subscribe(lu_guid(SCSI_TEST_LU_EVENT));
  host_->settle();
  fire(1);
  auto event = subscription.next();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->provider_id, IoWMIDeviceObjectToProviderId(adapter_.logical_units[1].pdo));
  EXPECT_EQ(event->instance_name, adapter_.logical_units[1].instance_path + u"_0");
  EXPECT_EQ(event->data, bytes_of(1));
}

TEST_F(EventsTest, EventsNotEnabledAreDroppedAndRecorded) {
  fire(0);
  fire(1);
  host_->settle();
  EXPECT_EQ(dropped(), 2u);
  {
    auto subscription = host_->subscribe(scsi_guid(SCSI_TEST_ADAPTER_EVENT));
    host_->settle();
    fire(0);
    EXPECT_TRUE(subscription.next().has_value());
  }
  host_->settle();
  EXPECT_EQ(stats_->function_control[0][0], 1);               // DISABLE_EVENTS when the last subscriber left
  auto late = host_->subscribe(lu_guid(SCSI_TEST_LU_EVENT));  // another GUID: the adapter event stays off
  host_->settle();
  fire(0);
  host_->settle();
  EXPECT_EQ(dropped(), 3u);
  EXPECT_FALSE(late.next(std::chrono::milliseconds(50)).has_value());
}

}  // namespace
}  // namespace wmiport::test
