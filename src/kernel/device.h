// Device objects: the emulation's bookkeeping behind every DEVICE_OBJECT, and the object table that makes
// ObReferenceObject / ObDereferenceObject safe on device and driver objects.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

#include <wdm.h>

#include "kernel/address_map.h"

namespace wmiport::kernel {

class Driver;

// IO_TYPE_* values of the Type field of the I/O manager's objects.
inline constexpr CSHORT kIoTypeDevice = 3;
inline constexpr CSHORT kIoTypeDriver = 4;
inline constexpr CSHORT kIoTypeIrp = 6;
inline constexpr CSHORT kIoTypeDeviceObjectExtension = 13;

// Everything the kernel keeps about a device object. DEVICE_OBJECT.Reserved points here.
struct DeviceState {
  static constexpr std::uint32_t kMagic = 0x76654457;  // "WDev"
  std::uint32_t magic = kMagic;
  DEVICE_OBJECT object{};
  DEVOBJ_EXTENSION object_extension{};
  std::unique_ptr<std::max_align_t[]> extension;  // DeviceExtension, zeroed, 16-byte aligned
  std::u16string name;                            // "\Device\..." or empty
  UNICODE_STRING name_string{};
  Driver* driver = nullptr;
  // The device this one is attached to (the next lower one), guarded by io_database_lock().
  PDEVICE_OBJECT attached_to = nullptr;
  // The creation reference plus ObReferenceObject references; freed at zero once deleted.
  std::atomic<long> references{1};
  std::atomic<bool> deleted{false};
  // IoWMIDeviceObjectToProviderId: 32-bit (a pointer does not fit a ULONG on x64), handed out from 1 upwards at
  // creation and never reused, so unique and stable for the device's life without a table of its own.
  std::uint32_t provider_id = 0;
  // Root-enumerated PDO data (the root bus).
  bool is_pdo = false;
  unsigned instance_number = 0;
  std::u16string instance_path;  // ROOT\WMIPORT\0000
};

// The lock of the I/O database: guards every DRIVER_OBJECT.DeviceObject/NextDevice chain and every
// DEVICE_OBJECT.AttachedDevice / DeviceState::attached_to link (device stacks change rarely; one lock keeps
// attach, detach and IoGetAttachedDeviceReference consistent with each other).
std::mutex& io_database_lock();

// The state behind a device object, or nullptr (reported) when `device` is not a live device object.
DeviceState* device_state(PDEVICE_OBJECT device, const char* routine);

// The live device and driver objects, so that Ob routines never read through an unknown pointer. Asked on
// every request (IoCallDriver, IoGetAttachedDeviceReference, ObDereferenceObject): sharded by address so that
// threads do not meet on one lock, flat so that a lookup is one probe run (docs/decisions.md, "Kernel tables:
// sharded flat maps").
class ObjectTable {
 public:
  static ObjectTable& instance();
  void insert(const void* object);
  void erase(const void* object);
  bool contains(const void* object) const;

 private:
  ShardedAddressMap<bool, 16> objects_;
};

// The provider id of a live device object; 0 (never a provider id) for anything else.
std::uint32_t device_provider_id(const void* device);

// The driver of a device object (nullptr for unknown devices).
Driver* driver_of(PDEVICE_OBJECT device);

// The top of the stack `device` belongs to, without taking a reference (the lock must not be held).
PDEVICE_OBJECT top_of_stack(PDEVICE_OBJECT device);

// Deletes a device object the way IoDeleteDevice does, without the contract checks (kernel clean-up).
void delete_device(PDEVICE_OBJECT device);

}  // namespace wmiport::kernel
