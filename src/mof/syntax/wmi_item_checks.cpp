// Per-item WMI checks: array shapes, WmiSizeIs targets, embedded class types, methods and their parameters.
#include <unordered_map>

#include <fmt/format.h>

#include "mof/syntax/names.h"
#include "mof/syntax/wmi_checker.h"

namespace wmiport::mof::syntax {

namespace {

const char* direction_of(const Property& parameter) {
  if (parameter.in && parameter.out)
    return "[in, out]";
  return parameter.in ? "[in]" : "[out]";
}

}  // namespace

void WmiChecker::check_property(const Class& cls, const Property& property, const ItemsByName& items) {
  // Items with a WmiDataId are laid out in the block; others only need to be well-formed.
  const bool in_layout = property.qualifiers.has("WmiDataId");
  const std::string what = describe_property(cls, property);
  check_array_shape(property, what, in_layout);
  check_embedded_type(property, what, in_layout);
  if (property.qualifiers.has("WmiSizeIs"))
    check_property_size_is(cls, property, items);
}

void WmiChecker::check_array_shape(const Property& item, std::string_view what, bool in_layout) {
  const Qualifier* max = item.qualifiers.find("MAX");
  if (max != nullptr) {
    // The compiler turns x[N] into MAX(N), so this also judges sizes written as a suffix.
    const std::int64_t* count = max->value.as_integer();
    if (count == nullptr || *count < 1 || *count > kMaxFixedArrayElements)
      error(max->where,
            fmt::format("fixed array size of {} must be an integer from 1 to {}", what, kMaxFixedArrayElements),
            "wmi-array-size");
    else if (item.fixed_count && *count != static_cast<std::int64_t>(*item.fixed_count))
      error(max->where,
            fmt::format("MAX({}) of {} disagrees with its declared size [{}]", *count, what, *item.fixed_count),
            "wmi-array-size");
    if (!item.is_array)
      warning(max->where, fmt::format("MAX on {}, which is not an array", what), "wmi-max-not-array");
  } else if (item.fixed_count &&
             (*item.fixed_count == 0 || *item.fixed_count > static_cast<std::uint64_t>(kMaxFixedArrayElements))) {
    error(
        item.where,
        fmt::format("fixed array size {} of {} must be from 1 to {}", *item.fixed_count, what, kMaxFixedArrayElements),
        "wmi-array-size");
  }
  const bool size_is = item.qualifiers.has("WmiSizeIs");
  if (in_layout && item.is_array && !item.fixed_count && !size_is && max == nullptr)
    error(item.where,
          fmt::format("array {} has neither a fixed size ([N] or MAX(N)) nor WmiSizeIs, so its length in the block "
                      "is unknown",
                      what),
          "wmi-array-unsized");
  if (item.is_array && item.fixed_count && size_is)
    warning(item.where, fmt::format("{} has both a fixed size and WmiSizeIs", what), "wmi-array-size-conflict");
}

void WmiChecker::check_embedded_type(const Property& item, std::string_view what, bool in_layout) {
  if (item.type.type == CimType::reference) {
    if (in_layout)
      warning(item.where,
              fmt::format("{} is a reference ({} ref), which has no data-block encoding", what, item.type.class_name),
              "wmi-reference-item");
    return;
  }
  if (item.type.type != CimType::object)
    return;
  if (item.type.class_name.empty()) {
    if (in_layout)
      error(item.where, fmt::format("{} is a bare 'object': a block item needs a class as its type", what),
            "wmi-embedded-untyped");
    return;
  }
  const Class* embedded = schema_.find_class(item.type.class_name);
  if (embedded == nullptr)
    error(item.where, fmt::format("embedded class '{}' of {} is not declared", item.type.class_name, what),
          "wmi-embedded-unknown");
  else if (!embedded->is_wmi())
    warning(item.where,
            fmt::format("embedded class '{}' of {} is not a WMI class (it has no WMI qualifier)", embedded->name, what),
            "wmi-embedded-not-wmi");
}

void WmiChecker::check_property_size_is(const Class& cls, const Property& property, const ItemsByName& items) {
  const Qualifier* size_is = property.qualifiers.find("WmiSizeIs");
  const std::string what = describe_property(cls, property);
  const std::string* target_name = size_is->value.as_string();
  if (target_name == nullptr) {
    error(size_is->where, fmt::format("WmiSizeIs of {} must name a property, as a string", what), "wmi-sizeis-target");
    return;
  }
  if (!property.is_array)
    warning(size_is->where, fmt::format("WmiSizeIs on {}, which is not an array", what), "wmi-sizeis-not-array");
  const auto found = items.find(name_key(*target_name));
  if (found == items.end()) {
    error(size_is->where, fmt::format("WmiSizeIs(\"{}\") of {} names no property of the class", *target_name, what),
          "wmi-sizeis-target");
    return;
  }
  const Property* target = found->second;
  if (!is_integer_type(target->type.type) || target->is_array)
    error(size_is->where,
          fmt::format("WmiSizeIs(\"{}\") of {} names '{}', a {}{}; the count must be a single integer", *target_name,
                      what, target->name, to_string(target->type.type, target->type.class_name),
                      target->is_array ? " array" : ""),
          "wmi-sizeis-type");
  const auto own_id = property.data_id();
  if (!own_id)
    return;
  const auto target_id = target->data_id();
  if (!target_id)
    error(size_is->where,
          fmt::format("WmiSizeIs(\"{}\") of {} names '{}', which has no WmiDataId and so is not in the block",
                      *target_name, what, target->name),
          "wmi-sizeis-target");
  else if (*target_id >= *own_id)
    error(size_is->where,
          fmt::format("WmiSizeIs(\"{}\") of {} (WmiDataId {}) names '{}' (WmiDataId {}): the count must come earlier "
                      "in the block",
                      *target_name, what, *own_id, target->name, *target_id),
          "wmi-sizeis-target");
}

void WmiChecker::check_methods(const Class& cls) {
  std::unordered_map<std::uint32_t, const Method*> method_ids;
  for (const Method& method : cls.methods) {
    const Qualifier* method_id = method.qualifiers.find("WmiMethodId");
    if (method_id == nullptr) {
      error(method.where, fmt::format("method '{}' of WMI class '{}' has no WmiMethodId", method.name, cls.name),
            "wmi-methodid-missing");
    } else if (const auto id = method.method_id(); !id) {
      error(method_id->where,
            fmt::format("WmiMethodId of method '{}' must be an integer from 0 to 4294967295", method.name),
            "wmi-methodid-invalid");
    } else if (auto [it, inserted] = method_ids.emplace(*id, &method); !inserted) {
      error(method_id->where,
            fmt::format("WmiMethodId({}) of method '{}' is also used by method '{}' (at {}:{})", *id, method.name,
                        it->second->name, it->second->where.line, it->second->where.column),
            "wmi-methodid-duplicate");
    }

    std::unordered_map<std::uint32_t, const Property*> parameter_ids;
    ParametersByName parameters_by_name;
    for (const Property& parameter : method.parameters)
      parameters_by_name[name_key(parameter.name)].push_back(&parameter);
    for (const Property& parameter : method.parameters) {
      const std::string what = describe_parameter(method, parameter);
      if (!parameter.in && !parameter.out)
        error(parameter.where, fmt::format("{} is neither [in] nor [out]", what), "wmi-param-direction");
      if (auto [it, inserted] = parameter_ids.emplace(parameter.id, &parameter); !inserted)
        error(parameter.where,
              fmt::format("{} has ID {}, already used by parameter '{}'", what, parameter.id, it->second->name),
              "wmi-param-id-duplicate");
      check_array_shape(parameter, what, true);
      check_embedded_type(parameter, what, true);
      if (parameter.qualifiers.has("WmiSizeIs"))
        check_parameter_size_is(method, parameter, parameters_by_name);
    }
  }
}

// A parameter's count must be a parameter of the same buffer: an [in] array is sized by an [in] parameter, an [out]
// array by an [out] one, declared (ID) before it.
void WmiChecker::check_parameter_size_is(const Method& method, const Property& parameter,
                                         const ParametersByName& parameters) {
  const Qualifier* size_is = parameter.qualifiers.find("WmiSizeIs");
  const std::string what = describe_parameter(method, parameter);
  const std::string* target_name = size_is->value.as_string();
  if (target_name == nullptr) {
    error(size_is->where, fmt::format("WmiSizeIs of {} must name a parameter, as a string", what), "wmi-sizeis-target");
    return;
  }
  if (!parameter.is_array)
    warning(size_is->where, fmt::format("WmiSizeIs on {}, which is not an array", what), "wmi-sizeis-not-array");
  const Property* named = nullptr;
  const Property* target = nullptr;
  if (auto found = parameters.find(name_key(*target_name)); found != parameters.end()) {
    for (const Property* candidate : found->second) {
      named = candidate;
      if ((!parameter.in || candidate->in) && (!parameter.out || candidate->out))
        target = candidate;
    }
  }
  if (named == nullptr) {
    error(size_is->where, fmt::format("WmiSizeIs(\"{}\") of {} names no parameter of the method", *target_name, what),
          "wmi-sizeis-target");
    return;
  }
  if (target == nullptr) {
    error(size_is->where,
          fmt::format("WmiSizeIs(\"{}\") of {} {} names '{}', which is {}: the count must travel in the same buffer",
                      *target_name, what, direction_of(parameter), named->name, direction_of(*named)),
          "wmi-sizeis-target");
    return;
  }
  if (!is_integer_type(target->type.type) || target->is_array)
    error(size_is->where,
          fmt::format("WmiSizeIs(\"{}\") of {} names '{}', a {}{}; the count must be a single integer", *target_name,
                      what, target->name, to_string(target->type.type, target->type.class_name),
                      target->is_array ? " array" : ""),
          "wmi-sizeis-type");
  if (target->id >= parameter.id)
    error(size_is->where,
          fmt::format("WmiSizeIs(\"{}\") of {} (ID {}) names '{}' (ID {}): the count must come earlier", *target_name,
                      what, parameter.id, target->name, target->id),
          "wmi-sizeis-target");
}

}  // namespace wmiport::mof::syntax
