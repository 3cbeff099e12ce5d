// One event after resolution, as every subscriber of its GUID receives it. Immutable once built and shared
// (std::shared_ptr<const DeliveredEvent>) by the subscriber queues it is pushed to, so N subscribers cost N
// reference counts instead of N copies of three buffers. A subscriber whose event must carry a CountLost gets a
// private copy with the count stamped into its WNODE (the only per-subscriber difference).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/guid.h"
#include "wmi/consumer_types.h"

namespace wmiport::wmi {

struct DeliveredEvent {
  Guid guid;
  std::uint32_t provider_id = 0;
  // Shared too: every event of one static instance carries the same name.
  std::shared_ptr<const std::u16string> instance_name;
  std::vector<std::uint8_t> data;
  std::vector<std::uint8_t> wnode;  // the delivered WNODE_EVENT_ITEM

  EventView view(std::uint32_t count_lost) const {
    return EventView{
        guid,        provider_id, instance_name ? std::u16string_view(*instance_name) : std::u16string_view(),
        Bytes{data}, count_lost,  Bytes{wnode}};
  }
};

using SharedEvent = std::shared_ptr<const DeliveredEvent>;

// Writes CountLost (WNODE_HEADER offset 16, a union with TimeStamp) into a delivered WNODE.
void stamp_count_lost(std::vector<std::uint8_t>& wnode, std::uint32_t count_lost);

// A copy of `event` whose WNODE carries `count_lost` (non-zero).
SharedEvent with_count_lost(const DeliveredEvent& event, std::uint32_t count_lost);

}  // namespace wmiport::wmi
