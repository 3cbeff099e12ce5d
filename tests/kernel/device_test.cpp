// Device objects: creation, stacks (attach/detach, StackSize), references, properties of root PDOs.
#include <set>
#include <vector>

#include <gtest/gtest.h>

#include <ntddk.h>

#include "kernel_fixture.h"

namespace wmiport::kernel::testing {
namespace {

class DeviceTest : public KernelTest {
 protected:
  void SetUp() override {
    KernelTest::SetUp();
    auto driver = kernel_->register_driver("devices", [](PDRIVER_OBJECT, PUNICODE_STRING) { return STATUS_SUCCESS; });
    ASSERT_TRUE(driver.ok());
    driver_ = (*driver)->object();
  }

  PDEVICE_OBJECT create(ULONG extension_size = 0, PUNICODE_STRING name = nullptr) {
    PDEVICE_OBJECT device = nullptr;
    EXPECT_EQ(IoCreateDevice(driver_, extension_size, name, FILE_DEVICE_DISK, FILE_REMOVABLE_MEDIA, FALSE, &device),
              STATUS_SUCCESS);
    return device;
  }

  PDRIVER_OBJECT driver_ = nullptr;
};

TEST_F(DeviceTest, CreateFillsTheDeviceObjectAndZeroesTheExtension) {
  PDEVICE_OBJECT device = create(100);
  ASSERT_NE(device, nullptr);
  EXPECT_EQ(device->Type, 3);
  EXPECT_EQ(device->DriverObject, driver_);
  EXPECT_EQ(device->DeviceType, static_cast<DEVICE_TYPE>(FILE_DEVICE_DISK));
  EXPECT_EQ(device->Characteristics, static_cast<ULONG>(FILE_REMOVABLE_MEDIA));
  EXPECT_EQ(device->StackSize, 1);
  EXPECT_NE(device->Flags & DO_DEVICE_INITIALIZING, 0u);
  EXPECT_EQ(device->AttachedDevice, nullptr);
  EXPECT_EQ(driver_->DeviceObject, device);
  ASSERT_NE(device->DeviceExtension, nullptr);
  EXPECT_EQ(reinterpret_cast<ULONG_PTR>(device->DeviceExtension) % 16, 0u);
  const auto* bytes = static_cast<const UCHAR*>(device->DeviceExtension);
  for (int i = 0; i < 100; ++i)
    ASSERT_EQ(bytes[i], 0) << i;
  IoDeleteDevice(device);
  EXPECT_EQ(driver_->DeviceObject, nullptr);
}

TEST_F(DeviceTest, DriverDeviceListLinksThroughNextDevice) {
  PDEVICE_OBJECT a = create();
  PDEVICE_OBJECT b = create();
  EXPECT_EQ(driver_->DeviceObject, b);
  EXPECT_EQ(b->NextDevice, a);
  IoDeleteDevice(b);
  EXPECT_EQ(driver_->DeviceObject, a);
  IoDeleteDevice(a);
}

TEST_F(DeviceTest, NamedDevicesAreUnique) {
  UNICODE_STRING name;
  RtlInitUnicodeString(&name, u"\\Device\\WmiportTest0");
  PDEVICE_OBJECT first = create(0, &name);
  EXPECT_NE(first->Flags & DO_DEVICE_HAS_NAME, 0u);
  PDEVICE_OBJECT second = nullptr;
  EXPECT_EQ(IoCreateDevice(driver_, 0, &name, FILE_DEVICE_UNKNOWN, 0, FALSE, &second), STATUS_OBJECT_NAME_COLLISION);
  EXPECT_EQ(second, nullptr);
  IoDeleteDevice(first);
  PDEVICE_OBJECT again = create(0, &name);  // the name is free once the device is deleted
  IoDeleteDevice(again);
}

TEST_F(DeviceTest, AttachStacksDevicesAndReturnsThePreviousTop) {
  PDEVICE_OBJECT bottom = create();
  PDEVICE_OBJECT middle = create();
  PDEVICE_OBJECT top = create();
  EXPECT_EQ(IoAttachDeviceToDeviceStack(middle, bottom), bottom);
  EXPECT_EQ(middle->StackSize, 2);
  // Attaching to any device of the stack lands on its top.
  EXPECT_EQ(IoAttachDeviceToDeviceStack(top, bottom), middle);
  EXPECT_EQ(top->StackSize, 3);
  EXPECT_EQ(bottom->AttachedDevice, middle);
  EXPECT_EQ(middle->AttachedDevice, top);
  EXPECT_EQ(IoGetAttachedDevice(bottom), top);
  PDEVICE_OBJECT referenced = IoGetAttachedDeviceReference(bottom);
  EXPECT_EQ(referenced, top);
  ObDereferenceObject(referenced);

  IoDetachDevice(middle);  // detaches top from middle
  EXPECT_EQ(middle->AttachedDevice, nullptr);
  EXPECT_EQ(IoGetAttachedDevice(bottom), middle);
  IoDetachDevice(bottom);
  EXPECT_EQ(IoGetAttachedDevice(bottom), bottom);
  IoDetachDevice(bottom);  // nothing attached any more
  EXPECT_EQ(hook_.count("device_detach_nothing"), 1u);
  hook_.clear();
  IoDeleteDevice(top);
  IoDeleteDevice(middle);
  IoDeleteDevice(bottom);
}

TEST_F(DeviceTest, ADeletedDeviceLivesUntilItsLastReference) {
  PDEVICE_OBJECT device = create(8);
  EXPECT_EQ(ObReferenceObject(device), 2);
  IoDeleteDevice(device);
  // Still readable (ASan would flag a freed object here).
  EXPECT_EQ(device->Type, 3);
  static_cast<UCHAR*>(device->DeviceExtension)[7] = 1;
  EXPECT_EQ(ObDereferenceObject(device), 0);
  // Gone now: further use is reported, not a crash.
  EXPECT_EQ(ObReferenceObject(device), 0);
  EXPECT_EQ(hook_.count("ob_unknown_object"), 1u);
  hook_.clear();
}

TEST_F(DeviceTest, ProviderIdsAreUniqueNonZeroAndStableAndNeverReused) {
  std::set<ULONG> seen;
  std::vector<PDEVICE_OBJECT> devices;
  for (int i = 0; i < 20; ++i) {
    devices.push_back(create());
    const ULONG id = IoWMIDeviceObjectToProviderId(devices.back());
    EXPECT_NE(id, 0u);
    EXPECT_TRUE(seen.insert(id).second) << id;
  }
  for (PDEVICE_OBJECT device : devices) {
    const ULONG id = IoWMIDeviceObjectToProviderId(device);
    EXPECT_TRUE(seen.contains(id));
    EXPECT_EQ(IoWMIDeviceObjectToProviderId(device), id);  // stable
    IoDeleteDevice(device);
  }
  // New devices (possibly at the addresses just freed) get ids never handed out before.
  for (int i = 0; i < 20; ++i) {
    PDEVICE_OBJECT device = create();
    EXPECT_TRUE(seen.insert(IoWMIDeviceObjectToProviderId(device)).second);
    IoDeleteDevice(device);
  }
  // Not a live device object: 0, which no device has.
  int not_a_device = 0;
  EXPECT_EQ(IoWMIDeviceObjectToProviderId(reinterpret_cast<PDEVICE_OBJECT>(&not_a_device)), 0u);
  EXPECT_EQ(IoWMIDeviceObjectToProviderId(devices.front()), 0u);  // deleted and freed
}

TEST_F(DeviceTest, DeletingTwiceIsReported) {
  PDEVICE_OBJECT device = create();
  ObReferenceObject(device);
  IoDeleteDevice(device);
  IoDeleteDevice(device);
  EXPECT_EQ(hook_.count("device_double_delete"), 1u);
  ObDereferenceObject(device);
  hook_.clear();
}

TEST_F(DeviceTest, RootPdoAnswersDeviceProperties) {
  auto add_device = [](PDRIVER_OBJECT driver, PDEVICE_OBJECT pdo) -> NTSTATUS {
    PDEVICE_OBJECT fdo = nullptr;
    NTSTATUS status = IoCreateDevice(driver, sizeof(PDEVICE_OBJECT), nullptr, FILE_DEVICE_UNKNOWN, 0, FALSE, &fdo);
    if (!NT_SUCCESS(status))
      return status;
    *static_cast<PDEVICE_OBJECT*>(fdo->DeviceExtension) = IoAttachDeviceToDeviceStack(fdo, pdo);
    fdo->Flags &= ~static_cast<ULONG>(DO_DEVICE_INITIALIZING);
    return STATUS_SUCCESS;
  };
  static PDRIVER_ADD_DEVICE s_add_device = add_device;
  auto loaded = kernel_->register_driver("propdrv", [](PDRIVER_OBJECT driver, PUNICODE_STRING) {
    driver->DriverExtension->AddDevice = s_add_device;
    driver->MajorFunction[IRP_MJ_PNP] = [](PDEVICE_OBJECT fdo, PIRP irp) {
      PDEVICE_OBJECT lower = *static_cast<PDEVICE_OBJECT*>(fdo->DeviceExtension);
      const UCHAR minor = IoGetCurrentIrpStackLocation(irp)->MinorFunction;
      IoSkipCurrentIrpStackLocation(irp);
      const NTSTATUS status = IoCallDriver(lower, irp);
      if (minor == IRP_MN_REMOVE_DEVICE) {
        IoDetachDevice(lower);
        IoDeleteDevice(fdo);
      }
      return status;
    };
    return STATUS_SUCCESS;
  });
  ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
  PDEVICE_OBJECT pdo = (*loaded)->pdos().at(0);
  EXPECT_NE(pdo->Flags & DO_BUS_ENUMERATED_DEVICE, 0u);
  EXPECT_EQ(pdo->Flags & DO_DEVICE_INITIALIZING, 0u);

  WCHAR buffer[128];
  ULONG length = 0;
  ASSERT_EQ(IoGetDeviceProperty(pdo, DevicePropertyDriverKeyName, sizeof buffer, buffer, &length), STATUS_SUCCESS);
  EXPECT_EQ(std::u16string(reinterpret_cast<const char16_t*>(buffer)), u"{4d36e97d-e325-11ce-bfc1-08002be10318}\\0000");
  EXPECT_EQ(length, (std::u16string_view(u"{4d36e97d-e325-11ce-bfc1-08002be10318}\\0000").size() + 1) * 2);
  ASSERT_EQ(IoGetDeviceProperty(pdo, DevicePropertyPhysicalDeviceObjectName, sizeof buffer, buffer, &length),
            STATUS_SUCCESS);
  EXPECT_TRUE(std::u16string(reinterpret_cast<const char16_t*>(buffer)).starts_with(u"\\Device\\"));
  ASSERT_EQ(IoGetDeviceProperty(pdo, DevicePropertyFriendlyName, sizeof buffer, buffer, &length), STATUS_SUCCESS);
  EXPECT_EQ(std::u16string(reinterpret_cast<const char16_t*>(buffer)), u"propdrv");
  ULONG number = 99;
  ASSERT_EQ(IoGetDeviceProperty(pdo, DevicePropertyUINumber, sizeof number, &number, &length), STATUS_SUCCESS);
  EXPECT_EQ(number, 0u);
  // Too small: the size needed comes back.
  EXPECT_EQ(IoGetDeviceProperty(pdo, DevicePropertyHardwareID, 4, buffer, &length), STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(length, (12u + 2u) * 2u);  // "ROOT\WMIPORT" + two NULs (REG_MULTI_SZ)
  // Only the PDO has properties.
  EXPECT_EQ(IoGetDeviceProperty(pdo->AttachedDevice, DevicePropertyHardwareID, sizeof buffer, buffer, &length),
            STATUS_INVALID_DEVICE_REQUEST);
}

}  // namespace
}  // namespace wmiport::kernel::testing
