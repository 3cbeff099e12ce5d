// Offsets, sizes and flag values of the WMI wire formats (x64 Windows layout, spec wmi-interfaces.md §5 and §9).
//
// The codec reads and writes these structures only through byte offsets, never through C structs, so the
// layout is stated once here. A cross-check against include/wdk/wmistr.h (offsetof/sizeof) is added when the C
// headers land; until then the static_asserts below pin the relations the spec states.
#pragma once

#include <cstdint>

namespace wmiport::wnode {

// Alignment rules (spec §5.3): instance data starts on 8-byte boundaries; counted names and registration
// strings are USHORT-aligned; a chained WMIREGINFO carries a ULONG_PTR (Pdo), so it starts 8-aligned.
inline constexpr std::uint32_t kDataAlignment = 8;
inline constexpr std::uint32_t kNameAlignment = 2;
inline constexpr std::uint32_t kRegInfoAlignment = 8;

// WNODE_HEADER (48 bytes).
namespace header {
inline constexpr std::uint32_t kBufferSize = 0;
inline constexpr std::uint32_t kProviderId = 4;
inline constexpr std::uint32_t kHistoricalContext = 8;  // union with Version (8) / Linkage (12)
inline constexpr std::uint32_t kTimeStamp = 16;         // union with CountLost / KernelHandle
inline constexpr std::uint32_t kGuid = 24;
inline constexpr std::uint32_t kClientContext = 40;
inline constexpr std::uint32_t kFlags = 44;
inline constexpr std::uint32_t kSize = 48;
}  // namespace header

// WNODE_ALL_DATA (64 bytes; the union at 60 is FixedInstanceSize or OffsetInstanceDataAndLength[]).
namespace all_data {
inline constexpr std::uint32_t kDataBlockOffset = 48;
inline constexpr std::uint32_t kInstanceCount = 52;
inline constexpr std::uint32_t kOffsetInstanceNameOffsets = 56;
inline constexpr std::uint32_t kFixedInstanceSize = 60;
inline constexpr std::uint32_t kOffsetInstanceDataAndLength = 60;
inline constexpr std::uint32_t kSize = 64;
// OFFSETINSTANCEDATAANDLENGTH: {ULONG OffsetInstanceData; ULONG LengthInstanceData;}
inline constexpr std::uint32_t kEntryOffsetInstanceData = 0;
inline constexpr std::uint32_t kEntryLengthInstanceData = 4;
inline constexpr std::uint32_t kEntrySize = 8;
inline constexpr std::uint32_t kNameOffsetEntrySize = 4;  // one ULONG per instance
}  // namespace all_data

// WNODE_SINGLE_INSTANCE (64 bytes, VariableData at 64).
namespace single_instance {
inline constexpr std::uint32_t kOffsetInstanceName = 48;
inline constexpr std::uint32_t kInstanceIndex = 52;
inline constexpr std::uint32_t kDataBlockOffset = 56;
inline constexpr std::uint32_t kSizeDataBlock = 60;
inline constexpr std::uint32_t kVariableData = 64;
inline constexpr std::uint32_t kSize = 64;
}  // namespace single_instance

// WNODE_SINGLE_ITEM (72 bytes: 68 bytes of fields, VariableData at 68, padded to the header's 8-byte alignment).
namespace single_item {
inline constexpr std::uint32_t kOffsetInstanceName = 48;
inline constexpr std::uint32_t kInstanceIndex = 52;
inline constexpr std::uint32_t kItemId = 56;
inline constexpr std::uint32_t kDataBlockOffset = 60;
inline constexpr std::uint32_t kSizeDataItem = 64;
inline constexpr std::uint32_t kVariableData = 68;
inline constexpr std::uint32_t kSize = 72;
}  // namespace single_item

// WNODE_METHOD_ITEM (72 bytes, same shape as SINGLE_ITEM with MethodId / SizeDataBlock).
namespace method_item {
inline constexpr std::uint32_t kOffsetInstanceName = 48;
inline constexpr std::uint32_t kInstanceIndex = 52;
inline constexpr std::uint32_t kMethodId = 56;
inline constexpr std::uint32_t kDataBlockOffset = 60;
inline constexpr std::uint32_t kSizeDataBlock = 64;
inline constexpr std::uint32_t kVariableData = 68;
inline constexpr std::uint32_t kSize = 72;
}  // namespace method_item

// WNODE_EVENT_ITEM is the bare header; the body follows per flags.
namespace event_item {
inline constexpr std::uint32_t kSize = 48;
}

// WNODE_EVENT_REFERENCE (72 bytes; the union at 68 is TargetInstanceIndex or TargetInstanceName[]).
namespace event_reference {
inline constexpr std::uint32_t kTargetGuid = 48;
inline constexpr std::uint32_t kTargetDataBlockSize = 64;
inline constexpr std::uint32_t kTargetInstanceIndex = 68;
inline constexpr std::uint32_t kTargetInstanceName = 68;
inline constexpr std::uint32_t kSize = 72;
}  // namespace event_reference

// WNODE_TOO_SMALL (56 bytes).
namespace too_small {
inline constexpr std::uint32_t kSizeNeeded = 48;
inline constexpr std::uint32_t kSize = 56;
}  // namespace too_small

// WMIREGINFOW (24 bytes on x64, WmiRegGuid[] at 24) and WMIREGGUIDW (32 bytes on x64).
namespace reginfo {
inline constexpr std::uint32_t kBufferSize = 0;
inline constexpr std::uint32_t kNextWmiRegInfo = 4;
inline constexpr std::uint32_t kRegistryPath = 8;
inline constexpr std::uint32_t kMofResourceName = 12;
inline constexpr std::uint32_t kGuidCount = 16;
inline constexpr std::uint32_t kWmiRegGuid = 24;  // 20 + 4 bytes of padding: WMIREGGUIDW is 8-aligned on x64
inline constexpr std::uint32_t kSize = 24;
}  // namespace reginfo

namespace regguid {
inline constexpr std::uint32_t kGuid = 0;
inline constexpr std::uint32_t kFlags = 16;
inline constexpr std::uint32_t kInstanceCount = 20;
// union { ULONG InstanceNameList; ULONG BaseNameOffset; ULONG_PTR Pdo; ULONG_PTR InstanceInfo; }
inline constexpr std::uint32_t kInstanceInfo = 24;
inline constexpr std::uint32_t kSize = 32;
}  // namespace regguid

// WNODE_FLAG_* (spec §5.2).
namespace flag {
inline constexpr std::uint32_t kAllData = 0x00000001;
inline constexpr std::uint32_t kSingleInstance = 0x00000002;
inline constexpr std::uint32_t kSingleItem = 0x00000004;
inline constexpr std::uint32_t kEventItem = 0x00000008;
inline constexpr std::uint32_t kFixedInstanceSize = 0x00000010;
inline constexpr std::uint32_t kTooSmall = 0x00000020;
inline constexpr std::uint32_t kInstancesSame = 0x00000040;
inline constexpr std::uint32_t kStaticInstanceNames = 0x00000080;
inline constexpr std::uint32_t kInternal = 0x00000100;
inline constexpr std::uint32_t kUseTimestamp = 0x00000200;
inline constexpr std::uint32_t kPersistEvent = 0x00000400;
inline constexpr std::uint32_t kEventReference = 0x00002000;
inline constexpr std::uint32_t kAnsiInstanceNames = 0x00004000;
inline constexpr std::uint32_t kMethodItem = 0x00008000;
inline constexpr std::uint32_t kPdoInstanceNames = 0x00010000;
inline constexpr std::uint32_t kTracedGuid = 0x00020000;
inline constexpr std::uint32_t kLogWnode = 0x00040000;
inline constexpr std::uint32_t kUseGuidPtr = 0x00080000;
inline constexpr std::uint32_t kUseMofPtr = 0x00100000;
inline constexpr std::uint32_t kNoHeader = 0x00200000;
inline constexpr std::uint32_t kSendDataBlock = 0x00400000;
inline constexpr std::uint32_t kVersionedProperties = 0x00800000;
inline constexpr std::uint32_t kSeverityMask = 0xFF000000;

// The bits that say which structure follows the header. Exactly one is set in a well-formed WNODE;
// EVENT_ITEM is a modifier on top of ALL_DATA / SINGLE_INSTANCE / SINGLE_ITEM.
inline constexpr std::uint32_t kStructureMask =
    kAllData | kSingleInstance | kSingleItem | kTooSmall | kEventReference | kMethodItem;
}  // namespace flag

// WMIREG_FLAG_* (spec §5.4).
namespace reg_flag {
inline constexpr std::uint32_t kExpensive = 0x00000001;
inline constexpr std::uint32_t kInstanceList = 0x00000004;
inline constexpr std::uint32_t kInstanceBaseName = 0x00000008;
inline constexpr std::uint32_t kInstancePdo = 0x00000020;
inline constexpr std::uint32_t kEventOnlyGuid = 0x00000040;
inline constexpr std::uint32_t kTraceControlGuid = 0x00001000;
inline constexpr std::uint32_t kRemoveGuid = 0x00010000;
inline constexpr std::uint32_t kReserved1 = 0x00020000;
inline constexpr std::uint32_t kReserved2 = 0x00040000;
inline constexpr std::uint32_t kTracedGuid = 0x00080000;
inline constexpr std::uint32_t kCallByName = 0x40000000;  // scsiwmi.h only
inline constexpr std::uint32_t kNamingMask = kInstanceList | kInstanceBaseName | kInstancePdo;
}  // namespace reg_flag

// Relations the spec states; a typo in an offset above breaks one of these.
static_assert(header::kFlags + 4 == header::kSize);
static_assert(all_data::kOffsetInstanceDataAndLength + 4 == all_data::kSize);
static_assert(single_instance::kVariableData == single_instance::kSize);
static_assert(single_item::kVariableData + 4 == single_item::kSize);
static_assert(method_item::kVariableData + 4 == method_item::kSize);
static_assert(event_reference::kTargetDataBlockSize == event_reference::kTargetGuid + 16);
static_assert(event_reference::kTargetInstanceIndex + 4 == event_reference::kSize);
static_assert(too_small::kSizeNeeded + 8 == too_small::kSize);  // 4 bytes of tail padding to 8-alignment
static_assert(regguid::kInstanceInfo + 8 == regguid::kSize);
static_assert(reginfo::kWmiRegGuid == reginfo::kSize && reginfo::kSize % kRegInfoAlignment == 0);
static_assert(single_instance::kSize == 0x40, "ScsiPortWmiFire*Event reserves exactly this much (spec §1.2)");

}  // namespace wmiport::wnode
