// The enable_twice assertion (src/wmi/control_sequence.h) fed directly: two enables in a row for one block and
// device reach the verifier with the rule id, the device's place and the minor code; every legitimate sequence
// (enable after a disable, after a failed enable, after the block went away, per kind and per device) does not.
#include <gtest/gtest.h>

#include "kernel/kernel.h"
#include "verifier/verifier.h"
#include "wmi/control_sequence.h"

namespace wmiport::wmi {
namespace {

const Guid kBlock{0x7e21f0d0u, 0x5a1d, 0x4c3e, {0x9b, 0x10, 0x42, 0x75, 0x67, 0x0d, 0xbe, 0x03}};

class ControlSequenceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    kernel::KernelOptions options;
    options.contract_hook = &verifier_;
    auto created = kernel::Kernel::create(std::move(options));
    ASSERT_TRUE(created.ok()) << created.error().to_string();
    kernel_ = std::move(created).value();
  }
  // Sends (as far as the sequence knows) `minor` to `device`; returns whether the sequence let it go out.
  bool send(PDEVICE_OBJECT device, std::uint8_t minor, bool succeeded = true) {
    const bool allowed = sequence_.before_send(RequestPlace{device, 7, minor, &kBlock, ""}, kBlock, minor);
    if (allowed)
      sequence_.after_send(device, kBlock, minor, succeeded);
    return allowed;
  }

  verifier::Verifier verifier_;
  std::unique_ptr<kernel::Kernel> kernel_;
  ControlSequence sequence_;
  DEVICE_OBJECT device_a_{};
  DEVICE_OBJECT device_b_{};
};

TEST_F(ControlSequenceTest, TwoEnablesInARowAreReportedAsEnableTwice) {
  EXPECT_TRUE(send(&device_a_, IRP_MN_ENABLE_EVENTS));
  EXPECT_FALSE(send(&device_a_, IRP_MN_ENABLE_EVENTS));
  const auto violations = verifier_.violations();
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].rule, "enable_twice");
  EXPECT_EQ(violations[0].minor, IRP_MN_ENABLE_EVENTS);
  EXPECT_EQ(violations[0].guid, kBlock.to_string());
  EXPECT_NE(violations[0].message.find("a wmiport bug"), std::string::npos);
  EXPECT_FALSE(violations[0].requirement.empty());
}

TEST_F(ControlSequenceTest, CollectionIsItsOwnSequence) {
  EXPECT_TRUE(send(&device_a_, IRP_MN_ENABLE_EVENTS));
  EXPECT_TRUE(send(&device_a_, IRP_MN_ENABLE_COLLECTION));
  EXPECT_FALSE(send(&device_a_, IRP_MN_ENABLE_COLLECTION));
  ASSERT_EQ(verifier_.violations().size(), 1u);
  EXPECT_EQ(verifier_.violations()[0].minor, IRP_MN_ENABLE_COLLECTION);
}

TEST_F(ControlSequenceTest, LegitimateSequencesAreQuiet) {
  EXPECT_TRUE(send(&device_a_, IRP_MN_ENABLE_EVENTS));
  EXPECT_TRUE(send(&device_b_, IRP_MN_ENABLE_EVENTS));  // another device
  EXPECT_TRUE(send(&device_a_, IRP_MN_DISABLE_EVENTS));
  EXPECT_TRUE(send(&device_a_, IRP_MN_ENABLE_EVENTS));          // after a disable
  EXPECT_TRUE(send(&device_a_, IRP_MN_DISABLE_EVENTS, false));  // a failed disable still counts
  EXPECT_TRUE(send(&device_a_, IRP_MN_ENABLE_EVENTS, false));   // refused by the driver: not enabled
  EXPECT_TRUE(send(&device_a_, IRP_MN_ENABLE_EVENTS));          // so this one is its first
  sequence_.forget(&device_a_, kBlock);                         // the block went away
  EXPECT_TRUE(send(&device_a_, IRP_MN_ENABLE_EVENTS));
  sequence_.forget(&device_b_);  // the device deregistered
  EXPECT_TRUE(send(&device_b_, IRP_MN_ENABLE_EVENTS));
  EXPECT_TRUE(verifier_.violations().empty()) << verifier::to_text(verifier_.violations().front());
}

}  // namespace
}  // namespace wmiport::wmi
