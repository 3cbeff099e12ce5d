#include "mof/syntax/wmi_checks.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include <fmt/format.h>

#include "mof/syntax/names.h"
#include "mof/syntax/wmi_checker.h"

namespace wmiport::mof {

std::vector<Diagnostic> check_wmi_schema(const Schema& schema, const CheckLimits& limits) {
  return syntax::WmiChecker(schema, limits).run();
}

}  // namespace wmiport::mof

namespace wmiport::mof::syntax {

namespace {

bool is_instance_name_or_active(const Property& property) {
  return equals_ignore_case(property.name, "InstanceName") || equals_ignore_case(property.name, "Active");
}

}  // namespace

std::string describe_property(const Class& cls, const Property& property) {
  return fmt::format("property '{}' of class '{}'", property.name, cls.name);
}

std::string describe_parameter(const Method& method, const Property& parameter) {
  return fmt::format("parameter '{}' of method '{}'", parameter.name, method.name);
}

void WmiChecker::error(const SourceLocation& where, std::string message, std::string rule) {
  if (stopped_)
    return;
  found_.push_back({Diagnostic::Severity::error, where, std::move(message), std::move(rule)});
  if (++errors_ >= limits_.max_errors) {
    found_.push_back(
        {Diagnostic::Severity::error, where, fmt::format("too many errors ({}), the WMI checks stopped", errors_), {}});
    stopped_ = true;
  }
}

void WmiChecker::warning(const SourceLocation& where, std::string message, std::string rule) {
  if (!stopped_ && warnings_++ < limits_.max_warnings)
    found_.push_back({Diagnostic::Severity::warning, where, std::move(message), std::move(rule)});
}

std::vector<Diagnostic> WmiChecker::run() {
  std::unordered_map<Guid, const Class*> guid_owners;
  for (const Class& cls : schema_.classes()) {
    check_superclass_cycle(cls);
    if (!cls.is_wmi() || cls.is_amendment())
      continue;
    check_guid(cls);
    if (auto guid = cls.guid()) {
      auto [it, inserted] = guid_owners.emplace(*guid, &cls);
      if (!inserted)
        warning(cls.where,
                fmt::format("class '{}' has the same guid as class '{}' (at {}:{}); WMI registers one block per GUID",
                            cls.name, it->second->name, it->second->where.line, it->second->where.column),
                "wmi-guid-duplicate");
    }
    if (is_data_or_event_block(cls))
      check_required_properties(cls);
    const std::vector<BlockItem> items = block_items(cls);
    check_data_ids(cls, items);
    ItemsByName items_by_name;
    for (const BlockItem& item : items)
      items_by_name.emplace(name_key(item.property->name), item.property);  // the first of a name wins
    for (const Property& property : cls.properties)
      check_property(cls, property, items_by_name);
    check_methods(cls);
  }
  check_embedding_cycles();
  // Report in source order: by file (in the order files first appear), then line and column.
  std::unordered_map<std::string, std::size_t> file_rank;
  for (const Diagnostic& d : found_)
    file_rank.emplace(d.where.file, file_rank.size());
  std::stable_sort(found_.begin(), found_.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    const std::size_t rank_a = file_rank.at(a.where.file);
    const std::size_t rank_b = file_rank.at(b.where.file);
    if (rank_a != rank_b)
      return rank_a < rank_b;
    if (a.where.line != b.where.line)
      return a.where.line < b.where.line;
    return a.where.column < b.where.column;
  });
  return std::move(found_);
}

std::vector<const Class*> WmiChecker::bounded_lineage(const Class& cls) const {
  std::vector<const Class*> chain{&cls};
  const Class* current = &cls;
  while (!current->superclass.empty() && chain.size() < kMaxLineageDepth) {
    const Class* parent = schema_.find_class(current->superclass);
    if (parent == nullptr || std::find(chain.begin(), chain.end(), parent) != chain.end())
      break;
    chain.push_back(parent);
    current = parent;
  }
  return chain;
}

void WmiChecker::check_superclass_cycle(const Class& cls) {
  const std::vector<const Class*> chain = bounded_lineage(cls);
  const Class* last = chain.back();
  if (last->superclass.empty())
    return;
  if (schema_.find_class(last->superclass) != &cls)
    return;
  std::string path;
  for (const Class* c : chain)
    path += c->name + " -> ";
  error(cls.where, fmt::format("class '{}' derives from itself ({}{})", cls.name, path, cls.name),
        "mof-superclass-cycle");
}

// Event blocks derive from WMIEvent (the WDM convention) or straight from __ExtrinsicEvent (the iSCSI MOFs).
bool WmiChecker::is_event_block(const Class& cls) const {
  for (const Class* c : bounded_lineage(cls)) {
    if (equals_ignore_case(c->superclass, "WMIEvent") || equals_ignore_case(c->superclass, "__ExtrinsicEvent"))
      return true;
  }
  return false;
}

// A data or event block is a WMI class instances of which the driver provides: Dynamic (or Static), with a
// provider, or an event. A WMI class with none of these is an embedded class, which needs only WMI and guid.
bool WmiChecker::is_data_or_event_block(const Class& cls) const {
  const QualifierList& q = cls.qualifiers;
  return q.flag("Dynamic") || q.flag("Static") || q.has("Provider") || is_event_block(cls);
}

std::vector<WmiChecker::BlockItem> WmiChecker::block_items(const Class& cls) const {
  const std::vector<const Class*> chain = bounded_lineage(cls);
  std::vector<BlockItem> items;
  // Base first: inherited items come before the class's own ones.
  for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
    const Class* c = *it;
    if (c != &cls && !c->is_wmi())
      continue;
    for (const Property& property : c->properties)
      items.push_back({&property, c == &cls});
  }
  return items;
}

void WmiChecker::check_guid(const Class& cls) {
  const Qualifier* guid = cls.qualifiers.find("guid");
  if (guid == nullptr) {
    error(cls.where, fmt::format("WMI class '{}' has no guid qualifier", cls.name), "wmi-guid-missing");
    return;
  }
  if (!cls.guid())
    error(guid->where,
          fmt::format("guid of class '{}' is not a GUID (expected \"xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx\", braces "
                      "optional)",
                      cls.name),
          "wmi-guid-invalid");
}

void WmiChecker::check_required_properties(const Class& cls) {
  const Property* instance_name = nullptr;
  const Property* active = nullptr;
  for (const Class* c : bounded_lineage(cls)) {
    if (instance_name == nullptr)
      instance_name = c->find_property("InstanceName");
    if (active == nullptr)
      active = c->find_property("Active");
  }
  if (instance_name == nullptr)
    warning(cls.where, fmt::format("data block '{}' has no `[key] string InstanceName` property", cls.name),
            "wmi-instancename");
  else if (instance_name->type.type != CimType::string || instance_name->is_array || !instance_name->is_key())
    warning(instance_name->where,
            fmt::format("InstanceName of '{}' should be declared `[key] string InstanceName`", cls.name),
            "wmi-instancename");
  if (active == nullptr)
    warning(cls.where, fmt::format("data block '{}' has no `boolean Active` property", cls.name), "wmi-active");
  else if (active->type.type != CimType::boolean || active->is_array)
    warning(active->where, fmt::format("Active of '{}' should be declared `boolean Active`", cls.name), "wmi-active");
}

void WmiChecker::check_data_ids(const Class& cls, const std::vector<BlockItem>& items) {
  struct Numbered {
    std::uint32_t id;
    const Property* property;
    bool own;
  };
  std::vector<Numbered> numbered;
  for (const BlockItem& item : items) {
    const Property& property = *item.property;
    const Qualifier* data_id = property.qualifiers.find("WmiDataId");
    if (data_id == nullptr) {
      if (item.own && !is_instance_name_or_active(property))
        warning(
            property.where,
            fmt::format("{} has no WmiDataId, so it is not part of the data block", describe_property(cls, property)),
            "wmi-dataid-missing");
      continue;
    }
    const auto id = property.data_id();
    if (!id || *id == 0) {
      if (item.own)
        error(data_id->where,
              fmt::format("WmiDataId of {} must be an integer from 1 to 4294967295", describe_property(cls, property)),
              "wmi-dataid-invalid");
      continue;
    }
    numbered.push_back({*id, &property, item.own});
  }
  std::stable_sort(numbered.begin(), numbered.end(), [](const Numbered& a, const Numbered& b) { return a.id < b.id; });

  std::uint32_t expected = 1;
  for (std::size_t i = 0; i < numbered.size(); ++i) {
    const Numbered& item = numbered[i];
    if (i > 0 && numbered[i - 1].id == item.id) {
      const Numbered& first = numbered[i - 1];
      const Numbered& report = item.own ? item : first;
      const Numbered& other = item.own ? first : item;
      if (report.own)
        error(report.property->where,
              fmt::format("WmiDataId({}) of {} is also used by '{}' (at {}:{})", item.id,
                          describe_property(cls, *report.property), other.property->name, other.property->where.line,
                          other.property->where.column),
              "wmi-dataid-duplicate");
      continue;
    }
    if (item.id != expected && item.own) {
      const std::string missing = item.id - expected == 1 ? fmt::format("{} is missing", expected)
                                                          : fmt::format("{} to {} are missing", expected, item.id - 1);
      error(item.property->where,
            fmt::format("WmiDataIds of class '{}' must run 1, 2, 3... without gaps: {} has WmiDataId({}) but {}",
                        cls.name, item.property->name, item.id, missing),
            "wmi-dataid-contiguous");
    }
    expected = item.id + 1;
  }
}

// A class that embeds itself (A has a B, B has an A) has no finite layout. Iterative depth-first search over the
// "has an embedded item of class" edges, so a long chain of classes cannot exhaust the stack.
void WmiChecker::check_embedding_cycles() {
  const std::vector<Class>& classes = schema_.classes();
  std::unordered_map<const Class*, std::size_t> index;
  for (std::size_t i = 0; i < classes.size(); ++i)
    index.emplace(&classes[i], i);

  // The embedded classes each item refers to: data properties and method parameters.
  auto edges_of = [&](const Class& cls) {
    std::vector<std::pair<const Property*, std::size_t>> edges;
    auto add = [&](const Property& item) {
      if (item.type.type != CimType::object || item.type.class_name.empty())
        return;
      if (const Class* target = schema_.find_class(item.type.class_name))
        edges.emplace_back(&item, index.at(target));
    };
    for (const Property& property : cls.properties) {
      if (property.qualifiers.has("WmiDataId"))
        add(property);
    }
    return edges;
  };

  enum class Mark : std::uint8_t { unvisited, open, done };
  std::vector<Mark> marks(classes.size(), Mark::unvisited);
  struct Frame {
    std::size_t cls;
    std::vector<std::pair<const Property*, std::size_t>> edges;
    std::size_t next = 0;
  };
  for (std::size_t root = 0; root < classes.size(); ++root) {
    if (marks[root] != Mark::unvisited || !classes[root].is_wmi())
      continue;
    std::vector<Frame> stack;
    stack.push_back({root, edges_of(classes[root])});
    marks[root] = Mark::open;
    while (!stack.empty()) {
      Frame& frame = stack.back();
      if (frame.next == frame.edges.size()) {
        marks[frame.cls] = Mark::done;
        stack.pop_back();
        continue;
      }
      // Plain variables, not a structured binding: Clang 14 cannot capture those in the lambda below.
      const Property* via = frame.edges[frame.next].first;
      const std::size_t target = frame.edges[frame.next].second;
      ++frame.next;
      if (marks[target] == Mark::open) {
        // The chain from the target back to it; long chains are shortened so a message stays one readable line.
        constexpr std::size_t kShownClasses = 8;
        std::string path;
        auto first = std::find_if(stack.begin(), stack.end(), [&](const Frame& f) { return f.cls == target; });
        const auto length = static_cast<std::size_t>(stack.end() - first);
        for (std::size_t i = 0; i < length; ++i) {
          if (i == kShownClasses / 2 && length > kShownClasses) {
            path += "... -> ";
            i = length - kShownClasses / 2;
          }
          path += classes[first[static_cast<std::ptrdiff_t>(i)].cls].name + " -> ";
        }
        error(via->where,
              fmt::format("class '{}' embeds itself ({}{}, through property '{}' of class '{}'); its layout would be "
                          "infinite",
                          classes[target].name, path, classes[target].name, via->name, classes[frame.cls].name),
              "wmi-embedded-cycle");
      } else if (marks[target] == Mark::unvisited) {
        marks[target] = Mark::open;
        stack.push_back({target, edges_of(classes[target])});
      }
    }
  }
}

}  // namespace wmiport::mof::syntax
