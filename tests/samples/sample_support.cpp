#include "sample_support.h"

#include "kernel/driver_mof.h"
#include "mof/syntax/compiler.h"

namespace wmiport::samples_test {

std::filesystem::path driver_path(const std::string& name) {
  return std::filesystem::path(WMIPORT_DRIVER_DIR) / (name + ".so");
}

Guid guid(std::string_view text) {
  auto parsed = Guid::parse(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? *parsed : Guid{};
}

std::unique_ptr<DriverSchema> load_driver_schema(const std::filesystem::path& image, std::u16string_view resource) {
  auto text = kernel::find_driver_mof(image, resource);
  if (!text.ok()) {
    ADD_FAILURE() << text.error().to_string();
    return nullptr;
  }
  mof::CompileResult compiled = mof::compile_source(*text, image.filename().string() + ":mof");
  if (!compiled.ok()) {
    std::string all;
    for (const auto& diagnostic : compiled.diagnostics) {
      all += mof::to_string(diagnostic) + "\n";
    }
    ADD_FAILURE() << "the MOF resource does not compile:\n" << all;
    return nullptr;
  }
  auto schema = std::make_unique<DriverSchema>();
  schema->schema = std::move(compiled.schema);
  return schema;
}

const mof::Class& DriverSchema::cls(std::string_view name) const {
  const mof::Class* found = schema.find_class(name);
  if (found == nullptr) {
    throw std::runtime_error("no class " + std::string(name));
  }
  return *found;
}

const mof::Method& DriverSchema::method(std::string_view class_name, std::string_view method_name) const {
  for (const mof::Method& m : cls(class_name).methods) {
    if (m.name == method_name) {
      return m;
    }
  }
  throw std::runtime_error("no method " + std::string(method_name));
}

mof::DataObject DriverSchema::decode(std::string_view class_name, Bytes data) const {
  auto decoded = mof::decode_class(schema, cls(class_name), data);
  if (!decoded.ok()) {
    ADD_FAILURE() << class_name << ": " << decoded.error().to_string();
    return {};
  }
  return std::move(decoded).value();
}

mof::DataObject DriverSchema::decode_out(std::string_view class_name, std::string_view method_name, Bytes data) const {
  auto decoded = mof::decode_method_parameters(schema, cls(class_name), method(class_name, method_name),
                                               mof::Direction::out, data);
  if (!decoded.ok()) {
    ADD_FAILURE() << method_name << ": " << decoded.error().to_string();
    return {};
  }
  return std::move(decoded).value();
}

std::vector<std::uint8_t> DriverSchema::encode_in(std::string_view class_name, std::string_view method_name,
                                                  const mof::DataObject& input) const {
  auto encoded = mof::encode_method_parameters(schema, cls(class_name), method(class_name, method_name),
                                               mof::Direction::in, input);
  if (!encoded.ok()) {
    ADD_FAILURE() << method_name << ": " << encoded.error().to_string();
    return {};
  }
  return std::move(encoded).value();
}

std::vector<std::uint8_t> DriverSchema::encode(std::string_view class_name, const mof::DataObject& object) const {
  auto encoded = mof::encode_class(schema, cls(class_name), object);
  if (!encoded.ok()) {
    ADD_FAILURE() << class_name << ": " << encoded.error().to_string();
    return {};
  }
  return std::move(encoded).value();
}

namespace {
const mof::DataValue& field(const mof::DataObject& object, std::string_view name) {
  const mof::DataValue* value = object.find(name);
  if (value == nullptr) {
    throw std::runtime_error("no field " + std::string(name));
  }
  return *value;
}
}  // namespace

std::uint64_t uint_field(const mof::DataObject& object, std::string_view name) {
  const auto& value = field(object, name);
  if (value.as_uint() != nullptr)
    return *value.as_uint();
  if (value.as_bool() != nullptr)
    return *value.as_bool() ? 1 : 0;
  ADD_FAILURE() << name << " is " << mof::kind_name(value);
  return 0;
}

std::int64_t int_field(const mof::DataObject& object, std::string_view name) {
  const auto& value = field(object, name);
  if (value.as_int() != nullptr)
    return *value.as_int();
  ADD_FAILURE() << name << " is " << mof::kind_name(value);
  return 0;
}

std::string string_field(const mof::DataObject& object, std::string_view name) {
  const auto& value = field(object, name);
  if (value.as_string() != nullptr)
    return *value.as_string();
  ADD_FAILURE() << name << " is " << mof::kind_name(value);
  return {};
}

const mof::DataObject& object_field(const mof::DataObject& object, std::string_view name) {
  const auto& value = field(object, name);
  if (value.as_object() == nullptr) {
    throw std::runtime_error(std::string(name) + " is not an object");
  }
  return *value.as_object();
}

std::vector<std::uint8_t> bytes_field(const mof::DataObject& object, std::string_view name) {
  const auto& value = field(object, name);
  std::vector<std::uint8_t> out;
  if (value.as_array() == nullptr) {
    ADD_FAILURE() << name << " is " << mof::kind_name(value);
    return out;
  }
  for (const auto& element : *value.as_array()) {
    out.push_back(element.as_uint() != nullptr ? static_cast<std::uint8_t>(*element.as_uint()) : 0xEE);
  }
  return out;
}

const BlockInfo* find_block(const std::vector<BlockInfo>& blocks, const Guid& guid) {
  for (const auto& block : blocks) {
    if (block.guid == guid) {
      return &block;
    }
  }
  return nullptr;
}

void SampleHostTest::SetUp() {
  HostOptions host_options = options();
  // The samples are the reference drivers: every test also proves the verifier has nothing to say about them,
  // including at unload (so the violations are collected here, not read from the Host that TearDown destroys).
  host_options.verifier.enabled = true;
  host_options.verifier.on_violation = [this](const verifier::Violation& v) {
    std::lock_guard lock(violations_mutex_);
    violations_.push_back(verifier::to_text(v));
  };
  auto host = Host::create(std::move(host_options));
  ASSERT_TRUE(host.ok()) << host.error().to_string();
  host_ = std::move(host).value();
}

void SampleHostTest::TearDown() {
  host_.reset();
  std::lock_guard lock(violations_mutex_);
  for (const auto& text : violations_)
    ADD_FAILURE() << "the verifier reported: " << text;
}

kernel::Driver* SampleHostTest::load(const std::string& name, unsigned devices) {
  kernel::LoadOptions options;
  options.devices = devices;
  auto driver = host_->load_driver(driver_path(name), options);
  if (!driver.ok()) {
    ADD_FAILURE() << name << ": " << driver.error().to_string();
    return nullptr;
  }
  host_->settle();
  return *driver;
}

}  // namespace wmiport::samples_test
