// The layout proof: every entry of layout_list.def (sizes, offsets, constants) compiled against include/wdk must
// equal the same entry compiled by the mingw-w64 cross compiler against the mingw-w64 WDK headers, an independent
// reference for the x64 layouts. Where mingw-w64 is known to differ from the WDK, or where wmiport deliberately
// differs from Windows, the entry is in kExpectedDifferences with both values and the reason; such an entry must
// show exactly that difference, and every other entry must match. An unlisted difference fails the test.
#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "layout_entry.h"

namespace {

struct ExpectedDifference {
  std::string_view name;
  std::uint64_t mingw;  // what the mingw-w64 headers give
  std::uint64_t wdk;    // what include/wdk gives: the WDK value of spec §9, or wmiport's documented choice
  std::string_view why;
};

constexpr std::string_view kOneElementArray =
    "mingw-w64 declares OffsetInstanceDataAndLength[1]; the WDK's flexible array keeps sizeof 64 (spec §5.3, §10.5)";
constexpr std::string_view kEmulatedEvent =
    "wmiport's KEVENT is 128 bytes of opaque host-primitive storage (Windows: 24), so DEVICE_OBJECT.DeviceLock is "
    "larger and what follows moves (docs/decisions.md, Headers)";
constexpr std::string_view kEmulatedObject =
    "opaque storage for the emulated kernel's host primitives (docs/decisions.md, Headers)";
constexpr std::string_view kPack4 =
    "mingw-w64's scsiwmi.h wraps everything in #pragma pack(4); the WDK header is naturally aligned (spec §1.1, §10.4)";

constexpr ExpectedDifference kExpectedDifferences[] = {
    // ntddk.h + wmistr.h + wmilib.h
    {"sizeof(WNODE_ALL_DATA)", 72, 64, kOneElementArray},
    {"sizeof(DEVICE_OBJECT)", 328, 432, kEmulatedEvent},
    {"offsetof(DEVICE_OBJECT, SectorSize)", 304, 408, kEmulatedEvent},
    {"offsetof(DEVICE_OBJECT, Spare1)", 306, 410, kEmulatedEvent},
    {"offsetof(DEVICE_OBJECT, DeviceObjectExtension)", 312, 416, kEmulatedEvent},
    {"offsetof(DEVICE_OBJECT, Reserved)", 320, 424, kEmulatedEvent},
    {"sizeof(KEVENT)", 24, 128, kEmulatedObject},
    {"sizeof(FAST_MUTEX)", 56, 128, kEmulatedObject},
    {"sizeof(KTIMER)", 64, 128, kEmulatedObject},
    // miniport.h + srb.h + scsi.h + scsiwmi.h
    {"sizeof(SCSIWMI_REQUEST_CONTEXT)", 28, 32, kPack4},
    {"offsetof(SCSIWMI_REQUEST_CONTEXT, Buffer)", 12, 16, kPack4},
    {"offsetof(SCSIWMI_REQUEST_CONTEXT, MinorFunction)", 20, 24, kPack4},
    {"offsetof(SCSIWMI_REQUEST_CONTEXT, ReturnStatus)", 21, 25, kPack4},
    {"offsetof(SCSIWMI_REQUEST_CONTEXT, ReturnSize)", 24, 28, kPack4},
    {"sizeof(SCSI_WMILIB_CONTEXT)", 60, 64, kPack4},
    {"offsetof(SCSI_WMILIB_CONTEXT, GuidList)", 4, 8, kPack4},
    {"offsetof(SCSI_WMILIB_CONTEXT, QueryWmiRegInfo)", 12, 16, kPack4},
    {"offsetof(SCSI_WMILIB_CONTEXT, QueryWmiDataBlock)", 20, 24, kPack4},
    {"offsetof(SCSI_WMILIB_CONTEXT, SetWmiDataBlock)", 28, 32, kPack4},
    {"offsetof(SCSI_WMILIB_CONTEXT, SetWmiDataItem)", 36, 40, kPack4},
    {"offsetof(SCSI_WMILIB_CONTEXT, ExecuteWmiMethod)", 44, 48, kPack4},
    {"offsetof(SCSI_WMILIB_CONTEXT, WmiFunctionControl)", 52, 56, kPack4},
};

const ExpectedDifference* find_expected_difference(std::string_view name) {
  for (const auto& d : kExpectedDifferences) {
    if (d.name == name) {
      return &d;
    }
  }
  return nullptr;
}

// The blob objcopy extracted from the mingw-w64 object: little-endian 64-bit values, the magic first.
std::vector<std::uint64_t> read_blob(const char* path) {
  std::ifstream in(path, std::ios::binary);
  std::vector<unsigned char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  std::vector<std::uint64_t> values;
  for (std::size_t i = 0; i + 8 <= bytes.size(); i += 8) {
    std::uint64_t v = 0;
    for (int b = 7; b >= 0; --b) {
      v = (v << 8) | bytes[i + static_cast<std::size_t>(b)];
    }
    values.push_back(v);
  }
  return values;
}

// Compares one world; returns the names of the entries that differed (expected or not).
std::vector<std::string> compare_world(const char* world, const char* blob_path, const wmiport_layout_entry* native,
                                       std::size_t native_count) {
  std::vector<std::string> differing;
  const std::vector<std::uint64_t> blob = read_blob(blob_path);
  EXPECT_FALSE(blob.empty()) << "cannot read " << blob_path;
  if (blob.empty()) {
    return differing;
  }
  EXPECT_EQ(blob[0], WMIPORT_LAYOUT_MAGIC) << blob_path << " does not start with the layout magic";
  // The blob may carry section padding after the values: it must hold at least one value per entry.
  EXPECT_GE(blob.size() - 1, native_count) << world << ": the mingw-w64 probe has fewer entries than the list";
  const std::size_t count = std::min(blob.size() - 1, native_count);
  for (std::size_t i = 0; i < count; ++i) {
    const std::string_view name = native[i].name;
    const std::uint64_t mingw = blob[i + 1];
    const std::uint64_t wdk = native[i].value;
    SCOPED_TRACE(std::string(world) + ": " + std::string(name));
    if (const ExpectedDifference* d = find_expected_difference(name)) {
      EXPECT_EQ(mingw, d->mingw) << "the mingw-w64 value changed";
      EXPECT_EQ(wdk, d->wdk) << "include/wdk no longer has the documented value";
      differing.emplace_back(name);
      std::printf("[expected difference] %-55s mingw-w64=%-4llu include/wdk=%-4llu  %s\n", std::string(name).c_str(),
                  static_cast<unsigned long long>(mingw), static_cast<unsigned long long>(wdk),
                  std::string(d->why).c_str());
    } else {
      EXPECT_EQ(wdk, mingw) << "include/wdk differs from the mingw-w64 reference";
      if (wdk != mingw) {
        differing.emplace_back(name);
      }
    }
  }
  return differing;
}

TEST(WdkLayout, KernelWorldMatchesReference) {
  compare_world("ntddk.h/wmistr.h/wmilib.h", WMIPORT_LAYOUT_KERNEL_BLOB, wmiport_layout_kernel,
                wmiport_layout_kernel_count);
}

TEST(WdkLayout, MiniportWorldMatchesReference) {
  compare_world("miniport.h/srb.h/scsi.h/scsiwmi.h", WMIPORT_LAYOUT_MINIPORT_BLOB, wmiport_layout_miniport,
                wmiport_layout_miniport_count);
}

// Every listed difference must still be observed; a stale entry would hide a real regression.
TEST(WdkLayout, EveryExpectedDifferenceIsObserved) {
  std::vector<std::string> seen = compare_world("kernel", WMIPORT_LAYOUT_KERNEL_BLOB, wmiport_layout_kernel,
                                                wmiport_layout_kernel_count);
  const std::vector<std::string> miniport = compare_world(
      "miniport", WMIPORT_LAYOUT_MINIPORT_BLOB, wmiport_layout_miniport, wmiport_layout_miniport_count);
  seen.insert(seen.end(), miniport.begin(), miniport.end());
  for (const auto& d : kExpectedDifferences) {
    bool found = false;
    for (const auto& s : seen) {
      found = found || s == d.name;
    }
    EXPECT_TRUE(found) << d.name << " is in kExpectedDifferences but not in layout_list.def";
  }
}

TEST(WdkLayout, ListIsNotTrivial) {
  EXPECT_GT(wmiport_layout_kernel_count, 300u);
  EXPECT_GT(wmiport_layout_miniport_count, 200u);
}

}  // namespace
