// samples/fchba (a SCSI miniport) loaded through wmiport::Host and the SCSI port driver: the hbaapi blocks it
// registers, their instance names, MSFC_* data decoded with the MOF attached to the .so, statistics that move
// and reset, methods with input and output (exact DATA_OVERRUN sizes), and the link/adapter events.
#include <thread>

#include "sample_support.h"
#include "scsiport/scsiport.h"

namespace wmiport::samples_test {
namespace {

const Guid kAdapterAttributes = guid("{F8F3EA26-AB2C-4593-8B84-C56428E6BEDB}");
const Guid kPortAttributes = guid("{61B397FD-F5AE-4950-9758-0EE598E3C6E6}");
const Guid kPortStatistics = guid("{27EFABA4-362A-4F20-920B-ED66E280FCF5}");
const Guid kHbaPortStatistics = guid("{3CE7904F-459F-480d-9A3C-013EDE3BDDE8}");
const Guid kPortMethods = guid("{E693553E-EDF6-4D57-BF08-EFCAAE1A2E1C}");
const Guid kAdapterMethods = guid("{DF87D4ED-4612-4D12-85FB-83574EC34B7C}");
const Guid kFcpInfo = guid("{7A1FC391-5B23-4C19-B0EB-B1AEF59050C3}");
const Guid kLinkEvent = guid("{C66015EE-014B-498A-9451-99FEAD0AB451}");
const Guid kAdapterEvent = guid("{E9E47403-D1D7-43F8-8EE3-53CDBFFF5646}");

const std::vector<std::uint8_t> kNodeWWN{0x20, 0x00, 0x00, 0x00, 0xc9, 0xab, 0xcd, 0xef};
const std::vector<std::uint8_t> kPort0WWN{0x21, 0x00, 0x00, 0x00, 0xc9, 0xab, 0xcd, 0xef};
const std::vector<std::uint8_t> kPort1WWN{0x21, 0x01, 0x00, 0x00, 0xc9, 0xab, 0xcd, 0xef};

mof::DataArray wwn_value(const std::vector<std::uint8_t>& wwn) {
  mof::DataArray out;
  for (auto b : wwn)
    out.emplace_back(std::uint64_t{b});
  return out;
}

bool ends_with(const std::u16string& text, std::u16string_view suffix) {
  return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

class FchbaTest : public SampleHostTest {
 protected:
  void SetUp() override {
    scsiport::clear_records();
    SampleHostTest::SetUp();
    ASSERT_NE(load("fchba"), nullptr);
    schema_ = load_driver_schema(driver_path("fchba"), u"MofResource");
    ASSERT_NE(schema_, nullptr);
  }

  mof::DataObject query(const Guid& g, std::uint32_t instance, std::string_view cls) {
    auto reply = host_->query_single_instance(g, instance);
    if (!reply.ok()) {
      ADD_FAILURE() << cls << ": " << reply.error().to_string();
      return {};
    }
    return schema_->decode(cls, reply->instance.data);
  }

  void TearDown() override {
    // The port saw no broken rule (events dropped because a consumer just went away are not the driver's fault).
    for (const auto& record : scsiport::records()) {
      if (record.driver == "fchba" && record.kind != scsiport::RecordKind::event_not_enabled) {
        ADD_FAILURE() << "port record (kind " << static_cast<int>(record.kind) << "): " << record.text;
      }
    }
    SampleHostTest::TearDown();
  }

  std::unique_ptr<DriverSchema> schema_;
};

TEST_F(FchbaTest, PortFindsTheLogicalUnitsByInquiry) {
  std::vector<scsiport::AdapterInfo> adapters;
  for (auto& adapter : scsiport::adapters()) {
    if (adapter.driver == "fchba")
      adapters.push_back(adapter);
  }
  ASSERT_EQ(adapters.size(), 1u);
  EXPECT_TRUE(adapters[0].wmi_data_provider);
  ASSERT_EQ(adapters[0].logical_units.size(), 4u);
  for (std::size_t i = 0; i < 4; ++i) {
    const auto& unit = adapters[0].logical_units[i];
    EXPECT_EQ(unit.path_id, 0u);
    EXPECT_EQ(unit.target_id, i / 2);
    EXPECT_EQ(unit.lun, i % 2);
    EXPECT_NE(unit.instance_path.find(u"WMIPORT"), std::u16string::npos);
  }
}

TEST_F(FchbaTest, RegistersTheHbaApiBlocks) {
  auto blocks = host_->list_blocks();
  struct Expected {
    Guid guid;
    std::size_t instances;
  };
  for (const Expected& e : {Expected{kAdapterAttributes, 1}, Expected{kPortAttributes, 2}, Expected{kPortStatistics, 2},
                            Expected{kHbaPortStatistics, 2}, Expected{kPortMethods, 2}, Expected{kAdapterMethods, 1},
                            Expected{kFcpInfo, 1}, Expected{kLinkEvent, 1}, Expected{kAdapterEvent, 1}}) {
    const BlockInfo* block = find_block(blocks, e.guid);
    ASSERT_NE(block, nullptr) << e.guid.to_string();
    EXPECT_EQ(block->instance_names.size(), e.instances) << e.guid.to_string();
    EXPECT_EQ(block->mof_resource_name, u"MofResource");
    for (std::size_t i = 0; i < block->instance_names.size(); ++i) {
      const char16_t suffix[] = {u'_', static_cast<char16_t>(u'0' + i), 0};
      EXPECT_TRUE(ends_with(block->instance_names[i], suffix));
    }
  }
  EXPECT_NE(find_block(blocks, kLinkEvent)->flags & WMIREG_FLAG_EVENT_ONLY_GUID, 0u);
}

TEST_F(FchbaTest, AdapterAttributesDecodeWithTheAttachedMof) {
  auto reply = host_->query_all_data(kAdapterAttributes);
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  ASSERT_EQ(reply->instances.size(), 1u);
  EXPECT_EQ(reply->instances[0].data.size(), 4914u);  // exact: to the end of the MfgDomain slot
  auto attributes = schema_->decode("MSFC_FCAdapterHBAAttributes", reply->instances[0].data);
  EXPECT_EQ(string_field(attributes, "Manufacturer"), "wmiport Sample Devices");
  EXPECT_EQ(string_field(attributes, "Model"), "FCHBA-2P8G");
  EXPECT_EQ(string_field(attributes, "SerialNumber"), "FC0000420001");
  EXPECT_EQ(string_field(attributes, "MfgDomain"), "com.example.wmiport");
  EXPECT_EQ(uint_field(attributes, "NumberOfPorts"), 2u);
  EXPECT_EQ(uint_field(attributes, "HBAStatus"), 0u);
  EXPECT_EQ(bytes_field(attributes, "NodeWWN"), kNodeWWN);
}

TEST_F(FchbaTest, PortAttributesPerPort) {
  auto all = host_->query_all_data(kPortAttributes);
  ASSERT_TRUE(all.ok()) << all.error().to_string();
  ASSERT_EQ(all->instances.size(), 2u);
  for (std::uint32_t port = 0; port < 2; ++port) {
    auto decoded = schema_->decode("MSFC_FibrePortHBAAttributes", all->instances[port].data);
    EXPECT_EQ(uint_field(decoded, "UniquePortId"), 0x21000000C9ABCD00ull + port);
    const auto& attributes = object_field(decoded, "Attributes");
    EXPECT_EQ(bytes_field(attributes, "PortWWN"), port == 0 ? kPort0WWN : kPort1WWN);
    EXPECT_EQ(bytes_field(attributes, "NodeWWN"), kNodeWWN);
    EXPECT_EQ(uint_field(attributes, "PortFcId"), 0x010100u + port);
    EXPECT_EQ(uint_field(attributes, "PortType"), 5u);  // HBA_PORTTYPE_NPORT
    EXPECT_EQ(uint_field(attributes, "PortMaxFrameSize"), 2048u);
    EXPECT_EQ(uint_field(attributes, "NumberofDiscoveredPorts"), port == 0 ? 2u : 0u);
  }
}

TEST_F(FchbaTest, StatisticsMoveAndReset) {
  auto first = object_field(query(kPortStatistics, 0, "MSFC_FibrePortHBAStatistics"), "Statistics");
  auto second = object_field(query(kPortStatistics, 0, "MSFC_FibrePortHBAStatistics"), "Statistics");
  EXPECT_GT(int_field(second, "TxFrames"), int_field(first, "TxFrames"));
  EXPECT_GT(int_field(second, "RxWords"), int_field(first, "RxWords"));
  auto raw = query(kHbaPortStatistics, 0, "MSFC_HBAPortStatistics");
  EXPECT_GE(int_field(raw, "TxFrames"), int_field(second, "TxFrames"));

  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto reset = host_->execute_method(kPortMethods, std::uint32_t{0}, 1, {});
  ASSERT_TRUE(reset.ok()) << reset.error().to_string();
  auto after = object_field(query(kPortStatistics, 0, "MSFC_FibrePortHBAStatistics"), "Statistics");
  EXPECT_LT(int_field(after, "TxFrames"), int_field(second, "TxFrames") + 1);
  EXPECT_LE(int_field(after, "SecondsSinceLastReset"), 1);
  // Port 1 was not reset.
  auto other = object_field(query(kPortStatistics, 1, "MSFC_FibrePortHBAStatistics"), "Statistics");
  EXPECT_GT(int_field(other, "TxFrames") + int_field(other, "LinkFailureCount"), 0);
}

TEST_F(FchbaTest, GetFcpTargetMapping) {
  mof::DataObject input;
  input.set("HbaPortWWN", wwn_value(kPort0WWN));
  input.set("InEntryCount", 8u);
  auto in = schema_->encode_in("MSFC_HBAFCPInfo", "GetFcpTargetMapping", input);
  auto reply = host_->execute_method(kFcpInfo, std::uint32_t{0}, 1, in);
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  EXPECT_EQ(reply->instance.data.size(), 16u + 4 * 816u);
  auto out = schema_->decode_out("MSFC_HBAFCPInfo", "GetFcpTargetMapping", reply->instance.data);
  EXPECT_EQ(uint_field(out, "HBAStatus"), 0u);
  EXPECT_EQ(uint_field(out, "TotalEntryCount"), 4u);
  EXPECT_EQ(uint_field(out, "OutEntryCount"), 4u);
  const auto* entries = out.find("Entry");
  ASSERT_NE(entries, nullptr);
  ASSERT_NE(entries->as_array(), nullptr);
  ASSERT_EQ(entries->as_array()->size(), 4u);
  const auto& third = *(*entries->as_array())[3].as_object();
  EXPECT_EQ(uint_field(object_field(third, "ScsiId"), "ScsiTargetNumber"), 1u);
  EXPECT_EQ(uint_field(object_field(third, "ScsiId"), "ScsiOSLun"), 1u);
  EXPECT_EQ(uint_field(object_field(third, "FCPId"), "Fcid"), 0x010201u);

  // Fewer entries asked: HBA_STATUS_ERROR_MORE_DATA with the total.
  input.set("InEntryCount", 1u);
  auto partial = host_->execute_method(kFcpInfo, std::uint32_t{0}, 1,
                                       schema_->encode_in("MSFC_HBAFCPInfo", "GetFcpTargetMapping", input));
  ASSERT_TRUE(partial.ok());
  auto partial_out = schema_->decode_out("MSFC_HBAFCPInfo", "GetFcpTargetMapping", partial->instance.data);
  EXPECT_EQ(uint_field(partial_out, "HBAStatus"), 7u);
  EXPECT_EQ(uint_field(partial_out, "OutEntryCount"), 1u);
  EXPECT_EQ(uint_field(partial_out, "TotalEntryCount"), 4u);
}

TEST_F(FchbaTest, GetDiscoveredPortAttributes) {
  mof::DataObject input;
  input.set("PortIndex", 0u);
  input.set("DiscoveredPortIndex", 1u);
  auto reply =
      host_->execute_method(kAdapterMethods, std::uint32_t{0}, 1,
                            schema_->encode_in("MSFC_HBAAdapterMethods", "GetDiscoveredPortAttributes", input));
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  auto out = schema_->decode_out("MSFC_HBAAdapterMethods", "GetDiscoveredPortAttributes", reply->instance.data);
  EXPECT_EQ(uint_field(out, "HBAStatus"), 0u);
  EXPECT_EQ(uint_field(object_field(out, "PortAttributes"), "PortFcId"), 0x010201u);
  input.set("DiscoveredPortIndex", 5u);
  auto bad = host_->execute_method(kAdapterMethods, std::uint32_t{0}, 1,
                                   schema_->encode_in("MSFC_HBAAdapterMethods", "GetDiscoveredPortAttributes", input));
  ASSERT_TRUE(bad.ok());
  EXPECT_EQ(uint_field(schema_->decode_out("MSFC_HBAAdapterMethods", "GetDiscoveredPortAttributes", bad->instance.data),
                       "HBAStatus"),
            6u);  // HBA_STATUS_ERROR_ILLEGAL_INDEX
}

TEST_F(FchbaTest, LinkEventsAfterEnabling) {
  auto subscription = host_->subscribe(kLinkEvent);
  auto event = subscription.next(std::chrono::milliseconds(3000));
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->guid, kLinkEvent);
  auto data = schema_->decode("MSFC_LinkEvent", event->data);
  EXPECT_EQ(uint_field(data, "EventType"), 0x501u);
  EXPECT_EQ(bytes_field(data, "AdapterWWN"), kNodeWWN);
  EXPECT_EQ(uint_field(data, "RLIRBufferSize"), 4u);
  auto rlir = bytes_field(data, "RLIRBuffer");
  ASSERT_EQ(rlir.size(), 4u);
  EXPECT_EQ(rlir[0], 1u);  // port 1
}

TEST_F(FchbaTest, AdapterEventAfterRefreshInformation) {
  auto subscription = host_->subscribe(kAdapterEvent);
  auto refresh = host_->execute_method(kAdapterMethods, std::uint32_t{0}, 3, {});
  ASSERT_TRUE(refresh.ok()) << refresh.error().to_string();
  auto event = subscription.next(std::chrono::milliseconds(2000));
  ASSERT_TRUE(event.has_value());
  auto data = schema_->decode("MSFC_AdapterEvent", event->data);
  EXPECT_EQ(uint_field(data, "EventType"), 0x103u);
  EXPECT_EQ(bytes_field(data, "PortWWN"), kPort0WWN);
}

// With a first buffer of 80 bytes every reply goes through WNODE_TOO_SMALL: the sizes fchba reports on
// DATA_OVERRUN must be exact, or the WMI core's single retry fails.
class FchbaSmallBufferTest : public FchbaTest {
 protected:
  HostOptions options() override {
    HostOptions o;
    o.wmi.initial_buffer_size = 80;
    return o;
  }
};

TEST_F(FchbaSmallBufferTest, EveryOverrunSizeIsExact) {
  for (const Guid& g : {kAdapterAttributes, kPortAttributes, kPortStatistics, kHbaPortStatistics}) {
    auto all = host_->query_all_data(g);
    ASSERT_TRUE(all.ok()) << g.to_string() << ": " << all.error().to_string();
    EXPECT_FALSE(all->instances.empty());
    auto one = host_->query_single_instance(g, std::uint32_t{0});
    ASSERT_TRUE(one.ok()) << g.to_string() << ": " << one.error().to_string();
  }
  auto attributes = host_->query_single_instance(kAdapterAttributes, std::uint32_t{0});
  ASSERT_TRUE(attributes.ok());
  EXPECT_EQ(string_field(schema_->decode("MSFC_FCAdapterHBAAttributes", attributes->instance.data), "Model"),
            "FCHBA-2P8G");

  mof::DataObject input;
  input.set("HbaPortWWN", wwn_value(kPort0WWN));
  input.set("InEntryCount", 3u);
  auto mapping = host_->execute_method(kFcpInfo, std::uint32_t{0}, 1,
                                       schema_->encode_in("MSFC_HBAFCPInfo", "GetFcpTargetMapping", input));
  ASSERT_TRUE(mapping.ok()) << mapping.error().to_string();
  EXPECT_EQ(mapping->instance.data.size(), 16u + 3 * 816u);
  auto out = schema_->decode_out("MSFC_HBAFCPInfo", "GetFcpTargetMapping", mapping->instance.data);
  EXPECT_EQ(uint_field(out, "OutEntryCount"), 3u);
  EXPECT_EQ(uint_field(out, "HBAStatus"), 7u);  // HBA_STATUS_ERROR_MORE_DATA

  mof::DataObject by_wwn;
  by_wwn.set("wwn", wwn_value(kPort1WWN));
  auto port = host_->execute_method(kAdapterMethods, std::uint32_t{0}, 2,
                                    schema_->encode_in("MSFC_HBAAdapterMethods", "GetPortAttributesByWWN", by_wwn));
  ASSERT_TRUE(port.ok()) << port.error().to_string();
  auto port_out = schema_->decode_out("MSFC_HBAAdapterMethods", "GetPortAttributesByWWN", port->instance.data);
  EXPECT_EQ(uint_field(port_out, "HBAStatus"), 0u);
  EXPECT_EQ(bytes_field(object_field(port_out, "PortAttributes"), "PortWWN"), kPort1WWN);
}

}  // namespace
}  // namespace wmiport::samples_test
