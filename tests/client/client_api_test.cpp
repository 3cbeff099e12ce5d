// wmiport::Client end to end: the sample drivers (fchba, a SCSI miniport; wdmdev, a WmiLib driver) decoded with the
// MOF their .so carries, the SCSI test miniport's dynamic instance names, every request kind by name and raw, events,
// and bad input (unknown block, class, instance, property, out-of-range value, drivers that cannot load), each a
// clear error after which the Client still works.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "readme_example.h"
#include "wmiport/client.h"

namespace wmiport {
namespace {

std::filesystem::path driver(const std::string& name) {
  return std::filesystem::path(WMIPORT_DRIVER_DIR) / (name + ".so");
}

const InstanceSelector kFirst = std::uint32_t{0};
const InstanceSelector kWdmDev0 = std::u16string(u"ROOT\\WMIPORT\\0000_0");

class ClientTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ClientOptions options;
    options.drivers = {driver("wdmdev"), driver("fchba")};
    auto client = Client::create(std::move(options));
    ASSERT_TRUE(client.ok()) << client.error().to_string();
    client_ = std::move(client).value();
    EXPECT_TRUE(client_->schema_warnings().empty()) << client_->schema_warnings().front();
  }

  BlockId block(std::string_view name) {
    auto id = client_->resolve(name);
    EXPECT_TRUE(id.ok()) << id.error().to_string();
    return id.ok() ? *id : BlockId{};
  }

  Properties settings() {
    auto one = client_->query(block("WdmDev_Settings"), kWdmDev0);
    EXPECT_TRUE(one.ok()) << one.error().to_string();
    return one.ok() && one->properties ? *one->properties : Properties{};
  }

  // The host still answers after an error.
  void expect_usable() {
    auto all = client_->query(block("WdmDev_Settings"));
    ASSERT_TRUE(all.ok()) << all.error().to_string();
    EXPECT_EQ(all->instances.size(), 1u);
  }

  std::unique_ptr<Client> client_;
};

TEST_F(ClientTest, SchemasComeFromTheDriversWithoutMofFiles) {
  const BlockId adapter = block("MSFC_FCAdapterHBAAttributes");
  EXPECT_EQ(adapter.class_name(), "MSFC_FCAdapterHBAAttributes");
  auto reply = client_->query(adapter);
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  ASSERT_EQ(reply->instances.size(), 1u);
  const Instance& hba = reply->instances[0];
  EXPECT_EQ(hba.data.size(), 4914u);
  ASSERT_TRUE(hba.properties.has_value());
  EXPECT_EQ((*hba.properties)["Manufacturer"], "wmiport Sample Devices");
  EXPECT_EQ((*hba.properties)["Model"], "FCHBA-2P8G");
  EXPECT_EQ((*hba.properties)["NumberOfPorts"], 2);
  // The same block by GUID (any case) knows its class too.
  auto by_guid = client_->resolve(guid_text(adapter.guid));
  ASSERT_TRUE(by_guid.ok());
  EXPECT_EQ(by_guid->class_name(), "MSFC_FCAdapterHBAAttributes");
}

TEST_F(ClientTest, ListShowsClassFlagsProviderAndInstances) {
  const auto listings = client_->list();
  const BlockListing* settings_block = nullptr;
  const BlockListing* changed = nullptr;
  for (const auto& listing : listings) {
    if (listing.class_name == "WdmDev_Settings")
      settings_block = &listing;
    if (listing.class_name == "WdmDev_SettingChanged")
      changed = &listing;
  }
  ASSERT_NE(settings_block, nullptr);
  ASSERT_NE(changed, nullptr);
  EXPECT_EQ(settings_block->instance_names, std::vector<std::u16string>{u"ROOT\\WMIPORT\\0000_0"});
  EXPECT_EQ(registration_flag_names(settings_block->flags), std::vector<std::string>{"INSTANCE_PDO"});
  EXPECT_EQ(settings_block->mof_resource_name, u"WdmDevMof");
  EXPECT_NE(settings_block->provider_id, 0u);
  EXPECT_FALSE(settings_block->dynamic_names);
  const auto changed_flags = registration_flag_names(changed->flags);
  EXPECT_NE(std::find(changed_flags.begin(), changed_flags.end(), "EVENT_ONLY_GUID"), changed_flags.end());
}

TEST_F(ClientTest, QueryOneInstanceByNameAndByIndex) {
  const BlockId id = block("WdmDev_Settings");
  auto by_name = client_->query(id, kWdmDev0);
  auto by_index = client_->query(id, kFirst);
  ASSERT_TRUE(by_name.ok()) << by_name.error().to_string();
  ASSERT_TRUE(by_index.ok()) << by_index.error().to_string();
  EXPECT_EQ(by_name->data, by_index->data);
  EXPECT_EQ(by_index->name, u"ROOT\\WMIPORT\\0000_0");
  EXPECT_TRUE((*by_name->properties)["SerialNumber"].is_number());
  EXPECT_EQ((*by_name->properties)["FriendlyName"], "wmiport sample device");
}

TEST_F(ClientTest, SetByPropertiesAndRawBytesAndItems) {
  const BlockId id = block("WdmDev_Settings");
  const auto serial = settings()["SerialNumber"];
  ASSERT_TRUE(client_->set(id, kWdmDev0, PropertyAssignments{{"BlinkRate", "7"}, {"Threshold", "4660"}}).ok());
  EXPECT_EQ(settings()["BlinkRate"], 7);
  EXPECT_EQ(settings()["Threshold"], 4660);
  EXPECT_EQ(settings()["SerialNumber"], serial);  // read-only items are carried over

  auto current = client_->query(id, kWdmDev0);
  ASSERT_TRUE(current.ok());
  std::vector<std::uint8_t> raw = current->data;
  raw[4] = 9;  // BlinkRate, little-endian, right after SerialNumber
  ASSERT_TRUE(client_->set(id, kWdmDev0, RawBytes{raw}).ok());
  EXPECT_EQ(settings()["BlinkRate"], 9);

  ASSERT_TRUE(client_->set_item(id, kWdmDev0, 2, std::string_view("11")).ok());
  EXPECT_EQ(settings()["BlinkRate"], 11);
  ASSERT_TRUE(client_->set_item(id, kWdmDev0, 2, RawBytes{{12, 0, 0, 0}}).ok());
  EXPECT_EQ(settings()["BlinkRate"], 12);
  auto read_only = client_->set_item(id, kWdmDev0, 1, std::string_view("5"));
  ASSERT_FALSE(read_only.ok());
  EXPECT_EQ(read_only.error().code(), ntstatus::wmi_read_only);
}

TEST_F(ClientTest, CallByNameWithArgumentsAndByIdWithRawInput) {
  const BlockId methods = block("WdmDev_Methods");
  auto scaled = client_->call(methods, kWdmDev0, "ScaleBlinkRate", PropertyAssignments{{"Factor", "3"}});
  ASSERT_TRUE(scaled.ok()) << scaled.error().to_string();
  EXPECT_EQ(scaled->method_id, 1u);
  ASSERT_TRUE(scaled->properties.has_value());
  EXPECT_EQ((*scaled->properties)["OldBlinkRate"], 2);
  EXPECT_EQ((*scaled->properties)["NewBlinkRate"], 6);

  auto raw = client_->call(methods, kWdmDev0, "1", RawBytes{{2, 0, 0, 0}});
  ASSERT_TRUE(raw.ok()) << raw.error().to_string();
  EXPECT_EQ(raw->out, (std::vector<std::uint8_t>{6, 0, 0, 0, 12, 0, 0, 0}));

  auto unknown = client_->call(methods, kWdmDev0, "Explode");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message().find("Explode"), std::string::npos) << unknown.error().message();
  expect_usable();
}

TEST_F(ClientTest, EventsArriveDecodedWhileSubscribed) {
  const BlockId changed = block("WdmDev_SettingChanged");
  auto first = client_->subscribe(changed);
  auto second = client_->subscribe(changed);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(client_->set_item(block("WdmDev_Settings"), kWdmDev0, 2, std::string_view("5")).ok());
  auto event = first->next(std::chrono::seconds(5));
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(event->record.guid, changed.guid);
  ASSERT_TRUE(event->properties.has_value());
  EXPECT_EQ((*event->properties)["BlinkRate"], 5);
  EXPECT_TRUE(second->next(std::chrono::seconds(5)).has_value());

  // Dropping one subscription keeps events enabled for the other.
  { EventSubscription gone = std::move(first).value(); }
  ASSERT_TRUE(client_->set_item(block("WdmDev_Settings"), kWdmDev0, 2, std::string_view("6")).ok());
  auto later = second->next(std::chrono::seconds(5));
  ASSERT_TRUE(later.has_value());
  EXPECT_EQ((*later->properties)["BlinkRate"], 6);
}

TEST_F(ClientTest, BadInputGivesClearErrorsAndTheClientGoesOn) {
  auto unknown_class = client_->resolve("NoSuchClass");
  ASSERT_FALSE(unknown_class.ok());
  EXPECT_EQ(unknown_class.error().code(), ntstatus::wmi_guid_not_found);
  EXPECT_NE(unknown_class.error().message().find("NoSuchClass"), std::string::npos);

  auto malformed = client_->resolve("{5A1E00FF-0000");
  ASSERT_FALSE(malformed.ok());
  EXPECT_EQ(malformed.error().code(), ntstatus::invalid_parameter);

  auto unknown_guid = client_->query(*client_->resolve("{5a1e00ff-0000-4000-8000-0000000000ff}"));
  ASSERT_FALSE(unknown_guid.ok());
  EXPECT_EQ(unknown_guid.error().code(), ntstatus::wmi_guid_not_found);
  EXPECT_EQ(unknown_guid.error().message(), "no block {5A1E00FF-0000-4000-8000-0000000000FF} is registered");
  EXPECT_FALSE(client_->subscribe(*client_->resolve("{5a1e00ff-0000-4000-8000-0000000000ff}")).ok());

  const BlockId id = block("WdmDev_Settings");
  auto unknown_instance = client_->query(id, InstanceSelector{std::u16string(u"X")});
  ASSERT_FALSE(unknown_instance.ok());
  EXPECT_EQ(unknown_instance.error().code(), ntstatus::wmi_instance_not_found);
  EXPECT_EQ(unknown_instance.error().message().rfind("no instance \"X\" of {6F1E3A52-", 0), 0u)
      << unknown_instance.error().message();
  EXPECT_FALSE(client_->query(id, InstanceSelector{std::uint32_t{7}}).ok());

  auto unknown_property = client_->set(id, kWdmDev0, PropertyAssignments{{"Nope", "1"}});
  ASSERT_FALSE(unknown_property.ok());
  EXPECT_NE(unknown_property.error().message().find("unknown property"), std::string::npos)
      << unknown_property.error().message();

  auto out_of_range = client_->set(id, kWdmDev0, PropertyAssignments{{"BlinkRate", "99999999999"}});
  ASSERT_FALSE(out_of_range.ok());
  EXPECT_EQ(out_of_range.error().code(), ntstatus::invalid_parameter);
  EXPECT_NE(out_of_range.error().message().find("out of range"), std::string::npos) << out_of_range.error().message();
  EXPECT_EQ(settings()["BlinkRate"], 2);  // nothing was written

  auto wrong_size = client_->set(id, kWdmDev0, RawBytes{{1}});
  EXPECT_FALSE(wrong_size.ok());
  expect_usable();
}

TEST_F(ClientTest, DriversThatCannotLoadFailClearlyAndLeaveTheHostUsable) {
  const auto not_a_driver = std::filesystem::temp_directory_path() / "wmiport_client_not_a_driver.so";
  std::ofstream(not_a_driver) << "not an ELF file";
  for (const auto& path : {not_a_driver, driver("wmi_no_entry"), driver("wmi_failing_entry"), driver("absent")}) {
    auto loaded = client_->load_driver(path);
    ASSERT_FALSE(loaded.ok()) << path;
    EXPECT_FALSE(nt_success(loaded.error().code()));
    EXPECT_EQ(loaded.error().message().rfind("cannot load " + path.string() + ": ", 0), 0u) << loaded.error().message();
    expect_usable();
  }
  std::filesystem::remove(not_a_driver);
}

// A SCSI miniport whose adapter block has dynamic instance names: list finds them by querying all data.
TEST(ClientDynamicNames, ListShowsDynamicInstanceNames) {
  ClientOptions options;
  options.drivers = {driver("scsi_wmi_shape_a")};
  auto client = Client::create(std::move(options));
  ASSERT_TRUE(client.ok()) << client.error().to_string();
  auto dynamic = Guid::parse("{5C510004-0000-4000-8000-000000000004}");
  ASSERT_TRUE(dynamic.ok());
  bool found = false;
  for (const auto& listing : (*client)->list()) {
    if (listing.guid != *dynamic)
      continue;
    found = true;
    EXPECT_TRUE(listing.dynamic_names);
    EXPECT_FALSE(listing.class_name.has_value());
    EXPECT_EQ(listing.instance_names, (std::vector<std::u16string>{u"PortA", u"PortB"}));
    EXPECT_FALSE(listing.instances_error.has_value());
  }
  EXPECT_TRUE(found);
  auto port_b = (*client)->query((*client)->block(*dynamic), InstanceSelector{std::u16string(u"PortB")});
  ASSERT_TRUE(port_b.ok()) << port_b.error().to_string();
  EXPECT_EQ(port_b->data, (std::vector<std::uint8_t>{0xB, 0, 0, 0}));
}

// A driver without a MOF resource that registers MSWmi_MofData: its binary MOF names and decodes its blocks.
TEST(ClientMofData, SchemaFromMswmiMofData) {
  ClientOptions options;
  options.drivers = {driver("wmi_buffer_probe")};
  auto client = Client::create(std::move(options));
  ASSERT_TRUE(client.ok()) << client.error().to_string();
  EXPECT_TRUE((*client)->schema_warnings().empty()) << (*client)->schema_warnings().front();
  auto data = (*client)->resolve("WmiProbe_Data");
  ASSERT_TRUE(data.ok()) << data.error().to_string();
  EXPECT_EQ(guid_text(data->guid), "{5A1E0B00-0000-4000-8000-0000000000B0}");
  auto one = (*client)->query(*data, InstanceSelector{std::u16string(u"Probe0")});
  ASSERT_TRUE(one.ok()) << one.error().to_string();
  ASSERT_TRUE(one->properties.has_value());
  const auto& bytes = (*one->properties)["Bytes"];
  ASSERT_TRUE(bytes.is_array()) << one->properties->dump();
  ASSERT_EQ(bytes.size(), 40u);
  EXPECT_EQ(bytes[39], 39);
  auto record = (*client)->query(*(*client)->resolve("WmiProbe_Record"));
  ASSERT_TRUE(record.ok()) << record.error().to_string();
  EXPECT_GE((*record->instances[0].properties)["LastQueryBufferAvail"], 40);  // the query above was answered
}

// The MOF files compile while the drivers load (docs/decisions.md B7); the catalog keeps their order of preference:
// a --mof class wins over the same class a driver's .so carries, and the driver's other classes still come.
TEST(ClientCreate, MofFilesComeBeforeTheDriversSchemas) {
  const auto mof = std::filesystem::temp_directory_path() / "wmiport_client_first.mof";
  std::ofstream(mof) << "[WMI, guid(\"{0F1E2D3C-0000-4000-8000-0000000000AA}\")]\n"
                        "class WdmDev_Settings { [key] string InstanceName; boolean Active;\n"
                        "  [WmiDataId(1)] uint32 Other; };\n";
  ClientOptions options;
  options.mof_files = {mof};
  options.drivers = {driver("wdmdev")};
  auto client = Client::create(std::move(options));
  std::filesystem::remove(mof);
  ASSERT_TRUE(client.ok()) << client.error().to_string();
  auto settings = (*client)->resolve("WdmDev_Settings");
  ASSERT_TRUE(settings.ok()) << settings.error().to_string();
  EXPECT_EQ(guid_text(settings->guid), "{0F1E2D3C-0000-4000-8000-0000000000AA}");
  auto from_driver = (*client)->resolve("WdmDev_Methods");
  EXPECT_TRUE(from_driver.ok()) << from_driver.error().to_string();
}

// A MOF error is the error of create() even when the drivers loaded meanwhile (or one failed to): the Host they
// loaded into is gone afterwards, so another Client can be created in the process.
TEST(ClientCreate, MofErrorIsReportedEvenWhenDriversLoadedMeanwhile) {
  const auto mof = std::filesystem::temp_directory_path() / "wmiport_client_bad.mof";
  std::ofstream(mof) << "class Broken {\n";
  for (const auto& drivers : {std::vector{driver("wdmdev")}, std::vector{driver("absent")}}) {
    ClientOptions options;
    options.mof_files = {mof};
    options.drivers = drivers;
    auto client = Client::create(std::move(options));
    ASSERT_FALSE(client.ok());
    EXPECT_NE(client.error().message().find("error(s) in the MOF"), std::string::npos) << client.error().message();
  }
  std::filesystem::remove(mof);
  ClientOptions options;
  options.drivers = {driver("wdmdev")};
  auto again = Client::create(std::move(options));
  EXPECT_TRUE(again.ok()) << again.error().to_string();
}

TEST(ClientReadme, ExampleRuns) {
  EXPECT_EQ(show_adapter(driver("fchba").string()), 0);
}

TEST(ClientReadme, ExampleIsInTheReadme) {
  auto read = [](const std::filesystem::path& path) {
    std::ifstream in(path);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  };
  const std::string source = read(std::filesystem::path(WMIPORT_SOURCE_DIR) / "tests/client/readme_example.cpp");
  const std::string readme = read(std::filesystem::path(WMIPORT_SOURCE_DIR) / "README.md");
  const auto begin = source.find("// README-EXAMPLE-BEGIN\n");
  const auto end = source.find("// README-EXAMPLE-END");
  ASSERT_NE(begin, std::string::npos);
  ASSERT_NE(end, std::string::npos);
  const std::string example = source.substr(begin + 24, end - begin - 24);
  EXPECT_NE(readme.find(example), std::string::npos) << "README.md must show tests/client/readme_example.cpp";
}

}  // namespace
}  // namespace wmiport

namespace wmiport {
namespace {

// Client::query_view: the same instances as Client::query, read in place from the caller's buffer and decoded on
// demand; errors explained the same way.
TEST_F(ClientTest, QueryViewMatchesQueryAndDecodesOnDemand) {
  std::vector<std::byte> buffer;
  // fchba's port attributes (by GUID) have one instance per port.
  for (std::string_view name :
       {"MSFC_FCAdapterHBAAttributes", "{61B397FD-F5AE-4950-9758-0EE598E3C6E6}", "WdmDev_Settings"}) {
    const BlockId id = block(name);
    auto all = client_->query(id);
    ASSERT_TRUE(all.ok()) << all.error().to_string();
    auto view = client_->query_view(id, buffer);
    ASSERT_TRUE(view.ok()) << view.error().to_string();
    ASSERT_EQ(view->size(), all->instances.size()) << name;
    std::size_t k = 0;
    for (const InstanceView instance : *view) {
      const Instance& owned = all->instances[k++];
      EXPECT_EQ(instance.name, owned.name);
      EXPECT_EQ(instance.provider_id, owned.provider_id);
      EXPECT_EQ(std::vector<std::uint8_t>(instance.data.begin(), instance.data.end()), owned.data) << name;
      EXPECT_EQ(decode_properties(id, instance.data), owned.properties) << name;
    }
  }
  auto unknown = client_->query_view(client_->block(Guid{0x12345678u, 0, 0, {}}), buffer);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().message(), client_->query(client_->block(Guid{0x12345678u, 0, 0, {}})).error().message());
  expect_usable();
}

}  // namespace
}  // namespace wmiport
