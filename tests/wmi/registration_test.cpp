// Registration: REGINFO_EX through WmiLib, REGINFO fallback with the KMDF too-small convention, instance names
// (PDO, base name, static list, dynamic), collisions between providers, updates with REMOVE_GUID, DEREGISTER
// from inside the dispatch, and drivers that fail to load.
#include <cstring>
#include <string>

#include "host_fixture.h"

namespace wmiport::test {
namespace {

namespace rf = wnode::reg_flag;

using RegistrationTest = HostTest;

TEST_F(RegistrationTest, WmiLibDriverRegistersEveryBlockWithItsNames) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  EXPECT_GE(stats->irps_by_minor[IRP_MN_REGINFO_EX], 1);
  EXPECT_EQ(stats->irps_by_minor[IRP_MN_REGINFO], 0);

  const auto blocks = host_->list_blocks();
  EXPECT_EQ(blocks.size(), 6u);  // EXTRA is registered only later
  const auto* data = find_block(blocks, sample_guid(WMI_SAMPLE_DATA));
  ASSERT_NE(data, nullptr);
  EXPECT_EQ(data->flags, rf::kInstancePdo);
  EXPECT_EQ(data->instance_names, (std::vector<std::u16string>{u"ROOT\\WMIPORT\\0000_0", u"ROOT\\WMIPORT\\0000_1"}));
  EXPECT_EQ(data->mof_resource_name, u"WmiSampleMof");
  EXPECT_TRUE(data->registry_path.ends_with(u"\\wmi_sample")) << utf16_to_utf8(data->registry_path);

  const auto* var = find_block(blocks, sample_guid(WMI_SAMPLE_VAR));
  ASSERT_NE(var, nullptr);
  EXPECT_EQ(var->flags, rf::kInstanceBaseName);
  EXPECT_EQ(var->instance_names, (std::vector<std::u16string>{u"WmiSampleVar0", u"WmiSampleVar1", u"WmiSampleVar2"}));

  const auto* expensive = find_block(blocks, sample_guid(WMI_SAMPLE_EXPENSIVE));
  ASSERT_NE(expensive, nullptr);
  EXPECT_EQ(expensive->flags, rf::kInstancePdo | rf::kExpensive);
  const auto* event = find_block(blocks, sample_guid(WMI_SAMPLE_EVENT));
  ASSERT_NE(event, nullptr);
  EXPECT_EQ(event->flags, rf::kInstancePdo | rf::kEventOnlyGuid);
  EXPECT_EQ(data->provider_id, event->provider_id);
  EXPECT_EQ(find_block(blocks, sample_guid(WMI_SAMPLE_EXTRA)), nullptr);
}

TEST_F(RegistrationTest, ProvidersOfOneGuidGetDistinctStaticNames) {
  load_sample(2);
  ASSERT_NE(load_rogue(), nullptr);
  const auto blocks = host_->list_blocks();
  const auto* data0 = find_block(blocks, sample_guid(WMI_SAMPLE_DATA), 0);
  const auto* data1 = find_block(blocks, sample_guid(WMI_SAMPLE_DATA), 1);
  ASSERT_NE(data0, nullptr);
  ASSERT_NE(data1, nullptr);
  EXPECT_NE(data0->provider_id, data1->provider_id);
  EXPECT_EQ(data0->instance_names[0], u"ROOT\\WMIPORT\\0000_0");
  EXPECT_EQ(data1->instance_names[0], u"ROOT\\WMIPORT\\0001_0");
  // Three providers of VAR with the base name "WmiSampleVar": the counter of each later one is bumped.
  const auto* var0 = find_block(blocks, sample_guid(WMI_SAMPLE_VAR), 0);
  const auto* var1 = find_block(blocks, sample_guid(WMI_SAMPLE_VAR), 1);
  const auto* var2 = find_block(blocks, sample_guid(WMI_SAMPLE_VAR), 2);
  ASSERT_NE(var2, nullptr);
  EXPECT_EQ(var0->instance_names, (std::vector<std::u16string>{u"WmiSampleVar0", u"WmiSampleVar1", u"WmiSampleVar2"}));
  EXPECT_EQ(var1->instance_names, (std::vector<std::u16string>{u"WmiSampleVar3", u"WmiSampleVar4", u"WmiSampleVar5"}));
  EXPECT_EQ(var2->instance_names, (std::vector<std::u16string>{u"WmiSampleVar6", u"WmiSampleVar7"}));
  // The merged QUERY_ALL_DATA lists every provider's instances under its own names.
  auto all = host_->query_all_data(sample_guid(WMI_SAMPLE_VAR));
  ASSERT_TRUE(all.ok()) << all.error().to_string();
  ASSERT_EQ(all->instances.size(), 8u);
  EXPECT_EQ(all->instances[7].name, u"WmiSampleVar7");
  EXPECT_EQ(all->instances[7].data, bytes_of(0x101));
  EXPECT_EQ(all->provider_wnodes.size(), 3u);
  auto merged = wnode::parse_all_data(Bytes{all->merged_wnode});
  ASSERT_TRUE(merged.ok()) << merged.error().to_string();
  ASSERT_EQ(merged->instances.size(), 8u);
  EXPECT_EQ(merged->instances[3].name, u"WmiSampleVar3");
}

TEST_F(RegistrationTest, RawProviderFallsBackToReginfoAndUsesKmdfTooSmall) {
  ASSERT_NE(load_rogue(), nullptr);
  const auto blocks = host_->list_blocks();
  ASSERT_EQ(blocks.size(), 6u);
  const auto* list = find_block(blocks, rogue_guid(WMI_ROGUE_LIST));
  ASSERT_NE(list, nullptr);
  EXPECT_EQ(list->instance_names, (std::vector<std::u16string>{u"alpha", u"beta"}));
  const auto* dynamic = find_block(blocks, rogue_guid(WMI_ROGUE_DYNAMIC));
  ASSERT_NE(dynamic, nullptr);
  EXPECT_TRUE(dynamic->dynamic_names);
  EXPECT_TRUE(dynamic->instance_names.empty());
  EXPECT_TRUE(dynamic->mof_resource_name.empty());
}

// A first REGINFO buffer too small for the sample's registration: WmiLib answers the documented way
// (STATUS_BUFFER_TOO_SMALL, needed size in the first ULONG) and the core retries once with that size.
class SmallReginfoBufferTest : public HostTest {
 protected:
  HostOptions options() override {
    HostOptions options;
    options.wmi.reginfo_initial_size = 64;
    return options;
  }
};

TEST_F(SmallReginfoBufferTest, RegistrationRetriesWithTheNeededSize) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  EXPECT_EQ(stats->irps_by_minor[IRP_MN_REGINFO_EX], 2);
  EXPECT_EQ(host_->list_blocks().size(), 6u);
  EXPECT_TRUE(host_->wmi_reports().empty());
}

TEST_F(RegistrationTest, UpdateGuidsAddsAndRemovesABlock) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  const Guid method = sample_guid(WMI_SAMPLE_METHOD);
  ASSERT_TRUE(host_->execute_method(method, std::uint32_t{0}, WMI_SAMPLE_METHOD_TOGGLE_EXTRA, {}).ok());
  host_->settle();
  auto blocks = host_->list_blocks();
  const auto* extra = find_block(blocks, sample_guid(WMI_SAMPLE_EXTRA));
  ASSERT_NE(extra, nullptr);
  EXPECT_EQ(extra->instance_names, (std::vector<std::u16string>{u"WmiSampleVar0"}));
  EXPECT_GE(stats->irps_by_minor[IRP_MN_REGINFO_EX], 2);

  ASSERT_TRUE(host_->execute_method(method, std::uint32_t{0}, WMI_SAMPLE_METHOD_TOGGLE_EXTRA, {}).ok());
  host_->settle();
  blocks = host_->list_blocks();
  EXPECT_EQ(find_block(blocks, sample_guid(WMI_SAMPLE_EXTRA)), nullptr);
  EXPECT_EQ(blocks.size(), 6u);
}

// Many providers of the same GUIDs, registered one after the other (each publish changes only the new
// provider's entries, docs/decisions.md W14), then one in the middle deregistered: every request still reaches
// the provider it names, and positions follow registration order without the one that went.
TEST_F(RegistrationTest, ManyProvidersRouteToTheirOwnDeviceAndKeepTheirOrderWhenOneInTheMiddleGoes) {
  constexpr std::uint32_t kDevices = 40;
  constexpr std::uint32_t kGone = 20;
  ASSERT_NE(load_sample(kDevices), nullptr);
  const Guid data = sample_guid(WMI_SAMPLE_DATA);
  EXPECT_EQ(host_->list_blocks().size(), 6u * kDevices);
  auto name_of = [](std::uint32_t device, std::uint32_t instance) {
    std::string name = std::to_string(device);
    return u16("ROOT\\WMIPORT\\" + std::string(4 - name.size(), '0') + name + "_" + std::to_string(instance));
  };
  auto setting_of = [](std::uint32_t device, std::uint32_t instance) { return 1000 + 2 * device + instance; };
  auto setting_in = [](const SingleReply& reply) {
    std::uint32_t value = 0;
    EXPECT_EQ(reply.instance.data.size(), 8u);
    if (reply.instance.data.size() == 8)
      std::memcpy(&value, reply.instance.data.data() + 4, 4);
    return value;
  };
  // A distinct Setting in every instance of every device, set by name, read back by position.
  for (std::uint32_t device = 0; device < kDevices; ++device)
    for (std::uint32_t instance = 0; instance < 2; ++instance) {
      std::vector<std::uint8_t> value = bytes_of(0);
      const auto setting = bytes_of(setting_of(device, instance));
      value.insert(value.end(), setting.begin(), setting.end());
      auto set = host_->set_single_instance(data, name_of(device, instance), Bytes{value});
      ASSERT_TRUE(set.ok()) << set.error().to_string();
    }
  for (std::uint32_t position = 0; position < 2 * kDevices; ++position) {
    auto reply = host_->query_single_instance(data, position);
    ASSERT_TRUE(reply.ok()) << reply.error().to_string();
    EXPECT_EQ(reply->instance.name, name_of(position / 2, position % 2));
    EXPECT_EQ(setting_in(*reply), setting_of(position / 2, position % 2));
  }

  auto deregistered =
      host_->execute_method(sample_guid(WMI_SAMPLE_METHOD), name_of(kGone, 0), WMI_SAMPLE_METHOD_DEREGISTER, {});
  ASSERT_TRUE(deregistered.ok()) << deregistered.error().to_string();
  EXPECT_EQ(host_->list_blocks().size(), 6u * (kDevices - 1));
  auto gone = host_->query_single_instance(data, name_of(kGone, 1));
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code(), STATUS_WMI_INSTANCE_NOT_FOUND);
  for (std::uint32_t position = 0; position < 2 * (kDevices - 1); ++position) {
    const std::uint32_t device = position / 2 < kGone ? position / 2 : position / 2 + 1;
    auto reply = host_->query_single_instance(data, position);
    ASSERT_TRUE(reply.ok()) << reply.error().to_string();
    EXPECT_EQ(reply->instance.name, name_of(device, position % 2));
    EXPECT_EQ(setting_in(*reply), setting_of(device, position % 2));
  }
  auto all = host_->query_all_data(sample_guid(WMI_SAMPLE_VAR));
  ASSERT_TRUE(all.ok()) << all.error().to_string();
  ASSERT_EQ(all->instances.size(), 3u * (kDevices - 1));
  EXPECT_EQ(all->instances[3 * kGone - 1].name, u16("WmiSampleVar" + std::to_string(3 * kGone - 1)));
  EXPECT_EQ(all->instances[3 * kGone].name, u16("WmiSampleVar" + std::to_string(3 * kGone + 3)));
}

TEST_F(RegistrationTest, DeregisterFromInsideTheDispatchIsRefusedNotDeadlocked) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  auto reply =
      host_->execute_method(sample_guid(WMI_SAMPLE_METHOD), std::uint32_t{0}, WMI_SAMPLE_METHOD_DEREGISTER, {});
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  EXPECT_EQ(stats->last_deregister_status, STATUS_INVALID_DEVICE_STATE);
  EXPECT_TRUE(host_->list_blocks().empty());
  bool reported = false;
  for (const auto& line : host_->wmi_reports())
    reported = reported || line.find("DEREGISTER") != std::string::npos;
  EXPECT_TRUE(reported);
}

// The references a REGINFO_EX provider takes on its PDO (one per PDO-named block: DATA, EXPENSIVE, EVENT,
// METHOD, PENDING) belong to WMI, which gives them back when the registration goes away.
TEST_F(RegistrationTest, PdoReferencesFromReginfoExAreReturnedWhenTheRegistrationGoes) {
  ASSERT_NE(load_sample(), nullptr);
  auto* driver = host_->kernel().find_driver("wmi_sample");
  ASSERT_NE(driver, nullptr);
  ASSERT_EQ(driver->pdos().size(), 1u);
  PDEVICE_OBJECT pdo = driver->pdos()[0];
  auto references = [pdo] {
    const LONG_PTR count = ObfReferenceObject(pdo) - 1;
    ObfDereferenceObject(pdo);
    return count;
  };
  const LONG_PTR registered = references();
  auto reply =
      host_->execute_method(sample_guid(WMI_SAMPLE_METHOD), std::uint32_t{0}, WMI_SAMPLE_METHOD_DEREGISTER, {});
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  EXPECT_EQ(registered - references(), 5);
}

TEST_F(RegistrationTest, UnloadDeregistersEverything) {
  load_sample(2);
  ASSERT_FALSE(host_->list_blocks().empty());
  auto* driver = host_->kernel().find_driver("wmi_sample");
  ASSERT_NE(driver, nullptr);
  ASSERT_TRUE(host_->unload_driver(*driver).ok());
  EXPECT_TRUE(host_->list_blocks().empty());
  auto query = host_->query_all_data(sample_guid(WMI_SAMPLE_DATA));
  ASSERT_FALSE(query.ok());
  EXPECT_EQ(query.error().code(), STATUS_WMI_GUID_NOT_FOUND);
}

TEST_F(RegistrationTest, ARegistrationThatNeverFitsIsAbandonedAfterOneRetry) {
  auto driver = host_->load_driver(driver_path("wmi_bad_reginfo"));
  ASSERT_TRUE(driver.ok()) << driver.error().to_string();  // the driver loads; only its registration fails
  EXPECT_TRUE(host_->list_blocks().empty());
  const auto reports = host_->wmi_reports();
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_NE(reports[0].find("too-small twice"), std::string::npos) << reports[0];
}

TEST_F(RegistrationTest, DriverEntryFailureLeavesNothingBehind) {
  auto failing = host_->load_driver(driver_path("wmi_failing_entry"));
  ASSERT_FALSE(failing.ok());
  EXPECT_EQ(failing.error().code(), STATUS_DEVICE_CONFIGURATION_ERROR) << failing.error().to_string();
  auto missing = host_->load_driver(driver_path("wmi_no_entry"));
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("DriverEntry"), std::string::npos) << missing.error().to_string();
  EXPECT_TRUE(host_->list_blocks().empty());
  EXPECT_TRUE(host_->kernel().drivers().empty());
}

}  // namespace
}  // namespace wmiport::test
