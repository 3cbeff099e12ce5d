// Builds BlockLayouts from classes and method parameter lists (spec mof-and-layout §3.3, §3.6).
//
// One builder per public call: it caches the layouts of embedded classes and keeps the chain of classes being
// laid out, so that a class embedding itself (directly or through others) is an error instead of endless
// recursion.
#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "common/checked_math.h"
#include "mof/layout/item_bounds.h"
#include "mof/layout/layout.h"

namespace wmiport::mof {

namespace {

// One property or parameter that belongs to the block, with its position key.
struct ItemSource {
  const Property* property = nullptr;
  std::uint32_t data_id = 0;
};

std::string lower(std::string_view text) {
  std::string out(text);
  for (char& c : out)
    c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

// "file:line:column: " when the declaration has a location (hand-built schemas may not).
std::string location_prefix(const SourceLocation& where) {
  return where.file.empty() ? std::string() : to_string(where) + ": ";
}

Error layout_error(const SourceLocation& where, std::string_view block, std::string_view item, std::string_view what) {
  return Error(ntstatus::invalid_parameter, fmt::format("{}{}.{}: {}", location_prefix(where), block, item, what));
}

class LayoutBuilder {
 public:
  LayoutBuilder(const Schema& schema, const LayoutOptions& options) : schema_(schema), options_(options) {}

  Result<BlockLayout> class_block(const Class& cls) {
    const std::string key = lower(cls.name);
    if (std::find(active_.begin(), active_.end(), key) != active_.end())
      return Error(ntstatus::invalid_parameter,
                   fmt::format("{}{}: class embeds itself (through {})", location_prefix(cls.where), cls.name,
                               fmt::join(active_, " -> ")));
    active_.push_back(key);
    auto sources = class_items(cls);
    auto result = sources.ok() ? block(cls.name, std::move(sources).value(), /*contiguous_ids=*/true)
                               : Result<BlockLayout>(std::move(sources).error());
    active_.pop_back();
    return result;
  }

  Result<BlockLayout> method_block(const Method& method, Direction direction) {
    std::vector<ItemSource> sources;
    for (const auto& parameter : method.parameters) {
      const bool wanted = direction == Direction::in ? parameter.in : parameter.out;
      if (wanted)
        sources.push_back({&parameter, parameter.id + 1});
    }
    const char* suffix = direction == Direction::in ? "_IN" : "_OUT";
    return block(method.name + suffix, std::move(sources), /*contiguous_ids=*/false);
  }

 private:
  // The WmiDataId items of the class and of its superclasses in the schema, a derived declaration replacing an
  // inherited one of the same name. InstanceName and Active are never part of the block (§3.1).
  Result<std::vector<ItemSource>> class_items(const Class& cls) {
    std::vector<ItemSource> sources;
    auto chain = schema_.lineage(cls);
    if (chain.empty() || chain.front() != &cls)
      chain.insert(chain.begin(), &cls);  // a class not (or not yet) stored in the schema
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      for (const auto& property : (*it)->properties) {
        if (equals_ignore_case(property.name, "InstanceName") || equals_ignore_case(property.name, "Active"))
          continue;
        auto existing = std::find_if(sources.begin(), sources.end(), [&](const ItemSource& s) {
          return equals_ignore_case(s.property->name, property.name);
        });
        if (existing != sources.end())
          sources.erase(existing);
        if (auto id = property.data_id())
          sources.push_back({&property, *id});
        else if (property.qualifiers.has("WmiDataId"))
          return layout_error(property.where, cls.name, property.name, "WmiDataId must be an integer from 1");
      }
    }
    return sources;
  }

  Result<BlockLayout> block(const std::string& name, std::vector<ItemSource> sources, bool contiguous_ids) {
    std::stable_sort(sources.begin(), sources.end(),
                     [](const ItemSource& a, const ItemSource& b) { return a.data_id < b.data_id; });
    for (std::size_t i = 0; i < sources.size(); ++i) {
      const auto& source = sources[i];
      if (i > 0 && sources[i - 1].data_id == source.data_id)
        return layout_error(
            source.property->where, name, source.property->name,
            fmt::format("{} {} is also used by {}", contiguous_ids ? "WmiDataId" : "parameter ID",
                        contiguous_ids ? source.data_id : source.data_id - 1, sources[i - 1].property->name));
      if (contiguous_ids && source.data_id != i + 1)
        return layout_error(source.property->where, name, source.property->name,
                            fmt::format("WmiDataId {} leaves a gap: the ids must be contiguous from 1 (expected {})",
                                        source.data_id, i + 1));
    }

    BlockLayout layout;
    layout.name = name;
    std::optional<std::uint32_t> cursor = 0;  // end of the previous item while every offset is fixed
    std::uint64_t min_cursor = 0;
    for (const auto& source : sources) {
      WMIPORT_ASSIGN_OR_RETURN(ItemLayout item, item_layout(name, *source.property, layout.items));
      item.data_id = source.data_id;
      layout.alignment = std::max(layout.alignment, item.alignment);
      if (cursor) {
        auto offset = checked_align_up(*cursor, item.alignment);
        if (!offset)
          return too_large(name, *source.property);
        item.offset = *offset;
        cursor = item.size ? checked_add(*offset, *item.size) : std::nullopt;
        if (item.size && !cursor)
          return too_large(name, *source.property);
      }
      auto min_offset = checked_align_up(min_cursor, item.alignment);
      auto min_end = min_offset ? checked_add(*min_offset, min_item_size(item)) : std::nullopt;
      if (!min_end)
        return too_large(name, *source.property);
      min_cursor = *min_end;
      layout.items.push_back(std::move(item));
    }
    layout.min_size = static_cast<std::uint32_t>(min_cursor);
    if (cursor) {
      auto padded = checked_align_up(*cursor, layout.alignment);
      if (!padded)
        return Error(ntstatus::invalid_parameter, fmt::format("{}: the block is larger than 4 GiB", name));
      layout.wmi_size = *cursor;
      layout.c_sizeof = *padded;
    }
    return layout;
  }

  static Error too_large(std::string_view block, const Property& property) {
    return layout_error(property.where, block, property.name, "the block grows beyond 4 GiB");
  }

  // The fewest bytes the item can occupy: bounds what a decoder may allocate for it.
  static std::uint64_t min_item_size(const ItemLayout& item) {
    if (item.size)
      return *item.size;
    if (item.array == ArrayKind::sized)
      return 0;
    const std::uint64_t element = min_element_size(item);
    return item.array == ArrayKind::fixed ? element * item.fixed_count : element;
  }

 private:
  Result<ItemLayout> item_layout(const std::string& block_name, const Property& property,
                                 const std::vector<ItemLayout>& earlier) {
    ItemLayout item;
    item.name = property.name;
    item.type = property.type;
    item.where = property.where;
    item.max_len = property.max_len();
    if (property.type.type == CimType::reference)
      return layout_error(property.where, block_name, property.name, "references cannot be part of a WMI data block");

    WMIPORT_TRY(element_layout(block_name, property, item));

    if (property.is_array) {
      if (auto target = property.size_is()) {
        auto found = std::find_if(earlier.begin(), earlier.end(),
                                  [&](const ItemLayout& e) { return equals_ignore_case(e.name, *target); });
        if (found == earlier.end())
          return layout_error(property.where, block_name, property.name,
                              fmt::format("WmiSizeIs(\"{}\") must name an earlier item of the same block", *target));
        if (!is_integer_type(found->type.type) || found->array != ArrayKind::none)
          return layout_error(property.where, block_name, property.name,
                              fmt::format("WmiSizeIs(\"{}\") names a {}, not an integer", *target,
                                          found->array != ArrayKind::none ? "an array" : to_string(found->type.type)));
        item.array = ArrayKind::sized;
        item.count_item = static_cast<std::size_t>(found - earlier.begin());
      } else if (property.fixed_count) {
        item.array = ArrayKind::fixed;
        item.fixed_count = *property.fixed_count;
      } else {
        return layout_error(property.where, block_name, property.name,
                            "an array in a WMI block needs a fixed size ([N] or MAX(N)) or WmiSizeIs");
      }
      if (item.embedded && item.embedded->min_size == 0)
        return layout_error(property.where, block_name, property.name,
                            fmt::format("an array of {}, which has no data items", item.type.class_name));
    }

    if (item.element_size) {
      if (item.array == ArrayKind::none) {
        item.size = item.element_size;
      } else if (item.array == ArrayKind::fixed) {
        item.size = checked_mul(*item.element_size, item.fixed_count);
        if (!item.size)
          return too_large(block_name, property);
      }
    }
    return item;
  }

  // Fills alignment, element_size and embedded for the element type of the item.
  Status element_layout(const std::string& block_name, const Property& property, ItemLayout& item) {
    switch (property.type.type) {
      case CimType::string: {
        item.alignment = 2;
        if (item.max_len && options_.string_mode == StringMode::slot) {
          if (*item.max_len > 0x7FFF)
            return layout_error(property.where, block_name, property.name,
                                fmt::format("MaxLen({}) does not fit a USHORT byte count in slot mode", *item.max_len));
          item.element_size = 2 + 2 * *item.max_len;
        }
        return ok_status();
      }
      case CimType::object: {
        if (property.type.class_name.empty())
          return layout_error(property.where, block_name, property.name,
                              "an untyped object cannot be laid out; name its class");
        WMIPORT_ASSIGN_OR_RETURN(auto embedded, embedded_layout(block_name, property));
        item.alignment = embedded->alignment;
        item.element_size = embedded->c_sizeof;
        item.embedded = std::move(embedded);
        return ok_status();
      }
      default:
        item.alignment = scalar_alignment(property.type.type);
        item.element_size = scalar_size(property.type.type);
        return ok_status();
    }
  }

  Result<std::shared_ptr<const BlockLayout>> embedded_layout(const std::string& block_name, const Property& property) {
    const std::string key = lower(property.type.class_name);
    if (auto cached = cache_.find(key); cached != cache_.end())
      return cached->second;
    const Class* embedded = schema_.find_class(property.type.class_name);
    if (!embedded)
      return layout_error(property.where, block_name, property.name,
                          fmt::format("embedded class {} is not declared", property.type.class_name));
    auto nested = class_block(*embedded);
    if (!nested.ok())
      return layout_error(property.where, block_name, property.name,
                          fmt::format("embedded class {}: {}", embedded->name, nested.error().message()));
    auto shared = std::make_shared<const BlockLayout>(std::move(nested).value());
    cache_.emplace(key, shared);
    return shared;
  }

  const Schema& schema_;
  const LayoutOptions& options_;
  std::vector<std::string> active_;  // lower-cased names of the classes being laid out, outermost first
  std::map<std::string, std::shared_ptr<const BlockLayout>> cache_;
};

}  // namespace

Result<BlockLayout> layout_class(const Schema& schema, const Class& cls, const LayoutOptions& options) {
  return LayoutBuilder(schema, options).class_block(cls);
}

Result<BlockLayout> layout_method_parameters(const Schema& schema, const Class& cls, const Method& method,
                                             Direction direction, const LayoutOptions& options) {
  (void)cls;  // parameters are self-contained; kept for error context and future inherited methods
  return LayoutBuilder(schema, options).method_block(method, direction);
}

}  // namespace wmiport::mof
