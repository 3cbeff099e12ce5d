// ScsiPortWmiFireLogicalUnitEvent and the ScsiPortWmiFireAdapterEvent macro: the WNODE_SINGLE_INSTANCE event built
// in the 0x40 bytes the miniport reserved in front of its payload, as golden bytes, and the ScsiPortNotification
// call that carries it (adapter form vs logical-unit form).
#include "test_support.h"

// Golden byte arrays keep one WNODE field per line with its offset in a comment: clang-format is off around them.

#include "wnode/single_instance.h"

namespace scsiwmi_test {
namespace {

using wmiport::wnode::testing::header_bytes;

constexpr ULONG kEventFlags =
    WNODE_FLAG_EVENT_ITEM | WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_STATIC_INSTANCE_NAMES;  // 0x8a

class Events : public ScsiWmiTest {};

TEST_F(Events, LogicalUnitEventIsBuiltInTheGapAndNotified) {
  int extension = 0;
  // 0x40 reserved bytes (garbage the library must overwrite), then 8 bytes of payload.
  ByteVec buffer = join({ByteVec(0x40, 0xee), {1, 2, 3, 4, 5, 6, 7, 8}});
  GUID guid = kGuidA;

  ScsiPortWmiFireLogicalUnitEvent(&extension, 0, 1, 2, &guid, 3, 8, buffer.data());

  // clang-format off
  const ByteVec expected = join({
      header_bytes(0x48, kEventFlags),  // 0: BufferSize = 0x40 + 8; ProviderId/TimeStamp 0 (the port's)
      le32(0),                          // 48: OffsetInstanceName (static names)
      le32(3),                          // 52: InstanceIndex
      le32(0x40),                       // 56: DataBlockOffset
      le32(8),                          // 60: SizeDataBlock = EventDataSize
      {1, 2, 3, 4, 5, 6, 7, 8},         // 64: the payload, untouched
  });
  // clang-format on
  EXPECT_BYTES(buffer, expected);
  ASSERT_EQ(notifications().size(), 1u);
  const Notification& n = notifications()[0];
  EXPECT_EQ(n.type, WMIEvent);
  EXPECT_EQ(n.extension, &extension);
  EXPECT_EQ(n.wnode_address, buffer.data());
  EXPECT_EQ(n.path_id, 0);
  EXPECT_EQ(n.target_id, 1);
  EXPECT_EQ(n.lun, 2);
  EXPECT_BYTES(n.wnode, expected);

  auto parsed = wmiport::wnode::parse_single_instance(wmiport::Bytes(buffer.data(), buffer.size()));
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed->instance_index, 3u);
  EXPECT_EQ(parsed->data, (ByteVec{1, 2, 3, 4, 5, 6, 7, 8}));
}

TEST_F(Events, AdapterEventPassesOnlyPathIdFF) {
  int extension = 0;
  ByteVec buffer(0x40, 0xee);  // no payload: exactly the reserved bytes
  GUID guid = kGuidA;

  ScsiPortWmiFireAdapterEvent(&extension, &guid, 0, 0, buffer.data());

  EXPECT_BYTES(buffer, join({header_bytes(0x40, kEventFlags), le32(0), le32(0), le32(0x40), le32(0)}));
  ASSERT_EQ(notifications().size(), 1u);
  EXPECT_EQ(notifications()[0].path_id, 0xff);
  EXPECT_EQ(notifications()[0].target_id, -1);
  EXPECT_EQ(notifications()[0].lun, -1);
}

TEST_F(Events, PathIdFFIsTheAdapterWhateverTargetAndLun) {
  int extension = 0;
  ByteVec buffer(0x40, 0);
  GUID guid = kGuidB;
  ScsiPortWmiFireLogicalUnitEvent(&extension, 0xff, 5, 6, &guid, 1, 0, buffer.data());
  ASSERT_EQ(notifications().size(), 1u);
  EXPECT_EQ(notifications()[0].path_id, 0xff);
  EXPECT_EQ(notifications()[0].target_id, -1);
  EXPECT_BYTES(prefix(buffer, 40), prefix(join({le32(0x40), zeros(20), {WNODE_TEST_GUID_B_BYTES}}), 40));
}

TEST_F(Events, BadArgumentsAreReportedAndNothingIsSent) {
  int extension = 0;
  ByteVec buffer(0x40, 0xee);
  GUID guid = kGuidA;
  ScsiPortWmiFireAdapterEvent(&extension, nullptr, 0, 0, buffer.data());
  ScsiPortWmiFireAdapterEvent(&extension, &guid, 0, 0, nullptr);
  ScsiPortWmiFireAdapterEvent(&extension, &guid, 0, 0xffffffc0u, buffer.data());  // 0x40 + size overflows
  EXPECT_TRUE(notifications().empty());
  EXPECT_BYTES(buffer, ByteVec(0x40, 0xee));
  EXPECT_EQ(take_violations(), (std::vector<SCSIWMI_RULE>{ScsiWmiRuleEventArguments, ScsiWmiRuleEventArguments,
                                                          ScsiWmiRuleEventArguments}));
}

}  // namespace
}  // namespace scsiwmi_test
