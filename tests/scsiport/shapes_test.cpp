// The four request-flow shapes of spec §1.4 through the same port: every kind of request completes with the
// same answers whichever way the miniport finishes its SRBs.
#include <cstring>

#include "scsiport_fixture.h"

namespace wmiport::test {
namespace {

class ShapesTest : public ScsiPortTest, public ::testing::WithParamInterface<char> {
 protected:
  void SetUp() override { ScsiPortTest::SetUp(); }
  void TearDown() override { ScsiPortTest::TearDown(); }
};

TEST_P(ShapesTest, EveryRequestKindCompletes) {
  const char shape = GetParam();
  auto* stats = load_miniport(shape);
  ASSERT_NE(stats, nullptr);
  const auto adapter = adapter_of(std::string("scsi_wmi_shape_") + shape);
  ASSERT_EQ(adapter.logical_units.size(), 4u);

  auto info = host_->query_all_data(scsi_guid(SCSI_TEST_ADAPTER_INFO));
  ASSERT_TRUE(info.ok()) << info.error().to_string();
  ASSERT_EQ(info->instances.size(), 1u);
  EXPECT_EQ(info->instances[0].data, (std::vector<std::uint8_t>{1, 0, 0, 0, 7, 0, 0, 0}));

  for (const auto& unit : adapter.logical_units) {
    auto lu = host_->query_single_instance(lu_guid(SCSI_TEST_LU_INFO), unit.instance_path + u"_0");
    ASSERT_TRUE(lu.ok()) << lu.error().to_string();
    EXPECT_EQ(lu->instance.data[0], unit.path_id);
    EXPECT_EQ(lu->instance.data[1], unit.target_id);
    EXPECT_EQ(lu->instance.data[2], unit.lun);
  }
  ASSERT_TRUE(host_->set_single_item(scsi_guid(SCSI_TEST_ADAPTER_INFO), std::uint32_t{0}, 2, bytes_of(5)).ok());
  auto method = host_->execute_method(scsi_guid(SCSI_TEST_ADAPTER_METHOD), std::uint32_t{0}, SCSI_TEST_METHOD_DOUBLE,
                                      bytes_of(4));
  ASSERT_TRUE(method.ok()) << method.error().to_string();
  EXPECT_EQ(method->instance.data, (std::vector<std::uint8_t>{8, 0, 0, 0, 1, 0, 0, 0}));
  auto big = host_->query_all_data(scsi_guid(SCSI_TEST_ADAPTER_BIG));
  ASSERT_TRUE(big.ok()) << big.error().to_string();
  EXPECT_EQ(big->instances.at(0).data.size(), std::size_t{SCSI_TEST_BIG_SIZE});
  auto refused = host_->set_single_instance(lu_guid(SCSI_TEST_LU_INFO), std::uint32_t{0}, std::vector<std::uint8_t>(8));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), STATUS_WMI_SET_FAILURE);
  auto dynamic = host_->query_all_data(scsi_guid(SCSI_TEST_ADAPTER_DYNAMIC));
  ASSERT_TRUE(dynamic.ok()) << dynamic.error().to_string();
  EXPECT_EQ(dynamic->instances.size(), 2u);
  {
    auto subscription = host_->subscribe(scsi_guid(SCSI_TEST_ADAPTER_EVENT));
    host_->settle();
    auto fire = host_->execute_method(scsi_guid(SCSI_TEST_ADAPTER_METHOD), std::uint32_t{0}, SCSI_TEST_METHOD_FIRE,
                                      bytes_of(0));
    ASSERT_TRUE(fire.ok());
    EXPECT_TRUE(subscription.next().has_value());
  }
  EXPECT_EQ(stats->concurrent_startio, 0);
  if (shape == 'c') {
    EXPECT_GT(stats->timer_calls, 0);  // the pended requests were finished by HwTimer
  }
}

INSTANTIATE_TEST_SUITE_P(Shapes, ShapesTest, ::testing::Values('a', 'b', 'c', 'd'),
                         [](const auto& info) { return std::string("Shape_") + info.param; });

}  // namespace
}  // namespace wmiport::test
