// Host::query_all_data_view keeps the guard bytes, whichever buffer the driver writes into: a fresh PoolBuffer
// (the default with the verifier on) or the consumer's own buffer (the default with it off). The same
// one-byte write past BufferAvail is reported as write_outside_buffer, and the correct driver stays clean.
#include <gtest/gtest.h>

#include "wmiport/host.h"

namespace wmiport::test {
namespace {

const Guid kBugGuid{0x7e21f0b1u, 0x5a1d, 0x4c3e, {0x9b, 0x10, 0x42, 0x75, 0x67, 0x0d, 0xbe, 0x01}};

class AllDataViewRules : public ::testing::TestWithParam<bool> {
 protected:
  void load(const std::string& bug, bool verifier_on) {
    HostOptions options;
    options.verifier.enabled = verifier_on;
    auto host = Host::create(std::move(options));
    ASSERT_TRUE(host.ok()) << host.error().to_string();
    host_ = std::move(host).value();
    auto driver = host_->load_driver(std::filesystem::path(WMIPORT_DRIVER_DIR) / ("vbug_" + bug + ".so"));
    ASSERT_TRUE(driver.ok()) << driver.error().to_string();
    host_->wmi().set_view_pool_buffers(GetParam());
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
  EXPECT_EQ(host_->wmi().view_pool_buffers(), GetParam());
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

INSTANTIATE_TEST_SUITE_P(DriverBuffers, AllDataViewRules, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "PoolBufferCopied" : "CallerBuffer"; });

TEST(AllDataViewDefaults, PoolBuffersFollowTheVerifier) {
  for (bool on : {true, false}) {
    HostOptions options;
    options.verifier.enabled = on;
    auto host = Host::create(std::move(options));
    ASSERT_TRUE(host.ok()) << host.error().to_string();
    EXPECT_EQ((*host)->wmi().view_pool_buffers(), on);
  }
}

}  // namespace
}  // namespace wmiport::test
