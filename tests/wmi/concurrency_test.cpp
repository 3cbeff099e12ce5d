// Several consumer threads query while drivers register, update and deregister: every reply must be whole and
// for the instance asked (no lost, duplicated or misrouted reply), every failure one of the documented "gone"
// statuses, and nothing may touch freed memory (run under ASan and TSan).
#include <atomic>
#include <thread>

#include "host_fixture.h"

namespace wmiport::test {
namespace {

using ConcurrencyTest = HostTest;

bool gone(NTSTATUS status) {
  return status == STATUS_WMI_GUID_NOT_FOUND || status == STATUS_WMI_INSTANCE_NOT_FOUND;
}

TEST_F(ConcurrencyTest, QueriesWhileDriversRegisterUpdateAndDeregister) {
  ASSERT_NE(load_sample(), nullptr);
  std::atomic<bool> stop{false};
  std::atomic<int> replies{0};
  std::atomic<int> failures{0};
  std::atomic<int> rogue_replies{0};  // replies from the driver that comes and goes

  auto record_failure = [&](const Error& error) {
    if (!gone(error.code())) {
      ADD_FAILURE() << error.to_string();
      failures.fetch_add(1);
    }
  };

  auto consumer = [&](int which) {
    while (!stop.load()) {
      if (which % 3 == 0) {
        auto all = host_->query_all_data(sample_guid(WMI_SAMPLE_VAR));
        if (!all.ok()) {
          record_failure(all.error());
          continue;
        }
        // The sample (registered first) always contributes WmiSampleVar0..2, the rogue (when present) 3..4.
        const auto& instances = all->instances;
        if (instances.size() != 3 && instances.size() != 5) {
          ADD_FAILURE() << "VAR merged " << instances.size() << " instances";
          failures.fetch_add(1);
          continue;
        }
        for (std::size_t k = 0; k < instances.size(); ++k) {
          EXPECT_EQ(instances[k].name, u"WmiSampleVar" + u16(std::to_string(k)));
          const std::size_t expected_size = k < 3 ? std::array<std::size_t, 3>{4, 12, 6}[k] : 4;
          EXPECT_EQ(instances[k].data.size(), expected_size);
        }
      } else if (which % 3 == 1) {
        const bool alpha = (replies.load() & 1) != 0;
        auto one = host_->query_single_instance(rogue_guid(WMI_ROGUE_LIST), alpha ? u"alpha" : u"beta");
        if (!one.ok()) {
          record_failure(one.error());
          continue;
        }
        EXPECT_EQ(one->instance.name, alpha ? u"alpha" : u"beta");
        EXPECT_EQ(one->instance.data, bytes_of(alpha ? 0x100 : 0x101));
        rogue_replies.fetch_add(1);
      } else {
        auto index = static_cast<std::uint32_t>(replies.load() & 1);
        auto one = host_->query_single_instance(sample_guid(WMI_SAMPLE_DATA), index);
        if (!one.ok()) {
          record_failure(one.error());
          continue;
        }
        EXPECT_EQ(one->instance.name, u"ROOT\\WMIPORT\\0000_" + u16(std::to_string(index)));
        ASSERT_EQ(one->instance.data.size(), 8u);
        EXPECT_EQ(one->instance.data[4], index == 0 ? 100 : 200);
        auto extra = host_->query_all_data(sample_guid(WMI_SAMPLE_EXTRA));
        if (extra.ok())
          EXPECT_EQ(extra->instances.at(0).data, bytes_of(0x1D1E));
        else
          record_failure(extra.error());
      }
      replies.fetch_add(1);
    }
  };

  std::vector<std::thread> consumers;
  for (int i = 0; i < 4; ++i)
    consumers.emplace_back(consumer, i);

  std::thread updater([&] {
    while (!stop.load()) {
      auto toggled =
          host_->execute_method(sample_guid(WMI_SAMPLE_METHOD), std::uint32_t{0}, WMI_SAMPLE_METHOD_TOGGLE_EXTRA, {});
      EXPECT_TRUE(toggled.ok()) << toggled.error().to_string();
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  });

  for (int round = 0; round < 15; ++round) {
    auto driver = host_->load_driver(driver_path("wmi_rogue"));
    ASSERT_TRUE(driver.ok()) << driver.error().to_string();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    ASSERT_TRUE(host_->unload_driver(**driver).ok());
  }
  stop.store(true);
  updater.join();
  for (auto& thread : consumers)
    thread.join();
  EXPECT_GT(replies.load(), 0);
  EXPECT_GT(rogue_replies.load(), 0);
  EXPECT_EQ(failures.load(), 0);
  // Everything the rogue registered went away with it.
  for (const auto& block : host_->list_blocks())
    EXPECT_NE(block.guid.data1 >> 16, 0x706eu);
}

}  // namespace
}  // namespace wmiport::test
