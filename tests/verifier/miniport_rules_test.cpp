// One SCSI miniport per rule of the SCSI Port WMI library contract (drivers/miniport_bug.c built with -DMBUG=n):
// each is reported with exactly its rule id, and the correct miniport (vmbug_none) is clean.
#include <cstring>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wdm.h>
#include <wmistr.h>

#include "scsiport/scsiport.h"
#include "wmi/irp_sender.h"
#include "wmiport/host.h"

extern "C" {
#include "miniport_bug.h"
}

namespace wmiport::test {
namespace {

const Guid kData{0x7e21f0c0u, 0x5a1d, 0x4c3e, {0x9b, 0x10, 0x42, 0x75, 0x67, 0x0d, 0xbe, 0x02}};
const Guid kEvent{0x7e21f0c1u, 0x5a1d, 0x4c3e, {0x9b, 0x10, 0x42, 0x75, 0x67, 0x0d, 0xbe, 0x02}};
const InstanceSelector kAdapter = std::uint32_t{0};

class MiniportRules : public ::testing::Test {
 protected:
  kernel::Driver* load(const std::string& bug) {
    auto host = Host::create();
    EXPECT_TRUE(host.ok()) << host.error().to_string();
    host_ = std::move(host).value();
    auto driver = host_->load_driver(std::filesystem::path(WMIPORT_DRIVER_DIR) / ("vmbug_" + bug + ".so"));
    EXPECT_TRUE(driver.ok()) << driver.error().to_string();
    return driver.ok() ? *driver : nullptr;
  }
  std::set<std::string> rules() const {
    std::set<std::string> rules;
    for (const auto& v : host_->violations())
      rules.insert(v.rule);
    return rules;
  }

  std::unique_ptr<Host> host_;
};

TEST_F(MiniportRules, TheCorrectMiniportIsClean) {
  kernel::Driver* driver = load("none");
  ASSERT_NE(driver, nullptr);
  ASSERT_TRUE(host_->query_all_data(kData).ok());
  auto single = host_->query_single_instance(kData, kAdapter);
  ASSERT_TRUE(single.ok()) << single.error().to_string();
  EXPECT_EQ(single->instance.data, (std::vector<std::uint8_t>{0, 0, 0, 0, 7, 0, 0, 0}));
  {
    Subscription events = host_->subscribe(kEvent);
    ASSERT_TRUE(host_->execute_method(kData, kAdapter, MINIPORT_BUG_METHOD_FIRE, {}).ok());
    host_->settle();
    EXPECT_TRUE(events.next().has_value());
  }
  ASSERT_TRUE(host_->execute_method(kData, kAdapter, MINIPORT_BUG_METHOD_FIRE, {}).ok());
  ASSERT_TRUE(host_->unload_driver(*driver).ok());
  EXPECT_TRUE(host_->violations().empty()) << verifier::to_text(host_->violations().front());
}

TEST_F(MiniportRules, PostProcessNeverCalled) {
  ASSERT_NE(load("postprocess_missing"), nullptr);
  (void)host_->execute_method(kData, kAdapter, MINIPORT_BUG_METHOD_FIRE, {});
  EXPECT_EQ(rules(), std::set<std::string>{"postprocess_missing"});
  EXPECT_EQ(host_->violations().front().driver, "vmbug_postprocess_missing");
}

TEST_F(MiniportRules, PostProcessCalledTwice) {
  ASSERT_NE(load("postprocess_twice"), nullptr);
  (void)host_->query_all_data(kData);
  EXPECT_EQ(rules(), std::set<std::string>{"postprocess_twice"});
}

TEST_F(MiniportRules, PostProcessFromQueryReginfo) {
  (void)load("reginfo_postprocess");  // may fail to register: the rule is what matters
  EXPECT_EQ(rules(), std::set<std::string>{"reginfo_postprocess"});
}

TEST_F(MiniportRules, FlagsAMiniportMayNotSet) {
  ASSERT_NE(load("reginfo_flags"), nullptr);
  EXPECT_EQ(rules(), std::set<std::string>{"reginfo_flags"});
}

TEST_F(MiniportRules, DataOverrunAskingForTheSizeItHad) {
  ASSERT_NE(load("overrun_fits"), nullptr);
  EXPECT_FALSE(host_->query_all_data(kData).ok());
  EXPECT_EQ(rules(), std::set<std::string>{"too_small_not_exact"});
}

TEST_F(MiniportRules, SizeReportedLargerThanTheBuffer) {
  ASSERT_NE(load("used_too_large"), nullptr);
  EXPECT_FALSE(host_->query_all_data(kData).ok());
  EXPECT_EQ(rules(), std::set<std::string>{"size_exceeds_buffer"});
}

TEST_F(MiniportRules, InstanceLengthArrayLeftUnfilled) {
  ASSERT_NE(load("lengths_unfilled"), nullptr);
  EXPECT_FALSE(host_->query_all_data(kData).ok());
  EXPECT_EQ(rules(), std::set<std::string>{"instance_lengths"});
}

TEST_F(MiniportRules, InstancesLaidEndToEnd) {
  ASSERT_NE(load("instances_packed"), nullptr);
  EXPECT_FALSE(host_->query_all_data(kData).ok());
  EXPECT_EQ(rules(), std::set<std::string>{"instance_not_aligned"});
  const auto v = host_->violations().front();
  EXPECT_EQ(v.driver, "vmbug_instances_packed");
  EXPECT_EQ(v.minor, IRP_MN_QUERY_ALL_DATA);
  EXPECT_EQ(v.guid, kData.to_string());
}

TEST_F(MiniportRules, WritePastBufferAvail) {
  ASSERT_NE(load("write_past"), nullptr);
  EXPECT_FALSE(host_->query_all_data(kData).ok());  // caught by the WMI core's guard bytes
  EXPECT_EQ(rules(), std::set<std::string>{"write_outside_buffer"});
  EXPECT_EQ(host_->violations().front().driver, "vmbug_write_past");
}

// A QUERY_ALL_DATA for kData sent straight to the adapter of `driver`, in a buffer at `misalignment` bytes past an
// 8-byte boundary: not the WMI core's buffer (a kernel-mode sender's), so the port bounces it. Returns the outcome
// and a copy of the caller's buffer after the call.
struct BouncedReply {
  wmi::IrpOutcome outcome;
  std::vector<std::uint8_t> buffer;
};
constexpr std::uint32_t kBounceSize = 256;
constexpr ULONG kAllDataFlags = WNODE_FLAG_ALL_DATA | WNODE_FLAG_STATIC_INSTANCE_NAMES;

BouncedReply send_bounced_all_data(const std::string& driver, std::size_t misalignment) {
  PDEVICE_OBJECT fdo = nullptr;
  for (const auto& adapter : scsiport::adapters())
    if (adapter.driver == driver)
      fdo = adapter.fdo;
  EXPECT_NE(fdo, nullptr);
  if (fdo == nullptr)
    return {};
  std::vector<std::uint64_t> storage(kBounceSize / 8 + 2);
  auto* buffer = reinterpret_cast<std::uint8_t*>(storage.data()) + misalignment;
  std::memcpy(buffer, &kBounceSize, 4);         // WnodeHeader.BufferSize
  std::memcpy(buffer + 44, &kAllDataFlags, 4);  // WnodeHeader.Flags
  GUID guid;
  kData.store(MutableBytes{reinterpret_cast<std::uint8_t*>(&guid), sizeof guid}, 0);
  wmi::WmiIrpRequest irp;
  irp.registered_device = fdo;
  irp.provider_id = static_cast<std::uint32_t>(IoWMIDeviceObjectToProviderId(fdo));
  irp.minor = IRP_MN_QUERY_ALL_DATA;
  irp.data_path = &guid;
  irp.buffer = buffer;
  irp.buffer_size = kBounceSize;
  auto sent = wmi::send_wmi_irp(irp);
  EXPECT_TRUE(sent.ok()) << sent.error().to_string();
  return {sent.ok() ? *sent : wmi::IrpOutcome{}, std::vector<std::uint8_t>(buffer, buffer + kBounceSize)};
}

TEST_F(MiniportRules, WritePastTheBounceBuffer) {
  ASSERT_NE(load("write_past"), nullptr);
  const BouncedReply reply = send_bounced_all_data("vmbug_write_past", 1);
  EXPECT_EQ(reply.outcome.status, STATUS_DRIVER_INTERNAL_ERROR);
  EXPECT_EQ(rules(), std::set<std::string>{"write_outside_buffer"});
  const auto v = host_->violations().front();
  EXPECT_EQ(v.driver, "vmbug_write_past");
  EXPECT_EQ(v.minor, IRP_MN_QUERY_ALL_DATA);
  EXPECT_EQ(v.guid, kData.to_string());
  EXPECT_NE(v.message.find("offset 256 of the 256-byte SRB data buffer"), std::string::npos) << v.message;
  // Nothing was copied back into the caller's buffer: the header is as it was sent.
  ULONG returned_flags = 0;
  std::memcpy(&returned_flags, reply.buffer.data() + 44, 4);
  EXPECT_EQ(returned_flags, kAllDataFlags);
}

TEST_F(MiniportRules, TheCorrectMiniportThroughTheBounceBuffer) {
  ASSERT_NE(load("none"), nullptr);
  const BouncedReply reply = send_bounced_all_data("vmbug_none", 4);
  EXPECT_EQ(reply.outcome.status, STATUS_SUCCESS);
  EXPECT_EQ(reply.outcome.information, 80u);  // DataBlockOffset ALIGN8(60 + 8) + one 8-byte instance
  EXPECT_EQ(reply.buffer[72 + 4], 7);         // Value, copied back from the bounce buffer
  EXPECT_TRUE(host_->violations().empty()) << verifier::to_text(host_->violations().front());
}

TEST_F(MiniportRules, EventForABlockNobodyEnabled) {
  ASSERT_NE(load("event_not_enabled"), nullptr);
  ASSERT_TRUE(host_->execute_method(kData, kAdapter, MINIPORT_BUG_METHOD_FIRE, {}).ok());
  host_->settle();
  EXPECT_EQ(rules(), std::set<std::string>{"event_not_enabled"});
}

}  // namespace
}  // namespace wmiport::test
