// Loading real C drivers built with wmiport_add_driver: the PnP sequence they see, and every way loading fails
// leaving nothing registered or allocated.
#include <dlfcn.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "kernel_fixture.h"

namespace wmiport::kernel::testing {
namespace {

std::filesystem::path driver_path(const char* name) {
  return std::filesystem::path(KERNEL_TEST_DRIVER_DIR) / (std::string(name) + ".so");
}

using LoaderTest = KernelTest;

TEST_F(LoaderTest, LifecycleDriverSeesEntryAddDeviceStartRemoveUnloadInOrder) {
  auto loaded = kernel_->load_driver(driver_path("kernel_lifecycle"));
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  Driver* driver = *loaded;
  EXPECT_EQ(driver->name(), "kernel_lifecycle");
  ASSERT_EQ(driver->pdos().size(), 1u);
  auto path = kernel_->device_instance_path(driver->pdos()[0]);
  ASSERT_TRUE(path.ok());
  EXPECT_EQ(*path, u"ROOT\\WMIPORT\\0000");
  // The function device sits on the PDO: the stack is two deep.
  PDEVICE_OBJECT pdo = driver->pdos()[0];
  ASSERT_NE(pdo->AttachedDevice, nullptr);
  EXPECT_EQ(pdo->AttachedDevice->StackSize, 2);
  EXPECT_EQ(pdo->AttachedDevice->DriverObject, driver->object());
  EXPECT_EQ(kernel_->physical_device_of(pdo->AttachedDevice), pdo);

  EXPECT_TRUE(kernel_->unload_driver(*driver).ok());
  const std::vector<std::string> expected = {
      "kernel_lifecycle: DriverEntry \\Registry\\Machine\\System\\CurrentControlSet\\Services\\kernel_lifecycle",
      "kernel_lifecycle: AddDevice stack=2",
      "kernel_lifecycle: START_DEVICE irql=0",
      "kernel_lifecycle: REMOVE_DEVICE",
      "kernel_lifecycle: DriverUnload",
  };
  EXPECT_EQ(output(), expected);
  EXPECT_TRUE(kernel_->drivers().empty());
  EXPECT_TRUE(kernel_->leak_reports().empty());
}

TEST_F(LoaderTest, SurpriseRemovalPrecedesRemoveWhenAsked) {
  LoadOptions options;
  options.surprise_removal = true;
  auto loaded = kernel_->load_driver(driver_path("kernel_lifecycle"), options);
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  kernel_->shutdown();
  const auto lines = output();
  const auto surprise = std::find(lines.begin(), lines.end(), "kernel_lifecycle: SURPRISE_REMOVAL");
  const auto remove = std::find(lines.begin(), lines.end(), "kernel_lifecycle: REMOVE_DEVICE");
  ASSERT_NE(surprise, lines.end());
  ASSERT_NE(remove, lines.end());
  EXPECT_LT(surprise, remove);
}

TEST_F(LoaderTest, InstancePathsNumberEachRootDevice) {
  LoadOptions options;
  options.devices = 2;
  auto loaded = kernel_->load_driver(driver_path("kernel_lifecycle"), options);
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  auto third = kernel_->add_device(**loaded);
  ASSERT_TRUE(third.ok()) << third.error().to_string();
  ASSERT_EQ((*loaded)->pdos().size(), 3u);
  EXPECT_EQ(*kernel_->device_instance_path((*loaded)->pdos()[0]), u"ROOT\\WMIPORT\\0000");
  EXPECT_EQ(*kernel_->device_instance_path((*loaded)->pdos()[1]), u"ROOT\\WMIPORT\\0001");
  EXPECT_EQ(*kernel_->device_instance_path(*third), u"ROOT\\WMIPORT\\0002");
  // The function device is no PDO.
  EXPECT_FALSE(kernel_->device_instance_path((*loaded)->pdos()[0]->AttachedDevice).ok());
}

TEST_F(LoaderTest, SameDriverNameTwiceIsRefused) {
  ASSERT_TRUE(kernel_->load_driver(driver_path("kernel_lifecycle")).ok());
  auto second = kernel_->load_driver(driver_path("kernel_lifecycle"));
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code(), static_cast<NtStatusCode>(STATUS_OBJECT_NAME_COLLISION));
  EXPECT_EQ(kernel_->drivers().size(), 1u);
}

TEST_F(LoaderTest, LeakReportListsTagSizeAndCount) {
  auto loaded = kernel_->load_driver(driver_path("kernel_leaky"));
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  kernel_->shutdown();
  const auto reports = kernel_->leak_reports();
  ASSERT_EQ(reports.size(), 1u);
  EXPECT_EQ(reports[0].driver, "kernel_leaky");
  ASSERT_EQ(reports[0].leaks.size(), 2u);
  // Sorted by tag value: 'Leak' is 0x6b61654c, 'Lk2 ' is 0x20326b4c.
  EXPECT_EQ(reports[0].leaks[0].tag_text, "Lk2 ");
  EXPECT_EQ(reports[0].leaks[0].size, 100u);
  EXPECT_EQ(reports[0].leaks[0].count, 1u);
  EXPECT_EQ(reports[0].leaks[1].tag_text, "Leak");
  EXPECT_EQ(reports[0].leaks[1].size, 24u);
  EXPECT_EQ(reports[0].leaks[1].count, 2u);
  EXPECT_EQ(reports[0].total_bytes(), 148u);
  EXPECT_EQ(reports[0].to_string(),
            "driver kernel_leaky leaked 3 pool allocation(s), 148 bytes: tag 'Lk2 ' 100 bytes x1; tag 'Leak' 24 "
            "bytes x2");
  const auto violations = hook_.violations();
  ASSERT_EQ(violations.size(), 1u);
  EXPECT_EQ(violations[0].rule, "pool_leak");
  EXPECT_EQ(violations[0].driver, "kernel_leaky");
  hook_.clear();
}

TEST_F(LoaderTest, MissingFileIsNotFound) {
  auto loaded = kernel_->load_driver(driver_path("no_such_driver"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(static_cast<std::uint32_t>(loaded.error().code()), 0xC0000034u);  // STATUS_OBJECT_NAME_NOT_FOUND
  EXPECT_NE(loaded.error().message().find("does not exist"), std::string::npos);
  EXPECT_TRUE(kernel_->drivers().empty());
}

TEST_F(LoaderTest, FileThatIsNotASharedObjectIsRefused) {
  const auto path = std::filesystem::path(::testing::TempDir()) / "not_a_driver.so";
  std::ofstream(path) << "this is text, not an ELF image\n";
  auto loaded = kernel_->load_driver(path);
  std::filesystem::remove(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(static_cast<std::uint32_t>(loaded.error().code()), 0xC000007Bu);  // STATUS_INVALID_IMAGE_FORMAT
  EXPECT_NE(loaded.error().message().find("not a shared object"), std::string::npos) << loaded.error().message();
  EXPECT_TRUE(kernel_->drivers().empty());
}

TEST_F(LoaderTest, SharedObjectWithoutDriverEntryIsRefused) {
  auto loaded = kernel_->load_driver(driver_path("kernel_no_entry"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(static_cast<std::uint32_t>(loaded.error().code()), 0xC000007Au);  // STATUS_PROCEDURE_NOT_FOUND
  EXPECT_NE(loaded.error().message().find("no DriverEntry"), std::string::npos);
  EXPECT_TRUE(kernel_->drivers().empty());
}

TEST_F(LoaderTest, UnresolvedKernelSymbolIsNamed) {
  auto loaded = kernel_->load_driver(driver_path("kernel_unresolved"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(static_cast<std::uint32_t>(loaded.error().code()), 0xC0000263u);  // STATUS_DRIVER_ENTRYPOINT_NOT_FOUND
  EXPECT_NE(loaded.error().message().find("IoRoutineThatDoesNotExist"), std::string::npos) << loaded.error().message();
  EXPECT_TRUE(kernel_->drivers().empty());
}

TEST_F(LoaderTest, FailingDriverEntryLeavesNothingBehind) {
  auto loaded = kernel_->load_driver(driver_path("kernel_failing"));
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code(), static_cast<NtStatusCode>(STATUS_INSUFFICIENT_RESOURCES));
  EXPECT_NE(loaded.error().message().find("DriverEntry of kernel_failing failed with STATUS_INSUFFICIENT_RESOURCES"),
            std::string::npos)
      << loaded.error().message();
  EXPECT_TRUE(kernel_->drivers().empty());
  // DriverUnload is not called after a failed DriverEntry; the device and the pool it left are reclaimed and
  // reported.
  EXPECT_TRUE(output().empty());
  EXPECT_EQ(hook_.count("device_left_at_unload"), 1u);
  EXPECT_EQ(hook_.count("pool_leak"), 1u);
  ASSERT_EQ(kernel_->leak_reports().size(), 1u);
  EXPECT_EQ(kernel_->leak_reports()[0].leaks[0].tag_text, "Fail");
  hook_.clear();
  // The name is free again.
  EXPECT_EQ(kernel_->find_driver("kernel_failing"), nullptr);
}

TEST_F(LoaderTest, OnlyOneKernelAtATime) {
  auto second = Kernel::create();
  EXPECT_FALSE(second.ok());
  EXPECT_EQ(Kernel::current(), kernel_.get());
}

TEST_F(LoaderTest, RuntimeExportsTheWdkRoutinesAndHidesTheInternals) {
  // What a driver can import: the WDK routines, from the runtime in the global scope.
  for (const char* routine : {"IoCreateDevice", "IofCallDriver", "IofCompleteRequest", "ExAllocatePoolWithTag",
                              "KeWaitForSingleObject", "RtlInitUnicodeString", "DbgPrint", "ObfDereferenceObject"})
    EXPECT_NE(dlsym(RTLD_DEFAULT, routine), nullptr) << routine;
  // C++ internals stay private (wmiport::kernel::PoolTracker::instance(), wmiport::kernel::io_database_lock()).
  EXPECT_EQ(dlsym(RTLD_DEFAULT, "_ZN7wmiport6kernel11PoolTracker8instanceEv"), nullptr);
  EXPECT_EQ(dlsym(RTLD_DEFAULT, "_ZN7wmiport6kernel16io_database_lockEv"), nullptr);
}

}  // namespace
}  // namespace wmiport::kernel::testing
