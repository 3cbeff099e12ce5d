// Golden bytes, per minor code: the request WNODE the miniport found in the SRB's DataBuffer (recorded in its
// HwStartIo) and the reply WNODE the WMI core got back. The port stamps data replies and events with
// KeQuerySystemTime (as WmiCompleteRequest does on the WmiLib path): TimeStamp (offset 16..23) is checked to be
// non-zero and masked, exactly as tests/wmi/golden_test.cpp does.

#include "scsiport_fixture.h"
#include "wnode/reginfo.h"

namespace wmiport::test {
namespace {

using Wire = std::vector<std::uint8_t>;

// The test GUID n: {5c51000n-0000-4000-8000-00000000000n}.
#define SCSI_GUID_BYTES(n) (0x00 + (n)), 0x00, 0x51, 0x5c, 0x00, 0x00, 0x00, 0x40, 0x80, 0, 0, 0, 0, 0, 0, (n)
#define NO_CONTEXT 0, 0, 0, 0, 0, 0, 0, 0 /* HistoricalContext */
#define NO_TIME 0, 0, 0, 0, 0, 0, 0, 0    /* TimeStamp (requests) / masked (replies and events) */

// The WNODE with its TimeStamp cleared, after checking it was set.
Wire masked(Wire wnode) {
  EXPECT_GE(wnode.size(), 24u);
  bool stamped = false;
  for (std::size_t i = 16; i < 24 && i < wnode.size(); ++i) {
    stamped = stamped || wnode[i] != 0;
    wnode[i] = 0;
  }
  EXPECT_TRUE(stamped) << "reply WNODE without a TimeStamp";
  return wnode;
}

class GoldenTest : public ScsiPortTest {
 protected:
  void SetUp() override {
    ScsiPortTest::SetUp();
    stats_ = load_miniport('a');
    ASSERT_NE(stats_, nullptr);
    adapter_ = adapter_of("scsi_wmi_shape_a");
  }
  Wire recorded() const { return Wire(stats_->last_request, stats_->last_request + stats_->last_request_size); }
  SCSI_TEST_STATS* stats_ = nullptr;
  scsiport::AdapterInfo adapter_;
};

// Golden byte tables are laid out by hand, one WNODE field per line: keep clang-format away from them.
// clang-format off

TEST_F(GoldenTest, QueryAllDataOfTheAdapter) {
  auto reply = host_->query_all_data(scsi_guid(SCSI_TEST_ADAPTER_INFO));
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  EXPECT_EQ(stats_->last_minor, IRP_MN_QUERY_ALL_DATA);
  EXPECT_EQ(stats_->last_flags, SRB_WMI_FLAGS_ADAPTER_REQUEST);
  const Wire request{0x40, 0, 0, 0, 0, 0, 0, 0, NO_CONTEXT, NO_TIME, SCSI_GUID_BYTES(0),
                     0, 0, 0, 0,               // ClientContext
                     0x81, 0x00, 0x01, 0x00,   // ALL_DATA | STATIC_INSTANCE_NAMES | PDO_INSTANCE_NAMES
                     0, 0, 0, 0, 0, 0, 0, 0,   // DataBlockOffset, InstanceCount
                     0, 0, 0, 0, 0, 0, 0, 0};  // OffsetInstanceNameOffsets, union
  EXPECT_EQ(recorded(), request);
  const Wire expected{0x50, 0, 0, 0, 0, 0, 0, 0, NO_CONTEXT, NO_TIME, SCSI_GUID_BYTES(0),  // BufferSize 80
                      0, 0, 0, 0,
                      0x91, 0x00, 0x01, 0x00,  // + FIXED_INSTANCE_SIZE
                      0x48, 0, 0, 0,           // DataBlockOffset 72 = ALIGN8(60 + 8 * 1)
                      1, 0, 0, 0,              // InstanceCount
                      0, 0, 0, 0,              // OffsetInstanceNameOffsets (static names)
                      8, 0, 0, 0,              // FixedInstanceSize
                      0, 0, 0, 0, 0, 0, 0, 0,  // 64..71: the unused OffsetInstanceDataAndLength room
                      1, 0, 0, 0, 7, 0, 0, 0}; // Counter 1, Setting 7
  ASSERT_EQ(reply->provider_wnodes.size(), 1u);
  EXPECT_EQ(masked(reply->provider_wnodes[0]), expected);
  EXPECT_EQ(reply->instances.at(0).name, u"ROOT\\WMIPORT\\0000_0");
}

TEST_F(GoldenTest, QuerySingleInstanceOfALogicalUnit) {
  const auto& unit = adapter_.logical_units[2];  // (0, 1, 1)
  auto reply = host_->query_single_instance(lu_guid(SCSI_TEST_LU_INFO), unit.instance_path + u"_0");
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  EXPECT_EQ(stats_->last_flags, 0);
  EXPECT_EQ(stats_->last_path, 0);
  EXPECT_EQ(stats_->last_target, 1);
  EXPECT_EQ(stats_->last_lun, 1);
  const Wire request{0x40, 0, 0, 0, 0, 0, 0, 0, NO_CONTEXT, NO_TIME, SCSI_GUID_BYTES(16),
                     0, 0, 0, 0,
                     0x82, 0x00, 0x01, 0x00,  // SINGLE_INSTANCE | STATIC_INSTANCE_NAMES | PDO_INSTANCE_NAMES
                     0, 0, 0, 0,              // OffsetInstanceName
                     0, 0, 0, 0,              // InstanceIndex 0 (of this LU)
                     0x40, 0, 0, 0,           // DataBlockOffset 64
                     0, 0, 0, 0};             // SizeDataBlock
  EXPECT_EQ(recorded(), request);
  const Wire expected{0x48, 0, 0, 0, 0, 0, 0, 0, NO_CONTEXT, NO_TIME, SCSI_GUID_BYTES(16),  // BufferSize 72
                      0, 0, 0, 0,
                      0x82, 0x00, 0x01, 0x00,
                      0, 0, 0, 0,
                      0, 0, 0, 0,
                      0x40, 0, 0, 0,
                      8, 0, 0, 0,                  // SizeDataBlock 8
                      0, 1, 1, 0, 11, 0, 0, 0};    // PathId 0, TargetId 1, Lun 1; Setting 11
  EXPECT_EQ(masked(reply->wnode), expected);
  EXPECT_EQ(reply->instance.provider_id, IoWMIDeviceObjectToProviderId(unit.pdo));
}

TEST_F(GoldenTest, ChangeSingleInstanceAndItem) {
  const Guid guid = scsi_guid(SCSI_TEST_ADAPTER_INFO);
  const std::uint8_t values[] = {0xff, 0xff, 0xff, 0xff, 0x2b, 0x02, 0, 0};  // Counter (ignored), Setting 555
  ASSERT_TRUE(host_->set_single_instance(guid, std::uint32_t{0}, values).ok());
  EXPECT_EQ(stats_->last_minor, IRP_MN_CHANGE_SINGLE_INSTANCE);
  const Wire change_instance{0x48, 0, 0, 0, 0, 0, 0, 0, NO_CONTEXT, NO_TIME, SCSI_GUID_BYTES(0),
                             0, 0, 0, 0,
                             0x82, 0x00, 0x01, 0x00,
                             0, 0, 0, 0,      // OffsetInstanceName
                             0, 0, 0, 0,      // InstanceIndex 0
                             0x40, 0, 0, 0,   // DataBlockOffset 64
                             8, 0, 0, 0,      // SizeDataBlock 8
                             0xff, 0xff, 0xff, 0xff, 0x2b, 0x02, 0, 0};
  EXPECT_EQ(recorded(), change_instance);
  ASSERT_TRUE(host_->set_single_item(guid, std::uint32_t{0}, 2, bytes_of(777)).ok());
  EXPECT_EQ(stats_->last_minor, IRP_MN_CHANGE_SINGLE_ITEM);
  const Wire change_item{0x4c, 0, 0, 0, 0, 0, 0, 0, NO_CONTEXT, NO_TIME, SCSI_GUID_BYTES(0),
                         0, 0, 0, 0,
                         0x84, 0x00, 0x01, 0x00,  // SINGLE_ITEM | STATIC | PDO
                         0, 0, 0, 0,              // OffsetInstanceName
                         0, 0, 0, 0,              // InstanceIndex 0
                         2, 0, 0, 0,              // ItemId 2 (Setting)
                         0x48, 0, 0, 0,           // DataBlockOffset 72
                         4, 0, 0, 0,              // SizeDataItem 4
                         0, 0, 0, 0,              // padding
                         0x09, 0x03, 0, 0};       // 777
  EXPECT_EQ(recorded(), change_item);
}

TEST_F(GoldenTest, ExecuteMethodWithInputAndOutput) {
  auto reply = host_->execute_method(scsi_guid(SCSI_TEST_ADAPTER_METHOD), u"ROOT\\WMIPORT\\0000_0",
                                     SCSI_TEST_METHOD_DOUBLE, bytes_of(21));
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  const Wire request{0x4c, 0, 0, 0, 0, 0, 0, 0, NO_CONTEXT, NO_TIME, SCSI_GUID_BYTES(1),  // BufferSize 76
                     0, 0, 0, 0,
                     0x80, 0x80, 0x01, 0x00,  // METHOD_ITEM | STATIC | PDO
                     0, 0, 0, 0,              // OffsetInstanceName
                     0, 0, 0, 0,              // InstanceIndex 0
                     1, 0, 0, 0,              // MethodId 1 (double)
                     0x48, 0, 0, 0,           // DataBlockOffset 72
                     4, 0, 0, 0,              // SizeDataBlock 4: input size
                     0, 0, 0, 0,              // padding
                     21, 0, 0, 0};
  EXPECT_EQ(stats_->last_minor, IRP_MN_EXECUTE_METHOD);
  EXPECT_EQ(recorded(), request);
  Wire expected(request.begin(), request.begin() + 72);
  expected[0] = 0x50;   // BufferSize 80
  expected[64] = 8;     // SizeDataBlock 8: output size
  expected.insert(expected.end(), {42, 0, 0, 0, 1, 0, 0, 0});
  EXPECT_EQ(masked(reply->wnode), expected);
}

TEST_F(GoldenTest, EnableEventsCarriesTheHeaderAndTheEventIsStamped) {
  auto subscription = host_->subscribe(scsi_guid(SCSI_TEST_ADAPTER_EVENT));
  host_->settle();
  EXPECT_EQ(stats_->last_minor, IRP_MN_ENABLE_EVENTS);
  const Wire header{0x30, 0, 0, 0, 0, 0, 0, 0, NO_CONTEXT, NO_TIME, SCSI_GUID_BYTES(2), 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(recorded(), header);
  auto fire = host_->execute_method(scsi_guid(SCSI_TEST_ADAPTER_METHOD), std::uint32_t{0}, SCSI_TEST_METHOD_FIRE,
                                    bytes_of(0));  // 0: the adapter event, payload = the input
  ASSERT_TRUE(fire.ok());
  auto event = subscription.next();
  ASSERT_TRUE(event.has_value());
  ASSERT_EQ(event->wnode.size(), 0x44u);
  const Wire wnode = masked(event->wnode);
  const ULONG id = IoWMIDeviceObjectToProviderId(adapter_.fdo);
  const Wire expected{0x44, 0, 0, 0,
                      static_cast<std::uint8_t>(id), static_cast<std::uint8_t>(id >> 8),
                      static_cast<std::uint8_t>(id >> 16), static_cast<std::uint8_t>(id >> 24),  // ProviderId: the FDO
                      NO_CONTEXT, NO_TIME, SCSI_GUID_BYTES(2),
                      0, 0, 0, 0,              // ClientContext
                      0x8a, 0x00, 0x00, 0x00,  // EVENT_ITEM | SINGLE_INSTANCE | STATIC_INSTANCE_NAMES
                      0, 0, 0, 0,              // OffsetInstanceName
                      0, 0, 0, 0,              // InstanceIndex 0
                      0x40, 0, 0, 0,           // DataBlockOffset 64
                      4, 0, 0, 0,              // SizeDataBlock 4
                      0, 0, 0, 0};             // payload ULONG 0
  EXPECT_EQ(wnode, expected);
}

TEST_F(GoldenTest, ReginfoSrbCarriesTheActionAsDataPath) {
  // The registrations at load sent REGINFO(_EX) SRBs; the last one recorded is an LU's.
  EXPECT_TRUE(stats_->last_minor == IRP_MN_REGINFO_EX || stats_->last_minor == IRP_MN_REGINFO);
  EXPECT_EQ(stats_->last_data_path, std::uint64_t{WMIREGISTER});
  EXPECT_EQ(stats_->last_data_length, 4096u);
}

TEST_F(GoldenTest, DisableEventsAndCollectionControlCarryTheHeader) {
  {
    auto subscription = host_->subscribe(scsi_guid(SCSI_TEST_ADAPTER_EVENT));
    host_->settle();
  }
  host_->settle();
  EXPECT_EQ(stats_->last_minor, IRP_MN_DISABLE_EVENTS);
  const Wire header{0x30, 0, 0, 0, 0, 0, 0, 0, NO_CONTEXT, NO_TIME, SCSI_GUID_BYTES(2), 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(recorded(), header);
  {
    auto handle = host_->open_block(scsi_guid(SCSI_TEST_ADAPTER_EXPENSIVE));
    host_->settle();
    EXPECT_EQ(stats_->last_minor, IRP_MN_ENABLE_COLLECTION);
  }
  host_->settle();
  EXPECT_EQ(stats_->last_minor, IRP_MN_DISABLE_COLLECTION);
  Wire collection = header;
  collection[24] = 0x03;  // GUID 3: the expensive block
  collection[39] = 0x03;
  EXPECT_EQ(recorded(), collection);
}

// clang-format on

TEST_F(GoldenTest, ReginfoTheCoreReceivesForTheAdapterAndAnLu) {
  auto fetch = [](PDEVICE_OBJECT device) {
    std::vector<std::uint64_t> buffer(4096 / 8, 0);
    auto result = send_wmi_irp(device, IRP_MN_REGINFO, reinterpret_cast<const GUID*>(WMIREGISTER), buffer.data(), 4096);
    EXPECT_EQ(result.status, STATUS_SUCCESS);
    auto parsed = wnode::parse_reginfo(Bytes(reinterpret_cast<const std::uint8_t*>(buffer.data()), result.information));
    EXPECT_TRUE(parsed.ok()) << (parsed.ok() ? "" : parsed.error().to_string());
    return parsed.ok() ? *parsed : wnode::RegInfo{};
  };
  const auto pdo_of = [](PDEVICE_OBJECT device) {
    return static_cast<std::uint64_t>(reinterpret_cast<std::uintptr_t>(device));
  };
  const wnode::RegInfo adapter = fetch(adapter_.fdo);
  ASSERT_EQ(adapter.guids.size(), std::size_t{SCSI_TEST_ADAPTER_EXTRA});
  EXPECT_EQ(adapter.mof_resource_name, std::optional<std::u16string>(u"ScsiTestMof"));
  ASSERT_TRUE(adapter.registry_path.has_value());
  EXPECT_TRUE(adapter.registry_path->ends_with(u"\\Services\\scsi_wmi_shape_a"));
  const std::uint32_t expected_flags[] = {
      WMIREG_FLAG_INSTANCE_PDO,                                // INFO
      WMIREG_FLAG_INSTANCE_PDO,                                // METHOD
      WMIREG_FLAG_INSTANCE_PDO | WMIREG_FLAG_EVENT_ONLY_GUID,  // EVENT
      WMIREG_FLAG_INSTANCE_PDO | WMIREG_FLAG_EXPENSIVE,        // EXPENSIVE
      0,                                                       // DYNAMIC: no naming flag, no CALL_BY_NAME
      WMIREG_FLAG_INSTANCE_PDO,                                // BIG
  };
  for (std::size_t i = 0; i < adapter.guids.size(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(adapter.guids[i].guid, scsi_guid(static_cast<std::uint32_t>(i)));
    EXPECT_EQ(adapter.guids[i].flags, expected_flags[i]);
    EXPECT_EQ(adapter.guids[i].instance_count, i == SCSI_TEST_ADAPTER_DYNAMIC ? 0u : 1u);
    EXPECT_EQ(adapter.guids[i].pdo, i == SCSI_TEST_ADAPTER_DYNAMIC ? 0u : pdo_of(adapter_.pdo));
  }
  const wnode::RegInfo lu = fetch(adapter_.logical_units[3].pdo);
  ASSERT_EQ(lu.guids.size(), std::size_t{SCSI_TEST_LU_BLOCKS});
  EXPECT_EQ(lu.guids[SCSI_TEST_LU_MULTI].instance_count, 2u);
  for (const auto& reg : lu.guids)
    EXPECT_EQ(reg.pdo, pdo_of(adapter_.logical_units[3].pdo));
}

}  // namespace
}  // namespace wmiport::test
