// Golden cases: a value and the exact bytes the spec's x64 layout gives for it, computed by hand (offsets in
// the comments are from the start of the WNODE / WMIREGINFO; "pad" bytes are alignment padding, always zero).
// The rejection tests derive their bad inputs from these bytes.
#pragma once

#include <string>
#include <vector>

#include "wnode/event_item.h"
#include "wnode/reginfo.h"
#include "wnode/wnode.h"
#include "wnode_test_support.h"

namespace wmiport::wnode::testing {

inline WnodeHeader header_a(std::uint32_t flags = 0, std::uint32_t provider_id = 0) {
  WnodeHeader h;
  h.guid = guid_a();
  h.flags = flags;
  h.provider_id = provider_id;
  return h;
}

struct WnodeGolden {
  std::string name;
  Wnode input;
  ByteVec expected;
};

// --- WNODE_ALL_DATA --------------------------------------------------------------------------------------------

// Two static-name instances of 6 bytes: FIXED_INSTANCE_SIZE, stride ALIGN8(6) = 8 (spec §5.3's example).
inline WnodeGolden all_data_fixed_static() {
  AllData v{header_a(), InstanceSizeLayout::automatic,
            {{std::nullopt, {1, 2, 3, 4, 5, 6}}, {std::nullopt, {7, 8, 9, 10, 11, 12}}}};
  ByteVec bytes{
      // WNODE_HEADER, spelled out once in full
      0x4e, 0x00, 0x00, 0x00,                          //  0 BufferSize = 78
      0x00, 0x00, 0x00, 0x00,                          //  4 ProviderId
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  //  8 HistoricalContext
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // 16 TimeStamp
      WNODE_TEST_GUID_A_BYTES,                         // 24 Guid
      0x00, 0x00, 0x00, 0x00,                          // 40 ClientContext
      0x91, 0x00, 0x00, 0x00,  // 44 Flags = ALL_DATA 0x01 | FIXED_INSTANCE_SIZE 0x10 | STATIC_INSTANCE_NAMES 0x80
      // WNODE_ALL_DATA
      0x40, 0x00, 0x00, 0x00,                          // 48 DataBlockOffset = 64
      0x02, 0x00, 0x00, 0x00,                          // 52 InstanceCount = 2
      0x00, 0x00, 0x00, 0x00,                          // 56 OffsetInstanceNameOffsets (static names: 0)
      0x06, 0x00, 0x00, 0x00,                          // 60 FixedInstanceSize = 6
      0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x00, 0x00,  // 64 instance 0 (6 bytes) + 2 pad
      0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c,              // 72 instance 1 (6 bytes); BufferSize ends here, no tail pad
  };
  return {"all_data_fixed_static", v, bytes};
}

// Static names, sizes 4 and 12: OffsetInstanceDataAndLength[2], each instance 8-aligned.
inline WnodeGolden all_data_variable_static() {
  AllData v{header_a(),
            InstanceSizeLayout::automatic,
            {{std::nullopt, {0xa1, 0xa2, 0xa3, 0xa4}},
             {std::nullopt, {0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb}}}};
  ByteVec bytes = join({header_bytes(100, 0x81),  // ALL_DATA | STATIC_INSTANCE_NAMES
                        {
                            0x50, 0x00, 0x00, 0x00,  // 48 DataBlockOffset = 80
                            0x02, 0x00, 0x00, 0x00,  // 52 InstanceCount = 2
                            0x00, 0x00, 0x00, 0x00,  // 56 OffsetInstanceNameOffsets = 0
                            0x50, 0x00, 0x00, 0x00,  // 60 [0].OffsetInstanceData = 80
                            0x04, 0x00, 0x00, 0x00,  // 64 [0].LengthInstanceData = 4
                            0x58, 0x00, 0x00, 0x00,  // 68 [1].OffsetInstanceData = 88
                            0x0c, 0x00, 0x00, 0x00,  // 72 [1].LengthInstanceData = 12
                            0x00, 0x00, 0x00, 0x00,  // 76 pad to 80
                            0xa1, 0xa2, 0xa3, 0xa4,  // 80 instance 0
                            0x00, 0x00, 0x00, 0x00,  // 84 pad to 88
                            0xb0, 0xb1, 0xb2, 0xb3, 0xb4, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9, 0xba, 0xbb,  // 88 instance 1
                        }});  // 100 = BufferSize
  return {"all_data_variable_static", v, bytes};
}

// Dynamic names "A" and "BC", equal sizes: FIXED layout, name-offset array right after the 64-byte header.
inline WnodeGolden all_data_fixed_dynamic() {
  AllData v{header_a(), InstanceSizeLayout::automatic, {{u"A", {1, 2, 3, 4}}, {u"BC", {5, 6, 7, 8}}}};
  ByteVec bytes = join({header_bytes(100, 0x11),  // ALL_DATA | FIXED_INSTANCE_SIZE
                        {
                            0x58, 0x00, 0x00, 0x00,              // 48 DataBlockOffset = 88
                            0x02, 0x00, 0x00, 0x00,              // 52 InstanceCount = 2
                            0x40, 0x00, 0x00, 0x00,              // 56 OffsetInstanceNameOffsets = 64
                            0x04, 0x00, 0x00, 0x00,              // 60 FixedInstanceSize = 4
                            0x48, 0x00, 0x00, 0x00,              // 64 name offset [0] = 72
                            0x4c, 0x00, 0x00, 0x00,              // 68 name offset [1] = 76
                            0x02, 0x00, 0x41, 0x00,              // 72 "A": count 2, 'A'
                            0x04, 0x00, 0x42, 0x00, 0x43, 0x00,  // 76 "BC": count 4, 'B' 'C'
                            0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // 82 pad to 88
                            0x01, 0x02, 0x03, 0x04, 0x00, 0x00, 0x00, 0x00,  // 88 instance 0 + pad to stride 8
                            0x05, 0x06, 0x07, 0x08,                          // 96 instance 1
                        }});  // 100 = BufferSize
  return {"all_data_fixed_dynamic", v, bytes};
}

// Dynamic names "X" and "YZ", sizes 3 and 8: offset/length array at 60, name-offset array after it.
inline WnodeGolden all_data_variable_dynamic() {
  AllData v{header_a(),
            InstanceSizeLayout::automatic,
            {{u"X", {0xc1, 0xc2, 0xc3}}, {u"YZ", {0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7}}}};
  ByteVec bytes = join({header_bytes(112, 0x01),  // ALL_DATA only: variable sizes, dynamic names
                        {
                            0x60, 0x00, 0x00, 0x00,              // 48 DataBlockOffset = 96
                            0x02, 0x00, 0x00, 0x00,              // 52 InstanceCount = 2
                            0x4c, 0x00, 0x00, 0x00,              // 56 OffsetInstanceNameOffsets = 76
                            0x60, 0x00, 0x00, 0x00,              // 60 [0].OffsetInstanceData = 96
                            0x03, 0x00, 0x00, 0x00,              // 64 [0].LengthInstanceData = 3
                            0x68, 0x00, 0x00, 0x00,              // 68 [1].OffsetInstanceData = 104
                            0x08, 0x00, 0x00, 0x00,              // 72 [1].LengthInstanceData = 8
                            0x54, 0x00, 0x00, 0x00,              // 76 name offset [0] = 84
                            0x58, 0x00, 0x00, 0x00,              // 80 name offset [1] = 88
                            0x02, 0x00, 0x58, 0x00,              // 84 "X"
                            0x04, 0x00, 0x59, 0x00, 0x5a, 0x00,  // 88 "YZ"
                            0x00, 0x00,                          // 94 pad to 96
                            0xc1, 0xc2, 0xc3,                    // 96 instance 0
                            0x00, 0x00, 0x00, 0x00, 0x00,        // 99 pad to 104
                            0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7,  // 104 instance 1
                        }});  // 112 = BufferSize
  return {"all_data_variable_dynamic", v, bytes};
}

// No instances: variable layout with an empty array; data would start at ALIGN8(60) = 64.
inline WnodeGolden all_data_empty() {
  AllData v{header_a(), InstanceSizeLayout::automatic, {}};
  ByteVec bytes = join({header_bytes(64, 0x81),
                        {
                            0x40, 0x00, 0x00, 0x00,  // 48 DataBlockOffset = 64
                            0x00, 0x00, 0x00, 0x00,  // 52 InstanceCount = 0
                            0x00, 0x00, 0x00, 0x00,  // 56 OffsetInstanceNameOffsets = 0
                            0x00, 0x00, 0x00, 0x00,  // 60 (empty OffsetInstanceDataAndLength[]) pad to 64
                        }});
  return {"all_data_empty", v, bytes};
}

// --- WNODE_SINGLE_INSTANCE ---------------------------------------------------------------------------------------

inline WnodeGolden single_instance_static() {
  SingleInstance v{header_a(), std::nullopt, 5, {0xe1, 0xe2, 0xe3}};
  ByteVec bytes = join({header_bytes(67, 0x82),  // SINGLE_INSTANCE | STATIC_INSTANCE_NAMES
                        {
                            0x00, 0x00, 0x00, 0x00,  // 48 OffsetInstanceName = 0 (static)
                            0x05, 0x00, 0x00, 0x00,  // 52 InstanceIndex = 5
                            0x40, 0x00, 0x00, 0x00,  // 56 DataBlockOffset = 64
                            0x03, 0x00, 0x00, 0x00,  // 60 SizeDataBlock = 3
                            0xe1, 0xe2, 0xe3,        // 64 data
                        }});
  return {"single_instance_static", v, bytes};
}

inline WnodeGolden single_instance_dynamic() {
  SingleInstance v{header_a(), u"Dev", 0, {1, 2, 3, 4}};
  ByteVec bytes = join({header_bytes(76, 0x02),  // SINGLE_INSTANCE
                        {
                            0x40, 0x00, 0x00, 0x00,                          // 48 OffsetInstanceName = 64
                            0x00, 0x00, 0x00, 0x00,                          // 52 InstanceIndex = 0
                            0x48, 0x00, 0x00, 0x00,                          // 56 DataBlockOffset = 72
                            0x04, 0x00, 0x00, 0x00,                          // 60 SizeDataBlock = 4
                            0x06, 0x00, 0x44, 0x00, 0x65, 0x00, 0x76, 0x00,  // 64 "Dev" (6 bytes), ends at 72
                            0x01, 0x02, 0x03, 0x04,                          // 72 data
                        }});
  return {"single_instance_dynamic", v, bytes};
}

// --- WNODE_SINGLE_ITEM -------------------------------------------------------------------------------------------

inline WnodeGolden single_item_static() {
  SingleItem v{header_a(), std::nullopt, 1, 2, {0xf1, 0xf2}};
  ByteVec bytes = join({header_bytes(74, 0x84),  // SINGLE_ITEM | STATIC_INSTANCE_NAMES
                        {
                            0x00, 0x00, 0x00, 0x00,  // 48 OffsetInstanceName = 0
                            0x01, 0x00, 0x00, 0x00,  // 52 InstanceIndex = 1
                            0x02, 0x00, 0x00, 0x00,  // 56 ItemId = 2
                            0x48, 0x00, 0x00, 0x00,  // 60 DataBlockOffset = 72
                            0x02, 0x00, 0x00, 0x00,  // 64 SizeDataItem = 2
                            0x00, 0x00, 0x00, 0x00,  // 68 VariableData: pad to sizeof = 72
                            0xf1, 0xf2,              // 72 item
                        }});
  return {"single_item_static", v, bytes};
}

inline WnodeGolden single_item_dynamic() {
  SingleItem v{header_a(), u"Q", 0, 3, {0x99}};
  ByteVec bytes = join({header_bytes(81, 0x04),  // SINGLE_ITEM
                        {
                            0x48, 0x00, 0x00, 0x00,  // 48 OffsetInstanceName = 72
                            0x00, 0x00, 0x00, 0x00,  // 52 InstanceIndex = 0
                            0x03, 0x00, 0x00, 0x00,  // 56 ItemId = 3
                            0x50, 0x00, 0x00, 0x00,  // 60 DataBlockOffset = 80
                            0x01, 0x00, 0x00, 0x00,  // 64 SizeDataItem = 1
                            0x00, 0x00, 0x00, 0x00,  // 68 pad to 72
                            0x02, 0x00, 0x51, 0x00,  // 72 "Q"
                            0x00, 0x00, 0x00, 0x00,  // 76 pad to 80
                            0x99,                    // 80 item
                        }});
  return {"single_item_dynamic", v, bytes};
}

// --- WNODE_METHOD_ITEM -------------------------------------------------------------------------------------------

inline WnodeGolden method_item_static() {
  MethodItem v{header_a(), std::nullopt, 0, 7, {0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17}};
  ByteVec bytes = join({header_bytes(80, 0x8080),  // METHOD_ITEM 0x8000 | STATIC_INSTANCE_NAMES
                        {
                            0x00, 0x00, 0x00, 0x00,                          // 48 OffsetInstanceName = 0
                            0x00, 0x00, 0x00, 0x00,                          // 52 InstanceIndex = 0
                            0x07, 0x00, 0x00, 0x00,                          // 56 MethodId = 7
                            0x48, 0x00, 0x00, 0x00,                          // 60 DataBlockOffset = 72
                            0x08, 0x00, 0x00, 0x00,                          // 64 SizeDataBlock = 8
                            0x00, 0x00, 0x00, 0x00,                          // 68 pad to 72
                            0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,  // 72 input parameters
                        }});
  return {"method_item_static", v, bytes};
}

inline WnodeGolden method_item_dynamic() {
  MethodItem v{header_a(), u"M1", 0, 1, {}};
  ByteVec bytes = join({header_bytes(80, 0x8000),  // METHOD_ITEM
                        {
                            0x48, 0x00, 0x00, 0x00,              // 48 OffsetInstanceName = 72
                            0x00, 0x00, 0x00, 0x00,              // 52 InstanceIndex = 0
                            0x01, 0x00, 0x00, 0x00,              // 56 MethodId = 1
                            0x50, 0x00, 0x00, 0x00,              // 60 DataBlockOffset = 80
                            0x00, 0x00, 0x00, 0x00,              // 64 SizeDataBlock = 0 (no input)
                            0x00, 0x00, 0x00, 0x00,              // 68 pad to 72
                            0x04, 0x00, 0x4d, 0x00, 0x31, 0x00,  // 72 "M1"
                            0x00, 0x00,                          // 78 pad to 80 = DataBlockOffset = BufferSize
                        }});
  return {"method_item_dynamic", v, bytes};
}

// --- WNODE_EVENT_REFERENCE ---------------------------------------------------------------------------------------

inline WnodeGolden event_reference_static() {
  EventReference v{header_a(), guid_b(), 0x400, std::nullopt, 3};
  ByteVec bytes = join({header_bytes(72, 0x2080),  // EVENT_REFERENCE 0x2000 | STATIC_INSTANCE_NAMES
                        {
                            WNODE_TEST_GUID_B_BYTES,  // 48 TargetGuid
                            0x00, 0x04, 0x00, 0x00,   // 64 TargetDataBlockSize = 1024
                            0x03, 0x00, 0x00, 0x00,   // 68 TargetInstanceIndex = 3
                        }});
  return {"event_reference_static", v, bytes};
}

inline WnodeGolden event_reference_dynamic() {
  EventReference v{header_a(), guid_b(), 0x400, u"Ab", 0};
  ByteVec bytes = join({header_bytes(74, 0x2000),  // EVENT_REFERENCE
                        {
                            WNODE_TEST_GUID_B_BYTES,             // 48 TargetGuid
                            0x00, 0x04, 0x00, 0x00,              // 64 TargetDataBlockSize = 1024
                            0x04, 0x00, 0x41, 0x00, 0x62, 0x00,  // 68 TargetInstanceName "Ab" (counted)
                        }});
  return {"event_reference_dynamic", v, bytes};
}

// --- WNODE_TOO_SMALL ---------------------------------------------------------------------------------------------

inline WnodeGolden too_small_golden() {
  TooSmall v{header_a(), 0x1f0};
  ByteVec bytes = join({header_bytes(56, 0x20),  // TOO_SMALL
                        {
                            0xf0, 0x01, 0x00, 0x00,  // 48 SizeNeeded = 0x1F0
                            0x00, 0x00, 0x00, 0x00,  // 52 pad to sizeof = 56
                        }});
  return {"too_small", v, bytes};
}

inline std::vector<WnodeGolden> wnode_goldens() {
  return {all_data_fixed_static(),  all_data_variable_static(), all_data_fixed_dynamic(),
          all_data_variable_dynamic(), all_data_empty(),        single_instance_static(),
          single_instance_dynamic(), single_item_static(),       single_item_dynamic(),
          method_item_static(),      method_item_dynamic(),      event_reference_static(),
          event_reference_dynamic(), too_small_golden()};
}

// --- WNODE_EVENT_ITEM --------------------------------------------------------------------------------------------

struct EventGolden {
  std::string name;
  EventItem input;
  ByteVec expected;
};

inline std::vector<EventGolden> event_goldens() {
  return {
      // What WmiFireEvent sends (spec §4.3): SINGLE_INSTANCE | EVENT_ITEM | STATIC_INSTANCE_NAMES, data at 64.
      {"event_single_instance",
       EventItem{SingleInstance{header_a(0, 0x1234), std::nullopt, 0, {0xaa, 0xbb, 0xcc, 0xdd}}},
       join({header_bytes(68, 0x8a, 0x1234),
             {
                 0x00, 0x00, 0x00, 0x00,  // 48 OffsetInstanceName = 0
                 0x00, 0x00, 0x00, 0x00,  // 52 InstanceIndex = 0
                 0x40, 0x00, 0x00, 0x00,  // 56 DataBlockOffset = 64
                 0x04, 0x00, 0x00, 0x00,  // 60 SizeDataBlock = 4
                 0xaa, 0xbb, 0xcc, 0xdd,  // 64 event data
             }})},
      {"event_all_data",
       EventItem{AllData{header_a(), InstanceSizeLayout::automatic, {{std::nullopt, {1, 2, 3, 4, 5, 6, 7, 8}}}}},
       join({header_bytes(72, 0x99),  // ALL_DATA | EVENT_ITEM | FIXED_INSTANCE_SIZE | STATIC_INSTANCE_NAMES
             {
                 0x40, 0x00, 0x00, 0x00,                          // 48 DataBlockOffset = 64
                 0x01, 0x00, 0x00, 0x00,                          // 52 InstanceCount = 1
                 0x00, 0x00, 0x00, 0x00,                          // 56 OffsetInstanceNameOffsets = 0
                 0x08, 0x00, 0x00, 0x00,                          // 60 FixedInstanceSize = 8
                 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,  // 64 instance 0
             }})},
      {"event_single_item",
       EventItem{SingleItem{header_a(), u"E", 0, 4, {0x42}}},
       join({header_bytes(81, 0x0c),  // SINGLE_ITEM | EVENT_ITEM
             {
                 0x48, 0x00, 0x00, 0x00,  // 48 OffsetInstanceName = 72
                 0x00, 0x00, 0x00, 0x00,  // 52 InstanceIndex = 0
                 0x04, 0x00, 0x00, 0x00,  // 56 ItemId = 4
                 0x50, 0x00, 0x00, 0x00,  // 60 DataBlockOffset = 80
                 0x01, 0x00, 0x00, 0x00,  // 64 SizeDataItem = 1
                 0x00, 0x00, 0x00, 0x00,  // 68 pad to 72
                 0x02, 0x00, 0x45, 0x00,  // 72 "E"
                 0x00, 0x00, 0x00, 0x00,  // 76 pad to 80
                 0x42,                    // 80 item
             }})},
  };
}

// --- WMIREGINFO --------------------------------------------------------------------------------------------------

struct RegInfoGolden {
  std::string name;
  std::vector<RegInfo> input;  // one element, or a chain
  ByteVec expected;
};

// PDO-named block and a base-named block; strings in the order MofResourceName, RegistryPath, base names.
inline RegInfoGolden reginfo_pdo_and_basename() {
  RegInfo v;
  v.registry_path = u"R";
  v.mof_resource_name = u"M";
  v.guids = {RegGuid{guid_a(), 0x20, 1, 0xffff800012345678ull, std::nullopt, {}},
             RegGuid{guid_b(), 0x08, 2, 0, u"B", {}}};
  ByteVec bytes{
      0x64, 0x00, 0x00, 0x00,                          //  0 BufferSize = 100
      0x00, 0x00, 0x00, 0x00,                          //  4 NextWmiRegInfo = 0
      0x5c, 0x00, 0x00, 0x00,                          //  8 RegistryPath = 92
      0x58, 0x00, 0x00, 0x00,                          // 12 MofResourceName = 88
      0x02, 0x00, 0x00, 0x00,                          // 16 GuidCount = 2
      0x00, 0x00, 0x00, 0x00,                          // 20 pad: WmiRegGuid[] is 8-aligned on x64
      WNODE_TEST_GUID_A_BYTES,                         // 24 [0].Guid
      0x20, 0x00, 0x00, 0x00,                          // 40 [0].Flags = INSTANCE_PDO
      0x01, 0x00, 0x00, 0x00,                          // 44 [0].InstanceCount = 1
      0x78, 0x56, 0x34, 0x12, 0x00, 0x80, 0xff, 0xff,  // 48 [0].Pdo (ULONG_PTR, 64-bit)
      WNODE_TEST_GUID_B_BYTES,                         // 56 [1].Guid
      0x08, 0x00, 0x00, 0x00,                          // 72 [1].Flags = INSTANCE_BASENAME
      0x02, 0x00, 0x00, 0x00,                          // 76 [1].InstanceCount = 2
      0x60, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // 80 [1].BaseNameOffset = 96 (upper half of the union 0)
      0x02, 0x00, 0x4d, 0x00,                          // 88 MofResourceName "M"
      0x02, 0x00, 0x52, 0x00,                          // 92 RegistryPath "R"
      0x02, 0x00, 0x42, 0x00,                          // 96 base name "B"; 100 = BufferSize
  };
  return {"reginfo_pdo_and_basename", {v}, bytes};
}

// A static name list (INSTANCE_LIST): InstanceCount counted strings back to back; no path, no MOF name.
inline RegInfoGolden reginfo_instance_list() {
  RegInfo v;
  v.guids = {RegGuid{guid_a(), 0x05, 2, 0, std::nullopt, {u"a", u"bc"}}};
  ByteVec bytes{
      0x42, 0x00, 0x00, 0x00,                          //  0 BufferSize = 66
      0x00, 0x00, 0x00, 0x00,                          //  4 NextWmiRegInfo = 0
      0x00, 0x00, 0x00, 0x00,                          //  8 RegistryPath = 0 (absent)
      0x00, 0x00, 0x00, 0x00,                          // 12 MofResourceName = 0 (absent)
      0x01, 0x00, 0x00, 0x00,                          // 16 GuidCount = 1
      0x00, 0x00, 0x00, 0x00,                          // 20 pad
      WNODE_TEST_GUID_A_BYTES,                         // 24 [0].Guid
      0x05, 0x00, 0x00, 0x00,                          // 40 [0].Flags = EXPENSIVE | INSTANCE_LIST
      0x02, 0x00, 0x00, 0x00,                          // 44 [0].InstanceCount = 2
      0x38, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // 48 [0].InstanceNameList = 56
      0x02, 0x00, 0x61, 0x00,                          // 56 "a"
      0x04, 0x00, 0x62, 0x00, 0x63, 0x00,              // 60 "bc"; 66 = BufferSize
  };
  return {"reginfo_instance_list", {v}, bytes};
}

// Two WMIREGINFOs chained: the second starts at ALIGN8(60) = 64, NextWmiRegInfo = 64.
inline RegInfoGolden reginfo_chain() {
  RegInfo first;
  first.registry_path = u"P";
  first.guids = {RegGuid{guid_b(), 0x40, 1, 0, std::nullopt, {}}};  // EVENT_ONLY_GUID, dynamic names
  RegInfo second;
  second.mof_resource_name = u"M";
  second.guids = {RegGuid{guid_a(), 0x20, 1, 0x1000, std::nullopt, {}}};
  ByteVec bytes{
      // WMIREGINFO[0] at 0
      0x3c, 0x00, 0x00, 0x00,                          //  0 BufferSize = 60
      0x40, 0x00, 0x00, 0x00,                          //  4 NextWmiRegInfo = 64
      0x38, 0x00, 0x00, 0x00,                          //  8 RegistryPath = 56
      0x00, 0x00, 0x00, 0x00,                          // 12 MofResourceName = 0
      0x01, 0x00, 0x00, 0x00,                          // 16 GuidCount = 1
      0x00, 0x00, 0x00, 0x00,                          // 20 pad
      WNODE_TEST_GUID_B_BYTES,                         // 24 [0].Guid
      0x40, 0x00, 0x00, 0x00,                          // 40 [0].Flags = EVENT_ONLY_GUID
      0x01, 0x00, 0x00, 0x00,                          // 44 [0].InstanceCount = 1
      0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // 48 [0].InstanceInfo = 0
      0x02, 0x00, 0x50, 0x00,                          // 56 RegistryPath "P"; 60 = BufferSize
      0x00, 0x00, 0x00, 0x00,                          // 60 pad to 64
      // WMIREGINFO[1] at 64 (offsets below relative to 64)
      0x3c, 0x00, 0x00, 0x00,                          // +0 BufferSize = 60
      0x00, 0x00, 0x00, 0x00,                          // +4 NextWmiRegInfo = 0: end of chain
      0x00, 0x00, 0x00, 0x00,                          // +8 RegistryPath = 0
      0x38, 0x00, 0x00, 0x00,                          // +12 MofResourceName = 56
      0x01, 0x00, 0x00, 0x00,                          // +16 GuidCount = 1
      0x00, 0x00, 0x00, 0x00,                          // +20 pad
      WNODE_TEST_GUID_A_BYTES,                         // +24 [0].Guid
      0x20, 0x00, 0x00, 0x00,                          // +40 [0].Flags = INSTANCE_PDO
      0x01, 0x00, 0x00, 0x00,                          // +44 [0].InstanceCount = 1
      0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,  // +48 [0].Pdo = 0x1000
      0x02, 0x00, 0x4d, 0x00,                          // +56 MofResourceName "M"; +60 = BufferSize
  };
  return {"reginfo_chain", {first, second}, bytes};
}

inline std::vector<RegInfoGolden> reginfo_goldens() {
  return {reginfo_pdo_and_basename(), reginfo_instance_list(), reginfo_chain()};
}

}  // namespace wmiport::wnode::testing
