// ScsiPortInitialize, HwFindAdapter / HwInitialize, the bus scan by INQUIRY, the LU PDOs and their device
// instance paths, and what the port registers with WMI for the adapter and each logical unit.
#include "scsiport_fixture.h"

namespace wmiport::test {
namespace {

class ScanTest : public ScsiPortTest {};

TEST_F(ScanTest, InquiryFindsEveryUnitAndSkipsTheInitiatorAndMissingLunZero) {
  auto* stats = load_miniport('a');
  ASSERT_NE(stats, nullptr);
  EXPECT_EQ(stats->find_adapter_calls, 1);
  EXPECT_EQ(stats->initiator_probed, 0);
  // Bus 0: target 0 (LUN 0 yes, LUN 1 no), target 1 (both), target 2 (no LUN 0: LUN 1 not asked); target 3 is
  // the initiator. Bus 1: targets 0 and 1 absent, target 2 (LUN 0 yes, LUN 1 no).
  EXPECT_EQ(stats->inquiries, 2 + 2 + 1 + 1 + 1 + 2);
  const auto adapter = adapter_of("scsi_wmi_shape_a");
  EXPECT_TRUE(adapter.wmi_data_provider);
  EXPECT_EQ(adapter.inquiries_sent, 9u);
  ASSERT_EQ(adapter.logical_units.size(), 4u);
  const std::vector<std::u16string> expected{
      u"SCSI\\Disk&Ven_WMIPORT&Prod_TESTDISK\\0000&000000",
      u"SCSI\\Disk&Ven_WMIPORT&Prod_TESTDISK\\0000&000100",
      u"SCSI\\CdRom&Ven_WMIPORT&Prod_TEST_CD\\0000&000101",
      u"SCSI\\Disk&Ven_WMIPORT&Prod_TESTDISK\\0000&010200",
  };
  for (std::size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(adapter.logical_units[i].instance_path, expected[i]) << i;
    auto path = host_->kernel().device_instance_path(adapter.logical_units[i].pdo);
    ASSERT_TRUE(path.ok());
    EXPECT_EQ(*path, expected[i]);
  }
}

TEST_F(ScanTest, AdapterBlocksAreNamedAfterTheRootPdoAndLuBlocksAfterEachLu) {
  ASSERT_NE(load_miniport('a'), nullptr);
  const auto adapter = adapter_of("scsi_wmi_shape_a");
  const auto blocks = host_->list_blocks();
  const BlockInfo* info = find_block(blocks, scsi_guid(SCSI_TEST_ADAPTER_INFO));
  ASSERT_NE(info, nullptr);
  EXPECT_EQ(info->provider_id, IoWMIDeviceObjectToProviderId(adapter.fdo));
  EXPECT_EQ(info->instance_names, std::vector<std::u16string>{u"ROOT\\WMIPORT\\0000_0"});
  EXPECT_EQ(info->flags & WMIREG_FLAG_INSTANCE_PDO, WMIREG_FLAG_INSTANCE_PDO);
  EXPECT_EQ(info->mof_resource_name, u"ScsiTestMof");
  EXPECT_TRUE(info->registry_path.ends_with(u"\\Services\\scsi_wmi_shape_a"));
  // The EXTRA block is not in the GuidList yet.
  EXPECT_EQ(find_block(blocks, scsi_guid(SCSI_TEST_ADAPTER_EXTRA)), nullptr);
  const BlockInfo* dynamic = find_block(blocks, scsi_guid(SCSI_TEST_ADAPTER_DYNAMIC));
  ASSERT_NE(dynamic, nullptr);
  EXPECT_TRUE(dynamic->dynamic_names);
  EXPECT_EQ(dynamic->flags & (WMIREG_FLAG_INSTANCE_PDO | WMIREG_FLAG_CALL_BY_NAME), 0u);
  const BlockInfo* expensive = find_block(blocks, scsi_guid(SCSI_TEST_ADAPTER_EXPENSIVE));
  ASSERT_NE(expensive, nullptr);
  EXPECT_EQ(expensive->flags & WMIREG_FLAG_EXPENSIVE, WMIREG_FLAG_EXPENSIVE);
  // One LU_INFO provider per logical unit, each named after its LU.
  for (std::size_t i = 0; i < adapter.logical_units.size(); ++i) {
    const BlockInfo* lu = find_block(blocks, lu_guid(SCSI_TEST_LU_INFO), i);
    ASSERT_NE(lu, nullptr) << i;
    EXPECT_EQ(lu->provider_id, IoWMIDeviceObjectToProviderId(adapter.logical_units[i].pdo));
    EXPECT_EQ(lu->instance_names, std::vector<std::u16string>{adapter.logical_units[i].instance_path + u"_0"});
  }
  const BlockInfo* multi = find_block(blocks, lu_guid(SCSI_TEST_LU_MULTI), 2);
  ASSERT_NE(multi, nullptr);
  EXPECT_EQ(multi->instance_names, (std::vector<std::u16string>{adapter.logical_units[2].instance_path + u"_0",
                                                                adapter.logical_units[2].instance_path + u"_1"}));
}

TEST_F(ScanTest, ArgumentStringReachesHwFindAdapter) {
  scsiport::set_argument_string("scsi_wmi_shape_b", "scsi_test=1");
  auto* stats = load_miniport('b');
  ASSERT_NE(stats, nullptr);
  EXPECT_EQ(stats->had_argument_string, 1);
  scsiport::set_argument_string("scsi_wmi_shape_b", "");
}

// DriverEntry routines linked into the test: ScsiPortInitialize's validation of HW_INITIALIZATION_DATA.
BOOLEAN dummy_initialize(PVOID) {
  return TRUE;
}
BOOLEAN dummy_start_io(PVOID, PSCSI_REQUEST_BLOCK) {
  return TRUE;
}
BOOLEAN dummy_reset(PVOID, ULONG) {
  return TRUE;
}
ULONG not_found(PVOID, PVOID, PVOID, PCHAR, PPORT_CONFIGURATION_INFORMATION, PBOOLEAN) {
  return SP_RETURN_NOT_FOUND;
}

HW_INITIALIZATION_DATA valid_init() {
  HW_INITIALIZATION_DATA init{};
  init.HwInitializationDataSize = sizeof(HW_INITIALIZATION_DATA);
  init.HwInitialize = dummy_initialize;
  init.HwStartIo = dummy_start_io;
  init.HwFindAdapter = not_found;
  init.HwResetBus = dummy_reset;
  init.DeviceExtensionSize = 16;
  return init;
}

NTSTATUS entry_bad_size(PDRIVER_OBJECT object, PUNICODE_STRING path) {
  auto init = valid_init();
  init.HwInitializationDataSize -= 8;
  return static_cast<NTSTATUS>(ScsiPortInitialize(object, path, &init, nullptr));
}

NTSTATUS entry_no_start_io(PDRIVER_OBJECT object, PUNICODE_STRING path) {
  auto init = valid_init();
  init.HwStartIo = nullptr;
  return static_cast<NTSTATUS>(ScsiPortInitialize(object, path, &init, nullptr));
}

NTSTATUS entry_huge_extension(PDRIVER_OBJECT object, PUNICODE_STRING path) {
  auto init = valid_init();
  init.SrbExtensionSize = 0x7fffffff;
  return static_cast<NTSTATUS>(ScsiPortInitialize(object, path, &init, nullptr));
}

NTSTATUS entry_not_found(PDRIVER_OBJECT object, PUNICODE_STRING path) {
  auto init = valid_init();
  return static_cast<NTSTATUS>(ScsiPortInitialize(object, path, &init, nullptr));
}

TEST_F(ScanTest, ScsiPortInitializeValidatesTheInitializationData) {
  auto bad_size = host_->load_driver("bad_size", entry_bad_size);
  ASSERT_FALSE(bad_size.ok());
  EXPECT_EQ(bad_size.error().code(), STATUS_REVISION_MISMATCH);
  auto no_start_io = host_->load_driver("no_start_io", entry_no_start_io);
  ASSERT_FALSE(no_start_io.ok());
  EXPECT_EQ(no_start_io.error().code(), STATUS_INVALID_PARAMETER);
  auto huge = host_->load_driver("huge_extension", entry_huge_extension);
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().code(), STATUS_INVALID_PARAMETER);
  std::size_t configuration = 0;
  for (const auto& record : scsiport::records())
    configuration += record.kind == scsiport::RecordKind::configuration;
  EXPECT_EQ(configuration, 3u);
}

TEST_F(ScanTest, AdapterNotFoundFailsTheStartAndLeavesNothingBehind) {
  auto driver = host_->load_driver("not_found", entry_not_found);
  ASSERT_FALSE(driver.ok());
  EXPECT_EQ(driver.error().code(), STATUS_NO_SUCH_DEVICE);
  EXPECT_TRUE(scsiport::adapters().empty());
}

}  // namespace
}  // namespace wmiport::test
