#include "fuzzing/target_model.h"

#include <algorithm>

#include <fmt/format.h>

#include "wnode/wire_layout.h"

#include "common/utf16.h"

namespace wmiport::fuzzing {

namespace {

void add_class_ids(const SchemaCatalog& catalog, ModelBlock& block) {
  auto found = catalog.find_class(block.guid);
  if (!found)
    return;
  for (const auto& property : found->cls->properties)
    if (auto id = property.data_id())
      block.item_ids.push_back(*id);
  for (const auto& method : found->cls->methods)
    if (auto id = method.method_id())
      block.method_ids.push_back(*id);
}

}  // namespace

TargetModel TargetModel::build(Host& host, const SchemaCatalog* catalog) {
  TargetModel model;
  std::vector<std::uint32_t> provider_ids;
  for (const auto& info : host.list_blocks()) {
    if (std::find(provider_ids.begin(), provider_ids.end(), info.provider_id) == provider_ids.end())
      provider_ids.push_back(info.provider_id);
    auto it = std::find_if(model.blocks_.begin(), model.blocks_.end(),
                           [&](const ModelBlock& b) { return b.guid == info.guid; });
    if (it != model.blocks_.end()) {
      ++it->providers;
      continue;
    }
    ModelBlock block;
    block.guid = info.guid;
    block.flags = info.flags;
    block.dynamic_names = info.dynamic_names;
    block.instance_count = info.instance_count;
    block.instance_names = info.instance_names;
    if (catalog != nullptr)
      add_class_ids(*catalog, block);
    model.blocks_.push_back(std::move(block));
  }
  model.provider_count_ = static_cast<std::uint32_t>(provider_ids.size());
  // Dynamic names are only known by asking: one QUERY_ALL_DATA through the WMI core.
  for (auto& block : model.blocks_) {
    if (!block.dynamic_names || (block.flags & wnode::reg_flag::kEventOnlyGuid) != 0)
      continue;
    auto reply = host.query_all_data(block.guid);
    if (!reply.ok())
      continue;
    for (const auto& instance : reply->instances)
      block.instance_names.push_back(instance.name);
  }
  return model;
}

const ModelBlock* TargetModel::find(const Guid& guid) const {
  for (const auto& block : blocks_)
    if (block.guid == guid)
      return &block;
  return nullptr;
}

TargetModel::NeedKey TargetModel::key(const FuzzRequest& request) {
  std::string instance;
  if (const auto* index = std::get_if<std::uint32_t>(&request.instance))
    instance = fmt::format("#{}", *index);  // not "#" + std::string: GCC 12 -O3 gives a false -Wrestrict there
  else
    instance = utf16_to_utf8(std::get<std::u16string>(request.instance));
  std::uint32_t id = request.op == RequestOp::execute_method ? request.method_id : 0;
  if (request.op == RequestOp::query_all || request.op == RequestOp::reginfo)
    instance.clear();
  return {static_cast<std::uint8_t>(request.op), request.guid, instance, id};
}

std::uint32_t TargetModel::needed(const FuzzRequest& request) const {
  auto it = needed_.find(key(request));
  return it == needed_.end() ? 0 : it->second;
}

void TargetModel::learn_needed(const FuzzRequest& request, std::uint32_t size) {
  needed_[key(request)] = size;
}

}  // namespace wmiport::fuzzing
