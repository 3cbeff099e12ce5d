// Requests end to end through the WMI core: queries, sets, methods, the overrun protocol, expensive blocks,
// dynamic names, WMIReregister, ScsiPortLogError, and the NTSTATUS each failure becomes.
#include <cstring>

#include "scsiport_fixture.h"

namespace wmiport::test {
namespace {

class RequestsTest : public ScsiPortTest {
 protected:
  void SetUp() override {
    ScsiPortTest::SetUp();
    stats_ = load_miniport('a');
    ASSERT_NE(stats_, nullptr);
    adapter_ = adapter_of("scsi_wmi_shape_a");
  }
  std::uint32_t u32_at(const std::vector<std::uint8_t>& data, std::size_t offset) {
    std::uint32_t value = 0;
    EXPECT_GE(data.size(), offset + 4);
    if (data.size() >= offset + 4)
      std::memcpy(&value, data.data() + offset, 4);
    return value;
  }
  SCSI_TEST_STATS* stats_ = nullptr;
  scsiport::AdapterInfo adapter_;
};

TEST_F(RequestsTest, LuRequestsCarryTheUnitAddressAndAdapterRequestsTheAdapterFlag) {
  auto lu = host_->query_single_instance(lu_guid(SCSI_TEST_LU_INFO), adapter_.logical_units[3].instance_path + u"_0");
  ASSERT_TRUE(lu.ok()) << lu.error().to_string();
  EXPECT_EQ(lu->instance.data, (std::vector<std::uint8_t>{1, 2, 0, 0, 120, 0, 0, 0}));
  EXPECT_EQ(stats_->last_flags, 0);
  EXPECT_EQ(stats_->last_path, 1);
  EXPECT_EQ(stats_->last_target, 2);
  EXPECT_EQ(stats_->last_lun, 0);
  EXPECT_EQ(stats_->last_srb_length, sizeof(SCSI_WMI_REQUEST_BLOCK));
  EXPECT_EQ(stats_->last_extension_aligned, 1);
  EXPECT_NE(stats_->last_original_request, 0u);
  auto info = host_->query_all_data(scsi_guid(SCSI_TEST_ADAPTER_INFO));
  ASSERT_TRUE(info.ok()) << info.error().to_string();
  EXPECT_EQ(stats_->last_flags, SRB_WMI_FLAGS_ADAPTER_REQUEST);
  EXPECT_EQ(stats_->last_minor, IRP_MN_QUERY_ALL_DATA);
}

TEST_F(RequestsTest, SetBlockAndItemChangeTheSetting) {
  const Guid guid = scsi_guid(SCSI_TEST_ADAPTER_INFO);
  std::vector<std::uint8_t> block{0, 0, 0, 0, 42, 0, 0, 0};
  ASSERT_TRUE(host_->set_single_instance(guid, std::uint32_t{0}, block).ok());
  auto after = host_->query_single_instance(guid, std::uint32_t{0});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(u32_at(after->instance.data, 4), 42u);
  ASSERT_TRUE(host_->set_single_item(guid, std::uint32_t{0}, 2, bytes_of(9)).ok());
  after = host_->query_single_instance(guid, std::uint32_t{0});
  ASSERT_TRUE(after.ok());
  EXPECT_EQ(u32_at(after->instance.data, 4), 9u);
}

TEST_F(RequestsTest, RefusedChangesAreSetFailures) {
  // Item 1 is read-only (the miniport answers SRB_STATUS_ERROR); the LU blocks have no set callbacks at all
  // (the library answers SRB_STATUS_ERROR).
  auto item = host_->set_single_item(scsi_guid(SCSI_TEST_ADAPTER_INFO), std::uint32_t{0}, 1, bytes_of(1));
  ASSERT_FALSE(item.ok());
  EXPECT_EQ(item.error().code(), STATUS_WMI_SET_FAILURE);
  auto lu = host_->set_single_instance(lu_guid(SCSI_TEST_LU_INFO), std::uint32_t{0}, std::vector<std::uint8_t>(8));
  ASSERT_FALSE(lu.ok());
  EXPECT_EQ(lu.error().code(), STATUS_WMI_SET_FAILURE);
  auto lu_item = host_->set_single_item(lu_guid(SCSI_TEST_LU_INFO), std::uint32_t{1}, 1, bytes_of(1));
  ASSERT_FALSE(lu_item.ok());
  EXPECT_EQ(lu_item.error().code(), STATUS_WMI_SET_FAILURE);
}

TEST_F(RequestsTest, MethodWithInputAndOutput) {
  auto reply = host_->execute_method(scsi_guid(SCSI_TEST_ADAPTER_METHOD), std::uint32_t{0}, SCSI_TEST_METHOD_DOUBLE,
                                     bytes_of(21));
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  EXPECT_EQ(reply->instance.data, (std::vector<std::uint8_t>{42, 0, 0, 0, 1, 0, 0, 0}));
  // A method on an LU block (no ExecuteWmiMethod there): the library's SRB_STATUS_ERROR.
  auto lu = host_->execute_method(lu_guid(SCSI_TEST_LU_INFO), std::uint32_t{0}, 1, bytes_of(1));
  ASSERT_FALSE(lu.ok());
  EXPECT_EQ(lu.error().code(), STATUS_UNSUCCESSFUL);
  auto unknown = host_->execute_method(scsi_guid(SCSI_TEST_ADAPTER_METHOD), std::uint32_t{0}, 99, bytes_of(1));
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code(), STATUS_UNSUCCESSFUL);
}

TEST_F(RequestsTest, BlockLargerThanTheFirstBufferIsRetriedOnceWithTheExactSize) {
  const int before = stats_->wmi_srbs;
  auto reply = host_->query_all_data(scsi_guid(SCSI_TEST_ADAPTER_BIG));
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  EXPECT_EQ(stats_->wmi_srbs - before, 2);  // WNODE_TOO_SMALL, then exactly SizeNeeded
  ASSERT_EQ(reply->instances.size(), 1u);
  ASSERT_EQ(reply->instances[0].data.size(), std::size_t{SCSI_TEST_BIG_SIZE});
  for (std::size_t k = 0; k < SCSI_TEST_BIG_SIZE; ++k)
    ASSERT_EQ(reply->instances[0].data[k], static_cast<std::uint8_t>(k));
  EXPECT_EQ(stats_->last_data_length, 72u + SCSI_TEST_BIG_SIZE);  // ALIGN8(60 + 8) + data
}

TEST_F(RequestsTest, ExpensiveBlockIsBracketedByCollectionControl) {
  auto reply = host_->query_all_data(scsi_guid(SCSI_TEST_ADAPTER_EXPENSIVE));
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  ASSERT_EQ(reply->instances.size(), 1u);
  EXPECT_EQ(u32_at(reply->instances[0].data, 0), 1u);  // collection was enabled while it was queried
  host_->settle();
  EXPECT_EQ(stats_->function_control[1][1], 1);
  EXPECT_EQ(stats_->function_control[1][0], 1);
}

TEST_F(RequestsTest, DynamicNamesComeFromTheMiniport) {
  auto all = host_->query_all_data(scsi_guid(SCSI_TEST_ADAPTER_DYNAMIC));
  ASSERT_TRUE(all.ok()) << all.error().to_string();
  ASSERT_EQ(all->instances.size(), 2u);
  EXPECT_EQ(all->instances[0].name, u"PortA");
  EXPECT_EQ(all->instances[1].name, u"PortB");
  EXPECT_EQ(u32_at(all->instances[1].data, 0), 0xBu);
  auto one = host_->query_single_instance(scsi_guid(SCSI_TEST_ADAPTER_DYNAMIC), std::u16string(u"PortB"));
  ASSERT_TRUE(one.ok()) << one.error().to_string();
  EXPECT_EQ(u32_at(one->instance.data, 0), 0xBu);
  auto missing = host_->query_single_instance(scsi_guid(SCSI_TEST_ADAPTER_DYNAMIC), std::u16string(u"PortZ"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), STATUS_WMI_INSTANCE_NOT_FOUND);
}

TEST_F(RequestsTest, VariableSizeInstancesOfAnLu) {
  auto all = host_->query_all_data(lu_guid(SCSI_TEST_LU_MULTI));
  ASSERT_TRUE(all.ok()) << all.error().to_string();
  ASSERT_EQ(all->instances.size(), 8u);  // 2 per LU
  EXPECT_EQ(all->instances[0].data, std::vector<std::uint8_t>(4, 0x40));
  EXPECT_EQ(all->instances[1].data, std::vector<std::uint8_t>(12, 0x41));
  EXPECT_EQ(all->instances[7].name, adapter_.logical_units[3].instance_path + u"_1");
}

TEST_F(RequestsTest, WmiReregisterAddsAndRemovesABlock) {
  auto toggle = [&] {
    auto reply = host_->execute_method(scsi_guid(SCSI_TEST_ADAPTER_METHOD), std::uint32_t{0},
                                       SCSI_TEST_METHOD_TOGGLE_EXTRA, bytes_of(0));
    ASSERT_TRUE(reply.ok()) << reply.error().to_string();
    host_->settle();
  };
  toggle();
  const auto blocks = host_->list_blocks();
  const BlockInfo* extra = find_block(blocks, scsi_guid(SCSI_TEST_ADAPTER_EXTRA));
  ASSERT_NE(extra, nullptr);
  EXPECT_EQ(extra->instance_names, std::vector<std::u16string>{u"ROOT\\WMIPORT\\0000_0"});
  auto reply = host_->query_all_data(scsi_guid(SCSI_TEST_ADAPTER_EXTRA));
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  toggle();
  const auto after = host_->list_blocks();
  EXPECT_EQ(find_block(after, scsi_guid(SCSI_TEST_ADAPTER_EXTRA)), nullptr);
  EXPECT_NE(find_block(after, scsi_guid(SCSI_TEST_ADAPTER_INFO)), nullptr);
}

TEST_F(RequestsTest, ScsiPortLogErrorIsRecorded) {
  auto reply = host_->execute_method(scsi_guid(SCSI_TEST_ADAPTER_METHOD), std::uint32_t{0}, SCSI_TEST_METHOD_LOG_ERROR,
                                     bytes_of(0x1234));
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  bool found = false;
  for (const auto& record : scsiport::records())
    if (record.kind == scsiport::RecordKind::log_error) {
      EXPECT_EQ(record.driver, "scsi_wmi_shape_a");
      EXPECT_EQ(record.code, std::uint32_t{SP_INTERNAL_ADAPTER_ERROR});
      EXPECT_EQ(record.detail, 0x1234u);
      found = true;
    }
  EXPECT_TRUE(found);
}

TEST_F(RequestsTest, QueriesOfUnknownThingsFailPrecisely) {
  auto guid = host_->query_all_data(scsi_guid(99));
  ASSERT_FALSE(guid.ok());
  EXPECT_EQ(guid.error().code(), STATUS_WMI_GUID_NOT_FOUND);
  auto instance = host_->query_single_instance(scsi_guid(SCSI_TEST_ADAPTER_INFO), std::u16string(u"nope_0"));
  ASSERT_FALSE(instance.ok());
  EXPECT_EQ(instance.error().code(), STATUS_WMI_INSTANCE_NOT_FOUND);
}

}  // namespace
}  // namespace wmiport::test
