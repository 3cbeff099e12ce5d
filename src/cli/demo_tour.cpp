// The stack demo: the sample drivers loaded into a wmiport::Host and asked what a Windows management tool asks a
// Fibre Channel HBA, each step printed under a heading with the `wmiport` command that does the same.
#include <algorithm>
#include <cctype>
#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <wmistr.h>

#include "cli/demo.h"
#include "cli/hex_text.h"
#include "cli/request_text.h"
#include "common/utf16.h"
#include "wmiport/host.h"
#include "wmiport/schema_catalog.h"
#include "wmiport/value_codec.h"

namespace wmiport::cli {

namespace {

using Json = nlohmann::ordered_json;
using Clock = std::chrono::steady_clock;

constexpr const char* kIndent = "    ";

double milliseconds_since(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

std::string upper_guid(const Guid& guid) {
  std::string text = guid.to_string();
  std::ranges::transform(text, text.begin(), [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
  return text;
}

// The tour's state: the host, the schemas, and where to print.
class Tour {
 public:
  Tour(std::FILE* out, std::unique_ptr<Host> host, SchemaCatalog catalog)
      : out_(out), host_(std::move(host)), catalog_(std::move(catalog)) {}

  void heading(int number, std::string_view title, std::string_view command) {
    print(fmt::format("\n{}. {}\n", number, title));
    print(fmt::format("{}$ wmiport {}\n\n", kIndent, command));
  }

  void print(const std::string& text) {
    std::fputs(text.c_str(), out_);
    std::fflush(out_);
  }

  void note(std::string_view text) { print(fmt::format("{}({})\n", kIndent, text)); }

  // The class and GUID of a block the demo uses, when a MOF declares it and a driver registered it.
  std::optional<ClassRef> registered_class(std::string_view name) {
    auto cls = catalog_.find_class(name);
    const auto guid = cls ? cls->cls->guid() : std::nullopt;
    if (!guid) {
      note(fmt::format("skipped: no MOF declares {}", name));
      return std::nullopt;
    }
    const auto blocks = host_->list_blocks();
    if (std::ranges::none_of(blocks, [&](const BlockInfo& b) { return b.guid == *guid; })) {
      note(fmt::format("skipped: no loaded driver registered {}", name));
      return std::nullopt;
    }
    return cls;
  }

  void list_blocks() {
    std::vector<std::array<std::string, 4>> rows{{"Class", "Instances", "Kind", "GUID"}};
    for (const auto& block : host_->list_blocks()) {
      const auto cls = catalog_.find_class(block.guid);
      std::string instances = fmt::format("{}", block.instance_count);
      if (!block.instance_names.empty())
        instances += fmt::format("  {}{}", utf16_to_utf8(block.instance_names.front()),
                                 block.instance_names.size() > 1 ? ", ..." : "");
      rows.push_back(
          {cls ? cls->cls->name : std::string("(no MOF)"), instances, block_kind(block, cls), upper_guid(block.guid)});
    }
    std::array<std::size_t, 3> widths{};
    for (const auto& row : rows) {
      for (std::size_t i = 0; i < widths.size(); ++i)
        widths[i] = std::max(widths[i], row[i].size());
    }
    for (const auto& row : rows) {
      print(fmt::format("{}{:<{}}  {:<{}}  {:<{}}  {}\n", kIndent, row[0], widths[0], row[1], widths[1], row[2],
                        widths[2], row[3]));
    }
  }

  // Every instance of the class as a property list, the way Get-CimInstance -Namespace root\wmi prints it.
  // Returns the decoded instances.
  std::vector<Json> show_instances(std::string_view class_name) {
    std::vector<Json> shown;
    const auto cls = registered_class(class_name);
    if (!cls)
      return shown;
    auto reply = host_->query_all_data(*cls->cls->guid());
    if (!reply.ok()) {
      note(fmt::format("query failed: {}", reply.error().to_string()));
      return shown;
    }
    for (const auto& instance : reply->instances) {
      Json object{{"InstanceName", utf16_to_utf8(instance.name)}};
      auto decoded = decode_instance(*cls, instance.data);
      if (decoded.ok())
        object.update(*decoded);
      else
        object["Data"] = to_hex(instance.data);
      Json shown_object = object;
      name_hba_values(shown_object);
      print(properties_text(shown_object, kIndent));
      print("\n");
      shown.push_back(std::move(object));
    }
    return shown;
  }

  // Executes a method with the given arguments and prints its input and output, decoded and as bytes. Returns
  // the decoded output (null when the call failed).
  Json call(std::string_view class_name, std::string_view method_name, const PropertyAssignments& arguments) {
    const auto cls = registered_class(class_name);
    if (!cls)
      return nullptr;
    auto method = find_method(*cls, method_name);
    Result<std::vector<std::uint8_t>> input = method.ok() ? encode_method_input(*cls, **method, arguments)
                                                          : Result<std::vector<std::uint8_t>>(method.error());
    if (!input.ok()) {
      note(fmt::format("cannot build the input: {}", input.error().to_string()));
      return nullptr;
    }
    Json in = Json::object();
    for (const auto& [name, value] : arguments) {
      auto parsed = Json::parse(value, nullptr, /*allow_exceptions=*/false);
      in[name] = parsed.is_discarded() ? Json(value) : parsed;
    }
    print(fmt::format("{}In  ({} bytes: {})\n", kIndent, input->size(), to_hex(*input)));
    print(properties_text(in, std::string(kIndent) + kIndent));
    auto reply = host_->execute_method(*cls->cls->guid(), InstanceSelector{0u}, *(*method)->method_id(), *input);
    if (!reply.ok()) {
      note(fmt::format("the call failed: {}", reply.error().to_string()));
      return nullptr;
    }
    const auto& data = reply->instance.data;
    print(fmt::format("{}Out ({} bytes{}{})\n", kIndent, data.size(), data.size() <= 32 ? ": " : "",
                      data.size() <= 32 ? to_hex(data) : ""));
    auto decoded = decode_method_output(*cls, **method, data);
    if (!decoded.ok()) {
      note(fmt::format("cannot decode the output: {}", decoded.error().to_string()));
      return nullptr;
    }
    return std::move(*decoded);
  }

  // The FCP mapping (GetFcpTargetMapping output) as a table: one row per logical unit.
  void print_fcp_mapping(const Json& out) {
    if (!out.is_object() || !out.contains("Entry"))
      return;
    print(fmt::format("{}{}HBAStatus {}, {} of {} entries:\n", kIndent, kIndent, out.value("HBAStatus", Json()).dump(),
                      out.value("OutEntryCount", Json()).dump(), out.value("TotalEntryCount", Json()).dump()));
    std::vector<std::array<std::string, 4>> rows{{"Bus:Target:Lun", "FC ID", "Target port WWN", "FCP LUN"}};
    for (const auto& entry : out["Entry"]) {
      const auto& scsi = entry["ScsiId"];
      const auto& fcp = entry["FCPId"];
      rows.push_back({fmt::format("{}:{}:{}", scsi["ScsiBusNumber"].dump(), scsi["ScsiTargetNumber"].dump(),
                                  scsi["ScsiOSLun"].dump()),
                      fmt::format("{:06x}", fcp["Fcid"].get<std::uint32_t>()), value_text("PortWWN", fcp["PortWWN"]),
                      fmt::format("{:016x}", fcp["FcpLun"].get<std::uint64_t>())});
    }
    for (const auto& row : rows) {
      print(fmt::format("{}{}{:<14}  {:<6}  {:<23}  {}\n", kIndent, kIndent, row[0], row[1], row[2], row[3]));
    }
  }

  // Subscribes to the event class, waits for one event, prints it.
  void watch_one(std::string_view class_name, double timeout_seconds) {
    const auto cls = registered_class(class_name);
    if (!cls)
      return;
    const auto start = Clock::now();
    Subscription subscription = host_->subscribe(*cls->cls->guid());
    print(
        fmt::format("{}subscribed: the driver now has {} enabled and fires it from its timer\n", kIndent, class_name));
    const auto timeout = std::chrono::milliseconds(static_cast<std::int64_t>(timeout_seconds * 1000));
    auto event = subscription.next(timeout);
    if (!event) {
      note(fmt::format("no event within {} s", timeout_seconds));
      return;
    }
    print(fmt::format("{}an event arrived after {:.0f} ms:\n\n", kIndent, milliseconds_since(start)));
    Json object{{"InstanceName", utf16_to_utf8(event->instance_name)}};
    auto decoded = decode_instance(*cls, event->data);
    if (decoded.ok())
      object.update(*decoded);
    object["Data"] = to_hex(event->data);
    name_hba_values(object);
    print(properties_text(object, kIndent));
  }

 private:
  static std::string block_kind(const BlockInfo& block, const std::optional<ClassRef>& cls) {
    if ((block.flags & WMIREG_FLAG_EVENT_ONLY_GUID) != 0)
      return "event";
    if (cls && !cls->cls->methods.empty())
      return "methods";
    return (block.flags & WMIREG_FLAG_EXPENSIVE) != 0 ? "data (expensive)" : "data";
  }

  std::FILE* out_;
  std::unique_ptr<Host> host_;
  SchemaCatalog catalog_;
};

std::string file_name(const std::string& path) {
  return std::filesystem::path(path).filename().string();
}

}  // namespace

Status run_stack_demo(const DemoInputs& inputs, std::FILE* out) {
  const auto start = Clock::now();
  std::fputs(
      "wmiport demo: Windows WMI drivers, compiled from C against wmiport's WDK headers, loaded on Linux and\n"
      "asked what a Windows management tool asks them. Each step shows the wmiport command that does the same.\n",
      out);

  SchemaCatalog catalog;
  for (const auto& path : inputs.mof_files) {
    auto added = catalog.add_mof_file(path);
    if (!added.ok())
      return Error(added.error().code(), fmt::format("cannot read the MOF {}: {}", path, added.error().message()));
  }
  WMIPORT_ASSIGN_OR_RETURN(auto host, Host::create());
  std::string load_report;
  std::string command;
  for (const auto& path : inputs.drivers) {
    const auto load_start = Clock::now();
    auto driver = host->load_driver(std::filesystem::path(path));
    if (!driver.ok())
      return Error(driver.error().code(), fmt::format("cannot load {}: {}", path, driver.error().message()));
    load_report += fmt::format("{}loaded {} in {:.1f} ms (DriverEntry, AddDevice, START_DEVICE, registration)\n",
                               kIndent, path, milliseconds_since(load_start));
    command += fmt::format("--driver {} ", file_name(path));
  }
  for (const auto& path : inputs.mof_files)
    command += fmt::format("--mof {} ", file_name(path));
  Tour tour(out, std::move(host), std::move(catalog));

  tour.heading(1, "Load the drivers: fchba (a SCSI miniport for a two-port FC HBA) and wdmdev (a WmiLib driver)",
               command + "COMMAND");
  tour.print(load_report);
  tour.print(fmt::format("{}(every command below runs with these --driver and --mof options)\n", kIndent));

  tour.heading(2, "The data blocks they registered, named by the MOF classes", "list");
  tour.list_blocks();

  tour.heading(3, "The HBA: MSFC_FCAdapterHBAAttributes, decoded through the hbaapi MOF",
               "query MSFC_FCAdapterHBAAttributes");
  tour.show_instances("MSFC_FCAdapterHBAAttributes");

  tour.heading(4, "Its two ports: MSFC_FibrePortHBAAttributes (port 1's link goes up and down)",
               "query MSFC_FibrePortHBAAttributes");
  const auto ports = tour.show_instances("MSFC_FibrePortHBAAttributes");

  // The mapping is asked of port 0 by its WWN, as HBA_GetFcpTargetMapping does.
  const std::string port_wwn = ports.empty() ? "[]" : ports.front()["Attributes"]["PortWWN"].dump();
  tour.heading(5, "A method: the logical units behind port 0 (MSFC_HBAFCPInfo.GetFcpTargetMapping)",
               fmt::format("call MSFC_HBAFCPInfo --index 0 --method GetFcpTargetMapping --arg HbaPortWWN={} --arg "
                           "InEntryCount=8",
                           port_wwn));
  const Json mapping =
      tour.call("MSFC_HBAFCPInfo", "GetFcpTargetMapping", {{"HbaPortWWN", port_wwn}, {"InEntryCount", "8"}});
  tour.print_fcp_mapping(mapping);

  tour.heading(6, "A method of the WmiLib driver: WdmDev_Methods.ScaleBlinkRate",
               "call WdmDev_Methods --index 0 --method ScaleBlinkRate --arg Factor=3");
  const Json scaled = tour.call("WdmDev_Methods", "ScaleBlinkRate", {{"Factor", "3"}});
  if (scaled.is_object())
    tour.print(properties_text(scaled, std::string(kIndent) + kIndent));

  tour.heading(7, "An event: MSFC_LinkEvent, fired by the miniport's timer when port 1's link changes",
               "watch MSFC_LinkEvent --count 1");
  tour.watch_one("MSFC_LinkEvent", inputs.event_timeout_seconds);

  tour.print(
      fmt::format("\nDone in {:.2f} s. Load your own driver the same way: see README.md, \"Load your own "
                  "driver\".\n",
                  milliseconds_since(start) / 1000));
  return {};
}

}  // namespace wmiport::cli
