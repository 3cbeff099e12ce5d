// The instance-naming rules of spec §7 and their collision handling (docs/decisions.md), one case per rule.
#include <gtest/gtest.h>

#include <set>

#include "wmi/instance_namer.h"

namespace wmiport::wmi {
namespace {

using Names = std::vector<std::u16string>;

NameTaken taken_from(std::set<std::u16string> names) {
  return [names = std::move(names)](std::u16string_view name) { return names.contains(std::u16string(name)); };
}

TEST(InstanceNamer, PdoNamesAreThePathUnderscoreIndex) {
  EXPECT_EQ(assign_static_names({NamingKind::pdo, 3, u"ROOT\\SYSTEM\\0004", {}}, taken_from({})),
            (Names{u"ROOT\\SYSTEM\\0004_0", u"ROOT\\SYSTEM\\0004_1", u"ROOT\\SYSTEM\\0004_2"}));
}

TEST(InstanceNamer, BaseNamesAppendTheCounterWithoutSeparator) {
  EXPECT_EQ(assign_static_names({NamingKind::base_name, 2, u"Disk", {}}, taken_from({})), (Names{u"Disk0", u"Disk1"}));
}

TEST(InstanceNamer, ACollisionBumpsTheStartPastEveryTakenName) {
  EXPECT_EQ(assign_static_names({NamingKind::base_name, 2, u"Disk", {}}, taken_from({u"Disk0", u"Disk1", u"Disk3"})),
            (Names{u"Disk4", u"Disk5"}));
  EXPECT_EQ(assign_static_names({NamingKind::pdo, 1, u"P", {}}, taken_from({u"P_0"})), (Names{u"P_1"}));
}

TEST(InstanceNamer, ListedNamesAreKeptOrSuffixedWhenTaken) {
  EXPECT_EQ(assign_static_names({NamingKind::static_list, 3, {}, {u"a", u"b", u"a"}}, taken_from({u"b"})),
            (Names{u"a", u"b#1", u"a#1"}));
}

TEST(InstanceNamer, DynamicNamesAreNotAssigned) {
  EXPECT_TRUE(assign_static_names({NamingKind::dynamic, 5, {}, {}}, taken_from({})).empty());
}

TEST(InstanceNamer, ZeroInstancesGiveNoNames) {
  EXPECT_TRUE(assign_static_names({NamingKind::base_name, 0, u"X", {}}, taken_from({u"X0"})).empty());
}

}  // namespace
}  // namespace wmiport::wmi
