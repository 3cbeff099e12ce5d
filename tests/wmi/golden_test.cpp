// End to end, per minor code: the request WNODE the wmi_sample driver received (recorded by the driver before
// WmiSystemControl) and the reply WNODE it produced through WmiLib, both as hand-computed bytes. TimeStamp
// (offset 16..23) is set by WmiCompleteRequest from the clock: it is checked to be non-zero and masked.
#include "host_fixture.h"

namespace wmiport::test {
namespace {

using Wire = std::vector<std::uint8_t>;

// The sample GUID n: {5a1e000n-0000-4000-8000-00000000000n}.
#define SAMPLE_GUID_BYTES(n) (0x00 + (n)), 0x00, 0x1e, 0x5a, 0x00, 0x00, 0x00, 0x40, 0x80, 0, 0, 0, 0, 0, 0, (n)
#define NO_CONTEXT 0, 0, 0, 0, 0, 0, 0, 0 /* HistoricalContext */
#define NO_TIME 0, 0, 0, 0, 0, 0, 0, 0    /* TimeStamp (requests) / masked (replies) */

Wire recorded_request(const WMI_SAMPLE_STATS* stats) {
  return Wire(stats->last_request, stats->last_request + stats->last_request_size);
}

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

class GoldenTest : public HostTest {};

// Golden byte tables are laid out by hand, one WNODE field per line: keep clang-format away from them.
// clang-format off

TEST_F(GoldenTest, QueryAllDataFixedSizeInstances) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  auto reply = host_->query_all_data(sample_guid(WMI_SAMPLE_DATA));
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  EXPECT_EQ(stats->last_minor, IRP_MN_QUERY_ALL_DATA);
  const Wire request{0x40, 0, 0, 0, 0, 0, 0, 0, NO_CONTEXT, NO_TIME, SAMPLE_GUID_BYTES(0),
                     0, 0, 0, 0,               // ClientContext
                     0x81, 0x00, 0x01, 0x00,   // ALL_DATA | STATIC_INSTANCE_NAMES | PDO_INSTANCE_NAMES
                     0, 0, 0, 0, 0, 0, 0, 0,   // DataBlockOffset, InstanceCount
                     0, 0, 0, 0, 0, 0, 0, 0};  // OffsetInstanceNameOffsets, union
  EXPECT_EQ(recorded_request(stats), request);
  const Wire expected{
      0x60, 0, 0, 0, 0, 0, 0, 0, NO_CONTEXT, NO_TIME, SAMPLE_GUID_BYTES(0),  // BufferSize 96
      0, 0, 0, 0,
      0x91, 0x00, 0x01, 0x00,  // + FIXED_INSTANCE_SIZE: both instances are 8 bytes
      0x50, 0, 0, 0,           // DataBlockOffset 80 = ALIGN8(60 + 2 * 8)
      2, 0, 0, 0,              // InstanceCount
      0, 0, 0, 0,              // OffsetInstanceNameOffsets (static names)
      8, 0, 0, 0,              // FixedInstanceSize
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // 64..79: the unused OffsetInstanceDataAndLength room
      1, 0, 0, 0, 100, 0, 0, 0,   // instance 0: Counter 1, Setting 100
      1, 0, 0, 0, 200, 0, 0, 0};  // instance 1: Counter 1, Setting 200
  ASSERT_EQ(reply->provider_wnodes.size(), 1u);
  EXPECT_EQ(masked(reply->provider_wnodes[0]), expected);
  ASSERT_EQ(reply->instances.size(), 2u);
  EXPECT_EQ(reply->instances[1].name, u"ROOT\\WMIPORT\\0000_1");
}

TEST_F(GoldenTest, QueryAllDataVariableSizeInstances) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  auto reply = host_->query_all_data(sample_guid(WMI_SAMPLE_VAR));
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  EXPECT_EQ(recorded_request(stats)[44], 0x81);  // base names: STATIC_INSTANCE_NAMES without PDO
  const Wire expected{
      0x76, 0, 0, 0, 0, 0, 0, 0, NO_CONTEXT, NO_TIME, SAMPLE_GUID_BYTES(1),  // BufferSize 118
      0, 0, 0, 0,
      0x81, 0, 0, 0,              // ALL_DATA | STATIC_INSTANCE_NAMES; sizes differ: no FIXED_INSTANCE_SIZE
      0x58, 0, 0, 0,              // DataBlockOffset 88 = ALIGN8(60 + 3 * 8)
      3, 0, 0, 0,                 // InstanceCount
      0, 0, 0, 0,                 // OffsetInstanceNameOffsets
      0x58, 0, 0, 0, 4, 0, 0, 0,  // [0] offset 88, length 4
      0x60, 0, 0, 0, 12, 0, 0, 0, // [1] offset 96, length 12
      0x70, 0, 0, 0, 6, 0, 0, 0,  // [2] offset 112, length 6
      0, 0, 0, 0,                 // 84..87 padding up to DataBlockOffset
      0x10, 0x11, 0x12, 0x13, 0, 0, 0, 0,                                // 88: instance 0 + 4 bytes padding
      0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29, 0x2a, 0x2b,  // 96: instance 1
      0, 0, 0, 0,                                                        // padding to 112
      0x30, 0x31, 0x32, 0x33, 0x34, 0x35};                              // 112: instance 2
  ASSERT_EQ(reply->provider_wnodes.size(), 1u);
  EXPECT_EQ(masked(reply->provider_wnodes[0]), expected);
}

TEST_F(GoldenTest, QuerySingleInstance) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  auto reply = host_->query_single_instance(sample_guid(WMI_SAMPLE_DATA), u"ROOT\\WMIPORT\\0000_1");
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  const Wire request{0x40, 0, 0, 0, 0, 0, 0, 0, NO_CONTEXT, NO_TIME, SAMPLE_GUID_BYTES(0),
                     0, 0, 0, 0,
                     0x82, 0x00, 0x01, 0x00,  // SINGLE_INSTANCE | STATIC_INSTANCE_NAMES | PDO_INSTANCE_NAMES
                     0, 0, 0, 0,              // OffsetInstanceName
                     1, 0, 0, 0,              // InstanceIndex 1
                     0x40, 0, 0, 0,           // DataBlockOffset 64
                     0, 0, 0, 0};             // SizeDataBlock
  EXPECT_EQ(recorded_request(stats), request);
  const Wire expected{0x48, 0, 0, 0, 0, 0, 0, 0, NO_CONTEXT, NO_TIME, SAMPLE_GUID_BYTES(0),  // BufferSize 72
                      0, 0, 0, 0,
                      0x82, 0x00, 0x01, 0x00,
                      0, 0, 0, 0,
                      1, 0, 0, 0,
                      0x40, 0, 0, 0,
                      8, 0, 0, 0,                  // SizeDataBlock 8
                      1, 0, 0, 0, 200, 0, 0, 0};   // Counter 1, Setting 200
  EXPECT_EQ(masked(reply->wnode), expected);
  EXPECT_EQ(reply->instance.name, u"ROOT\\WMIPORT\\0000_1");
  EXPECT_EQ(reply->instance.data, (Wire{1, 0, 0, 0, 200, 0, 0, 0}));
}

TEST_F(GoldenTest, ChangeSingleInstanceAndItem) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  const Guid data = sample_guid(WMI_SAMPLE_DATA);
  const std::uint8_t values[] = {0xff, 0xff, 0xff, 0xff, 0x2b, 0x02, 0, 0};  // Counter (ignored), Setting 555
  ASSERT_TRUE(host_->set_single_instance(data, std::uint32_t{0}, values).ok());
  const Wire change_instance{0x48, 0, 0, 0, 0, 0, 0, 0, NO_CONTEXT, NO_TIME, SAMPLE_GUID_BYTES(0),
                             0, 0, 0, 0,
                             0x82, 0x00, 0x01, 0x00,
                             0, 0, 0, 0,      // OffsetInstanceName
                             0, 0, 0, 0,      // InstanceIndex 0
                             0x40, 0, 0, 0,   // DataBlockOffset 64
                             8, 0, 0, 0,      // SizeDataBlock 8
                             0xff, 0xff, 0xff, 0xff, 0x2b, 0x02, 0, 0};
  EXPECT_EQ(stats->last_minor, IRP_MN_CHANGE_SINGLE_INSTANCE);
  EXPECT_EQ(recorded_request(stats), change_instance);

  const auto item = bytes_of(777);
  ASSERT_TRUE(host_->set_single_item(data, std::uint32_t{1}, 2, item).ok());
  const Wire change_item{0x4c, 0, 0, 0, 0, 0, 0, 0, NO_CONTEXT, NO_TIME, SAMPLE_GUID_BYTES(0),
                         0, 0, 0, 0,
                         0x84, 0x00, 0x01, 0x00,  // SINGLE_ITEM | STATIC | PDO
                         0, 0, 0, 0,              // OffsetInstanceName
                         1, 0, 0, 0,              // InstanceIndex 1
                         2, 0, 0, 0,              // ItemId 2 (Setting)
                         0x48, 0, 0, 0,           // DataBlockOffset 72
                         4, 0, 0, 0,              // SizeDataItem 4
                         0, 0, 0, 0,              // padding
                         0x09, 0x03, 0, 0};       // 777
  EXPECT_EQ(stats->last_minor, IRP_MN_CHANGE_SINGLE_ITEM);
  EXPECT_EQ(recorded_request(stats), change_item);

  auto all = host_->query_all_data(data);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->instances[0].data, (Wire{1, 0, 0, 0, 0x2b, 0x02, 0, 0}));
  EXPECT_EQ(all->instances[1].data, (Wire{1, 0, 0, 0, 0x09, 0x03, 0, 0}));
}

TEST_F(GoldenTest, ExecuteMethod) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  const std::uint8_t input[] = {1, 2, 3};
  auto reply = host_->execute_method(sample_guid(WMI_SAMPLE_METHOD), u"ROOT\\WMIPORT\\0000_0",
                                     WMI_SAMPLE_METHOD_ECHO, input);
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  const Wire request{0x4b, 0, 0, 0, 0, 0, 0, 0, NO_CONTEXT, NO_TIME, SAMPLE_GUID_BYTES(4),  // BufferSize 75
                     0, 0, 0, 0,
                     0x80, 0x80, 0x01, 0x00,  // METHOD_ITEM | STATIC | PDO
                     0, 0, 0, 0,              // OffsetInstanceName
                     0, 0, 0, 0,              // InstanceIndex 0
                     1, 0, 0, 0,              // MethodId 1 (echo)
                     0x48, 0, 0, 0,           // DataBlockOffset 72
                     3, 0, 0, 0,              // SizeDataBlock 3: input size
                     0, 0, 0, 0,              // padding
                     1, 2, 3};
  EXPECT_EQ(stats->last_minor, IRP_MN_EXECUTE_METHOD);
  EXPECT_EQ(recorded_request(stats), request);
  Wire expected = request;
  expected[72] = 3;  // output overwrites the input, same size
  expected[74] = 1;
  EXPECT_EQ(masked(reply->wnode), expected);
  EXPECT_EQ(reply->instance.data, (Wire{3, 2, 1}));
}

TEST_F(GoldenTest, EnableAndDisableEventsCarryTheHeader) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  const Wire header{0x30, 0, 0, 0, 0, 0, 0, 0, NO_CONTEXT, NO_TIME, SAMPLE_GUID_BYTES(3), 0, 0, 0, 0, 0, 0, 0, 0};
  {
    auto subscription = host_->subscribe(sample_guid(WMI_SAMPLE_EVENT));
    EXPECT_EQ(stats->last_minor, IRP_MN_ENABLE_EVENTS);
    EXPECT_EQ(recorded_request(stats), header);
  }
  EXPECT_EQ(stats->last_minor, IRP_MN_DISABLE_EVENTS);
  EXPECT_EQ(recorded_request(stats), header);
  {
    auto handle = host_->open_block(sample_guid(WMI_SAMPLE_EXPENSIVE));
    EXPECT_EQ(stats->last_minor, IRP_MN_ENABLE_COLLECTION);
  }
  EXPECT_EQ(stats->last_minor, IRP_MN_DISABLE_COLLECTION);
  Wire collection = header;
  collection[24] = 0x02;
  collection[39] = 0x02;
  EXPECT_EQ(recorded_request(stats), collection);
}

// clang-format on

}  // namespace
}  // namespace wmiport::test
