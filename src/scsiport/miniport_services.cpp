// The ScsiPort* services a miniport calls that have no real hardware behind them here: memory moves, "device
// bases" (zeroed memory the miniport's register accesses land in), identity physical addresses, stalls, time,
// debug output. Register and port accesses outside a mapped base are ignored (reads give all ones) instead of
// dereferencing an address that only means something on real hardware.
#include <chrono>
#include <cstdarg>
#include <cstring>
#include <map>
#include <thread>

#include "kernel/current_driver.h"
#include "kernel/debug_format.h"
#include "kernel/driver.h"
#include "kernel/kernel.h"
#include "kernel/protected.h"
#include "scsiport/adapter.h"

namespace {

constexpr ULONG kMaxMappedBytes = 1u << 20;
constexpr ULONG kMaxStallMicroseconds = 1'000'000;

struct Mapping {
  std::unique_ptr<std::uint8_t[]> memory;
  std::size_t size = 0;
};

wmiport::kernel::Protected<std::map<std::uintptr_t, Mapping>>& mappings() {
  static wmiport::kernel::Protected<std::map<std::uintptr_t, Mapping>> map;
  return map;
}

// Whether [address, address + bytes) lies inside a mapped device base.
bool mapped(const void* address, std::size_t bytes) {
  const auto at = reinterpret_cast<std::uintptr_t>(address);
  return mappings().with([&](const auto& map) {
    auto it = map.upper_bound(at);
    if (it == map.begin())
      return false;
    --it;
    return at >= it->first && at - it->first <= it->second.size && bytes <= it->second.size - (at - it->first);
  });
}

template <typename T>
T read_one(const T* address) {
  if (!mapped(address, sizeof(T)))
    return static_cast<T>(~T{0});
  T value;
  std::memcpy(&value, address, sizeof value);
  return value;
}

template <typename T>
void write_one(T* address, T value) {
  if (mapped(address, sizeof(T)))
    std::memcpy(address, &value, sizeof value);
}

template <typename T>
void read_many(const T* address, T* buffer, ULONG count) {
  for (ULONG i = 0; i < count; ++i)
    buffer[i] = read_one(address);  // a FIFO register: the same address each time
}

template <typename T>
void write_many(T* address, const T* buffer, ULONG count) {
  for (ULONG i = 0; i < count; ++i)
    write_one(address, buffer[i]);
}

}  // namespace

extern "C" {

VOID ScsiPortMoveMemory(PVOID WriteBuffer, PVOID ReadBuffer, ULONG Length) {
  if (Length != 0 && WriteBuffer != nullptr && ReadBuffer != nullptr)
    std::memmove(WriteBuffer, ReadBuffer, Length);
}

PVOID ScsiPortGetDeviceBase(PVOID, INTERFACE_TYPE, ULONG, SCSI_PHYSICAL_ADDRESS, ULONG NumberOfBytes, BOOLEAN) {
  if (NumberOfBytes == 0 || NumberOfBytes > kMaxMappedBytes)
    return nullptr;
  Mapping mapping;
  mapping.memory = std::make_unique<std::uint8_t[]>(NumberOfBytes);  // zeroed
  mapping.size = NumberOfBytes;
  auto* base = mapping.memory.get();
  mappings().with([&](auto& map) { map.emplace(reinterpret_cast<std::uintptr_t>(base), std::move(mapping)); });
  return base;
}

VOID ScsiPortFreeDeviceBase(PVOID, PVOID MappedAddress) {
  mappings().with([&](auto& map) { map.erase(reinterpret_cast<std::uintptr_t>(MappedAddress)); });
}

ULONG ScsiPortGetBusData(PVOID, ULONG, ULONG, ULONG, PVOID, ULONG) {
  return 0;  // no such bus: nothing to configure from bus data
}

ULONG ScsiPortSetBusDataByOffset(PVOID, ULONG, ULONG, ULONG, PVOID, ULONG, ULONG) {
  return 0;
}

SCSI_PHYSICAL_ADDRESS ScsiPortGetPhysicalAddress(PVOID, PSCSI_REQUEST_BLOCK Srb, PVOID VirtualAddress, ULONG* Length) {
  // Identity mapping; the contiguous length is what is left of the SRB's data buffer when the address is in it.
  SCSI_PHYSICAL_ADDRESS address;
  address.QuadPart = static_cast<LONGLONG>(reinterpret_cast<std::uintptr_t>(VirtualAddress));
  if (Length != nullptr) {
    ULONG left = 0;
    if (Srb != nullptr && Srb->DataBuffer != nullptr) {
      const auto start = reinterpret_cast<std::uintptr_t>(Srb->DataBuffer);
      const auto at = reinterpret_cast<std::uintptr_t>(VirtualAddress);
      if (at >= start && at - start < Srb->DataTransferLength)
        left = Srb->DataTransferLength - static_cast<ULONG>(at - start);
    }
    *Length = left;
  }
  return address;
}

PVOID ScsiPortGetVirtualAddress(PVOID, SCSI_PHYSICAL_ADDRESS PhysicalAddress) {
  return reinterpret_cast<PVOID>(static_cast<std::uintptr_t>(PhysicalAddress.QuadPart));
}

VOID ScsiPortFlushDma(PVOID) {}
VOID ScsiPortIoMapTransfer(PVOID, PSCSI_REQUEST_BLOCK, PVOID, ULONG) {}

BOOLEAN ScsiPortValidateRange(PVOID, INTERFACE_TYPE, ULONG, SCSI_PHYSICAL_ADDRESS, ULONG, BOOLEAN) {
  return TRUE;
}

SCSI_PHYSICAL_ADDRESS ScsiPortConvertUlongToPhysicalAddress(ULONG_PTR UlongAddress) {
  SCSI_PHYSICAL_ADDRESS address;
  address.QuadPart = static_cast<LONGLONG>(UlongAddress);
  return address;
}

VOID ScsiPortStallExecution(ULONG Delay) {
  // A busy wait on Windows; bounded here so a miniport cannot stall the process.
  std::this_thread::sleep_for(std::chrono::microseconds(std::min(Delay, kMaxStallMicroseconds)));
}

VOID ScsiPortQuerySystemTime(PLARGE_INTEGER CurrentTime) {
  if (CurrentTime != nullptr)
    KeQuerySystemTime(CurrentTime);
}

VOID ScsiDebugPrint(ULONG, PCCHAR DebugMessage, ...) {
  if (DebugMessage == nullptr)
    return;
  std::va_list ap;
  va_start(ap, DebugMessage);
  const std::string text = wmiport::kernel::format_debug_message(DebugMessage, ap);
  va_end(ap);
  auto* driver = wmiport::kernel::current_driver();
  if (auto* kernel = wmiport::kernel::Kernel::current())
    kernel->debug_print(driver != nullptr ? driver->name() : "scsiport", text);
}

UCHAR ScsiPortReadPortUchar(PUCHAR Port) {
  return read_one(Port);
}
USHORT ScsiPortReadPortUshort(PUSHORT Port) {
  return read_one(Port);
}
ULONG ScsiPortReadPortUlong(PULONG Port) {
  return read_one(Port);
}
VOID ScsiPortReadPortBufferUchar(PUCHAR Port, PUCHAR Buffer, ULONG Count) {
  read_many(Port, Buffer, Count);
}
VOID ScsiPortReadPortBufferUshort(PUSHORT Port, PUSHORT Buffer, ULONG Count) {
  read_many(Port, Buffer, Count);
}
VOID ScsiPortReadPortBufferUlong(PULONG Port, PULONG Buffer, ULONG Count) {
  read_many(Port, Buffer, Count);
}
UCHAR ScsiPortReadRegisterUchar(PUCHAR Register) {
  return read_one(Register);
}
USHORT ScsiPortReadRegisterUshort(PUSHORT Register) {
  return read_one(Register);
}
ULONG ScsiPortReadRegisterUlong(PULONG Register) {
  return read_one(Register);
}
VOID ScsiPortReadRegisterBufferUchar(PUCHAR Register, PUCHAR Buffer, ULONG Count) {
  read_many(Register, Buffer, Count);
}
VOID ScsiPortReadRegisterBufferUshort(PUSHORT Register, PUSHORT Buffer, ULONG Count) {
  read_many(Register, Buffer, Count);
}
VOID ScsiPortReadRegisterBufferUlong(PULONG Register, PULONG Buffer, ULONG Count) {
  read_many(Register, Buffer, Count);
}
VOID ScsiPortWritePortUchar(PUCHAR Port, UCHAR Value) {
  write_one(Port, Value);
}
VOID ScsiPortWritePortUshort(PUSHORT Port, USHORT Value) {
  write_one(Port, Value);
}
VOID ScsiPortWritePortUlong(PULONG Port, ULONG Value) {
  write_one(Port, Value);
}
VOID ScsiPortWritePortBufferUchar(PUCHAR Port, PUCHAR Buffer, ULONG Count) {
  write_many(Port, Buffer, Count);
}
VOID ScsiPortWritePortBufferUshort(PUSHORT Port, PUSHORT Buffer, ULONG Count) {
  write_many(Port, Buffer, Count);
}
VOID ScsiPortWritePortBufferUlong(PULONG Port, PULONG Buffer, ULONG Count) {
  write_many(Port, Buffer, Count);
}
VOID ScsiPortWriteRegisterUchar(PUCHAR Register, UCHAR Value) {
  write_one(Register, Value);
}
VOID ScsiPortWriteRegisterUshort(PUSHORT Register, USHORT Value) {
  write_one(Register, Value);
}
VOID ScsiPortWriteRegisterUlong(PULONG Register, ULONG Value) {
  write_one(Register, Value);
}
VOID ScsiPortWriteRegisterBufferUchar(PUCHAR Register, PUCHAR Buffer, ULONG Count) {
  write_many(Register, Buffer, Count);
}
VOID ScsiPortWriteRegisterBufferUshort(PUSHORT Register, PUSHORT Buffer, ULONG Count) {
  write_many(Register, Buffer, Count);
}
VOID ScsiPortWriteRegisterBufferUlong(PULONG Register, PULONG Buffer, ULONG Count) {
  write_many(Register, Buffer, Count);
}

}  // extern "C"
