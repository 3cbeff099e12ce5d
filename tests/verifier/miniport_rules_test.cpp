// One SCSI miniport per rule of the SCSI Port WMI library contract (drivers/miniport_bug.c built with -DMBUG=n):
// each is reported with exactly its rule id, and the correct miniport (vmbug_none) is clean.
#include <set>
#include <string>

#include <gtest/gtest.h>

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

TEST_F(MiniportRules, EventForABlockNobodyEnabled) {
  ASSERT_NE(load("event_not_enabled"), nullptr);
  ASSERT_TRUE(host_->execute_method(kData, kAdapter, MINIPORT_BUG_METHOD_FIRE, {}).ok());
  host_->settle();
  EXPECT_EQ(rules(), std::set<std::string>{"event_not_enabled"});
}

}  // namespace
}  // namespace wmiport::test
