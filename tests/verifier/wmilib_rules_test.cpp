// One WmiLib driver per rule (drivers/wmilib_bug.c built with -DBUG=n): each is reported with exactly its rule
// id and nothing else, and the same code without the bug (vbug_none) is reported clean.
#include <dlfcn.h>

#include <chrono>
#include <set>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "wmiport/host.h"

extern "C" {
#include "wmilib_bug.h"
}

namespace wmiport::test {
namespace {

const Guid kBugGuid{0x7e21f0b1u, 0x5a1d, 0x4c3e, {0x9b, 0x10, 0x42, 0x75, 0x67, 0x0d, 0xbe, 0x01}};
const InstanceSelector kInstance = std::u16string(u"Bug0");

std::filesystem::path bug_driver(const std::string& bug) {
  return std::filesystem::path(WMIPORT_DRIVER_DIR) / ("vbug_" + bug + ".so");
}

std::set<std::string> rules_of(const std::vector<verifier::Violation>& violations) {
  std::set<std::string> rules;
  for (const auto& v : violations)
    rules.insert(v.rule);
  return rules;
}

class WmilibRules : public ::testing::Test {
 protected:
  kernel::Driver* load(const std::string& bug, HostOptions options = {}) {
    auto host = Host::create(std::move(options));
    EXPECT_TRUE(host.ok()) << host.error().to_string();
    host_ = std::move(host).value();
    auto driver = host_->load_driver(bug_driver(bug));
    EXPECT_TRUE(driver.ok()) << driver.error().to_string();
    return driver.ok() ? *driver : nullptr;
  }
  std::set<std::string> rules() const { return rules_of(host_->violations()); }

  std::unique_ptr<Host> host_;
};

TEST_F(WmilibRules, TheCorrectDriverIsCleanThroughEveryRequest) {
  kernel::Driver* driver = load("none");
  ASSERT_NE(driver, nullptr);
  auto all = host_->query_all_data(kBugGuid);
  ASSERT_TRUE(all.ok()) << all.error().to_string();
  ASSERT_TRUE(host_->query_single_instance(kBugGuid, kInstance).ok());
  std::vector<std::uint8_t> data{0, 0, 0, 0, 9, 0, 0, 0};
  ASSERT_TRUE(host_->set_single_instance(kBugGuid, kInstance, data).ok());
  auto bumped = host_->execute_method(kBugGuid, kInstance, WMILIB_BUG_METHOD_BUMP, {});
  ASSERT_TRUE(bumped.ok()) << bumped.error().to_string();
  // Executed once although the verifier probed it with a too-small buffer first: Counter 1, Value 9.
  EXPECT_EQ(bumped->instance.data, (std::vector<std::uint8_t>{1, 0, 0, 0, 9, 0, 0, 0}));
  {
    Subscription events = host_->subscribe(kBugGuid);
    ASSERT_TRUE(host_->execute_method(kBugGuid, kInstance, WMILIB_BUG_METHOD_FIRE, {}).ok());
    host_->settle();
    EXPECT_TRUE(events.next().has_value());
  }
  ASSERT_TRUE(host_->execute_method(kBugGuid, kInstance, WMILIB_BUG_METHOD_FIRE, {}).ok());  // events off: no fire
  ASSERT_TRUE(host_->unload_driver(*driver).ok());
  EXPECT_TRUE(host_->violations().empty()) << verifier::to_text(host_->violations().front());
}

TEST_F(WmilibRules, WritePastBufferAvail) {
  ASSERT_NE(load("write_past"), nullptr);
  EXPECT_FALSE(host_->query_all_data(kBugGuid).ok());
  EXPECT_EQ(rules(), std::set<std::string>{"write_outside_buffer"});
  const auto v = host_->violations().front();
  EXPECT_EQ(v.driver, "vbug_write_past");
  EXPECT_EQ(v.minor, IRP_MN_QUERY_ALL_DATA);
  EXPECT_EQ(v.guid, kBugGuid.to_string());
  EXPECT_NE(v.message.find("wrote at offset 4096 of a 4096-byte buffer"), std::string::npos) << v.message;
}

TEST_F(WmilibRules, TooSmallThatIsNotExact) {
  ASSERT_NE(load("too_small_inexact"), nullptr);
  EXPECT_FALSE(host_->query_all_data(kBugGuid).ok());
  EXPECT_EQ(rules(), std::set<std::string>{"too_small_not_exact"});
}

TEST_F(WmilibRules, MethodWithSideEffectBeforeTheSizeCheck) {
  ASSERT_NE(load("method_side_effect"), nullptr);
  EXPECT_TRUE(host_->execute_method(kBugGuid, kInstance, WMILIB_BUG_METHOD_BUMP, {}).ok());
  EXPECT_EQ(rules(), std::set<std::string>{"method_side_effect_too_small"});
  EXPECT_EQ(host_->violations().front().minor, IRP_MN_EXECUTE_METHOD);
}

TEST_F(WmilibRules, EventForABlockNobodyEnabled) {
  ASSERT_NE(load("event_not_enabled"), nullptr);
  EXPECT_TRUE(host_->execute_method(kBugGuid, kInstance, WMILIB_BUG_METHOD_FIRE, {}).ok());
  host_->settle();
  EXPECT_EQ(rules(), std::set<std::string>{"event_not_enabled"});
}

TEST_F(WmilibRules, PoolLeakedAtUnload) {
  kernel::Driver* driver = load("pool_leak");
  ASSERT_NE(driver, nullptr);
  EXPECT_TRUE(host_->query_all_data(kBugGuid).ok());
  EXPECT_TRUE(host_->violations().empty());
  ASSERT_TRUE(host_->unload_driver(*driver).ok());
  EXPECT_EQ(rules(), std::set<std::string>{"pool_leak"});
  EXPECT_EQ(host_->violations().front().driver, "vbug_pool_leak");
}

TEST_F(WmilibRules, IrpCompletedTwice) {
  ASSERT_NE(load("double_complete"), nullptr);
  (void)host_->query_all_data(kBugGuid);
  EXPECT_EQ(rules(), std::set<std::string>{"irp_double_completion"});
}

TEST_F(WmilibRules, DeregisterFromItsOwnDispatch) {
  ASSERT_NE(load("deregister_in_dispatch"), nullptr);
  (void)host_->execute_method(kBugGuid, kInstance, WMILIB_BUG_METHOD_DEREGISTER, {});
  EXPECT_EQ(rules(), std::set<std::string>{"deregister_in_dispatch"});
}

TEST_F(WmilibRules, LowestDriverForwardsAnIrp) {
  ASSERT_NE(load("forward_lowest"), nullptr);
  EXPECT_FALSE(host_->query_single_instance(kBugGuid, kInstance).ok());  // completed for it, as not handled
  EXPECT_EQ(rules(), std::set<std::string>{"irp_forwarded_by_lowest"});
}

TEST_F(WmilibRules, PendingRequestNotCompletedInTime) {
  HostOptions options;
  options.wmi.irp_overdue_after = std::chrono::milliseconds(20);
  ASSERT_NE(load("never_completed", std::move(options)), nullptr);
  std::thread consumer([this] { (void)host_->query_all_data(kBugGuid); });
  // The driver completes the IRP only when told to; tell it once the verifier has reported the overdue IRP.
  while (host_->violations().empty())
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  void* handle = dlopen(bug_driver("never_completed").c_str(), RTLD_NOW | RTLD_NOLOAD);
  ASSERT_NE(handle, nullptr);
  auto complete = reinterpret_cast<void (*)()>(dlsym(handle, "WmilibBugCompletePending"));
  ASSERT_NE(complete, nullptr);
  complete();
  dlclose(handle);
  consumer.join();
  EXPECT_EQ(rules(), std::set<std::string>{"irp_not_completed"});
}

TEST_F(WmilibRules, QueryRegInfoThatPends) {
  (void)load("reginfo_pending");  // the registration fails; the rule is what matters
  EXPECT_EQ(rules(), std::set<std::string>{"reginfo_pending"});
  EXPECT_TRUE(host_->list_blocks().empty());
}

TEST_F(WmilibRules, InstancePdoWithoutPdo) {
  (void)load("pdo_missing");
  EXPECT_EQ(rules(), std::set<std::string>{"reginfo_pdo_missing"});
  EXPECT_TRUE(host_->list_blocks().empty());
}

TEST_F(WmilibRules, RegFlagsWithoutANamingFlag) {
  (void)load("no_naming_flag");
  EXPECT_EQ(rules(), std::set<std::string>{"reginfo_naming_flag"});
}

TEST_F(WmilibRules, InstancesLaidEndToEnd) {
  ASSERT_NE(load("instances_packed"), nullptr);
  EXPECT_FALSE(host_->query_all_data(kBugGuid).ok());  // the second instance is not where the reply would say
  EXPECT_EQ(rules(), std::set<std::string>{"instance_not_aligned"});
  const auto v = host_->violations().front();
  EXPECT_EQ(v.driver, "vbug_instances_packed");
  EXPECT_EQ(v.minor, IRP_MN_QUERY_ALL_DATA);
  EXPECT_EQ(v.guid, kBugGuid.to_string());
  EXPECT_NE(v.message.find("at 8-byte boundaries they take 14 bytes"), std::string::npos) << v.message;
  // One instance at a time is not a layout question: the single-instance query still works.
  EXPECT_TRUE(host_->query_single_instance(kBugGuid, std::u16string(u"Bug1")).ok());
  EXPECT_EQ(host_->violations().size(), 1u);
}

TEST_F(WmilibRules, SizeReportedLargerThanTheBuffer) {
  ASSERT_NE(load("used_too_large"), nullptr);
  EXPECT_FALSE(host_->query_all_data(kBugGuid).ok());
  EXPECT_EQ(rules(), std::set<std::string>{"size_exceeds_buffer"});
  EXPECT_EQ(host_->violations().front().minor, IRP_MN_QUERY_ALL_DATA);
}

TEST_F(WmilibRules, InstanceLengthArrayLeftUnfilled) {
  ASSERT_NE(load("lengths_unfilled"), nullptr);
  EXPECT_FALSE(host_->query_all_data(kBugGuid).ok());
  EXPECT_EQ(rules(), std::set<std::string>{"instance_lengths"});
  EXPECT_EQ(host_->violations().front().guid, kBugGuid.to_string());
}

TEST_F(WmilibRules, QueryRegInfoCallsWmiCompleteRequest) {
  kernel::Driver* driver = load("reginfo_wmicomplete");
  ASSERT_NE(driver, nullptr);
  // WmiLib refused the completion: the registration went on, and the IRP was completed once (by the driver).
  EXPECT_FALSE(host_->violations().empty());
  EXPECT_EQ(rules(), std::set<std::string>{"reginfo_completes"});
  const auto v = host_->violations().front();
  EXPECT_EQ(v.driver, "vbug_reginfo_wmicomplete");
  EXPECT_TRUE(v.minor == IRP_MN_REGINFO_EX || v.minor == IRP_MN_REGINFO) << v.minor;
  EXPECT_TRUE(v.guid.empty());
  EXPECT_TRUE(host_->query_all_data(kBugGuid).ok());
  ASSERT_TRUE(host_->unload_driver(*driver).ok());
  EXPECT_EQ(rules(), std::set<std::string>{"reginfo_completes"});
}

TEST_F(WmilibRules, QueryRegInfoCallsIoCompleteRequest) {
  (void)load("reginfo_iocomplete");  // the driver failed its own REGINFO: nothing registers
  EXPECT_FALSE(host_->violations().empty());
  // Completed once, by the driver; WmiLib then left the IRP alone, so no irp_double_completion.
  EXPECT_EQ(rules(), std::set<std::string>{"reginfo_completes"});
  EXPECT_EQ(host_->violations().front().driver, "vbug_reginfo_iocomplete");
  EXPECT_TRUE(host_->list_blocks().empty());
}

TEST_F(WmilibRules, VerifierOffKeepsNothing) {
  HostOptions options;
  options.verifier.enabled = false;
  ASSERT_NE(load("write_past", std::move(options)), nullptr);
  EXPECT_FALSE(host_->query_all_data(kBugGuid).ok());  // the guard bytes still protect the host
  EXPECT_TRUE(host_->violations().empty());
  EXPECT_EQ(host_->verifier(), nullptr);
}

}  // namespace
}  // namespace wmiport::test
