#include "wmiport/client.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>
#include <system_error>

#include <fmt/format.h>

#include "common/utf16.h"
#include "kernel/driver_mof.h"

namespace wmiport {

namespace {

// Registration flags by name, in bit order (include/wdk/wmistr.h).
constexpr std::pair<std::uint32_t, const char*> kFlagNames[] = {
    {0x00000001, "EXPENSIVE"},    {0x00000004, "INSTANCE_LIST"},   {0x00000008, "INSTANCE_BASENAME"},
    {0x00000020, "INSTANCE_PDO"}, {0x00000040, "EVENT_ONLY_GUID"}, {0x00001000, "TRACE_CONTROL_GUID"},
    {0x00010000, "REMOVE_GUID"},  {0x00020000, "RESERVED1"},       {0x00040000, "RESERVED2"},
    {0x00080000, "TRACED_GUID"},
};
constexpr std::uint32_t kEventOnlyGuid = 0x00000040;

// MSWmi_MofData_GUID {05901221-D566-11D1-B2F0-00A0C9062910}: providers return their binary MOF through it.
const Guid& mof_data_guid() {
  static const Guid guid = *Guid::parse("{05901221-D566-11D1-B2F0-00A0C9062910}");
  return guid;
}

// The core's errors are about the request; restate the ones a person acts on with the names they gave.
Error explain(Error error, const Guid& guid, const InstanceSelector* instance) {
  if (error.code() == ntstatus::wmi_instance_not_found && instance != nullptr)
    return Error(error.code(), fmt::format("no instance {} of {}", selector_text(*instance), guid_text(guid)));
  if (error.code() == ntstatus::wmi_guid_not_found)
    return Error(error.code(), fmt::format("no block {} is registered", guid_text(guid)));
  return error;
}

template <typename T>
Result<T> explained(Result<T> result, const Guid& guid, const InstanceSelector* instance) {
  if (!result.ok())
    return explain(std::move(result).error(), guid, instance);
  return result;
}

Error needs_class(const Guid& guid, std::string_view what) {
  return Error(ntstatus::invalid_parameter,
               fmt::format("{} needs the MOF class of {}: give its MOF (--mof)", what, guid_text(guid)));
}

}  // namespace

std::string guid_text(const Guid& guid) {
  std::string text = guid.to_string();
  std::ranges::transform(text, text.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

std::vector<std::string> registration_flag_names(std::uint32_t flags) {
  std::vector<std::string> names;
  for (const auto& [bit, name] : kFlagNames)
    if ((flags & bit) != 0)
      names.emplace_back(name);
  return names;
}

std::string selector_text(const InstanceSelector& instance) {
  if (const auto* index = std::get_if<std::uint32_t>(&instance))
    return fmt::format("#{}", *index);
  return fmt::format("\"{}\"", utf16_to_utf8(std::get<std::u16string>(instance)));
}

std::optional<std::string> BlockId::class_name() const {
  if (!cls)
    return std::nullopt;
  return cls->cls->name;
}

// ---- EventSubscription ----

std::optional<Event> EventSubscription::next(std::chrono::milliseconds timeout) {
  auto record = subscription_.next(timeout);
  if (!record)
    return std::nullopt;
  Event event{std::move(*record), std::nullopt};
  event.properties = decode_properties(block_, event.record.data);
  return event;
}

// ---- Client: setup and schemas ----

Result<std::unique_ptr<Client>> Client::create(ClientOptions options) {
  std::unique_ptr<Client> client(new Client());
  // The MOF files compile on a thread of their own while the Host starts and the drivers load, which needs no
  // schema (a large MOF is most of a command's time: docs/decisions.md, "The whole command"). The drivers'
  // schemas are learnt once the compile is done, so the --mof files still come first in the catalog, and a MOF
  // error is still the error reported even when a driver fails too.
  MofCompilation compilation(client->catalog_, options.mof_files, /*in_background=*/!options.drivers.empty());
  auto host = Host::create(std::move(options.host));
  if (!host.ok()) {
    WMIPORT_TRY(compilation.finish());
    return std::move(host).error();
  }
  client->host_ = std::move(host).value();
  // Each driver's MOF resources are read meanwhile too; they go into the catalog after the files.
  std::vector<DriverSchemas> driver_schemas;
  Status drivers_loaded;
  for (const auto& path : options.drivers) {
    auto image = client->load_image(path);
    if (!image.ok()) {
      drivers_loaded = std::move(image).error();
      break;
    }
    driver_schemas.push_back(client->fetch_driver_schemas(*image));
  }
  WMIPORT_TRY(compilation.finish());
  WMIPORT_TRY(drivers_loaded);
  for (auto& schemas : driver_schemas)
    client->add_driver_schemas(std::move(schemas));
  return client;
}

Client::MofCompilation::MofCompilation(SchemaCatalog& catalog, const std::vector<std::filesystem::path>& files,
                                       bool in_background)
    : catalog_(catalog), files_(files) {
  if (in_background && !files_.empty()) {
    try {
      thread_ = std::thread([this] { result_ = compile(); });
      return;
    } catch (const std::system_error&) {
      // no thread to be had: compile here
    }
  }
  result_ = compile();
}

Client::MofCompilation::~MofCompilation() {
  if (thread_.joinable())
    thread_.join();
}

Status Client::MofCompilation::compile() {
  for (const auto& path : files_)
    WMIPORT_TRY(catalog_.add_mof_file(path));
  return {};
}

Status Client::MofCompilation::finish() {
  if (thread_.joinable())
    thread_.join();
  return result_;
}

Client::~Client() {
  // A large MOF's schema is tens of thousands of small blocks, whose freeing took as long as the Host's shutdown
  // (unloading drivers, leak checks): the two now overlap, the schemas freed on a thread of their own.
  std::thread freeing;
  if (host_ != nullptr) {
    try {
      freeing = std::thread([catalog = std::move(catalog_)] {});
    } catch (const std::system_error&) {
      // no thread to be had: the catalog is freed here after the Host
    }
  }
  host_.reset();
  if (freeing.joinable())
    freeing.join();
}

Status Client::add_mof_file(const std::filesystem::path& path) {
  return catalog_.add_mof_file(path);
}

Result<kernel::Driver*> Client::load_driver(const std::filesystem::path& path) {
  WMIPORT_ASSIGN_OR_RETURN(LoadedImage image, load_image(path));
  add_driver_schemas(fetch_driver_schemas(image));
  return image.driver;
}

Result<Client::LoadedImage> Client::load_image(const std::filesystem::path& path) {
  std::set<std::uint32_t> known_providers;
  for (const auto& info : host_->list_blocks())
    known_providers.insert(info.provider_id);
  auto driver = host_->load_driver(path);
  if (!driver.ok())
    return Error(driver.error().code(), fmt::format("cannot load {}: {}", path.string(), driver.error().message()));
  // The providers that appeared while the driver loaded are its devices (load_driver waits for registration).
  LoadedImage image{*driver, path, {}};
  for (auto& info : host_->list_blocks())
    if (!known_providers.contains(info.provider_id))
      image.new_blocks.push_back(std::move(info));
  return image;
}

Client::DriverSchemas Client::fetch_driver_schemas(const LoadedImage& image) {
  std::set<std::u16string> resources;
  bool mof_data = false;
  for (const auto& info : image.new_blocks) {
    if (!info.mof_resource_name.empty())
      resources.insert(info.mof_resource_name);
    mof_data = mof_data || info.guid == mof_data_guid();
  }
  DriverSchemas schemas{image.path.string(), {}, std::nullopt};
  for (const auto& name : resources)
    schemas.sources.push_back(
        {fmt::format("{}({})", schemas.image, utf16_to_utf8(name)), kernel::find_driver_mof(image.path, name)});
  // Every instance of MSWmi_MofData is one binary MOF (each provider may answer with its own).
  if (mof_data)
    schemas.mof_data = host_->query_all_data(mof_data_guid());
  return schemas;
}

void Client::add_driver_schemas(DriverSchemas schemas) {
  for (auto& source : schemas.sources) {
    Status added =
        source.text.ok() ? catalog_.add_mof_source(*source.text, source.label) : Status(std::move(source.text).error());
    if (!added.ok())
      schema_warnings_.push_back(fmt::format("MOF resource {}: {}", source.label, added.error().message()));
  }
  if (!schemas.mof_data)
    return;
  const Result<AllDataReply>& reply = *schemas.mof_data;
  if (!reply.ok()) {
    schema_warnings_.push_back(fmt::format("MSWmi_MofData of {}: {}", schemas.image, reply.error().message()));
    return;
  }
  for (const auto& instance : reply->instances) {
    const std::string label = fmt::format("MSWmi_MofData \"{}\"", utf16_to_utf8(instance.name));
    auto added = catalog_.add_binary_mof(instance.data, label);
    if (!added.ok())
      schema_warnings_.push_back(added.error().message());
  }
}

// ---- Client: naming blocks ----

Result<BlockId> Client::resolve(std::string_view text) const {
  if (!text.empty() && text.front() == '{') {
    auto guid = Guid::parse(text);
    if (!guid.ok())
      return Error(ntstatus::invalid_parameter, fmt::format("malformed GUID \"{}\"", text));
    return block(*guid);
  }
  auto cls = catalog_.find_class(text);
  if (!cls)
    return Error(ntstatus::wmi_guid_not_found,
                 fmt::format("no MOF class named \"{}\" (load its driver, or give its MOF with --mof)", text));
  const auto guid = cls->cls->guid();
  if (!guid)
    return Error(ntstatus::wmi_guid_not_found, fmt::format("MOF class \"{}\" has no guid qualifier", text));
  return BlockId{*guid, cls};
}

BlockId Client::block(const Guid& guid) const {
  return BlockId{guid, catalog_.find_class(guid)};
}

std::optional<Properties> decode_properties(const BlockId& block, Bytes data) {
  if (!block.cls)
    return std::nullopt;
  auto decoded = decode_instance(*block.cls, data);
  if (!decoded.ok())
    return std::nullopt;
  return std::move(decoded).value();
}

// ---- Client: requests ----

std::vector<BlockListing> Client::list() {
  std::vector<BlockListing> listings;
  std::map<Guid, Result<AllDataReply>> dynamic_queries;  // one query of all data per GUID, shared by providers
  for (auto& info : host_->list_blocks()) {
    BlockListing listing{info.guid,
                         block(info.guid).class_name(),
                         info.flags,
                         info.provider_id,
                         info.dynamic_names,
                         std::move(info.instance_names),
                         std::nullopt,
                         std::move(info.mof_resource_name),
                         std::move(info.registry_path)};
    if (info.dynamic_names && (info.flags & kEventOnlyGuid) == 0) {
      auto found = dynamic_queries.find(info.guid);
      if (found == dynamic_queries.end())
        found = dynamic_queries.emplace(info.guid, host_->query_all_data(info.guid)).first;
      if (found->second.ok()) {
        for (const auto& instance : found->second->instances)
          if (instance.provider_id == info.provider_id)
            listing.instance_names.push_back(instance.name);
      } else {
        listing.instances_error = found->second.error();
      }
    }
    listings.push_back(std::move(listing));
  }
  return listings;
}

Result<QueryResult> Client::query(const BlockId& block) {
  WMIPORT_ASSIGN_OR_RETURN(AllDataReply reply, explained(host_->query_all_data(block.guid), block.guid, nullptr));
  QueryResult result{block, {}};
  for (auto& instance : reply.instances) {
    auto properties = decode_properties(block, instance.data);
    result.instances.push_back(
        {std::move(instance.name), instance.provider_id, std::move(instance.data), std::move(properties)});
  }
  return result;
}

Result<AllDataReplyView> Client::query_view(const BlockId& block, std::vector<std::byte>& buffer) {
  return explained(host_->query_all_data_view(block.guid, buffer), block.guid, nullptr);
}

Result<Instance> Client::query(const BlockId& block, const InstanceSelector& instance) {
  WMIPORT_ASSIGN_OR_RETURN(SingleReply reply,
                           explained(host_->query_single_instance(block.guid, instance), block.guid, &instance));
  auto properties = decode_properties(block, reply.instance.data);
  return Instance{std::move(reply.instance.name), reply.instance.provider_id, std::move(reply.instance.data),
                  std::move(properties)};
}

Status Client::set(const BlockId& block, const InstanceSelector& instance, const RawBytes& data) {
  return explained(host_->set_single_instance(block.guid, instance, data.bytes), block.guid, &instance);
}

Status Client::set(const BlockId& block, const InstanceSelector& instance, const PropertyAssignments& properties) {
  if (!block.cls)
    return needs_class(block.guid, "setting properties by name");
  if (properties.empty())
    return Error(ntstatus::invalid_parameter, "no property to set");
  WMIPORT_ASSIGN_OR_RETURN(const Instance current, query(block, instance));
  WMIPORT_ASSIGN_OR_RETURN(auto data, encode_instance(*block.cls, current.data, properties));
  return set(block, instance, RawBytes{std::move(data)});
}

Status Client::set_item(const BlockId& block, const InstanceSelector& instance, std::uint32_t item_id,
                        const RawBytes& data) {
  return explained(host_->set_single_item(block.guid, instance, item_id, data.bytes), block.guid, &instance);
}

Status Client::set_item(const BlockId& block, const InstanceSelector& instance, std::uint32_t item_id,
                        std::string_view value) {
  if (!block.cls)
    return needs_class(block.guid, "an item value");
  WMIPORT_ASSIGN_OR_RETURN(auto data, encode_item(*block.cls, item_id, value));
  return set_item(block, instance, item_id, RawBytes{std::move(data)});
}

Result<Client::MethodTarget> Client::method_target(const BlockId& block, std::string_view method) const {
  MethodTarget target;
  if (block.cls) {
    WMIPORT_ASSIGN_OR_RETURN(target.method, find_method(*block.cls, method));
    const auto id = target.method->method_id();
    if (!id)
      return Error(ntstatus::invalid_parameter, fmt::format("method {} has no WmiMethodId", target.method->name));
    target.id = *id;
    return target;
  }
  auto [end, error] = std::from_chars(method.data(), method.data() + method.size(), target.id);
  if (method.empty() || error != std::errc() || end != method.data() + method.size())
    return needs_class(block.guid, fmt::format("method name \"{}\"", method));
  return target;
}

Result<MethodResult> Client::call_raw(const BlockId& block, const InstanceSelector& instance,
                                      const MethodTarget& target, Bytes input) {
  WMIPORT_ASSIGN_OR_RETURN(SingleReply reply, explained(host_->execute_method(block.guid, instance, target.id, input),
                                                        block.guid, &instance));
  MethodResult result{target.id, std::move(reply.instance.data), std::nullopt};
  if (target.method != nullptr) {
    auto out = decode_method_output(*block.cls, *target.method, result.out);
    if (out.ok())
      result.properties = std::move(*out);
  }
  return result;
}

Result<MethodResult> Client::call(const BlockId& block, const InstanceSelector& instance, std::string_view method,
                                  const RawBytes& input) {
  WMIPORT_ASSIGN_OR_RETURN(const MethodTarget target, method_target(block, method));
  return call_raw(block, instance, target, input.bytes);
}

Result<MethodResult> Client::call(const BlockId& block, const InstanceSelector& instance, std::string_view method,
                                  const PropertyAssignments& arguments) {
  WMIPORT_ASSIGN_OR_RETURN(const MethodTarget target, method_target(block, method));
  std::vector<std::uint8_t> input;
  if (target.method != nullptr) {
    WMIPORT_ASSIGN_OR_RETURN(input, encode_method_input(*block.cls, *target.method, arguments));
  } else if (!arguments.empty()) {
    return needs_class(block.guid, "named method arguments");
  }
  return call_raw(block, instance, target, input);
}

Result<EventSubscription> Client::subscribe(const BlockId& block) {
  const auto blocks = host_->list_blocks();
  if (!std::ranges::any_of(blocks, [&](const auto& info) { return info.guid == block.guid; }))
    return Error(ntstatus::wmi_guid_not_found, fmt::format("no block {} is registered", guid_text(block.guid)));
  return EventSubscription(host_->subscribe(block.guid), block);
}

}  // namespace wmiport
