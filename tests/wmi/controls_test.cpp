// Enable reference counts: exactly one ENABLE when the first consumer appears and one DISABLE when the last
// leaves, per provider, for events (subscriptions) and collection (opens of an expensive block).
#include <thread>
#include <vector>

#include "host_fixture.h"

namespace wmiport::test {
namespace {

using ControlsTest = HostTest;

TEST_F(ControlsTest, EventsEnabledOnceForSeveralSubscribers) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  const Guid event = sample_guid(WMI_SAMPLE_EVENT);
  {
    auto a = host_->subscribe(event);
    auto b = host_->subscribe(event);
    {
      auto c = host_->subscribe(event);
      EXPECT_EQ(stats->events_enabled[WMI_SAMPLE_EVENT], 1);
    }
    EXPECT_EQ(stats->events_disabled[WMI_SAMPLE_EVENT], 0);
    auto moved = std::move(a);
    EXPECT_EQ(stats->events_disabled[WMI_SAMPLE_EVENT], 0);
  }
  EXPECT_EQ(stats->events_enabled[WMI_SAMPLE_EVENT], 1);
  EXPECT_EQ(stats->events_disabled[WMI_SAMPLE_EVENT], 1);
  auto again = host_->subscribe(event);
  EXPECT_EQ(stats->events_enabled[WMI_SAMPLE_EVENT], 2);
  EXPECT_EQ(stats->double_enables, 0);
  EXPECT_EQ(stats->irps_by_minor[IRP_MN_ENABLE_EVENTS], 2);
}

TEST_F(ControlsTest, EachProviderOfTheGuidIsEnabledOnce) {
  auto* stats = load_sample(2);
  ASSERT_NE(stats, nullptr);
  {
    auto a = host_->subscribe(sample_guid(WMI_SAMPLE_EVENT));
    auto b = host_->subscribe(sample_guid(WMI_SAMPLE_EVENT));
    EXPECT_EQ(stats->events_enabled[WMI_SAMPLE_EVENT], 2);  // one per device
  }
  EXPECT_EQ(stats->events_disabled[WMI_SAMPLE_EVENT], 2);
  EXPECT_EQ(stats->double_enables, 0);
}

TEST_F(ControlsTest, CollectionEnabledAroundFirstOpenAndLastClose) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  const Guid expensive = sample_guid(WMI_SAMPLE_EXPENSIVE);
  {
    auto first = host_->open_block(expensive);
    auto second = host_->open_block(expensive);
    EXPECT_EQ(stats->collection_enabled[WMI_SAMPLE_EXPENSIVE], 1);
    auto reply = host_->query_all_data(expensive);  // a query opens and closes once more: no new IRP
    ASSERT_TRUE(reply.ok()) << reply.error().to_string();
    EXPECT_EQ(reply->instances.at(0).data, bytes_of(0xC011EC7));  // the driver saw collection on
    EXPECT_EQ(stats->collection_enabled[WMI_SAMPLE_EXPENSIVE], 1);
    EXPECT_EQ(stats->collection_disabled[WMI_SAMPLE_EXPENSIVE], 0);
  }
  EXPECT_EQ(stats->collection_disabled[WMI_SAMPLE_EXPENSIVE], 1);
  // A lone query is its own first open and last close.
  auto reply = host_->query_all_data(expensive);
  ASSERT_TRUE(reply.ok());
  EXPECT_EQ(stats->collection_enabled[WMI_SAMPLE_EXPENSIVE], 2);
  EXPECT_EQ(stats->collection_disabled[WMI_SAMPLE_EXPENSIVE], 2);
  // Opening a block that is not expensive sends nothing.
  { auto plain = host_->open_block(sample_guid(WMI_SAMPLE_DATA)); }
  EXPECT_EQ(stats->irps_by_minor[IRP_MN_ENABLE_COLLECTION], 2);
  EXPECT_EQ(stats->double_enables, 0);
}

TEST_F(ControlsTest, LoneSingleInstanceQueryOfAnExpensiveBlockEnablesCollectionAroundIt) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  const Guid expensive = sample_guid(WMI_SAMPLE_EXPENSIVE);
  auto reply = host_->query_single_instance(expensive, std::uint32_t{0});
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  EXPECT_EQ(reply->instance.data, bytes_of(0xC011EC7));  // the driver saw collection on
  EXPECT_EQ(stats->collection_enabled[WMI_SAMPLE_EXPENSIVE], 1);
  EXPECT_EQ(stats->collection_disabled[WMI_SAMPLE_EXPENSIVE], 1);
  {
    auto open = host_->open_block(expensive);  // under an open handle a query changes nothing
    ASSERT_TRUE(host_->query_single_instance(expensive, std::uint32_t{0}).ok());
    EXPECT_EQ(stats->collection_enabled[WMI_SAMPLE_EXPENSIVE], 2);
    EXPECT_EQ(stats->collection_disabled[WMI_SAMPLE_EXPENSIVE], 1);
  }
  EXPECT_EQ(stats->collection_disabled[WMI_SAMPLE_EXPENSIVE], 2);
  EXPECT_EQ(stats->double_enables, 0);
}

TEST_F(ControlsTest, QueryOfAnInexpensiveBlockSendsNoControlIrps) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  auto subscription = host_->subscribe(sample_guid(WMI_SAMPLE_EVENT));
  const int enables = stats->irps_by_minor[IRP_MN_ENABLE_EVENTS];
  for (int k = 0; k < 3; ++k)
    ASSERT_TRUE(host_->query_single_instance(sample_guid(WMI_SAMPLE_DATA), std::uint32_t{0}).ok());
  EXPECT_EQ(stats->irps_by_minor[IRP_MN_ENABLE_COLLECTION], 0);
  EXPECT_EQ(stats->irps_by_minor[IRP_MN_DISABLE_COLLECTION], 0);
  EXPECT_EQ(stats->irps_by_minor[IRP_MN_ENABLE_EVENTS], enables);
  EXPECT_EQ(stats->irps_by_minor[IRP_MN_DISABLE_EVENTS], 0);
}

TEST_F(ControlsTest, AProviderRegisteringWhileSubscribedIsEnabledToo) {
  auto subscription = host_->subscribe(sample_guid(WMI_SAMPLE_EVENT));
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  EXPECT_EQ(stats->events_enabled[WMI_SAMPLE_EVENT], 1);
}

// The enable_twice assertion under load: threads subscribing, opening and querying the event block and the
// expensive block at once. The driver sees enables and disables strictly alternate (never two of either in a row),
// ends disabled, and the verifier's internal check (wmi::ControlSequence) never fires.
TEST_F(ControlsTest, ConcurrentSubscribersAndOpenersNeverEnableTwice) {
  auto* stats = load_sample(2);
  ASSERT_NE(stats, nullptr);
  const Guid event = sample_guid(WMI_SAMPLE_EVENT);
  const Guid expensive = sample_guid(WMI_SAMPLE_EXPENSIVE);
  constexpr int kThreads = 4;
  constexpr int kRounds = 100;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kRounds; ++i) {
        switch ((t + i) % 3) {
          case 0: {
            auto subscription = host_->subscribe(event);
            auto handle = host_->open_block(expensive);
            break;
          }
          case 1: {
            auto handle = host_->open_block(expensive);
            auto subscription = host_->subscribe(event);
            break;
          }
          default:
            EXPECT_TRUE(host_->query_all_data(expensive).ok());  // opens and closes the block itself
            break;
        }
      }
    });
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(stats->double_enables, 0);
  EXPECT_EQ(stats->double_disables, 0);
  EXPECT_GE(stats->events_enabled[WMI_SAMPLE_EVENT], 2);  // at least once per device
  EXPECT_EQ(stats->events_enabled[WMI_SAMPLE_EVENT], stats->events_disabled[WMI_SAMPLE_EVENT]);
  EXPECT_GE(stats->collection_enabled[WMI_SAMPLE_EXPENSIVE], 2);
  EXPECT_EQ(stats->collection_enabled[WMI_SAMPLE_EXPENSIVE], stats->collection_disabled[WMI_SAMPLE_EXPENSIVE]);
  EXPECT_TRUE(host_->violations().empty()) << verifier::to_text(host_->violations().front());
}

}  // namespace
}  // namespace wmiport::test
