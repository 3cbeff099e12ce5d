// Many consumer threads against two adapters (two loaded miniports: one answering in StartIo, one pending every
// request until its HwTimer): every reply is the one asked for (no lost, duplicated or misrouted reply), and
// StartIo/HwTimer never overlap within an adapter. Run under TSan (label concurrency).
#include <atomic>
#include <thread>

#include "scsiport_fixture.h"

namespace wmiport::test {
namespace {

class ConcurrencyTest : public ScsiPortTest {};

TEST_F(ConcurrencyTest, ManyConsumersTwoAdaptersNoMisroutedReply) {
  auto* stats_a = load_miniport('a');
  auto* stats_c = load_miniport('c');
  ASSERT_NE(stats_a, nullptr);
  ASSERT_NE(stats_c, nullptr);
  std::vector<scsiport::AdapterInfo> adapters{adapter_of("scsi_wmi_shape_a"), adapter_of("scsi_wmi_shape_c")};
  ASSERT_EQ(adapters[0].logical_units.size(), 4u);
  ASSERT_EQ(adapters[1].logical_units.size(), 4u);
  constexpr int kThreads = 6;
  constexpr int kIterations = 25;
  std::atomic<int> failures{0};
  std::atomic<int> replies{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < kIterations; ++i) {
        const auto& adapter = adapters[(t + i) % 2];
        const auto& unit = adapter.logical_units[(t * 7 + i) % 4];
        switch ((t + i) % 3) {
          case 0: {
            auto lu = host_->query_single_instance(lu_guid(SCSI_TEST_LU_INFO), unit.instance_path + u"_0");
            if (!lu.ok() || lu->instance.data.size() != 8 || lu->instance.data[0] != unit.path_id ||
                lu->instance.data[1] != unit.target_id || lu->instance.data[2] != unit.lun ||
                lu->instance.provider_id != IoWMIDeviceObjectToProviderId(unit.pdo))
              ++failures;
            break;
          }
          case 1: {
            // Position 0 is the first adapter's instance, 1 the second's (registration order).
            const std::uint32_t which = (t + i) % 2;
            auto method = host_->execute_method(scsi_guid(SCSI_TEST_ADAPTER_METHOD), which, SCSI_TEST_METHOD_DOUBLE,
                                                bytes_of(static_cast<std::uint32_t>(t * 1000 + i)));
            if (!method.ok() || method->instance.data.size() != 8 ||
                method->instance.data[0] != static_cast<std::uint8_t>(2 * (t * 1000 + i)) ||
                method->instance.provider_id != IoWMIDeviceObjectToProviderId(adapters[which].fdo))
              ++failures;
            break;
          }
          default: {
            auto all = host_->query_all_data(lu_guid(SCSI_TEST_LU_INFO));
            if (!all.ok() || all->instances.size() != 8)
              ++failures;
            break;
          }
        }
        ++replies;
      }
    });
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(replies.load(), kThreads * kIterations);
  EXPECT_EQ(stats_a->concurrent_startio, 0);
  EXPECT_EQ(stats_c->concurrent_startio, 0);
  // Each adapter's method counter saw exactly the calls addressed to it.
  auto a = host_->query_all_data(scsi_guid(SCSI_TEST_ADAPTER_METHOD));
  ASSERT_TRUE(a.ok());
  ASSERT_EQ(a->instances.size(), 2u);
  std::uint32_t calls = 0;
  for (const auto& instance : a->instances)
    calls += instance.data[0] | (instance.data[1] << 8);
  int expected = 0;
  for (int t = 0; t < kThreads; ++t)
    for (int i = 0; i < kIterations; ++i)
      expected += (t + i) % 3 == 1;
  EXPECT_EQ(calls, static_cast<std::uint32_t>(expected));
}

}  // namespace
}  // namespace wmiport::test
