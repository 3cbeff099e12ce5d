// What the request generator knows about the driver under test: its registered blocks (GUIDs, flags, instance
// names, how many providers), item and method ids from its MOF when one is given, and the buffer sizes the
// driver asked for so far (so "needed - 1" and friends can be aimed). Built from the first Host that loads the
// driver and kept across Hosts: it holds no pointers into one.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "common/guid.h"
#include "fuzzing/fuzz_request.h"
#include "wmiport/host.h"
#include "wmiport/schema_catalog.h"

namespace wmiport::fuzzing {

struct ModelBlock {
  Guid guid;
  std::uint32_t flags = 0;  // WMIREG_FLAG_* of the first provider
  bool dynamic_names = false;
  std::uint32_t instance_count = 0;            // per provider (the first one's)
  std::vector<std::u16string> instance_names;  // static names, or names learned from a QUERY_ALL_DATA
  std::uint32_t providers = 1;
  std::vector<std::uint32_t> item_ids;    // WmiDataId of the class (MOF given), else empty
  std::vector<std::uint32_t> method_ids;  // WmiMethodId of the class (MOF given), else empty
};

class TargetModel {
 public:
  static TargetModel build(Host& host, const SchemaCatalog* catalog);

  bool empty() const { return blocks_.empty(); }
  const std::vector<ModelBlock>& blocks() const { return blocks_; }
  const ModelBlock* find(const Guid& guid) const;
  std::uint32_t provider_count() const { return provider_count_; }

  // BufferSize that would have satisfied the request (0: unknown yet).
  std::uint32_t needed(const FuzzRequest& request) const;
  void learn_needed(const FuzzRequest& request, std::uint32_t size);

 private:
  using NeedKey = std::tuple<std::uint8_t, Guid, std::string, std::uint32_t>;
  static NeedKey key(const FuzzRequest& request);

  std::vector<ModelBlock> blocks_;
  std::uint32_t provider_count_ = 0;
  std::map<NeedKey, std::uint32_t> needed_;
};

}  // namespace wmiport::fuzzing
