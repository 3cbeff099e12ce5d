// Every documented error a consumer can get, and the contract violations of lying providers: each is a clear
// status, never a crash, never a loop.
#include "host_fixture.h"

namespace wmiport::test {
namespace {

using ErrorsTest = HostTest;

void expect_status(const Status& status, NTSTATUS code) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().code(), code) << status.error().to_string();
}

template <typename T>
void expect_status(const Result<T>& result, NTSTATUS code) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), code) << result.error().to_string();
}

TEST_F(ErrorsTest, UnknownGuidIsGuidNotFound) {
  load_sample();
  expect_status(host_->query_all_data(sample_guid(99)), STATUS_WMI_GUID_NOT_FOUND);
  expect_status(host_->query_single_instance(sample_guid(99), std::uint32_t{0}), STATUS_WMI_GUID_NOT_FOUND);
}

TEST_F(ErrorsTest, UnknownInstanceIsInstanceNotFound) {
  load_sample();
  const Guid data = sample_guid(WMI_SAMPLE_DATA);
  expect_status(host_->query_single_instance(data, u"no such instance"), STATUS_WMI_INSTANCE_NOT_FOUND);
  expect_status(host_->query_single_instance(data, std::uint32_t{2}), STATUS_WMI_INSTANCE_NOT_FOUND);
  expect_status(host_->set_single_item(data, std::uint32_t{7}, 2, bytes_of(1)), STATUS_WMI_INSTANCE_NOT_FOUND);
}

TEST_F(ErrorsTest, ReadOnlyItemsAndBlocks) {
  load_sample();
  expect_status(host_->set_single_item(sample_guid(WMI_SAMPLE_DATA), std::uint32_t{0}, 1, bytes_of(5)),
                STATUS_WMI_READ_ONLY);
  expect_status(host_->set_single_instance(sample_guid(WMI_SAMPLE_VAR), std::uint32_t{0}, bytes_of(5)),
                STATUS_WMI_READ_ONLY);
}

TEST_F(ErrorsTest, UnknownItemIsItemIdNotFound) {
  load_sample();
  expect_status(host_->set_single_item(sample_guid(WMI_SAMPLE_DATA), std::uint32_t{0}, 9, bytes_of(5)),
                STATUS_WMI_ITEMID_NOT_FOUND);
  expect_status(host_->execute_method(sample_guid(WMI_SAMPLE_METHOD), std::uint32_t{0}, 77, {}),
                STATUS_WMI_ITEMID_NOT_FOUND);
}

TEST_F(ErrorsTest, SetFailureAndTooSmallOnChangeBecomesSetFailure) {
  load_sample();
  const std::uint8_t three[] = {1, 2, 3};
  // Wrong block size: the driver says STATUS_WMI_SET_FAILURE itself.
  expect_status(host_->set_single_instance(sample_guid(WMI_SAMPLE_DATA), std::uint32_t{0}, three),
                STATUS_WMI_SET_FAILURE);
  // Wrong item size: the driver says STATUS_BUFFER_TOO_SMALL, WmiCompleteRequest turns it into SET_FAILURE.
  expect_status(host_->set_single_item(sample_guid(WMI_SAMPLE_DATA), std::uint32_t{0}, 2, three),
                STATUS_WMI_SET_FAILURE);
}

TEST_F(ErrorsTest, MethodOnABlockWithoutMethodsIsInvalidDeviceRequest) {
  load_sample();
  expect_status(host_->execute_method(sample_guid(WMI_SAMPLE_DATA), std::uint32_t{0}, 1, {}),
                STATUS_INVALID_DEVICE_REQUEST);
}

TEST_F(ErrorsTest, EventOnlyBlocksRefuseQueriesAndSets) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  const int before = stats->irps_by_minor[IRP_MN_QUERY_ALL_DATA];
  expect_status(host_->query_all_data(sample_guid(WMI_SAMPLE_EVENT)), STATUS_INVALID_DEVICE_REQUEST);
  expect_status(host_->set_single_instance(sample_guid(WMI_SAMPLE_EVENT), std::uint32_t{0}, bytes_of(1)),
                STATUS_INVALID_DEVICE_REQUEST);
  EXPECT_EQ(stats->irps_by_minor[IRP_MN_QUERY_ALL_DATA], before);  // refused before reaching the driver
}

TEST_F(ErrorsTest, TooSmallIsRetriedOnceWithTheExactSize) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  stats->var_big_size = 6000;  // instance 0 no longer fits the first 4096-byte buffer
  const int before = stats->irps_by_minor[IRP_MN_QUERY_ALL_DATA];
  auto reply = host_->query_all_data(sample_guid(WMI_SAMPLE_VAR));
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  EXPECT_EQ(stats->irps_by_minor[IRP_MN_QUERY_ALL_DATA], before + 2);
  ASSERT_EQ(reply->instances.size(), 3u);
  EXPECT_EQ(reply->instances[0].data.size(), 6000u);
  // The retry's buffer was exactly SizeNeeded: DataBlockOffset 88 + 6000 -> 6088 (8-aligned) + 12 -> 6100,
  // padded to 6104 + 6 -> 6110.
  EXPECT_EQ(reply->provider_wnodes[0].size(), 6110u);
}

TEST_F(ErrorsTest, ASecondTooSmallIsAContractViolationNotALoop) {
  ASSERT_NE(load_rogue(), nullptr);
  auto reply = host_->query_all_data(rogue_guid(WMI_ROGUE_TWICE));
  expect_status(reply, STATUS_DRIVER_INTERNAL_ERROR);
  EXPECT_NE(reply.error().message().find("twice"), std::string::npos) << reply.error().message();
}

TEST_F(ErrorsTest, LyingRepliesAreRejected) {
  ASSERT_NE(load_rogue(), nullptr);
  auto liar = host_->query_all_data(rogue_guid(WMI_ROGUE_LIAR));
  expect_status(liar, STATUS_DRIVER_INTERNAL_ERROR);
  EXPECT_NE(liar.error().message().find("bytes written"), std::string::npos) << liar.error().message();
  auto garbage = host_->query_all_data(rogue_guid(WMI_ROGUE_GARBAGE));
  expect_status(garbage, STATUS_DRIVER_INTERNAL_ERROR);
  EXPECT_NE(garbage.error().message().find("malformed"), std::string::npos) << garbage.error().message();
}

TEST_F(ErrorsTest, DynamicNamesAreTriedUntilAProviderOwnsThem) {
  ASSERT_NE(load_rogue(), nullptr);
  const Guid dynamic = rogue_guid(WMI_ROGUE_DYNAMIC);
  auto all = host_->query_all_data(dynamic);
  ASSERT_TRUE(all.ok()) << all.error().to_string();
  ASSERT_EQ(all->instances.size(), 2u);
  EXPECT_EQ(all->instances[0].name, u"dynA");
  EXPECT_EQ(all->instances[1].name, u"dynB");
  EXPECT_EQ(all->instances[1].data, (std::vector<std::uint8_t>{0x22, 0x22, 0x22, 0x22}));
  auto one = host_->query_single_instance(dynamic, u"dynB");
  ASSERT_TRUE(one.ok()) << one.error().to_string();
  EXPECT_EQ(one->instance.data, bytes_of(0x22222222));
  expect_status(host_->query_single_instance(dynamic, u"dynC"), STATUS_WMI_INSTANCE_NOT_FOUND);
  auto listed = host_->query_single_instance(rogue_guid(WMI_ROGUE_LIST), u"beta");
  ASSERT_TRUE(listed.ok()) << listed.error().to_string();
  EXPECT_EQ(listed->instance.data, bytes_of(0x101));
}

TEST_F(ErrorsTest, RequestCompletedLaterFromAWorkItem) {
  load_sample();
  auto one = host_->query_single_instance(sample_guid(WMI_SAMPLE_PENDING), std::uint32_t{0});
  ASSERT_TRUE(one.ok()) << one.error().to_string();
  ASSERT_EQ(one->instance.data.size(), 16u);
  EXPECT_EQ(one->instance.data[0], 0xA0);
  EXPECT_EQ(one->instance.data[15], 0xAF);
  auto all = host_->query_all_data(sample_guid(WMI_SAMPLE_PENDING));
  ASSERT_TRUE(all.ok()) << all.error().to_string();
  EXPECT_EQ(all->instances.at(0).data, one->instance.data);
}

}  // namespace
}  // namespace wmiport::test
