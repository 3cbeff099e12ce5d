// WMI IRPs sent straight to the port's device objects, past the WMI core's own checks: the port's prelude
// (provider id, GUID and instance against its registration), the too-small conventions, and the library
// contract-violation sink.
#include <cstring>

#include "scsiport_fixture.h"
#include "scsiwmi_contract.h"
#include "wnode/wire_layout.h"

namespace wmiport::test {
namespace {

class PortChecksTest : public ScsiPortTest {
 protected:
  void SetUp() override {
    ScsiPortTest::SetUp();
    stats_ = load_miniport('a');
    ASSERT_NE(stats_, nullptr);
    adapter_ = adapter_of("scsi_wmi_shape_a");
  }
  // A WNODE_SINGLE_INSTANCE / METHOD_ITEM request for static instance `index`, in an 8-aligned buffer.
  std::vector<std::uint64_t> instance_request(const Guid& guid, ULONG flags, ULONG index, ULONG buffer_size,
                                              ULONG data_offset, std::vector<std::uint8_t> input = {}) {
    std::vector<std::uint64_t> storage((buffer_size + 7) / 8);
    auto* b = reinterpret_cast<std::uint8_t*>(storage.data());
    const ULONG wnode_size = data_offset + static_cast<ULONG>(input.size());
    std::memcpy(b + 0, &wnode_size, 4);
    guid.store(MutableBytes(b, buffer_size), 24);
    const ULONG all_flags = flags | WNODE_FLAG_STATIC_INSTANCE_NAMES;
    std::memcpy(b + 44, &all_flags, 4);
    std::memcpy(b + 52, &index, 4);
    // WNODE_SINGLE_INSTANCE: DataBlockOffset 56, SizeDataBlock 60; WNODE_METHOD_ITEM: MethodId 56 (set by the
    // caller), DataBlockOffset 60, SizeDataBlock 64.
    const bool method = (flags & WNODE_FLAG_METHOD_ITEM) != 0;
    std::memcpy(b + (method ? 60 : 56), &data_offset, 4);
    const ULONG in_size = static_cast<ULONG>(input.size());
    std::memcpy(b + (method ? 64 : 60), &in_size, 4);
    if (!input.empty())
      std::memcpy(b + data_offset, input.data(), input.size());
    return storage;
  }
  GUID wire(const Guid& guid) {
    GUID out;
    guid.store(MutableBytes(reinterpret_cast<std::uint8_t*>(&out), sizeof out), 0);
    return out;
  }
  SCSI_TEST_STATS* stats_ = nullptr;
  scsiport::AdapterInfo adapter_;
};

TEST_F(PortChecksTest, AnotherProviderIdPassesDownUntouched) {
  const GUID guid = wire(scsi_guid(SCSI_TEST_ADAPTER_INFO));
  auto request = instance_request(scsi_guid(SCSI_TEST_ADAPTER_INFO), WNODE_FLAG_SINGLE_INSTANCE, 0, 256, 64);
  const int before = stats_->wmi_srbs;
  auto result = send_wmi_irp(adapter_.fdo, IRP_MN_QUERY_SINGLE_INSTANCE, &guid, request.data(), 256, 12345);
  EXPECT_EQ(result.status, STATUS_NOT_SUPPORTED);  // the root PDO completed it with the status it came with
  EXPECT_EQ(stats_->wmi_srbs, before);
}

TEST_F(PortChecksTest, GuidAndInstanceArePrecheckedAgainstTheRegistration) {
  const int before = stats_->wmi_srbs;
  // An LU GUID at the adapter: not registered there.
  const GUID lu = wire(lu_guid(SCSI_TEST_LU_INFO));
  auto request = instance_request(lu_guid(SCSI_TEST_LU_INFO), WNODE_FLAG_SINGLE_INSTANCE, 0, 256, 64);
  EXPECT_EQ(send_wmi_irp(adapter_.fdo, IRP_MN_QUERY_SINGLE_INSTANCE, &lu, request.data(), 256).status,
            STATUS_WMI_GUID_NOT_FOUND);
  // Instance 1 of a one-instance block.
  const GUID info = wire(scsi_guid(SCSI_TEST_ADAPTER_INFO));
  request = instance_request(scsi_guid(SCSI_TEST_ADAPTER_INFO), WNODE_FLAG_SINGLE_INSTANCE, 1, 256, 64);
  EXPECT_EQ(send_wmi_irp(adapter_.fdo, IRP_MN_QUERY_SINGLE_INSTANCE, &info, request.data(), 256).status,
            STATUS_WMI_INSTANCE_NOT_FOUND);
  // A data request on an event-only block.
  const GUID event = wire(scsi_guid(SCSI_TEST_ADAPTER_EVENT));
  request = instance_request(scsi_guid(SCSI_TEST_ADAPTER_EVENT), WNODE_FLAG_SINGLE_INSTANCE, 0, 256, 64);
  EXPECT_EQ(send_wmi_irp(adapter_.fdo, IRP_MN_QUERY_SINGLE_INSTANCE, &event, request.data(), 256).status,
            STATUS_INVALID_DEVICE_REQUEST);
  EXPECT_EQ(stats_->wmi_srbs, before);  // none of them reached the miniport
  // The same GUID at the LU that has it works.
  request = instance_request(lu_guid(SCSI_TEST_LU_INFO), WNODE_FLAG_SINGLE_INSTANCE, 0, 256, 64);
  auto ok = send_wmi_irp(adapter_.logical_units[1].pdo, IRP_MN_QUERY_SINGLE_INSTANCE, &lu, request.data(), 256);
  EXPECT_EQ(ok.status, STATUS_SUCCESS);
  EXPECT_EQ(ok.information, 72u);
}

TEST_F(PortChecksTest, MethodOverrunGivesWnodeTooSmallAndTheExactSizeSucceeds) {
  const GUID method = wire(scsi_guid(SCSI_TEST_ADAPTER_METHOD));
  const Guid guid = scsi_guid(SCSI_TEST_ADAPTER_METHOD);
  // 72 bytes of header + 4 of input: 76 < 72 + 8 needed for the output.
  auto request = instance_request(guid, WNODE_FLAG_METHOD_ITEM, 0, 76, 72, bytes_of(5));
  std::memcpy(reinterpret_cast<std::uint8_t*>(request.data()) + 56, "\x01\x00\x00\x00", 4);  // MethodId
  auto small = send_wmi_irp(adapter_.fdo, IRP_MN_EXECUTE_METHOD, &method, request.data(), 76);
  ASSERT_EQ(small.status, STATUS_SUCCESS);
  ASSERT_EQ(small.information, 56u);
  const auto* b = reinterpret_cast<const std::uint8_t*>(request.data());
  ULONG flags = 0;
  ULONG needed = 0;
  std::memcpy(&flags, b + 44, 4);
  std::memcpy(&needed, b + 48, 4);
  EXPECT_EQ(flags, ULONG{WNODE_FLAG_TOO_SMALL});
  EXPECT_EQ(needed, 80u);
  std::uint64_t stamp = 1;
  std::memcpy(&stamp, b + 16, 8);
  EXPECT_EQ(stamp, 0u);  // a WNODE_TOO_SMALL is not stamped (as on the WmiLib path)
  auto retry = instance_request(guid, WNODE_FLAG_METHOD_ITEM, 0, needed, 72, bytes_of(5));
  std::memcpy(reinterpret_cast<std::uint8_t*>(retry.data()) + 56, "\x01\x00\x00\x00", 4);
  auto done = send_wmi_irp(adapter_.fdo, IRP_MN_EXECUTE_METHOD, &method, retry.data(), needed);
  ASSERT_EQ(done.status, STATUS_SUCCESS);
  EXPECT_EQ(done.information, 80u);
  std::memcpy(&stamp, reinterpret_cast<const std::uint8_t*>(retry.data()) + 16, 8);
  EXPECT_NE(stamp, 0u);  // the data reply is (KeQuerySystemTime)
  ULONG out[2];
  std::memcpy(out, reinterpret_cast<const std::uint8_t*>(retry.data()) + 72, 8);
  EXPECT_EQ(out[0], 10u);
  EXPECT_EQ(out[1], 1u);  // the overrun had no side effect
}

TEST_F(PortChecksTest, BufferBelowWnodeTooSmallIsBufferTooSmall) {
  const GUID info = wire(scsi_guid(SCSI_TEST_ADAPTER_INFO));
  std::vector<std::uint64_t> tiny(6, 0);  // 48 bytes
  const ULONG size = 48;
  std::memcpy(tiny.data(), &size, 4);
  auto result = send_wmi_irp(adapter_.fdo, IRP_MN_QUERY_ALL_DATA, &info, tiny.data(), 48);
  EXPECT_EQ(result.status, STATUS_BUFFER_TOO_SMALL);
}

TEST_F(PortChecksTest, ReginfoTooSmallAnswersTheNeededSize) {
  std::vector<std::uint64_t> small(2, 0);  // 16 bytes
  auto result =
      send_wmi_irp(adapter_.fdo, IRP_MN_REGINFO_EX, reinterpret_cast<const GUID*>(WMIREGISTER), small.data(), 16);
  EXPECT_EQ(result.status, STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(result.information, sizeof(ULONG));
  ULONG needed = 0;
  std::memcpy(&needed, small.data(), 4);
  EXPECT_GT(needed, 24u + 6u * 32u);
  std::vector<std::uint64_t> full((needed + 7) / 8, 0);
  auto ok = send_wmi_irp(adapter_.fdo, IRP_MN_REGINFO, reinterpret_cast<const GUID*>(WMIREGISTER), full.data(), needed);
  EXPECT_EQ(ok.status, STATUS_SUCCESS);
  EXPECT_EQ(ok.information, needed);
  EXPECT_EQ(stats_->last_minor, IRP_MN_REGINFO);
  EXPECT_EQ(stats_->last_data_path, std::uint64_t{WMIREGISTER});
}

TEST_F(PortChecksTest, LibraryViolationsAreRecordedPerDriver) {
  WmiPortScsiWmiContractViolation(ScsiWmiRulePostProcessTwice, nullptr, 7);
  auto records = scsiport::records();
  ASSERT_FALSE(records.empty());
  EXPECT_EQ(records.back().kind, scsiport::RecordKind::library_violation);
  EXPECT_EQ(records.back().code, std::uint32_t{ScsiWmiRulePostProcessTwice});
  EXPECT_EQ(records.back().detail, 7u);
  scsiport::clear_records();  // expected here: TearDown checks for unexpected ones
}

}  // namespace
}  // namespace wmiport::test
