// Builds small schemas in code for the layout and codec tests: the rules under test, without a MOF compiler in
// the way. Tests of the real fixtures compile them instead (layout_fixtures.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>

#include "mof/schema/schema.h"

namespace wmiport::mof::testing {

class PropertyBuilder {
 public:
  PropertyBuilder(std::string name, CimType type, std::string class_name = {}) {
    property_.name = std::move(name);
    property_.type = TypeRef{type, std::move(class_name)};
  }
  PropertyBuilder& id(std::int64_t data_id) { return qualifier("WmiDataId", Value{data_id}); }
  PropertyBuilder& fixed(std::uint32_t count) {
    property_.is_array = true;
    property_.fixed_count = count;
    return *this;
  }
  PropertyBuilder& sized_by(std::string target) {
    property_.is_array = true;
    return qualifier("WmiSizeIs", Value{std::move(target)});
  }
  PropertyBuilder& max_len(std::int64_t n) { return qualifier("MaxLen", Value{n}); }
  PropertyBuilder& in() {
    property_.in = true;
    return *this;
  }
  PropertyBuilder& out() {
    property_.out = true;
    return *this;
  }
  PropertyBuilder& param_id(std::uint32_t id) {
    property_.id = id;
    return *this;
  }
  PropertyBuilder& qualifier(std::string name, Value value) {
    property_.qualifiers.set(Qualifier{std::move(name), std::move(value), 0, {}});
    return *this;
  }
  operator Property() const { return property_; }  // NOLINT(google-explicit-constructor)

 private:
  Property property_;
};

inline PropertyBuilder item(std::string name, CimType type, std::int64_t data_id) {
  return std::move(PropertyBuilder(std::move(name), type).id(data_id));
}
inline PropertyBuilder embedded(std::string name, std::string class_name, std::int64_t data_id) {
  return std::move(PropertyBuilder(std::move(name), CimType::object, std::move(class_name)).id(data_id));
}

// A WMI class with InstanceName and Active (which never reach the block) and the given items.
inline Class wmi_class(std::string name, std::vector<Property> items) {
  Class cls;
  cls.name = std::move(name);
  cls.qualifiers.set(Qualifier{"WMI", Value{true}, 0, {}});
  Property instance_name;
  instance_name.name = "InstanceName";
  instance_name.type.type = CimType::string;
  instance_name.qualifiers.set(Qualifier{"key", Value{true}, 0, {}});
  cls.properties.push_back(instance_name);
  Property active;
  active.name = "Active";
  active.type.type = CimType::boolean;
  cls.properties.push_back(active);
  for (auto& p : items)
    cls.properties.push_back(std::move(p));
  return cls;
}

inline Method method(std::string name, std::vector<Property> parameters) {
  Method m;
  m.name = std::move(name);
  std::uint32_t next_id = 0;
  for (auto& p : parameters) {
    p.id = next_id++;
    m.parameters.push_back(std::move(p));
  }
  return m;
}

}  // namespace wmiport::mof::testing
