// The path of the item being decoded or encoded ("PerfInfo[3].BytesRead"), kept as a chain of stack frames and
// rendered only when an error needs it, so the happy path builds no strings.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace wmiport::mof {

struct ItemPath {
  const ItemPath* parent = nullptr;
  std::string_view name;               // the item's name (empty for an array element frame)
  std::optional<std::uint64_t> index;  // set for an array element frame

  ItemPath item(std::string_view item_name) const { return ItemPath{this, item_name, std::nullopt}; }
  ItemPath element(std::uint64_t i) const { return ItemPath{this, {}, i}; }

  std::string to_string() const {
    std::string prefix = parent ? parent->to_string() : std::string();
    if (index)
      return fmt::format("{}[{}]", prefix, *index);
    if (name.empty())
      return prefix;
    return prefix.empty() ? std::string(name) : fmt::format("{}.{}", prefix, name);
  }
};

}  // namespace wmiport::mof
