// Minimal PnP with drivers linked into the test (register_driver): AddDevice and START_DEVICE failures unwind
// completely, the DO_DEVICE_INITIALIZING rule is checked, a START_DEVICE pended by the driver is waited for.
#include <gtest/gtest.h>

#include "kernel_fixture.h"

namespace wmiport::kernel::testing {
namespace {

using PnpTest = KernelTest;

struct Behaviour {
  NTSTATUS add_device = STATUS_SUCCESS;
  bool clear_initializing = true;
  NTSTATUS start = STATUS_SUCCESS;
  bool pend_start = false;
  int removes = 0;
  int unloads = 0;
};
Behaviour g_behaviour;

struct Extension {
  PDEVICE_OBJECT lower;
};

NTSTATUS add_device(PDRIVER_OBJECT driver, PDEVICE_OBJECT pdo) {
  PDEVICE_OBJECT fdo = nullptr;
  NTSTATUS status = IoCreateDevice(driver, sizeof(Extension), nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &fdo);
  if (!NT_SUCCESS(status))
    return status;
  static_cast<Extension*>(fdo->DeviceExtension)->lower = IoAttachDeviceToDeviceStack(fdo, pdo);
  if (!NT_SUCCESS(g_behaviour.add_device)) {
    IoDetachDevice(pdo);
    IoDeleteDevice(fdo);
    return g_behaviour.add_device;
  }
  if (g_behaviour.clear_initializing)
    fdo->Flags &= ~static_cast<ULONG>(DO_DEVICE_INITIALIZING);
  return STATUS_SUCCESS;
}

VOID complete_start_later(PDEVICE_OBJECT device, PVOID context) {
  (void)device;
  auto* irp = static_cast<PIRP>(context);
  irp->IoStatus.Status = g_behaviour.start;
  IoCompleteRequest(irp, IO_NO_INCREMENT);
}

NTSTATUS dispatch_pnp(PDEVICE_OBJECT fdo, PIRP irp) {
  PDEVICE_OBJECT lower = static_cast<Extension*>(fdo->DeviceExtension)->lower;
  switch (IoGetCurrentIrpStackLocation(irp)->MinorFunction) {
    case IRP_MN_START_DEVICE:
      if (g_behaviour.pend_start) {
        // Finish the start from a work item. The item is deliberately never freed: the leak report must name it.
        PIO_WORKITEM item = IoAllocateWorkItem(fdo);
        IoMarkIrpPending(irp);
        IoQueueWorkItem(item, complete_start_later, DelayedWorkQueue, irp);
        return STATUS_PENDING;
      }
      irp->IoStatus.Status = g_behaviour.start;
      IoCompleteRequest(irp, IO_NO_INCREMENT);
      return g_behaviour.start;
    case IRP_MN_REMOVE_DEVICE: {
      ++g_behaviour.removes;
      irp->IoStatus.Status = STATUS_SUCCESS;
      IoSkipCurrentIrpStackLocation(irp);
      const NTSTATUS status = IoCallDriver(lower, irp);
      IoDetachDevice(lower);
      IoDeleteDevice(fdo);
      return status;
    }
    default:
      IoSkipCurrentIrpStackLocation(irp);
      return IoCallDriver(lower, irp);
  }
}

NTSTATUS entry(PDRIVER_OBJECT driver, PUNICODE_STRING) {
  driver->DriverExtension->AddDevice = add_device;
  driver->MajorFunction[IRP_MJ_PNP] = dispatch_pnp;
  driver->DriverUnload = [](PDRIVER_OBJECT) { ++g_behaviour.unloads; };
  return STATUS_SUCCESS;
}

TEST_F(PnpTest, FailingAddDeviceUnloadsTheDriverAndItsPdo) {
  g_behaviour = Behaviour{.add_device = STATUS_DEVICE_CONFIGURATION_ERROR};
  auto loaded = kernel_->register_driver("adder", entry);
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().code(), static_cast<NtStatusCode>(STATUS_DEVICE_CONFIGURATION_ERROR));
  EXPECT_NE(loaded.error().message().find("AddDevice of adder failed"), std::string::npos);
  EXPECT_TRUE(kernel_->drivers().empty());
  EXPECT_EQ(g_behaviour.unloads, 1);  // DriverEntry had succeeded, so DriverUnload is due
  EXPECT_TRUE(kernel_->root_bus_driver()->DeviceObject == nullptr);  // the PDO is gone too
}

TEST_F(PnpTest, FailingStartSendsRemoveAndUnloads) {
  g_behaviour = Behaviour{.start = STATUS_INSUFFICIENT_RESOURCES};
  auto loaded = kernel_->register_driver("starter", entry);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.error().message().find("IRP_MN_START_DEVICE for starter failed"), std::string::npos);
  EXPECT_EQ(g_behaviour.removes, 1);
  EXPECT_EQ(g_behaviour.unloads, 1);
  EXPECT_TRUE(kernel_->root_bus_driver()->DeviceObject == nullptr);
}

TEST_F(PnpTest, PendedStartIsWaitedFor) {
  g_behaviour = Behaviour{.pend_start = true};
  auto loaded = kernel_->register_driver("pender", entry);
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  kernel_->shutdown();
  EXPECT_EQ(g_behaviour.removes, 1);
  // The work item was never freed: the leak report names it.
  ASSERT_EQ(kernel_->leak_reports().size(), 1u);
  EXPECT_EQ(kernel_->leak_reports()[0].leaks.at(0).tag_text, "IoWk");
  EXPECT_EQ(hook_.count("pool_leak"), 1u);
  hook_.clear();
}

TEST_F(PnpTest, DeviceLeftInitializingIsReportedAndCleared) {
  g_behaviour = Behaviour{.clear_initializing = false};
  auto loaded = kernel_->register_driver("lazy", entry);
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  EXPECT_EQ(hook_.count("device_initializing_not_cleared"), 1u);
  EXPECT_EQ((*loaded)->pdos()[0]->AttachedDevice->Flags & DO_DEVICE_INITIALIZING, 0u);
  hook_.clear();
}

TEST_F(PnpTest, DevicesCreatedInDriverEntryAreInitialisedByTheKernel) {
  auto loaded = kernel_->register_driver("legacy", [](PDRIVER_OBJECT driver, PUNICODE_STRING) {
    PDEVICE_OBJECT device = nullptr;
    driver->DriverUnload = [](PDRIVER_OBJECT self) { IoDeleteDevice(self->DeviceObject); };
    return IoCreateDevice(driver, 0, nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &device);
  });
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  EXPECT_TRUE((*loaded)->pdos().empty());  // no AddDevice: no root device
  EXPECT_EQ((*loaded)->object()->DeviceObject->Flags & DO_DEVICE_INITIALIZING, 0u);
}

}  // namespace
}  // namespace wmiport::kernel::testing
