// The codec states the wire layout once, as byte offsets (src/wnode/wire_layout.h); drivers see it as C structs
// (include/wdk/wmistr.h). This proves the two agree, field by field, so a driver writing through the structs and
// the core reading through the codec mean the same bytes. Checked at compile time: a mismatch does not build.
#include <cstddef>

#include <gtest/gtest.h>

#include <wmistr.h>

#include "wnode/wire_layout.h"

namespace wmiport::wnode {
namespace {

#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFull  // the codec speaks the x64 layout; the WDK structs match it on LP64

#define WMIPORT_SAME_OFFSET(type, field, constant) \
  static_assert(offsetof(type, field) == (constant), #type "." #field " differs from wire_layout.h")
#define WMIPORT_SAME_SIZE(type, constant) static_assert(sizeof(type) == (constant), #type " size differs")

WMIPORT_SAME_OFFSET(WNODE_HEADER, BufferSize, header::kBufferSize);
WMIPORT_SAME_OFFSET(WNODE_HEADER, ProviderId, header::kProviderId);
WMIPORT_SAME_OFFSET(WNODE_HEADER, HistoricalContext, header::kHistoricalContext);
WMIPORT_SAME_OFFSET(WNODE_HEADER, TimeStamp, header::kTimeStamp);
WMIPORT_SAME_OFFSET(WNODE_HEADER, CountLost, header::kTimeStamp);
WMIPORT_SAME_OFFSET(WNODE_HEADER, Guid, header::kGuid);
WMIPORT_SAME_OFFSET(WNODE_HEADER, ClientContext, header::kClientContext);
WMIPORT_SAME_OFFSET(WNODE_HEADER, Flags, header::kFlags);
WMIPORT_SAME_SIZE(WNODE_HEADER, header::kSize);

WMIPORT_SAME_OFFSET(WNODE_ALL_DATA, DataBlockOffset, all_data::kDataBlockOffset);
WMIPORT_SAME_OFFSET(WNODE_ALL_DATA, InstanceCount, all_data::kInstanceCount);
WMIPORT_SAME_OFFSET(WNODE_ALL_DATA, OffsetInstanceNameOffsets, all_data::kOffsetInstanceNameOffsets);
WMIPORT_SAME_OFFSET(WNODE_ALL_DATA, FixedInstanceSize, all_data::kFixedInstanceSize);
WMIPORT_SAME_OFFSET(WNODE_ALL_DATA, OffsetInstanceDataAndLength, all_data::kOffsetInstanceDataAndLength);
WMIPORT_SAME_SIZE(WNODE_ALL_DATA, all_data::kSize);
WMIPORT_SAME_OFFSET(OFFSETINSTANCEDATAANDLENGTH, OffsetInstanceData, all_data::kEntryOffsetInstanceData);
WMIPORT_SAME_OFFSET(OFFSETINSTANCEDATAANDLENGTH, LengthInstanceData, all_data::kEntryLengthInstanceData);
WMIPORT_SAME_SIZE(OFFSETINSTANCEDATAANDLENGTH, all_data::kEntrySize);

WMIPORT_SAME_OFFSET(WNODE_SINGLE_INSTANCE, OffsetInstanceName, single_instance::kOffsetInstanceName);
WMIPORT_SAME_OFFSET(WNODE_SINGLE_INSTANCE, InstanceIndex, single_instance::kInstanceIndex);
WMIPORT_SAME_OFFSET(WNODE_SINGLE_INSTANCE, DataBlockOffset, single_instance::kDataBlockOffset);
WMIPORT_SAME_OFFSET(WNODE_SINGLE_INSTANCE, SizeDataBlock, single_instance::kSizeDataBlock);
WMIPORT_SAME_OFFSET(WNODE_SINGLE_INSTANCE, VariableData, single_instance::kVariableData);
WMIPORT_SAME_SIZE(WNODE_SINGLE_INSTANCE, single_instance::kSize);

WMIPORT_SAME_OFFSET(WNODE_SINGLE_ITEM, OffsetInstanceName, single_item::kOffsetInstanceName);
WMIPORT_SAME_OFFSET(WNODE_SINGLE_ITEM, InstanceIndex, single_item::kInstanceIndex);
WMIPORT_SAME_OFFSET(WNODE_SINGLE_ITEM, ItemId, single_item::kItemId);
WMIPORT_SAME_OFFSET(WNODE_SINGLE_ITEM, DataBlockOffset, single_item::kDataBlockOffset);
WMIPORT_SAME_OFFSET(WNODE_SINGLE_ITEM, SizeDataItem, single_item::kSizeDataItem);
WMIPORT_SAME_OFFSET(WNODE_SINGLE_ITEM, VariableData, single_item::kVariableData);
WMIPORT_SAME_SIZE(WNODE_SINGLE_ITEM, single_item::kSize);

WMIPORT_SAME_OFFSET(WNODE_METHOD_ITEM, OffsetInstanceName, method_item::kOffsetInstanceName);
WMIPORT_SAME_OFFSET(WNODE_METHOD_ITEM, InstanceIndex, method_item::kInstanceIndex);
WMIPORT_SAME_OFFSET(WNODE_METHOD_ITEM, MethodId, method_item::kMethodId);
WMIPORT_SAME_OFFSET(WNODE_METHOD_ITEM, DataBlockOffset, method_item::kDataBlockOffset);
WMIPORT_SAME_OFFSET(WNODE_METHOD_ITEM, SizeDataBlock, method_item::kSizeDataBlock);
WMIPORT_SAME_OFFSET(WNODE_METHOD_ITEM, VariableData, method_item::kVariableData);
WMIPORT_SAME_SIZE(WNODE_METHOD_ITEM, method_item::kSize);

WMIPORT_SAME_SIZE(WNODE_EVENT_ITEM, event_item::kSize);

WMIPORT_SAME_OFFSET(WNODE_EVENT_REFERENCE, TargetGuid, event_reference::kTargetGuid);
WMIPORT_SAME_OFFSET(WNODE_EVENT_REFERENCE, TargetDataBlockSize, event_reference::kTargetDataBlockSize);
WMIPORT_SAME_OFFSET(WNODE_EVENT_REFERENCE, TargetInstanceIndex, event_reference::kTargetInstanceIndex);
WMIPORT_SAME_OFFSET(WNODE_EVENT_REFERENCE, TargetInstanceName, event_reference::kTargetInstanceName);
WMIPORT_SAME_SIZE(WNODE_EVENT_REFERENCE, event_reference::kSize);

WMIPORT_SAME_OFFSET(WNODE_TOO_SMALL, SizeNeeded, too_small::kSizeNeeded);
WMIPORT_SAME_SIZE(WNODE_TOO_SMALL, too_small::kSize);

WMIPORT_SAME_OFFSET(WMIREGINFOW, BufferSize, reginfo::kBufferSize);
WMIPORT_SAME_OFFSET(WMIREGINFOW, NextWmiRegInfo, reginfo::kNextWmiRegInfo);
WMIPORT_SAME_OFFSET(WMIREGINFOW, RegistryPath, reginfo::kRegistryPath);
WMIPORT_SAME_OFFSET(WMIREGINFOW, MofResourceName, reginfo::kMofResourceName);
WMIPORT_SAME_OFFSET(WMIREGINFOW, GuidCount, reginfo::kGuidCount);
WMIPORT_SAME_OFFSET(WMIREGINFOW, WmiRegGuid, reginfo::kWmiRegGuid);
WMIPORT_SAME_SIZE(WMIREGINFOW, reginfo::kSize);
WMIPORT_SAME_OFFSET(WMIREGGUIDW, Guid, regguid::kGuid);
WMIPORT_SAME_OFFSET(WMIREGGUIDW, Flags, regguid::kFlags);
WMIPORT_SAME_OFFSET(WMIREGGUIDW, InstanceCount, regguid::kInstanceCount);
WMIPORT_SAME_OFFSET(WMIREGGUIDW, Pdo, regguid::kInstanceInfo);
WMIPORT_SAME_OFFSET(WMIREGGUIDW, BaseNameOffset, regguid::kInstanceInfo);
WMIPORT_SAME_OFFSET(WMIREGGUIDW, InstanceNameList, regguid::kInstanceInfo);
WMIPORT_SAME_SIZE(WMIREGGUIDW, regguid::kSize);

#endif

// Flag values: one row per flag, both spellings side by side.
struct FlagPair {
  const char* name;
  std::uint32_t wdk;
  std::uint32_t codec;
};

constexpr FlagPair kFlags[] = {
    {"WNODE_FLAG_ALL_DATA", WNODE_FLAG_ALL_DATA, flag::kAllData},
    {"WNODE_FLAG_SINGLE_INSTANCE", WNODE_FLAG_SINGLE_INSTANCE, flag::kSingleInstance},
    {"WNODE_FLAG_SINGLE_ITEM", WNODE_FLAG_SINGLE_ITEM, flag::kSingleItem},
    {"WNODE_FLAG_EVENT_ITEM", WNODE_FLAG_EVENT_ITEM, flag::kEventItem},
    {"WNODE_FLAG_FIXED_INSTANCE_SIZE", WNODE_FLAG_FIXED_INSTANCE_SIZE, flag::kFixedInstanceSize},
    {"WNODE_FLAG_TOO_SMALL", WNODE_FLAG_TOO_SMALL, flag::kTooSmall},
    {"WNODE_FLAG_INSTANCES_SAME", WNODE_FLAG_INSTANCES_SAME, flag::kInstancesSame},
    {"WNODE_FLAG_STATIC_INSTANCE_NAMES", WNODE_FLAG_STATIC_INSTANCE_NAMES, flag::kStaticInstanceNames},
    {"WNODE_FLAG_INTERNAL", WNODE_FLAG_INTERNAL, flag::kInternal},
    {"WNODE_FLAG_USE_TIMESTAMP", WNODE_FLAG_USE_TIMESTAMP, flag::kUseTimestamp},
    {"WNODE_FLAG_PERSIST_EVENT", WNODE_FLAG_PERSIST_EVENT, flag::kPersistEvent},
    {"WNODE_FLAG_EVENT_REFERENCE", WNODE_FLAG_EVENT_REFERENCE, flag::kEventReference},
    {"WNODE_FLAG_ANSI_INSTANCENAMES", WNODE_FLAG_ANSI_INSTANCENAMES, flag::kAnsiInstanceNames},
    {"WNODE_FLAG_METHOD_ITEM", WNODE_FLAG_METHOD_ITEM, flag::kMethodItem},
    {"WNODE_FLAG_PDO_INSTANCE_NAMES", WNODE_FLAG_PDO_INSTANCE_NAMES, flag::kPdoInstanceNames},
    {"WNODE_FLAG_TRACED_GUID", WNODE_FLAG_TRACED_GUID, flag::kTracedGuid},
    {"WNODE_FLAG_LOG_WNODE", WNODE_FLAG_LOG_WNODE, flag::kLogWnode},
    {"WNODE_FLAG_USE_GUID_PTR", WNODE_FLAG_USE_GUID_PTR, flag::kUseGuidPtr},
    {"WNODE_FLAG_USE_MOF_PTR", WNODE_FLAG_USE_MOF_PTR, flag::kUseMofPtr},
    {"WNODE_FLAG_NO_HEADER", WNODE_FLAG_NO_HEADER, flag::kNoHeader},
    {"WNODE_FLAG_SEND_DATA_BLOCK", WNODE_FLAG_SEND_DATA_BLOCK, flag::kSendDataBlock},
    {"WNODE_FLAG_VERSIONED_PROPERTIES", WNODE_FLAG_VERSIONED_PROPERTIES, flag::kVersionedProperties},
    {"WNODE_FLAG_SEVERITY_MASK", WNODE_FLAG_SEVERITY_MASK, flag::kSeverityMask},
    {"WMIREG_FLAG_EXPENSIVE", WMIREG_FLAG_EXPENSIVE, reg_flag::kExpensive},
    {"WMIREG_FLAG_INSTANCE_LIST", WMIREG_FLAG_INSTANCE_LIST, reg_flag::kInstanceList},
    {"WMIREG_FLAG_INSTANCE_BASENAME", WMIREG_FLAG_INSTANCE_BASENAME, reg_flag::kInstanceBaseName},
    {"WMIREG_FLAG_INSTANCE_PDO", WMIREG_FLAG_INSTANCE_PDO, reg_flag::kInstancePdo},
    {"WMIREG_FLAG_EVENT_ONLY_GUID", WMIREG_FLAG_EVENT_ONLY_GUID, reg_flag::kEventOnlyGuid},
    {"WMIREG_FLAG_TRACE_CONTROL_GUID", WMIREG_FLAG_TRACE_CONTROL_GUID, reg_flag::kTraceControlGuid},
    {"WMIREG_FLAG_REMOVE_GUID", WMIREG_FLAG_REMOVE_GUID, reg_flag::kRemoveGuid},
    {"WMIREG_FLAG_RESERVED1", WMIREG_FLAG_RESERVED1, reg_flag::kReserved1},
    {"WMIREG_FLAG_RESERVED2", WMIREG_FLAG_RESERVED2, reg_flag::kReserved2},
    {"WMIREG_FLAG_TRACED_GUID", WMIREG_FLAG_TRACED_GUID, reg_flag::kTracedGuid},
};

TEST(WireLayoutVsWdk, EveryFlagHasTheSameValueInTheCodecAndTheHeaders) {
  for (const auto& f : kFlags) {
    SCOPED_TRACE(f.name);
    EXPECT_EQ(f.wdk, f.codec);
  }
}

TEST(WireLayoutVsWdk, StructOffsetsAreCheckedAtCompileTime) {
#if UINTPTR_MAX == 0xFFFFFFFFFFFFFFFFull
  SUCCEED() << "the static_asserts above compiled";
#else
  GTEST_SKIP() << "the WDK structs have the x86 layout on a 32-bit host; the codec speaks x64";
#endif
}

}  // namespace
}  // namespace wmiport::wnode
