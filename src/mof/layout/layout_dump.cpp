#include "mof/layout/layout_dump.h"

#include <fmt/format.h>

namespace wmiport::mof {

namespace {

std::string number_or_var(const std::optional<std::uint32_t>& value) {
  return value ? std::to_string(*value) : std::string("var");
}

std::string block_summary(const BlockLayout& layout) {
  if (layout.items.empty())
    return "empty block (0 bytes)";
  if (layout.wmi_size)
    return fmt::format("alignment {}, C sizeof {}, _SIZE {} (no tail padding)", layout.alignment, *layout.c_sizeof,
                       *layout.wmi_size);
  return fmt::format("alignment {}, variable size (at least {} bytes)", layout.alignment, layout.min_size);
}

void render_items(const BlockLayout& layout, const std::string& indent, std::string& out) {
  for (const auto& item : layout.items) {
    out += fmt::format("{}{:>7} {:>6} {:>5} {:>4}  {:<30} {}\n", indent, number_or_var(item.offset),
                       number_or_var(item.size), item.alignment, item.data_id, item.name,
                       describe_item_type(item, layout));
    if (item.embedded) {
      const char* what = item.array == ArrayKind::none ? "" : "each element: ";
      out += fmt::format("{}          {}{}: {}\n", indent, what, item.embedded->name, block_summary(*item.embedded));
      render_items(*item.embedded, indent + "          ", out);
    }
  }
}

const char* block_kind(const Schema& schema, const Class& cls) {
  if (schema.is_event_class(cls))
    return "event block";
  if (cls.qualifiers.has("Dynamic") || cls.qualifiers.has("Static"))
    return "data block";
  return "embedded class";
}

}  // namespace

std::string describe_item_type(const ItemLayout& item, const BlockLayout& block) {
  std::string type = item.type.type == CimType::object ? item.type.class_name : to_string(item.type.type);
  switch (item.array) {
    case ArrayKind::fixed:
      type += fmt::format("[{}]", item.fixed_count);
      break;
    case ArrayKind::sized:
      type += fmt::format("[{}]", block.items[*item.count_item].name);
      break;
    case ArrayKind::none:
      break;
  }
  if (item.type.type == CimType::string && item.max_len)
    type += fmt::format(" MaxLen({}){}", *item.max_len, item.element_size ? " slot" : "");
  return type;
}

std::string render_block_layout(const BlockLayout& layout, const std::string& indent) {
  std::string out = fmt::format("{}{}: {}\n", indent, layout.name, block_summary(layout));
  if (layout.items.empty())
    return out;
  out += fmt::format("{}{:>7} {:>6} {:>5} {:>4}  {:<30} {}\n", indent, "offset", "size", "align", "id", "item", "type");
  render_items(layout, indent, out);
  return out;
}

std::string render_schema_layouts(const Schema& schema, const LayoutOptions& options, int& failures) {
  std::string out = fmt::format("MaxLen strings: {} mode\n",
                                options.string_mode == StringMode::slot ? "slot (2 + 2*MaxLen bytes)" : "compact");
  for (const Class& cls : schema.classes()) {
    if (!cls.is_wmi() || cls.is_amendment())
      continue;
    auto guid = cls.qualifiers.string("guid");
    out += fmt::format("\nclass {} ({}{})\n", cls.name, block_kind(schema, cls),
                       guid ? fmt::format(", guid {}", *guid) : std::string());
    auto layout = layout_class(schema, cls, options);
    if (!layout.ok()) {
      ++failures;
      out += fmt::format("  error: {}\n", layout.error().message());
      continue;
    }
    out += render_block_layout(*layout, "  ");
    for (const Method& method : cls.methods) {
      auto id = method.method_id();
      out += fmt::format("  method {} (WmiMethodId {})\n", method.name, id ? std::to_string(*id) : "none");
      for (Direction direction : {Direction::in, Direction::out}) {
        auto parameters = layout_method_parameters(schema, cls, method, direction, options);
        if (!parameters.ok()) {
          ++failures;
          out += fmt::format("    error: {}\n", parameters.error().message());
          continue;
        }
        out += render_block_layout(*parameters, "    ");
      }
    }
  }
  return out;
}

}  // namespace wmiport::mof
