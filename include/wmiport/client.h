// wmiport::Client: the consumer API. A Client owns a Host (the emulated kernel and WMI core of the process),
// loads drivers, and knows the MOF schema of the blocks it can: from `--mof` files, from the MOF a driver .so
// carries under its MofResourceName (as a .sys carries its MOF resource), and from the binary MOF of
// MSWmi_MofData blocks. Blocks are named by GUID or by MOF class name; values come back raw and, when the class
// is known, decoded through its layout; sets, items and method input can be given raw or as NAME=VALUE text.
//
// Errors are Results whose NTSTATUS says what went wrong and whose message names what was asked for
// (`no instance "X" of {GUID}`). A failed call leaves the Client usable. Thread-safety follows Host: requests may
// come from any thread; load_driver and add_mof_file must not run concurrently with anything else.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/byte_io.h"
#include "common/guid.h"
#include "common/result.h"
#include "wmiport/host.h"
#include "wmiport/schema_catalog.h"
#include "wmiport/value_codec.h"

namespace wmiport {

using Properties = nlohmann::ordered_json;

struct ClientOptions {
  std::vector<std::filesystem::path> mof_files;  // compiled first: they win over the MOF drivers carry
  std::vector<std::filesystem::path> drivers;    // loaded in order
  HostOptions host;
};

// A block as a consumer names it: its GUID, and its MOF class when a schema declares it.
struct BlockId {
  Guid guid;
  std::optional<ClassRef> cls;
  std::optional<std::string> class_name() const;
};

// One provider's registration of a block, as `list` shows it.
struct BlockListing {
  Guid guid;
  std::optional<std::string> class_name;
  std::uint32_t flags = 0;  // WMIREG_FLAG_*
  std::uint32_t provider_id = 0;
  bool dynamic_names = false;
  // Static names; for dynamic names, the names this provider returned to a query of all data (empty when the
  // block is event-only or the query failed, see instances_error).
  std::vector<std::u16string> instance_names;
  std::optional<Error> instances_error;
  std::u16string mof_resource_name;
  std::u16string registry_path;
};

struct Instance {
  std::u16string name;
  std::uint32_t provider_id = 0;
  std::vector<std::uint8_t> data;
  std::optional<Properties> properties;  // decoded through the class; nullopt without one or when it does not fit
};

struct QueryResult {
  BlockId block;
  std::vector<Instance> instances;
};

struct MethodResult {
  std::uint32_t method_id = 0;
  std::vector<std::uint8_t> out;
  std::optional<Properties> properties;  // the [out] parameters, when the class is known
};

struct Event {
  EventRecord record;  // GUID, instance name, raw data, the delivered WNODE, lost count
  std::optional<Properties> properties;
};

// Raw bytes, or NAME=VALUE text typed and range-checked through the MOF class.
struct RawBytes {
  std::vector<std::uint8_t> bytes;
};

class Client;

// RAII: events of one block while it lives; the last subscription of a GUID going away disables its events.
class EventSubscription {
 public:
  std::optional<Event> next(std::chrono::milliseconds timeout = std::chrono::milliseconds(1000));
  std::uint64_t lost() const { return subscription_.lost(); }
  const BlockId& block() const { return block_; }

 private:
  friend class Client;
  EventSubscription(Subscription subscription, BlockId block)
      : subscription_(std::move(subscription)), block_(std::move(block)) {}
  Subscription subscription_;
  BlockId block_;
};

class Client {
 public:
  // Compiles the MOF files, creates the Host, loads the drivers. Fails like Host::create (one per process),
  // add_mof_file or load_driver.
  static Result<std::unique_ptr<Client>> create(ClientOptions options = {});
  ~Client();
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  // Loads a driver and learns the schemas it brings: the MOF its .so carries under each MofResourceName its
  // providers registered, and the binary MOF of any MSWmi_MofData block it registered. A MOF that cannot be found
  // or compiled does not fail the load: it is reported by schema_warnings() and the blocks stay class-less.
  Result<kernel::Driver*> load_driver(const std::filesystem::path& path);
  Status add_mof_file(const std::filesystem::path& path);
  const std::vector<std::string>& schema_warnings() const { return schema_warnings_; }
  const SchemaCatalog& schemas() const { return catalog_; }
  Host& host() { return *host_; }

  // "{GUID}" (any case) or a MOF class name (case-insensitive). A class name needs a schema that declares it
  // with a guid; a GUID needs no schema.
  Result<BlockId> resolve(std::string_view block) const;
  BlockId block(const Guid& guid) const;

  std::vector<BlockListing> list();
  Result<QueryResult> query(const BlockId& block);                                 // all data
  // All data as views into the caller's reusable buffer (Host::query_all_data_view); decode_properties decodes an
  // instance on demand.
  Result<AllDataReplyView> query_view(const BlockId& block, std::vector<std::byte>& buffer);
  Result<Instance> query(const BlockId& block, const InstanceSelector& instance);  // one instance
  Status set(const BlockId& block, const InstanceSelector& instance, const RawBytes& data);
  // Reads the instance, replaces the named properties, writes it back.
  Status set(const BlockId& block, const InstanceSelector& instance, const PropertyAssignments& properties);
  Status set_item(const BlockId& block, const InstanceSelector& instance, std::uint32_t item_id, const RawBytes& data);
  Status set_item(const BlockId& block, const InstanceSelector& instance, std::uint32_t item_id,
                  std::string_view value);
  // `method`: a WmiMethodId in decimal, or a method name (needs the class). Without input and with a known
  // method, the input is the method's [in] parameters at their defaults.
  Result<MethodResult> call(const BlockId& block, const InstanceSelector& instance, std::string_view method,
                            const RawBytes& input);
  Result<MethodResult> call(const BlockId& block, const InstanceSelector& instance, std::string_view method,
                            const PropertyAssignments& arguments = {});
  // Fails with STATUS_WMI_GUID_NOT_FOUND when nothing registered the block.
  Result<EventSubscription> subscribe(const BlockId& block);

 private:
  Client() = default;
  // A driver loaded whose schemas are still to be learnt.
  struct LoadedImage {
    kernel::Driver* driver = nullptr;
    std::filesystem::path path;
    std::vector<BlockInfo> new_blocks;  // the blocks its devices registered
  };
  // The MOF files of create(), compiled into the catalog on a thread of their own or, without drivers to load
  // meanwhile, at once. Nothing else may touch the catalog before finish().
  class MofCompilation {
   public:
    MofCompilation(SchemaCatalog& catalog, const std::vector<std::filesystem::path>& files, bool in_background);
    ~MofCompilation();
    MofCompilation(const MofCompilation&) = delete;
    MofCompilation& operator=(const MofCompilation&) = delete;
    Status finish();  // waits for the compile; the first error of the files, in order

   private:
    Status compile();
    SchemaCatalog& catalog_;
    const std::vector<std::filesystem::path>& files_;
    Status result_;
    std::thread thread_;
  };
  Result<LoadedImage> load_image(const std::filesystem::path& path);
  // What a loaded driver brings for the catalog, read without touching it (so while the MOF files compile): the
  // MOF its .so carries under each MofResourceName its providers registered, and the binary MOFs of its
  // MSWmi_MofData block. add_driver_schemas adds them, or reports in schema_warnings() what it could not.
  struct DriverSchemas {
    struct Source {
      std::string label;  // names it in warnings: image(resource name)
      Result<std::string> text;
    };
    std::string image;
    std::vector<Source> sources;
    std::optional<Result<AllDataReply>> mof_data;  // when the driver registered MSWmi_MofData
  };
  DriverSchemas fetch_driver_schemas(const LoadedImage& image);
  void add_driver_schemas(DriverSchemas schemas);
  struct MethodTarget {
    std::uint32_t id = 0;
    const mof::Method* method = nullptr;
  };
  Result<MethodTarget> method_target(const BlockId& block, std::string_view method) const;
  Result<MethodResult> call_raw(const BlockId& block, const InstanceSelector& instance, const MethodTarget& target,
                                Bytes input);

  SchemaCatalog catalog_;
  std::vector<std::string> schema_warnings_;
  std::unique_ptr<Host> host_;
};

// Instance data (or event data) decoded through the block's class; nullopt without a class or when the data
// does not fit it.
std::optional<Properties> decode_properties(const BlockId& block, Bytes data);

// GUIDs as Windows tools print them: upper case in braces.
std::string guid_text(const Guid& guid);
// WMIREG_FLAG_* names in bit order ("EXPENSIVE", "INSTANCE_LIST", ...).
std::vector<std::string> registration_flag_names(std::uint32_t flags);
// "\"name\"" or "#index", as error messages show an instance.
std::string selector_text(const InstanceSelector& instance);

}  // namespace wmiport
