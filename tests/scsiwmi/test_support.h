// Shared by the scsiwmi tests: a test miniport whose HwScsiWmi* callbacks are std::functions (reached through
// DeviceContext), fakes of what the port driver provides (ScsiPortNotification, the contract-violation sink) that
// record every call, and helpers to run a request and compare bytes.
#pragma once

#include <scsiwmi.h>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "../wnode/wnode_test_support.h"
#include "scsiwmi_contract.h"
#include "scsiwmi_port.h"

namespace scsiwmi_test {

using wmiport::wnode::testing::ByteVec;
using wmiport::wnode::testing::hex;
using wmiport::wnode::testing::join;
using wmiport::wnode::testing::put_le32;

// GUID A of tests/wnode ({01234567-89ab-cdef-0123-456789abcdef}), whose wire bytes are WNODE_TEST_GUID_A_BYTES.
inline constexpr GUID kGuidA = {0x01234567, 0x89ab, 0xcdef, {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}};
// GUID B of tests/wnode; WNODE_TEST_GUID_B_BYTES.
inline constexpr GUID kGuidB = {0xfedcba98, 0x7654, 0x3210, {0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10}};
inline constexpr GUID kGuidC = {0x11111111, 0x2222, 0x3333, {0x44, 0x44, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55}};
inline constexpr GUID kGuidD = {0x0d0d0d0d, 0x0d0d, 0x0d0d, {0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d, 0x0d}};
inline constexpr GUID kUnknownGuid = {0xdeadbeef, 0, 0, {0, 0, 0, 0, 0, 0, 0, 1}};

// The WMI minor codes (wdm.h's IRP_MN_*; the miniport world does not include wdm.h).
inline constexpr UCHAR kQueryAllData = 0x00;
inline constexpr UCHAR kQuerySingleInstance = 0x01;
inline constexpr UCHAR kChangeSingleInstance = 0x02;
inline constexpr UCHAR kChangeSingleItem = 0x03;
inline constexpr UCHAR kEnableEvents = 0x04;
inline constexpr UCHAR kDisableEvents = 0x05;
inline constexpr UCHAR kEnableCollection = 0x06;
inline constexpr UCHAR kDisableCollection = 0x07;
inline constexpr UCHAR kReginfo = 0x08;
inline constexpr UCHAR kExecuteMethod = 0x09;
inline constexpr UCHAR kReginfoEx = 0x0b;

// ---- What the fakes record -----------------------------------------------------------------------------------------

struct Violation {
  SCSIWMI_RULE rule;
  PSCSIWMI_REQUEST_CONTEXT ctx;
  ULONG detail;
};

struct Notification {
  SCSI_NOTIFICATION_TYPE type;
  void* extension;
  const void* wnode_address;
  ByteVec wnode;  // a copy of WnodeHeader.BufferSize bytes at the time of the call
  int path_id;
  int target_id;  // -1 when not passed (adapter form)
  int lun;        // -1 when not passed
};

std::vector<Violation>& violations();
std::vector<Notification>& notifications();
std::vector<SCSIWMI_RULE> violation_rules();

// Clears the recorders at the start and checks at the end that no violation went unexamined.
class ScsiWmiTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;
  // Takes the recorded violations (so TearDown does not flag them).
  std::vector<SCSIWMI_RULE> take_violations();
};

// ---- The test miniport ---------------------------------------------------------------------------------------------

struct QueryArgs {
  ULONG guid_index = 0;
  ULONG instance_index = 0;
  ULONG instance_count = 0;
  PULONG instance_lengths = nullptr;
  ULONG buffer_avail = 0;
  PUCHAR buffer = nullptr;
};

struct TestMiniport {
  std::vector<SCSIWMIGUIDREGINFO> guids;
  // An empty function leaves the SCSI_WMILIB_CONTEXT entry NULL.
  std::function<UCHAR(PSCSIWMI_REQUEST_CONTEXT, PWCHAR*)> reginfo;
  std::function<UCHAR(PSCSIWMI_REQUEST_CONTEXT, const QueryArgs&)> query;
  std::function<UCHAR(PSCSIWMI_REQUEST_CONTEXT, ULONG guid, ULONG instance, ULONG size, PUCHAR buffer)> set_block;
  std::function<UCHAR(PSCSIWMI_REQUEST_CONTEXT, ULONG guid, ULONG instance, ULONG item, ULONG size, PUCHAR buffer)>
      set_item;
  std::function<UCHAR(PSCSIWMI_REQUEST_CONTEXT, ULONG guid, ULONG instance, ULONG method, ULONG in, ULONG out,
                      PUCHAR buffer)>
      method;
  std::function<UCHAR(PSCSIWMI_REQUEST_CONTEXT, ULONG guid, SCSIWMI_ENABLE_DISABLE_CONTROL, BOOLEAN)> control;

  // Filled from the members above by build(); stays valid as long as the miniport does.
  SCSI_WMILIB_CONTEXT context{};
  PSCSI_WMILIB_CONTEXT build();

  int calls = 0;  // callbacks invoked (any kind)
};

struct Outcome {
  BOOLEAN pending;
  UCHAR status;
  ULONG size;
};

// ScsiPortWmiDispatchFunction(&m.context, minor, &m, ctx, data_path, buffer.size(), buffer.data()) with a fresh
// context, as a miniport's StartIo would call it; returns the answer and, when not pending, the context macros.
Outcome dispatch(TestMiniport& m, UCHAR minor, const void* data_path, ByteVec& buffer,
                 SCSIWMI_REQUEST_CONTEXT* ctx = nullptr);

// ---- Answers a well-behaved miniport gives ------------------------------------------------------------------------

// QueryDataBlock with static names: writes `instances` 8-aligned into the buffer and their lengths, then
// post-processes SUCCESS with the bytes used, or DATA_OVERRUN with the exact size needed.
UCHAR answer_instances(PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs& args, const std::vector<ByteVec>& instances);
// The bytes answer_instances needs for these instances: each 8-aligned, the last not padded.
ULONG instances_size(const std::vector<ByteVec>& instances);

// ---- Bytes ---------------------------------------------------------------------------------------------------------

ByteVec bytes_of(const void* p, std::size_t n);
ByteVec prefix(const ByteVec& v, std::size_t n);
ByteVec le32(std::uint32_t v);
ByteVec zeros(std::size_t n);
// Pads `v` with zeros to `n` bytes (a request WNODE in a larger output buffer).
ByteVec padded(ByteVec v, std::size_t n);
std::uint32_t load32(const ByteVec& v, std::size_t offset);

// Both as hex, so a mismatch shows where.
#define EXPECT_BYTES(actual, expected) EXPECT_EQ(::scsiwmi_test::hex(actual), ::scsiwmi_test::hex(expected))

}  // namespace scsiwmi_test
