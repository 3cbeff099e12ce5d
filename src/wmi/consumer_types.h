// What the WMI core hands back to consumers: raw WNODE bytes exactly as the provider produced them (after
// validation) plus parsed views with instance names attached.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/byte_io.h"
#include "common/guid.h"

namespace wmiport::wmi {

// Addresses one instance: by its name (static or dynamic), or by its position in the GUID's static instance
// list (providers in registration order, each provider's instances in index order).
using InstanceSelector = std::variant<std::u16string, std::uint32_t>;

struct BlockInfo {
  Guid guid;
  std::uint32_t flags = 0;  // WMIREG_FLAG_*
  std::uint32_t provider_id = 0;
  std::uint32_t instance_count = 0;
  bool dynamic_names = false;
  std::vector<std::u16string> instance_names;  // static names (empty for dynamic names)
  std::u16string registry_path;
  std::u16string mof_resource_name;
};

struct InstanceData {
  std::u16string name;
  std::uint32_t provider_id = 0;
  std::vector<std::uint8_t> data;
};

struct AllDataReply {
  std::vector<InstanceData> instances;                     // every provider's instances, merged
  std::vector<std::vector<std::uint8_t>> provider_wnodes;  // each provider's WNODE_ALL_DATA as returned
  std::vector<std::uint8_t> merged_wnode;                  // one WNODE_ALL_DATA with every name in it (dynamic form)
  // Only from the *_sized calls: a provider answered WNODE_TOO_SMALL to the caller's buffer; the bytes needed
  // (summed over providers, each WNODE 8-aligned) and nothing else is filled in.
  std::optional<std::uint32_t> size_needed;
};

struct SingleReply {
  InstanceData instance;
  std::vector<std::uint8_t> wnode;  // the provider's reply WNODE (WNODE_SINGLE_INSTANCE / WNODE_METHOD_ITEM)
  // Only from the *_sized calls: the provider answered WNODE_TOO_SMALL to the caller's buffer. The whole WNODE
  // size for a query, the output data size for a method (its SizeNeeded less the DataBlockOffset).
  std::optional<std::uint32_t> size_needed;
};

struct EventRecord {
  Guid guid;
  std::uint32_t provider_id = 0;
  std::u16string instance_name;  // empty when the event names no instance
  std::vector<std::uint8_t> data;
  std::uint32_t count_lost = 0;     // events this subscriber lost just before this one (also in the WNODE)
  std::vector<std::uint8_t> wnode;  // the delivered WNODE_EVENT_ITEM
};

// An event as a batch callback (Subscription::next_batch) sees it: views into the delivered event, which every
// subscriber of the GUID shares. Valid only during the callback; to_record() copies it out.
struct EventView {
  Guid guid;
  std::uint32_t provider_id = 0;
  std::u16string_view instance_name;
  Bytes data;
  std::uint32_t count_lost = 0;  // as in EventRecord (and in the WNODE when non-zero)
  Bytes wnode;

  EventRecord to_record() const {
    return EventRecord{guid,
                       provider_id,
                       std::u16string(instance_name),
                       {data.begin(), data.end()},
                       count_lost,
                       {wnode.begin(), wnode.end()}};
  }
};

}  // namespace wmiport::wmi
