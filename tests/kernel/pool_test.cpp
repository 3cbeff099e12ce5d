// Pool: flags, alignment, attribution, and the reports for bad frees.
#include <gtest/gtest.h>

#include "kernel_fixture.h"

namespace wmiport::kernel::testing {
namespace {

using PoolTest = KernelTest;

constexpr ULONG kTag = pool_tag("Test");

TEST_F(PoolTest, TagTextIsTheBytesInMemoryOrder) {
  EXPECT_EQ(pool_tag_text(0x6b61654c), "Leak");  // 'kaeL' in driver source
  EXPECT_EQ(pool_tag_text(pool_tag("Irp ")), "Irp ");
  EXPECT_EQ(pool_tag_text(0x00017841), "Ax..");
}

TEST_F(PoolTest, AllocatePool2ZeroesUnlessAskedNotTo) {
  auto* p = static_cast<UCHAR*>(ExAllocatePool2(POOL_FLAG_NON_PAGED, 256, kTag));
  ASSERT_NE(p, nullptr);
  for (int i = 0; i < 256; ++i)
    ASSERT_EQ(p[i], 0);
  EXPECT_EQ(reinterpret_cast<ULONG_PTR>(p) % 16, 0u);
  ExFreePoolWithTag(p, kTag);
  auto* aligned = ExAllocatePool2(POOL_FLAG_PAGED | POOL_FLAG_CACHE_ALIGNED | POOL_FLAG_UNINITIALIZED, 10, kTag);
  EXPECT_EQ(reinterpret_cast<ULONG_PTR>(aligned) % 64, 0u);
  ExFreePool(aligned);
}

TEST_F(PoolTest, AllocatePool2RefusesInvalidFlags) {
  EXPECT_EQ(ExAllocatePool2(0, 16, kTag), nullptr);  // no pool kind
  EXPECT_EQ(ExAllocatePool2(POOL_FLAG_PAGED | POOL_FLAG_NON_PAGED, 16, kTag), nullptr);
  EXPECT_EQ(ExAllocatePool2(POOL_FLAG_PAGED | POOL_FLAG_RESERVED2, 16, kTag), nullptr);
  EXPECT_EQ(ExAllocatePool2(POOL_FLAG_PAGED, 16, 0), nullptr);  // tag 0 is refused
  EXPECT_EQ(hook_.count("pool_flags"), 3u);
  EXPECT_EQ(hook_.count("pool_tag_zero"), 1u);
  hook_.clear();
}

TEST_F(PoolTest, UntaggedAllocationUsesTheNoneTag) {
  void* p = ExAllocatePool(NonPagedPool, 8);
  ASSERT_NE(p, nullptr);
  ExFreePoolWithTag(p, pool_tag("None"));
}

TEST_F(PoolTest, DoubleFreeIsReportedNotACrash) {
  void* p = ExAllocatePoolWithTag(NonPagedPool, 32, kTag);
  ExFreePoolWithTag(p, kTag);
  ExFreePoolWithTag(p, kTag);
  ASSERT_EQ(hook_.count("pool_double_free"), 1u);
  EXPECT_NE(hook_.violations()[0].message.find("'Test'"), std::string::npos);
  hook_.clear();
}

TEST_F(PoolTest, FreeingAnUnknownPointerIsReported) {
  int not_pool = 0;
  ExFreePool(&not_pool);
  EXPECT_EQ(hook_.count("pool_free_unknown"), 1u);
  hook_.clear();
}

TEST_F(PoolTest, FreeingWithTheWrongTagIsReportedAndKeepsTheMemory) {
  void* p = ExAllocatePoolWithTag(NonPagedPool, 32, kTag);
  ExFreePoolWithTag(p, pool_tag("Othr"));
  EXPECT_EQ(hook_.count("pool_tag_mismatch"), 1u);
  ExFreePoolWithTag(p, kTag);  // still allocated: the right free succeeds
  EXPECT_EQ(hook_.count("pool_double_free"), 0u);
  hook_.clear();
}

TEST_F(PoolTest, PagedPoolAtDispatchLevelIsReported) {
  KIRQL old;
  KeRaiseIrql(DISPATCH_LEVEL, &old);
  void* p = ExAllocatePoolWithTag(PagedPool, 8, kTag);
  KeLowerIrql(old);
  ExFreePool(p);
  EXPECT_EQ(hook_.count("pool_irql"), 1u);
  hook_.clear();
}

NTSTATUS leaking_entry(PDRIVER_OBJECT, PUNICODE_STRING) {
  // Pool allocated in DriverEntry belongs to this driver; a host allocation made meanwhile does not.
  (void)ExAllocatePoolWithTag(NonPagedPool, 40, pool_tag("Mine"));
  return STATUS_SUCCESS;
}

TEST_F(PoolTest, AllocationsAreAttributedToTheRunningDriver) {
  void* host = ExAllocatePoolWithTag(NonPagedPool, 8, kTag);
  auto driver = kernel_->register_driver("attributed", leaking_entry);
  ASSERT_TRUE(driver.ok());
  ASSERT_TRUE(kernel_->unload_driver(**driver).ok());
  const auto reports = kernel_->leak_reports();
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].driver, "attributed");
  ASSERT_EQ(reports[0].leaks.size(), 1u);
  EXPECT_EQ(reports[0].leaks[0].tag_text, "Mine");
  EXPECT_EQ(reports[0].leaks[0].size, 40u);
  ExFreePoolWithTag(host, kTag);  // the host's allocation survived the driver's unload
  EXPECT_EQ(hook_.count("pool_leak"), 1u);
  hook_.clear();
}

}  // namespace
}  // namespace wmiport::kernel::testing
