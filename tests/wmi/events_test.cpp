// Events: WmiFireEvent -> IoWMIWriteEvent -> delivery on the core's thread; the size limit; lost events counted
// in CountLost; WNODE_EVENT_REFERENCE resolved by querying the referenced instance.
#include "host_fixture.h"

#include <cstring>

#include <wdm.h>

namespace wmiport::test {
namespace {

class EventsTest : public HostTest {
 protected:
  HostOptions options() override {
    HostOptions options;
    options.wmi.subscriber_queue_capacity = 2;
    return options;
  }
  void fire(std::uint32_t payload) {
    auto reply = host_->execute_method(sample_guid(WMI_SAMPLE_METHOD), std::uint32_t{0}, WMI_SAMPLE_METHOD_FIRE,
                                       bytes_of(payload));
    ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  }
};

TEST_F(EventsTest, FiredEventReachesTheSubscriberWithItsInstanceName) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  auto subscription = host_->subscribe(sample_guid(WMI_SAMPLE_EVENT));
  fire(16);
  EXPECT_EQ(stats->last_fire_status, STATUS_SUCCESS);
  auto event = subscription.next();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->guid, sample_guid(WMI_SAMPLE_EVENT));
  EXPECT_EQ(event->instance_name, u"ROOT\\WMIPORT\\0000_0");
  ASSERT_EQ(event->data.size(), 16u);
  EXPECT_EQ(event->data[15], 15);
  EXPECT_EQ(event->count_lost, 0u);
  // The delivered WNODE is WmiFireEvent's: WNODE_SINGLE_INSTANCE | EVENT_ITEM | STATIC_INSTANCE_NAMES.
  auto parsed = wnode::parse_event_item(Bytes{event->wnode});
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  ASSERT_EQ(event->wnode.size(), 64u + 16u);
  EXPECT_EQ(load_u32(Bytes{event->wnode}, 44), 0x8Au);
  EXPECT_EQ(load_u32(Bytes{event->wnode}, 56), 64u);  // DataBlockOffset
}

TEST_F(EventsTest, EventWithoutDataIsAllowed) {
  load_sample();
  auto subscription = host_->subscribe(sample_guid(WMI_SAMPLE_EVENT));
  fire(0);
  auto event = subscription.next();
  ASSERT_TRUE(event.has_value());
  EXPECT_TRUE(event->data.empty());
}

TEST_F(EventsTest, EventsOverTheSizeLimitAreRefusedWithBufferOverflow) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  auto subscription = host_->subscribe(sample_guid(WMI_SAMPLE_EVENT));
  fire(1024 - 64);  // exactly 1 KB with the 64-byte WNODE: accepted
  EXPECT_EQ(stats->last_fire_status, STATUS_SUCCESS);
  fire(1024 - 64 + 1);
  EXPECT_EQ(stats->last_fire_status, STATUS_BUFFER_OVERFLOW);
  host_->settle();
  ASSERT_TRUE(subscription.next().has_value());
  EXPECT_FALSE(subscription.next(std::chrono::milliseconds(50)).has_value());
}

TEST_F(EventsTest, LostEventsAreCountedInTheNextDeliveredHeader) {
  load_sample();
  auto subscription = host_->subscribe(sample_guid(WMI_SAMPLE_EVENT));
  for (std::uint32_t i = 1; i <= 5; ++i)
    fire(i);
  host_->settle();
  EXPECT_EQ(subscription.lost(), 3u);  // the queue holds 2
  auto first = subscription.next();
  auto second = subscription.next();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->data.size(), 1u);
  EXPECT_EQ(second->data.size(), 2u);
  fire(6);
  host_->settle();
  auto after = subscription.next();
  ASSERT_TRUE(after.has_value());
  EXPECT_EQ(after->data.size(), 6u);
  EXPECT_EQ(after->count_lost, 3u);
  EXPECT_EQ(load_u32(Bytes{after->wnode}, 16), 3u);  // WnodeHeader.CountLost
}

TEST_F(EventsTest, BatchCallbackSeesWhatNextReturns) {
  load_sample();
  auto one_by_one = host_->subscribe(sample_guid(WMI_SAMPLE_EVENT));
  auto batched = host_->subscribe(sample_guid(WMI_SAMPLE_EVENT));
  fire(1);
  fire(2);
  host_->settle();
  std::vector<EventRecord> seen;
  EXPECT_EQ(batched.next_batch([&](const EventView& event) { seen.push_back(event.to_record()); }), 2u);
  ASSERT_EQ(seen.size(), 2u);
  for (std::size_t k = 0; k < seen.size(); ++k) {
    auto expected = one_by_one.next();
    ASSERT_TRUE(expected.has_value());
    EXPECT_EQ(seen[k].guid, expected->guid);
    EXPECT_EQ(seen[k].provider_id, expected->provider_id);
    EXPECT_EQ(seen[k].instance_name, u"ROOT\\WMIPORT\\0000_0");
    EXPECT_EQ(seen[k].instance_name, expected->instance_name);
    EXPECT_EQ(seen[k].data, expected->data);
    EXPECT_EQ(seen[k].wnode, expected->wnode);
    EXPECT_EQ(seen[k].data.size(), k + 1);  // in the order fired
  }
  EXPECT_EQ(batched.next_batch([](const EventView&) {}, std::chrono::milliseconds(0)), 0u);
}

TEST_F(EventsTest, EventReferenceIsResolvedByQueryingTheTarget) {
  load_sample();
  auto subscription = host_->subscribe(sample_guid(WMI_SAMPLE_EVENT));
  auto reply = host_->execute_method(sample_guid(WMI_SAMPLE_METHOD), std::uint32_t{0}, WMI_SAMPLE_METHOD_FIRE_REF, {});
  ASSERT_TRUE(reply.ok());
  auto event = subscription.next();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->instance_name, u"ROOT\\WMIPORT\\0000_1");
  ASSERT_EQ(event->data.size(), 8u);
  EXPECT_EQ(event->data[4], 200);  // DATA instance 1: Setting 200
  auto parsed = wnode::parse_event_item(Bytes{event->wnode});
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
}

TEST_F(EventsTest, NoSubscriberNoDelivery) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  fire(4);
  EXPECT_EQ(stats->last_fire_status, STATUS_SUCCESS);  // accepted, then dropped: nobody listens
  auto subscription = host_->subscribe(sample_guid(WMI_SAMPLE_EVENT));
  EXPECT_FALSE(subscription.next(std::chrono::milliseconds(50)).has_value());
}

// IoWMIWriteEvent copies the WNODE once into a recycled block and delivers that block: events fired after the
// blocks of earlier ones were given back and reused still carry their own data, size and name.
TEST_F(EventsTest, EventsStayRightWhenTheirStorageIsRecycled) {
  load_sample();
  auto subscription = host_->subscribe(sample_guid(WMI_SAMPLE_EVENT));
  for (std::uint32_t round = 0; round < 2; ++round) {
    for (std::uint32_t k = 0; k < 300; ++k) {  // more than a slab of slots: later events reuse given-back slots
      const std::uint32_t size = round == 0 ? k % 40 : 39 - k % 40;
      fire(size);
      auto event = subscription.next();
      ASSERT_TRUE(event.has_value()) << round << "/" << k;
      ASSERT_EQ(event->data.size(), size) << round << "/" << k;
      for (std::uint32_t b = 0; b < size; ++b)
        ASSERT_EQ(event->data[b], static_cast<std::uint8_t>(b)) << round << "/" << k;
      EXPECT_EQ(event->instance_name, u"ROOT\\WMIPORT\\0000_0");
      EXPECT_EQ(load_u32(Bytes{event->wnode}, 0), 64u + size);  // BufferSize: the event's own WNODE
    }
  }
}

class WrittenEventsTest : public HostTest {
 protected:
  // A WNODE_EVENT_ITEM in a pool block, as a driver hands it to IoWMIWriteEvent.
  void* pool_copy(const std::vector<std::uint8_t>& wnode) {
    void* block = ExAllocatePoolWithTag(NonPagedPool, wnode.size(), 0x74736554u);  // 'Test'
    std::memcpy(block, wnode.data(), wnode.size());
    return block;
  }
  std::vector<std::uint8_t> dynamic_event(std::uint32_t provider_id, std::u16string name,
                                          std::vector<std::uint8_t> data) {
    wnode::SingleInstance body;
    body.header.guid = sample_guid(WMI_SAMPLE_EVENT);
    body.header.provider_id = provider_id;
    body.instance_name = std::move(name);
    body.data = std::move(data);
    auto built = wnode::build_event_item({std::move(body)});
    EXPECT_TRUE(built.ok());
    return built.ok() ? std::move(built).value() : std::vector<std::uint8_t>{};
  }
  std::uint32_t sample_provider() {
    const auto blocks = host_->list_blocks();
    const BlockInfo* block = find_block(blocks, sample_guid(WMI_SAMPLE_EVENT));
    return block ? block->provider_id : 0;
  }
};

// A dynamic name is delivered from the WNODE it lies in, not copied out.
TEST_F(WrittenEventsTest, DynamicInstanceNameAndDataAreDeliveredFromTheWnode) {
  load_sample();
  auto subscription = host_->subscribe(sample_guid(WMI_SAMPLE_EVENT));
  const auto wnode = dynamic_event(sample_provider(), u"Port7", {1, 2, 3, 4, 5});
  ASSERT_EQ(IoWMIWriteEvent(pool_copy(wnode)), STATUS_SUCCESS);
  std::u16string name;
  std::vector<std::uint8_t> data;
  std::vector<std::uint8_t> delivered;
  ASSERT_EQ(subscription.next_batch(
                [&](const EventView& event) {
                  name = event.instance_name;
                  data.assign(event.data.begin(), event.data.end());
                  delivered.assign(event.wnode.begin(), event.wnode.end());
                  // Views into the delivered WNODE: the data is where DataBlockOffset says.
                  EXPECT_EQ(event.data.data(), event.wnode.data() + load_u32(event.wnode, 56));
                },
                std::chrono::seconds(5)),
            1u);
  EXPECT_EQ(name, u"Port7");
  EXPECT_EQ(data, (std::vector<std::uint8_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(delivered, wnode);
}

// A malformed WNODE from a driver is refused (STATUS_INVALID_PARAMETER, the block stays the driver's), with the
// validating parse's own message, and nothing is delivered.
TEST_F(WrittenEventsTest, MalformedEventIsRefusedWithTheParsersMessage) {
  load_sample();
  auto subscription = host_->subscribe(sample_guid(WMI_SAMPLE_EVENT));
  auto wnode = dynamic_event(sample_provider(), u"Port7", {1, 2, 3, 4, 5});
  store_u32(MutableBytes{wnode}, 60, 0x1000);  // SizeDataBlock past BufferSize
  const auto expected = wnode::parse_event_item(Bytes{wnode});
  ASSERT_FALSE(expected.ok());
  ::testing::internal::CaptureStderr();
  void* block = pool_copy(wnode);
  EXPECT_EQ(IoWMIWriteEvent(block), STATUS_INVALID_PARAMETER);
  ExFreePool(block);
  const std::string reported = ::testing::internal::GetCapturedStderr();
  EXPECT_NE(reported.find("IoWMIWriteEvent refused a malformed event: " + expected.error().message()),
            std::string::npos)
      << reported;
  host_->settle();
  EXPECT_FALSE(subscription.next(std::chrono::milliseconds(50)).has_value());
}

}  // namespace
}  // namespace wmiport::test
