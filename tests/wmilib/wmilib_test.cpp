// WmiLib, driven by IRPs sent straight to a WmiLib driver: the four dispositions, the validation order of spec
// §4.3, the documented defaults for NULL callbacks, the REGINFO answer (golden bytes, both DataPath values,
// the too-small convention), WNODE_TOO_SMALL below and above sizeof(WNODE_TOO_SMALL), and a callback that
// claims more bytes than it was given.
#include <dlfcn.h>

#include <condition_variable>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <vector>

#include <gtest/gtest.h>

#include <wmilib.h>

#include "wmiport/host.h"
#include "wnode/all_data.h"

extern "C" {
#include "wmi_lib_probe.h"
}

namespace wmiport {
namespace {

using Wire = std::vector<std::uint8_t>;

const GUID kNamed = WMI_PROBE_GUID(0);
const GUID kLiar = WMI_PROBE_GUID(1);
const GUID kUnknown = WMI_PROBE_GUID(7);

#define PROBE_GUID_BYTES(n) (0x00 + (n)), 0xe0, 0x0b, 0x9b, 0x00, 0x00, 0x00, 0x40, 0x80, 0, 0, 0, 0, 0, 0, (n)

struct Sent {
  NTSTATUS status;
  ULONG_PTR information;
};

struct Waiter {
  std::mutex mutex;
  std::condition_variable cv;
  bool done = false;
  Sent sent{};
};

NTSTATUS on_complete(PDEVICE_OBJECT, PIRP irp, PVOID context) {
  auto* waiter = static_cast<Waiter*>(context);
  std::lock_guard lock(waiter->mutex);
  waiter->sent = {irp->IoStatus.Status, irp->IoStatus.Information};
  waiter->done = true;
  waiter->cv.notify_all();
  return STATUS_MORE_PROCESSING_REQUIRED;
}

class WmiLibTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto host = Host::create();
    ASSERT_TRUE(host.ok()) << host.error().to_string();
    host_ = std::move(host).value();
    const auto path = std::filesystem::path(WMIPORT_DRIVER_DIR) / "wmi_lib_probe.so";
    auto driver = host_->load_driver(path);
    ASSERT_TRUE(driver.ok()) << driver.error().to_string();
    void* handle = dlopen(path.c_str(), RTLD_NOW | RTLD_NOLOAD);
    ASSERT_NE(handle, nullptr);
    state_ = static_cast<WMI_PROBE_STATE*>(dlsym(handle, "WmiProbeState"));
    dlclose(handle);
    ASSERT_NE(state_, nullptr);
    device_ = static_cast<PDEVICE_OBJECT>(state_->device);
  }
  void TearDown() override { host_.reset(); }

  // Sends one IRP_MJ_SYSTEM_CONTROL to the probe's FDO and waits for its completion.
  Sent send(UCHAR minor, const void* data_path, Wire& buffer, std::optional<ULONG_PTR> provider_id = std::nullopt) {
    PIRP irp = IoAllocateIrp(device_->StackSize, FALSE);
    EXPECT_NE(irp, nullptr);
    irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
    PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
    next->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
    next->MinorFunction = minor;
    next->Parameters.WMI.ProviderId = provider_id.value_or(IoWMIDeviceObjectToProviderId(device_));
    next->Parameters.WMI.DataPath = const_cast<void*>(data_path);
    next->Parameters.WMI.BufferSize = static_cast<ULONG>(buffer.size());
    next->Parameters.WMI.Buffer = buffer.empty() ? nullptr : buffer.data();
    Waiter waiter;
    IoSetCompletionRoutine(irp, on_complete, &waiter, TRUE, TRUE, TRUE);
    (void)IoCallDriver(device_, irp);
    {
      std::unique_lock lock(waiter.mutex);
      waiter.cv.wait(lock, [&] { return waiter.done; });
    }
    IoFreeIrp(irp);
    return waiter.sent;
  }

  // A WNODE_SINGLE_INSTANCE naming instance `index` (static names) with `data`.
  static Wire single_instance(const GUID& guid, ULONG index, std::size_t capacity, bool static_names = true) {
    Wire wnode(std::max<std::size_t>(capacity, 64));
    auto* single = reinterpret_cast<PWNODE_SINGLE_INSTANCE>(wnode.data());
    single->WnodeHeader.BufferSize = 64;
    single->WnodeHeader.Guid = guid;
    single->WnodeHeader.Flags = WNODE_FLAG_SINGLE_INSTANCE | (static_names ? WNODE_FLAG_STATIC_INSTANCE_NAMES : 0);
    single->InstanceIndex = index;
    single->DataBlockOffset = 64;
    return wnode;
  }

  std::unique_ptr<Host> host_;
  WMI_PROBE_STATE* state_ = nullptr;
  PDEVICE_OBJECT device_ = nullptr;
};

TEST_F(WmiLibTest, MinorCodesOutsideWmiAreNotWmi) {
  for (UCHAR minor : {UCHAR{0x0A}, UCHAR{0x0C}, UCHAR{0x17}}) {
    Wire buffer(64);
    const Sent sent = send(minor, &kNamed, buffer);
    EXPECT_EQ(state_->disposition, IrpNotWmi) << int(minor);
    EXPECT_EQ(sent.status, STATUS_NOT_SUPPORTED) << "forwarded and completed unchanged by the bus driver";
  }
}

TEST_F(WmiLibTest, AnotherProvidersRequestIsForwarded) {
  Wire buffer(64);
  const Sent sent = send(IRP_MN_QUERY_ALL_DATA, &kNamed, buffer, IoWMIDeviceObjectToProviderId(device_) + 1000);
  EXPECT_EQ(state_->disposition, IrpForward);
  EXPECT_EQ(sent.status, STATUS_NOT_SUPPORTED);
  EXPECT_EQ(state_->query_calls, 0);
}

TEST_F(WmiLibTest, ReginfoExGoldenBytes) {
  Wire buffer(256, 0xCC);
  const Sent sent = send(IRP_MN_REGINFO_EX, reinterpret_cast<void*>(WMIREGISTER), buffer);
  EXPECT_EQ(state_->disposition, IrpNotCompleted);
  ASSERT_EQ(sent.status, STATUS_SUCCESS);
  ASSERT_EQ(sent.information, 104u);
  const auto pdo = reinterpret_cast<std::uint64_t>(state_->pdo);
  Wire expected{104, 0, 0, 0,  // BufferSize
                0, 0, 0, 0,    // NextWmiRegInfo
                92, 0, 0, 0,   // RegistryPath offset
                88, 0, 0, 0,   // MofResourceName offset
                2, 0, 0, 0,    // GuidCount
                0, 0, 0, 0,    // padding: WMIREGGUID is 8-aligned on x64
                // WMIREGGUID[0] at 24: the NAMED block, RegFlags BASENAME applied
                PROBE_GUID_BYTES(0), 0x08, 0, 0, 0, 2, 0, 0, 0, 98, 0, 0, 0, 0, 0, 0, 0,  // BaseNameOffset 98
                // WMIREGGUID[1] at 56: PDO | EXPENSIVE (the PDO wins over the RegFlags base name)
                PROBE_GUID_BYTES(1), 0x21, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,  // Pdo (filled below)
                2, 0, 'M', 0,                                                            // 88: MofResourceName "M"
                4, 0, '\\', 0, 'R', 0,                                                   // 92: RegistryPath "\R"
                4, 0, 'P', 0, 'b', 0};                                                   // 98: base name "Pb"
  for (int i = 0; i < 8; ++i)
    expected[80 + i] = static_cast<std::uint8_t>(pdo >> (8 * i));
  EXPECT_EQ(Wire(buffer.begin(), buffer.begin() + 104), expected);
  ObDereferenceObject(state_->pdo);  // REGINFO_EX: the provider referenced the PDO for the receiver
}

TEST_F(WmiLibTest, ReginfoUpdateOmitsRegistryPathAndMof) {
  Wire buffer(256);
  const Sent sent = send(IRP_MN_REGINFO, reinterpret_cast<void*>(WMIUPDATE), buffer);
  ASSERT_EQ(sent.status, STATUS_SUCCESS);
  ASSERT_EQ(sent.information, 94u);             // 88 + "Pb" (6)
  EXPECT_EQ(load_u32(Bytes{buffer}, 8), 0u);    // RegistryPath
  EXPECT_EQ(load_u32(Bytes{buffer}, 12), 0u);   // MofResourceName
  EXPECT_EQ(load_u32(Bytes{buffer}, 48), 88u);  // BaseNameOffset right after the GUIDs
}

TEST_F(WmiLibTest, ReginfoTooSmallWritesTheNeededSize) {
  Wire buffer(40);
  const Sent sent = send(IRP_MN_REGINFO_EX, reinterpret_cast<void*>(WMIREGISTER), buffer);
  EXPECT_EQ(state_->disposition, IrpNotCompleted);
  EXPECT_EQ(sent.status, STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(sent.information, sizeof(ULONG));
  EXPECT_EQ(load_u32(Bytes{buffer}, 0), 104u);
}

TEST_F(WmiLibTest, UnknownGuidIsGuidNotFoundLeftForTheDriver) {
  Wire buffer(64);
  const Sent sent = send(IRP_MN_QUERY_ALL_DATA, &kUnknown, buffer);
  EXPECT_EQ(state_->disposition, IrpNotCompleted);
  EXPECT_EQ(sent.status, STATUS_WMI_GUID_NOT_FOUND);
  EXPECT_EQ(state_->status, STATUS_WMI_GUID_NOT_FOUND);
  EXPECT_EQ(state_->query_calls, 0);
}

TEST_F(WmiLibTest, InstanceIndexAndDynamicNamesAreInstanceNotFound) {
  Wire out_of_range = single_instance(kNamed, 2, 128);
  EXPECT_EQ(send(IRP_MN_QUERY_SINGLE_INSTANCE, &kNamed, out_of_range).status, STATUS_WMI_INSTANCE_NOT_FOUND);
  Wire dynamic = single_instance(kNamed, 0, 128, false);
  EXPECT_EQ(send(IRP_MN_QUERY_SINGLE_INSTANCE, &kNamed, dynamic).status, STATUS_WMI_INSTANCE_NOT_FOUND);
  EXPECT_EQ(state_->disposition, IrpNotCompleted);
  EXPECT_EQ(state_->query_calls, 0);
}

TEST_F(WmiLibTest, MissingOptionalCallbacksAnswerTheDocumentedDefaults) {
  Wire change = single_instance(kNamed, 0, 72);
  EXPECT_EQ(send(IRP_MN_CHANGE_SINGLE_INSTANCE, &kNamed, change).status, STATUS_WMI_READ_ONLY);
  Wire item(76);
  auto* wnode = reinterpret_cast<PWNODE_SINGLE_ITEM>(item.data());
  wnode->WnodeHeader.BufferSize = 76;
  wnode->WnodeHeader.Flags = WNODE_FLAG_SINGLE_ITEM | WNODE_FLAG_STATIC_INSTANCE_NAMES;
  wnode->DataBlockOffset = 72;
  wnode->SizeDataItem = 4;
  EXPECT_EQ(send(IRP_MN_CHANGE_SINGLE_ITEM, &kNamed, item).status, STATUS_WMI_READ_ONLY);
  Wire method(128);
  auto* call = reinterpret_cast<PWNODE_METHOD_ITEM>(method.data());
  call->WnodeHeader.BufferSize = 72;
  call->WnodeHeader.Flags = WNODE_FLAG_METHOD_ITEM | WNODE_FLAG_STATIC_INSTANCE_NAMES;
  call->DataBlockOffset = 72;
  EXPECT_EQ(send(IRP_MN_EXECUTE_METHOD, &kNamed, method).status, STATUS_INVALID_DEVICE_REQUEST);
  Wire header(48);
  EXPECT_EQ(send(IRP_MN_ENABLE_EVENTS, &kNamed, header).status, STATUS_SUCCESS);
  EXPECT_EQ(send(IRP_MN_DISABLE_COLLECTION, &kNamed, header).status, STATUS_SUCCESS);
  EXPECT_EQ(state_->disposition, IrpNotCompleted);
}

TEST_F(WmiLibTest, QueryAllDataBelowTooSmallSizeFailsAndAboveGetsTooSmallWnode) {
  Wire tiny(40);
  EXPECT_EQ(send(IRP_MN_QUERY_ALL_DATA, &kNamed, tiny).status, STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(state_->query_calls, 0);

  Wire small(64);
  auto* all = reinterpret_cast<PWNODE_ALL_DATA>(small.data());
  all->WnodeHeader.BufferSize = 64;
  all->WnodeHeader.Guid = kNamed;
  all->WnodeHeader.Flags = WNODE_FLAG_ALL_DATA | WNODE_FLAG_STATIC_INSTANCE_NAMES;
  const Sent sent = send(IRP_MN_QUERY_ALL_DATA, &kNamed, small);
  EXPECT_EQ(state_->disposition, IrpProcessed);
  EXPECT_EQ(state_->last_lengths_null, 1);  // no room for the array: the callback only reports the size
  EXPECT_EQ(state_->last_buffer_avail, 0u);
  EXPECT_EQ(sent.status, STATUS_SUCCESS);
  EXPECT_EQ(sent.information, 56u);
  // clang-format off
  const Wire expected{56, 0, 0, 0, 0, 0, 0, 0,         // BufferSize 56, ProviderId
                      0, 0, 0, 0, 0, 0, 0, 0,         // HistoricalContext
                      0, 0, 0, 0, 0, 0, 0, 0,         // TimeStamp
                      PROBE_GUID_BYTES(0),            // Guid
                      0, 0, 0, 0,                     // ClientContext
                      0x20, 0, 0, 0,                  // Flags: TOO_SMALL only
                      96, 0, 0, 0,                    // SizeNeeded: DataBlockOffset 80 (ALIGN8(60 + 2 * 8)) + 16
                      0, 0, 0, 0};                    // tail padding, cleared
  // clang-format on
  EXPECT_EQ(Wire(small.begin(), small.begin() + 56), expected);

  Wire enough(96);
  std::memcpy(enough.data(), small.data(), 48);
  auto* again = reinterpret_cast<PWNODE_ALL_DATA>(enough.data());
  again->WnodeHeader.BufferSize = 64;
  again->WnodeHeader.Flags = WNODE_FLAG_ALL_DATA | WNODE_FLAG_STATIC_INSTANCE_NAMES;
  const Sent retried = send(IRP_MN_QUERY_ALL_DATA, &kNamed, enough);
  EXPECT_EQ(retried.status, STATUS_SUCCESS);
  EXPECT_EQ(retried.information, 96u);
  auto parsed = wnode::parse_all_data(Bytes{enough});
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  ASSERT_EQ(parsed->instances.size(), 2u);
  EXPECT_EQ(parsed->instances[1].data, (Wire{1, 0, 0, 0, 0x5A, 0x5A, 0x5A, 0x5A}));
}

TEST_F(WmiLibTest, CallbackClaimingMoreThanItsBufferIsAContractViolation) {
  Wire buffer(128);
  auto* all = reinterpret_cast<PWNODE_ALL_DATA>(buffer.data());
  all->WnodeHeader.BufferSize = 64;
  all->WnodeHeader.Flags = WNODE_FLAG_ALL_DATA | WNODE_FLAG_STATIC_INSTANCE_NAMES;
  const Sent sent = send(IRP_MN_QUERY_ALL_DATA, &kLiar, buffer);
  EXPECT_EQ(sent.status, STATUS_DRIVER_INTERNAL_ERROR);
  EXPECT_EQ(sent.information, 0u);
}

class WmiLibAllDataTest : public WmiLibTest {
 protected:
  void TearDown() override {
    *state_->named_instance_count = 2;
    state_->named_variable = 0;
    WmiLibTest::TearDown();
  }
  Wire query(ULONG count, std::uint32_t size, std::uint8_t stale, Sent* sent) {
    *state_->named_instance_count = count;
    Wire buffer(size, stale);
    std::fill(buffer.begin(), buffer.begin() + 64, std::uint8_t{0});  // the WNODE_ALL_DATA WMI sends
    auto* all = reinterpret_cast<PWNODE_ALL_DATA>(buffer.data());
    all->WnodeHeader.BufferSize = 64;
    all->WnodeHeader.Guid = kNamed;
    all->WnodeHeader.Flags = WNODE_FLAG_ALL_DATA | WNODE_FLAG_STATIC_INSTANCE_NAMES;
    *sent = send(IRP_MN_QUERY_ALL_DATA, &kNamed, buffer);
    for (std::size_t i = 16; i < 24; ++i)  // TimeStamp
      buffer[i] = 0;
    return buffer;
  }
};

// Variable sizes: the callback's lengths become {offset, length} pairs in place (written from the last entry down,
// src/wmilib/wmi_complete_request.cpp), the padding up to DataBlockOffset is cleared, and the bytes WmiLib lays
// out do not depend on what the buffer held: golden offsets, and the same bytes from a zeroed and a stale buffer.
TEST_F(WmiLibAllDataTest, VariableSizesBecomeOffsetsWhateverTheBufferHeld) {
  state_->named_variable = 1;
  constexpr ULONG kCount = 37;  // odd, so the last entry covers a length slot of its own and the padding word
  const std::uint32_t data_block_offset = (60 + 8 * kCount + 7) / 8 * 8;
  std::vector<std::uint32_t> offsets, lengths;
  std::uint32_t cursor = data_block_offset;
  for (ULONG k = 0; k < kCount; ++k) {
    cursor = (cursor + 7) / 8 * 8;
    offsets.push_back(cursor);
    lengths.push_back((5 * k) % 19);
    cursor += lengths.back();
  }
  Sent zeroed_sent{}, stale_sent{};
  const Wire zeroed = query(kCount, cursor, 0x00, &zeroed_sent);
  const Wire stale = query(kCount, cursor, 0xCC, &stale_sent);
  for (const auto& [sent, wire] : {std::pair{zeroed_sent, zeroed}, std::pair{stale_sent, stale}}) {
    ASSERT_EQ(sent.status, STATUS_SUCCESS);
    EXPECT_EQ(sent.information, cursor);
    const auto* all = reinterpret_cast<const WNODE_ALL_DATA*>(wire.data());
    EXPECT_EQ(all->WnodeHeader.BufferSize, cursor);
    EXPECT_EQ(all->WnodeHeader.Flags & WNODE_FLAG_FIXED_INSTANCE_SIZE, 0u);
    EXPECT_EQ(all->DataBlockOffset, data_block_offset);
    EXPECT_EQ(all->InstanceCount, kCount);
    for (ULONG k = 0; k < kCount; ++k) {
      EXPECT_EQ(load_u32(Bytes{wire}, 60 + 8 * k), offsets[k]) << k;
      EXPECT_EQ(load_u32(Bytes{wire}, 64 + 8 * k), lengths[k]) << k;
      for (std::uint32_t b = 0; b < lengths[k]; ++b)
        ASSERT_EQ(wire[offsets[k] + b], k + 1) << k;
    }
    EXPECT_EQ(load_u32(Bytes{wire}, 60 + 8 * kCount), 0u);  // the padding word before DataBlockOffset
  }
  for (std::uint32_t i = 0; i < data_block_offset; ++i)
    ASSERT_EQ(stale[i], zeroed[i]) << "byte " << i;
  auto parsed = wnode::parse_all_data(Bytes{stale});
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  EXPECT_EQ(parsed->instances.size(), kCount);
}

// Equal sizes: FIXED_INSTANCE_SIZE, and the whole lengths area (both halves: the callback's lengths and the part it
// never saw) is cleared padding, whatever the buffer held.
TEST_F(WmiLibAllDataTest, FixedSizesClearTheWholeLengthsAreaWhateverTheBufferHeld) {
  constexpr ULONG kCount = 37;
  const std::uint32_t data_block_offset = (60 + 8 * kCount + 7) / 8 * 8;
  const std::uint32_t size = data_block_offset + 8 * kCount;
  Sent sent{};
  const Wire wire = query(kCount, size, 0xCC, &sent);
  ASSERT_EQ(sent.status, STATUS_SUCCESS);
  EXPECT_EQ(sent.information, size);
  const auto* all = reinterpret_cast<const WNODE_ALL_DATA*>(wire.data());
  EXPECT_NE(all->WnodeHeader.Flags & WNODE_FLAG_FIXED_INSTANCE_SIZE, 0u);
  EXPECT_EQ(all->FixedInstanceSize, 8u);
  EXPECT_EQ(Wire(wire.begin() + 64, wire.begin() + data_block_offset), Wire(data_block_offset - 64, 0));
  for (ULONG k = 0; k < kCount; ++k)
    EXPECT_EQ(load_u32(Bytes{wire}, data_block_offset + 8 * k), k);
}

TEST_F(WmiLibTest, IoWmiHelpers) {
  // A bad action is refused; provider ids are stable per device object.
  EXPECT_EQ(IoWMIRegistrationControl(device_, 42), STATUS_INVALID_PARAMETER);
  EXPECT_EQ(IoWMIDeviceObjectToProviderId(device_), IoWMIDeviceObjectToProviderId(device_));
  EXPECT_NE(IoWMIDeviceObjectToProviderId(device_),
            IoWMIDeviceObjectToProviderId(static_cast<PDEVICE_OBJECT>(state_->pdo)));
  // Suggested names come from the PDO's device instance path, in pool the caller frees.
  UNICODE_STRING name{};
  ASSERT_EQ(IoWMISuggestInstanceName(static_cast<PDEVICE_OBJECT>(state_->pdo), nullptr, FALSE, &name), STATUS_SUCCESS);
  EXPECT_EQ(std::u16string(reinterpret_cast<const char16_t*>(name.Buffer), name.Length / 2), u"ROOT\\WMIPORT\\0000");
  ExFreePool(name.Buffer);
  // Instance ids are handed out in consecutive runs per GUID.
  GUID guid = kNamed;
  ULONG first = 99;
  ASSERT_EQ(IoWMIAllocateInstanceIds(&guid, 3, &first), STATUS_SUCCESS);
  EXPECT_EQ(first, 0u);
  ASSERT_EQ(IoWMIAllocateInstanceIds(&guid, 2, &first), STATUS_SUCCESS);
  EXPECT_EQ(first, 3u);
}

}  // namespace
}  // namespace wmiport
