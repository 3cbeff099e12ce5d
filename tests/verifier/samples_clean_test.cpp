// The sample drivers (samples/fchba, samples/wdmdev) are clean under the verifier through every request a consumer
// can make: every block queried (all data, each instance), written back with what was read, each method id tried
// with no input and with a zeroed input, every event block subscribed to, at several first-buffer sizes, and the
// driver unloaded (pool leaks). The sample tests (tests/samples) check the answers; this checks the contracts.
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <wmistr.h>

#include "wmiport/host.h"

namespace wmiport::test {
namespace {

class SamplesClean : public ::testing::TestWithParam<std::uint32_t> {
 protected:
  void run_everything(const std::string& name) {
    HostOptions options;
    options.wmi.initial_buffer_size = GetParam();
    options.verifier.on_violation = [this](const verifier::Violation& v) {
      std::lock_guard lock(mutex_);
      seen_.push_back(verifier::to_text(v));
    };
    auto host = Host::create(std::move(options));
    ASSERT_TRUE(host.ok()) << host.error().to_string();
    kernel::LoadOptions load;
    load.devices = 2;
    auto driver = (*host)->load_driver(std::filesystem::path(WMIPORT_DRIVER_DIR) / (name + ".so"), load);
    ASSERT_TRUE(driver.ok()) << driver.error().to_string();
    std::size_t requests = 0;
    for (const BlockInfo& block : (*host)->list_blocks()) {
      if (block.flags & WMIREG_FLAG_EVENT_ONLY_GUID) {
        Subscription events = (*host)->subscribe(block.guid);
        (*host)->settle();
        continue;
      }
      ++requests;
      (void)(*host)->query_all_data(block.guid);
      for (const auto& name16 : block.instance_names) {
        const InstanceSelector instance = name16;
        auto single = (*host)->query_single_instance(block.guid, instance);
        if (single.ok())
          (void)(*host)->set_single_instance(block.guid, instance, single->instance.data);
        for (std::uint32_t method = 1; method <= 8; ++method) {
          (void)(*host)->execute_method(block.guid, instance, method, {});
          (void)(*host)->execute_method(block.guid, instance, method, std::vector<std::uint8_t>(64, 0));
        }
      }
    }
    EXPECT_GT(requests, 0u);
    ASSERT_TRUE((*host)->unload_driver(**driver).ok());
    host->reset();
    std::lock_guard lock(mutex_);
    for (const auto& text : seen_)
      ADD_FAILURE() << name << ": " << text;
  }

  std::mutex mutex_;
  std::vector<std::string> seen_;
};

TEST_P(SamplesClean, Wdmdev) {
  run_everything("wdmdev");
}

TEST_P(SamplesClean, Fchba) {
  run_everything("fchba");
}

// The default first buffer, and small ones that make every block answer too-small first.
INSTANTIATE_TEST_SUITE_P(FirstBufferSizes, SamplesClean, ::testing::Values(4096u, 72u, 56u));

}  // namespace
}  // namespace wmiport::test
