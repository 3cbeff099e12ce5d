// Host::query_all_data_view keeps the guard bytes, whichever buffer the driver writes into: the consumer's own
// buffer zeroed first (the default with the verifier on), as it is (the default with it off), or a fresh
// PoolBuffer copied into it. The same one-byte write past BufferAvail is reported as write_outside_buffer, an
// unfilled InstanceLengthArray is still instance_lengths when the consumer's buffer holds earlier bytes, and the
// correct driver stays clean.
#include <gtest/gtest.h>

#include "view_buffers_param.h"
#include "wmiport/host.h"

namespace wmiport::test {
namespace {

const Guid kBugGuid{0x7e21f0b1u, 0x5a1d, 0x4c3e, {0x9b, 0x10, 0x42, 0x75, 0x67, 0x0d, 0xbe, 0x01}};

using ViewBuffers = wmi::WmiCore::ViewBuffers;

class AllDataViewRules : public ::testing::TestWithParam<ViewBuffers> {
 protected:
  void load(const std::string& bug, bool verifier_on) {
    HostOptions options;
    options.verifier.enabled = verifier_on;
    auto host = Host::create(std::move(options));
    ASSERT_TRUE(host.ok()) << host.error().to_string();
    host_ = std::move(host).value();
    auto driver = host_->load_driver(std::filesystem::path(WMIPORT_DRIVER_DIR) / ("vbug_" + bug + ".so"));
    ASSERT_TRUE(driver.ok()) << driver.error().to_string();
    host_->wmi().set_view_buffers(GetParam());
  }
  std::unique_ptr<Host> host_;
};

TEST_P(AllDataViewRules, WritePastBufferAvailIsCaughtByTheGuards) {
  load("write_past", true);
  std::vector<std::byte> buffer;
  auto view = host_->query_all_data_view(kBugGuid, buffer);
  ASSERT_FALSE(view.ok());
  EXPECT_EQ(view.error().code(), STATUS_DRIVER_INTERNAL_ERROR);
  ASSERT_EQ(host_->violations().size(), 1u);
  const auto v = host_->violations().front();
  EXPECT_EQ(v.rule, "write_outside_buffer");
  EXPECT_EQ(v.minor, IRP_MN_QUERY_ALL_DATA);
  EXPECT_NE(v.message.find("wrote at offset 4096 of a 4096-byte buffer"), std::string::npos) << v.message;
}

TEST_P(AllDataViewRules, WithTheVerifierOffTheGuardsStillFailTheQuery) {
  load("write_past", false);
  EXPECT_EQ(host_->wmi().view_buffers(), GetParam());
  std::vector<std::byte> buffer;
  auto view = host_->query_all_data_view(kBugGuid, buffer);
  ASSERT_FALSE(view.ok());
  EXPECT_NE(view.error().message().find("guard bytes changed"), std::string::npos) << view.error().to_string();
}

TEST_P(AllDataViewRules, TheCorrectDriverIsClean) {
  load("none", true);
  std::vector<std::byte> buffer;
  for (int k = 0; k < 2; ++k) {  // the second query reuses the buffer
    auto view = host_->query_all_data_view(kBugGuid, buffer);
    ASSERT_TRUE(view.ok()) << view.error().to_string();
    EXPECT_EQ(view->size(), 1u);
  }
  EXPECT_TRUE(host_->violations().empty()) << verifier::to_text(host_->violations().front());
}

// The lengths WmiLib hands the callback are cleared for it, whatever the consumer's buffer held before: the
// buffer here is full of a byte that would make every unwritten length look written.
TEST_P(AllDataViewRules, UnfilledLengthsAreCaughtInABufferHoldingEarlierBytes) {
  load("lengths_unfilled", true);
  std::vector<std::byte> buffer(8192, std::byte{0x08});
  auto view = host_->query_all_data_view(kBugGuid, buffer);
  ASSERT_FALSE(view.ok());
  EXPECT_EQ(view.error().code(), STATUS_DRIVER_INTERNAL_ERROR);
  ASSERT_EQ(host_->violations().size(), 1u);
  EXPECT_EQ(host_->violations().front().rule, "instance_lengths");
}

// A write past the buffer is caught in a buffer that already served a query (the slot and its guards reused).
TEST_P(AllDataViewRules, WritePastBufferAvailIsCaughtInAReusedBuffer) {
  load("write_past", true);
  std::vector<std::byte> buffer(8192, std::byte{0xCC});
  for (int k = 0; k < 2; ++k) {
    auto view = host_->query_all_data_view(kBugGuid, buffer);
    ASSERT_FALSE(view.ok());
    EXPECT_EQ(view.error().code(), STATUS_DRIVER_INTERNAL_ERROR);
  }
  ASSERT_EQ(host_->violations().size(), 2u);
  EXPECT_EQ(host_->violations().back().rule, "write_outside_buffer");
}

INSTANTIATE_TEST_SUITE_P(DriverBuffers, AllDataViewRules, every_view_buffers(), view_buffers_name);

TEST(AllDataViewDefaults, TheVerifierZeroesTheCallersBuffer) {
  for (bool on : {true, false}) {
    HostOptions options;
    options.verifier.enabled = on;
    auto host = Host::create(std::move(options));
    ASSERT_TRUE(host.ok()) << host.error().to_string();
    EXPECT_EQ((*host)->wmi().view_buffers(), on ? ViewBuffers::zeroed_slot : ViewBuffers::slot);
  }
}

}  // namespace
}  // namespace wmiport::test
