// Golden bytes of the request WNODEs the WMI core sends for each minor code (spec §6), built without a driver.
// Every byte is spelled out: header (48) = BufferSize, ProviderId, HistoricalContext (8), TimeStamp (8), Guid
// (16), ClientContext, Flags; then the structure's fields.
#include <gtest/gtest.h>

#include <memory>

#include "wmi/minor_rules.h"
#include "wmi/request_router.h"

namespace wmiport::wmi {
namespace {

// {01020304-0506-0708-090a-0b0c0d0e0f10}
const Guid kGuid{0x01020304, 0x0506, 0x0708, {0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10}};

#define GUID_BYTES 0x04, 0x03, 0x02, 0x01, 0x06, 0x05, 0x08, 0x07, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10

// Golden byte tables are laid out by hand, one WNODE field per line: keep clang-format away from them.
// clang-format off

using Bytes_ = std::vector<std::uint8_t>;

RouteCandidate candidate(const RegisteredBlock& block, std::optional<std::uint32_t> index, std::u16string name) {
  auto provider = std::make_shared<Provider>();
  provider->blocks.push_back(block);
  return RouteCandidate{BlockRef{provider, &provider->blocks.front()}, index, std::move(name)};
}

RegisteredBlock pdo_block() {
  RegisteredBlock block;
  block.guid = kGuid;
  block.naming = NamingKind::pdo;
  block.names = {u"R_0", u"R_1"};
  return block;
}

RegisteredBlock dynamic_block() {
  RegisteredBlock block;
  block.guid = kGuid;
  return block;
}

TEST(RequestWnode, QueryAllDataStaticPdoNames) {
  const Bytes_ expected{
      0x40, 0, 0, 0,  0, 0, 0, 0,  // BufferSize 64, ProviderId 0 (the IRP carries it)
      0, 0, 0, 0, 0, 0, 0, 0,      // HistoricalContext
      0, 0, 0, 0, 0, 0, 0, 0,      // TimeStamp
      GUID_BYTES,                  // Guid
      0, 0, 0, 0,                  // ClientContext
      0x81, 0, 0x01, 0,            // Flags: ALL_DATA | STATIC_INSTANCE_NAMES | PDO_INSTANCE_NAMES
      0, 0, 0, 0,  0, 0, 0, 0,     // DataBlockOffset, InstanceCount: the provider fills them
      0, 0, 0, 0,  0, 0, 0, 0};    // OffsetInstanceNameOffsets, FixedInstanceSize
  EXPECT_EQ(build_all_data_request(kGuid, request_name_flags(pdo_block())), expected);
}

TEST(RequestWnode, QueryAllDataDynamicNames) {
  auto bytes = build_all_data_request(kGuid, request_name_flags(dynamic_block()));
  ASSERT_EQ(bytes.size(), 64u);
  EXPECT_EQ(bytes[44], 0x01);  // Flags: ALL_DATA only
  EXPECT_EQ(bytes[46], 0x00);
}

TEST(RequestWnode, QuerySingleInstanceByIndex) {
  const Bytes_ expected{
      0x40, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0,
      GUID_BYTES,
      0, 0, 0, 0,
      0x82, 0, 0x01, 0,  // SINGLE_INSTANCE | STATIC_INSTANCE_NAMES | PDO_INSTANCE_NAMES
      0, 0, 0, 0,        // OffsetInstanceName: none (static)
      1, 0, 0, 0,        // InstanceIndex 1
      0x40, 0, 0, 0,     // DataBlockOffset 64
      0, 0, 0, 0};       // SizeDataBlock 0
  auto bytes = build_single_instance_request(kGuid, candidate(pdo_block(), 1, u"R_1"), {});
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, expected);
}

TEST(RequestWnode, QuerySingleInstanceByDynamicName) {
  const Bytes_ expected{
      0x4c, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0,
      GUID_BYTES,
      0, 0, 0, 0,
      0x02, 0, 0, 0,              // SINGLE_INSTANCE, names travel in the WNODE
      0x40, 0, 0, 0,              // OffsetInstanceName 64
      0, 0, 0, 0,                 // InstanceIndex
      0x48, 0, 0, 0,              // DataBlockOffset 72 (after the name, 8-aligned)
      4, 0, 0, 0,                 // SizeDataBlock 4
      4, 0, 'd', 0, 'B', 0,       // counted name "dB"
      0, 0,                       // padding to 72
      0xde, 0xad, 0xbe, 0xef};    // the data (CHANGE_SINGLE_INSTANCE)
  const std::uint8_t data[] = {0xde, 0xad, 0xbe, 0xef};
  auto bytes = build_single_instance_request(kGuid, candidate(dynamic_block(), std::nullopt, u"dB"), data);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, expected);
}

TEST(RequestWnode, ChangeSingleItem) {
  const Bytes_ expected{
      0x4c, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0,
      GUID_BYTES,
      0, 0, 0, 0,
      0x84, 0, 0x01, 0,  // SINGLE_ITEM | STATIC_INSTANCE_NAMES | PDO_INSTANCE_NAMES
      0, 0, 0, 0,        // OffsetInstanceName
      0, 0, 0, 0,        // InstanceIndex 0
      2, 0, 0, 0,        // ItemId 2
      0x48, 0, 0, 0,     // DataBlockOffset 72
      4, 0, 0, 0,        // SizeDataItem 4
      0, 0, 0, 0,        // padding to 72
      0x09, 0x03, 0, 0}; // 777
  const std::uint8_t data[] = {0x09, 0x03, 0, 0};
  auto bytes = build_single_item_request(kGuid, candidate(pdo_block(), 0, u"R_0"), 2, data);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, expected);
}

TEST(RequestWnode, ExecuteMethod) {
  const Bytes_ expected{
      0x4b, 0, 0, 0,  0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0,  0, 0, 0, 0, 0, 0, 0, 0,
      GUID_BYTES,
      0, 0, 0, 0,
      0x80, 0x80, 0x01, 0,  // METHOD_ITEM | STATIC_INSTANCE_NAMES | PDO_INSTANCE_NAMES
      0, 0, 0, 0,           // OffsetInstanceName
      1, 0, 0, 0,           // InstanceIndex 1
      7, 0, 0, 0,           // MethodId 7
      0x48, 0, 0, 0,        // DataBlockOffset 72
      3, 0, 0, 0,           // SizeDataBlock 3 (input size)
      0, 0, 0, 0,           // padding
      1, 2, 3};             // input
  const std::uint8_t input[] = {1, 2, 3};
  auto bytes = build_method_request(kGuid, candidate(pdo_block(), 1, u"R_1"), 7, input);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(*bytes, expected);
}

TEST(RequestWnode, EnableDisableCarryABareHeader) {
  const Bytes_ expected{0x30, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                        GUID_BYTES, 0, 0, 0, 0, 0, 0, 0, 0};
  EXPECT_EQ(build_header_only_request(kGuid), expected);
}

// clang-format on

TEST(MinorRules, TableCoversEveryMinorCodeWithTheHoleAt0x0A) {
  for (std::uint8_t minor = 0; minor <= IRP_MN_REGINFO_EX; ++minor)
    EXPECT_EQ(minor_rule(minor) == nullptr, minor == 0x0A) << int(minor);
  EXPECT_EQ(minor_rule(0x0C), nullptr);
  EXPECT_TRUE(minor_rule(IRP_MN_QUERY_SINGLE_INSTANCE)->needs_instance);
  EXPECT_FALSE(minor_rule(IRP_MN_QUERY_ALL_DATA)->needs_instance);
  EXPECT_TRUE(minor_rule(IRP_MN_EXECUTE_METHOD)->refused_for_event_only);
  EXPECT_FALSE(minor_rule(IRP_MN_ENABLE_EVENTS)->refused_for_event_only);
}

}  // namespace
}  // namespace wmiport::wmi
