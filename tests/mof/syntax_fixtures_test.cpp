// Every real driver MOF in ../shared/fixtures/mof compiles cleanly, into exactly the classes, properties and methods
// the file declares (counted independently of the compiler, from the text), with the details spot-checked.
#include <gtest/gtest.h>

#include "mof/syntax/compiler.h"
#include "syntax_test_support.h"

namespace wmiport::mof {
namespace {

using testing::count_methods;
using testing::count_parameters;
using testing::count_properties;
using testing::dump;
using testing::fixture_path;

struct FixtureCounts {
  const char* file;
  std::size_t classes;     // non-amendment classes after re-declarations
  std::size_t properties;  // over those classes
  std::size_t methods;
  std::size_t parameters;  // declared parameters of those methods (every fixture method returns void)
  std::size_t amendments;
  std::size_t instances;
};

// Counted from the text: class declarations, ';'-terminated features with and without a parameter list, and
// comma-separated parameters, comments and qualifier lists removed. SFBDVMiniport.mof includes SFBDhbaapi.mof, so
// its numbers are its own 4 classes plus all of SFBDhbaapi's.
constexpr FixtureCounts kFixtures[] = {
    {"PCIDRV.mof", 1, 3, 0, 0, 0, 0},
    {"firefly.mof", 1, 3, 0, 0, 0, 0},
    {"toaster.mof", 3, 14, 3, 9, 0, 0},
    {"wmisamp.mof", 7, 41, 2, 9, 0, 0},
    {"classlog.mof", 4, 51, 0, 0, 0, 0},
    {"msdsm.mof", 3, 11, 1, 0, 0, 0},
    {"msdsmdsm.mof", 4, 19, 0, 0, 0, 0},
    {"SFBDhbaapi.mof", 43, 237, 72, 377, 30, 3},
    {"SFBDVMiniport.mof", 47, 254, 75, 386, 30, 3},
};

class FixtureCompiles : public ::testing::TestWithParam<FixtureCounts> {};

TEST_P(FixtureCompiles, WithoutDiagnosticsAndWithTheDeclaredCounts) {
  const FixtureCounts& expected = GetParam();
  const CompileResult result = compile_file(fixture_path(expected.file));
  EXPECT_TRUE(result.diagnostics.empty()) << dump(result.diagnostics);
  EXPECT_EQ(result.schema.classes().size(), expected.classes);
  EXPECT_EQ(count_properties(result.schema), expected.properties);
  EXPECT_EQ(count_methods(result.schema), expected.methods);
  EXPECT_EQ(count_parameters(result.schema), expected.parameters);
  EXPECT_EQ(result.schema.amendments().size(), expected.amendments);
  EXPECT_EQ(result.schema.instances().size(), expected.instances);
}

INSTANTIATE_TEST_SUITE_P(AllFixtures, FixtureCompiles, ::testing::ValuesIn(kFixtures),
                         [](const ::testing::TestParamInfo<FixtureCounts>& info) {
                           std::string name = info.param.file;
                           return name.substr(0, name.find('.'));
                         });

class HbaApi : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { result_ = new CompileResult(compile_file(fixture_path("SFBDVMiniport.mof"))); }
  static void TearDownTestSuite() {
    delete result_;
    result_ = nullptr;
  }
  static const Schema& schema() { return result_->schema; }
  static const Class& cls(std::string_view name) {
    const Class* found = schema().find_class(name);
    EXPECT_NE(found, nullptr) << name;
    return *found;
  }
  static CompileResult* result_;
};
CompileResult* HbaApi::result_ = nullptr;

TEST_F(HbaApi, AdapterAttributesHasSixteenNumberedItemsAndItsGuid) {
  const Class& c = cls("MSFC_FCAdapterHBAAttributes");
  ASSERT_EQ(c.properties.size(), 18u);  // InstanceName, Active and the 16 data items
  for (std::uint32_t id = 1; id <= 16; ++id)
    EXPECT_EQ(c.properties[id + 1].data_id(), id) << c.properties[id + 1].name;
  EXPECT_EQ(c.properties[7].name, "Manufacturer");  // the item after a property-level cpp_quote
  EXPECT_EQ(c.properties[7].max_len(), 64u);
  EXPECT_EQ(c.guid()->to_string(), "{f8f3ea26-ab2c-4593-8b84-c56428e6bedb}");
  EXPECT_TRUE(c.is_wmi());
  const Property& node_wwn = *c.find_property("NodeWWN");
  EXPECT_TRUE(node_wwn.is_array);
  EXPECT_EQ(node_wwn.fixed_count, 8u);  // [MAX(8)] uint8 NodeWWN[]
  EXPECT_EQ(node_wwn.type.type, CimType::uint8);
  EXPECT_TRUE(c.find_property("InstanceName")->is_key());
}

TEST_F(HbaApi, MethodParametersCarryDirectionAndImplicitIds) {
  const Method& m = *cls("MSFC_HBAAdapterMethods").find_method("GetDiscoveredPortAttributes");
  EXPECT_EQ(m.method_id(), 1u);
  EXPECT_TRUE(m.returns_void);
  ASSERT_EQ(m.parameters.size(), 4u);
  const char* names[] = {"PortIndex", "DiscoveredPortIndex", "HBAStatus", "PortAttributes"};
  for (std::uint32_t i = 0; i < 4; ++i) {
    SCOPED_TRACE(names[i]);
    EXPECT_EQ(m.parameters[i].name, names[i]);
    EXPECT_EQ(m.parameters[i].id, i);
    EXPECT_EQ(m.parameters[i].qualifiers.integer("ID"), std::int64_t{i});
    EXPECT_EQ(m.parameters[i].in, i < 2);
    EXPECT_EQ(m.parameters[i].out, i >= 2);
  }
  EXPECT_EQ(m.parameters[3].type.type, CimType::object);
  EXPECT_EQ(m.parameters[3].type.class_name, "MSFC_HBAPortAttributesResults");

  // Parameters named like keywords (Function, Type), and a WmiSizeIs within the [out] set.
  const Method& lirr = *cls("MSFC_HBAAdapterMethods").find_method("SendLIRR");
  EXPECT_EQ(lirr.parameters[2].name, "Function");
  EXPECT_EQ(lirr.parameters[3].name, "Type");
  const Property& buffer = lirr.parameters.back();
  EXPECT_EQ(buffer.size_is(), "ActualRspBufferSize");
  EXPECT_TRUE(buffer.out);
  EXPECT_FALSE(buffer.fixed_count);
}

TEST_F(HbaApi, MethodIdsNeedNotBeContiguous) {
  const Class& c = cls("MSFC_EventControl");
  std::vector<std::uint32_t> ids;
  for (const Method& m : c.methods)
    ids.push_back(*m.method_id());
  EXPECT_EQ(ids, (std::vector<std::uint32_t>{10, 11, 20, 21, 30, 31}));
}

TEST_F(HbaApi, CppQuoteTextIsUnescaped) {
  const Class& c = cls("MSFC_FCAdapterHBAAttributes");
  const std::string quote = *c.qualifiers.string("cpp_quote");
  EXPECT_EQ(quote.substr(0, 46), "\n#ifndef MS_SM_HBA_API\n#ifndef MSFC_HBA_API\n//");
  const Method& m = *cls("MSFC_HBAFCPInfo").find_method("SetPersistentEntry");
  const std::string method_quote = *m.qualifiers.string("cpp_quote");
  EXPECT_NE(method_quote.find("//     System\\CurrentControlSet\\Control\\Storage\\FC\\<PortWWN>\n"),
            std::string::npos);
  EXPECT_NE(method_quote.find("L\"System\\\\CurrentControlSet\\\\Control\\\\Storage\\\\FC\""), std::string::npos);
}

TEST_F(HbaApi, AmendmentsAreKeptApartInTheLocaleNamespace) {
  ASSERT_EQ(schema().amendments().size(), 30u);
  const Class& amendment = schema().amendments().back();
  EXPECT_EQ(amendment.name, "MSFC_TM");
  EXPECT_TRUE(amendment.is_amendment());
  EXPECT_EQ(amendment.name_space, "\\\\.\\root\\wmi\\ms_409");
  EXPECT_EQ(*amendment.qualifiers.find("Description")->value.as_string(), "");
  EXPECT_EQ(amendment.qualifiers.find("Description")->flavors, kFlavorAmended | kFlavorToSubclass);
  // The data class of the same name is the root\wmi one with its nine items.
  const Class& tm = cls("MSFC_TM");
  EXPECT_FALSE(tm.is_amendment());
  EXPECT_EQ(tm.properties.size(), 9u);
  EXPECT_EQ(tm.name_space, "\\\\.\\root\\wmi");
}

TEST_F(HbaApi, PragmasApplyPerClassAndPerFile) {
  EXPECT_EQ(cls("MSFC_TM").class_flags, 64);  // #pragma classflags(64)
  // SFBDVMiniport's own classes follow the include: its own namespace and flags are back in force.
  const Class& own = cls("SFBDMPDriver");
  EXPECT_EQ(own.name_space, "\\root\\wmi");
  EXPECT_EQ(own.class_flags, 0);
  EXPECT_EQ(cls("SFBDMPDriverSrbActivity").superclass, "Win32_PerfRawData");
}

TEST_F(HbaApi, InstancesWithAliasesAndNamespaceInstance) {
  const auto& instances = schema().instances();
  ASSERT_EQ(instances.size(), 3u);
  EXPECT_EQ(instances[0].class_name, "MSFC_HbaApiVersion");
  EXPECT_EQ(instances[0].alias, "MSFC_HbaApiVersionName");
  ASSERT_EQ(instances[0].properties.size(), 3u);
  EXPECT_EQ(instances[0].properties[0].first, "WmiHbaApiVersion");
  EXPECT_EQ(*instances[0].properties[0].second.as_integer(), 259);
  EXPECT_EQ(*instances[0].properties[2].second.as_string(), "SM-HBA Version 1.0/FC-HBA Version 2.18");
  EXPECT_EQ(instances[2].class_name, "__namespace");
  EXPECT_EQ(*instances[2].properties[0].second.as_string(), "ms_409");
}

TEST_F(HbaApi, EventClassesAndBareQualifiers) {
  const Class& event = cls("MSFC_AdapterEvent");
  EXPECT_EQ(event.superclass, "WMIEvent");
  EXPECT_TRUE(schema().is_event_class(event));
  EXPECT_TRUE(event.find_property("EventType")->qualifiers.flag("EVENT_TYPE_QUALIFIERS"));
}

TEST(Fixtures, FixedArraySuffixBecomesMax) {
  const CompileResult result = compile_file(fixture_path("wmisamp.mof"));
  const Class& ec2 = *result.schema.find_class("Vendor_EC2");
  const Property& booleans = *ec2.find_property("Xboolean");
  EXPECT_TRUE(booleans.is_array);
  EXPECT_EQ(booleans.fixed_count, 8u);
  EXPECT_EQ(booleans.qualifiers.integer("MAX"), 8);
  EXPECT_EQ(ec2.find_property("Xuint64")->fixed_count, std::nullopt);
  EXPECT_EQ(ec2.qualifiers.string("HeaderName"), "EC2");
  EXPECT_EQ(ec2.qualifiers.find("Description")->flavors, kFlavorAmended);
  const Property& embedded = *result.schema.find_class("WmiSampleClass3")->find_property("EmbeddedClass1");
  EXPECT_EQ(embedded.type.type, CimType::object);
  EXPECT_EQ(embedded.type.class_name, "Vendor_EC1");
  EXPECT_EQ(embedded.fixed_count, 4u);
  const Method& set_ec1 = *result.schema.find_class("WmiSampleClass1")->find_method("SetEC1");
  ASSERT_EQ(set_ec1.parameters.size(), 9u);
  EXPECT_EQ(set_ec1.parameters[8].name, "Xint64");
  EXPECT_EQ(set_ec1.parameters[8].id, 8u);
  EXPECT_TRUE(set_ec1.parameters[8].in);
}

TEST(Fixtures, WmiEnumConcatenationQuirkJoinsTheFirstPair) {
  const CompileResult result = compile_file(fixture_path("toaster.mof"));
  const Property& connector = *result.schema.find_class("ToasterDeviceInformation")->find_property("ConnectorType");
  const Value::Array& values = *connector.qualifiers.find("WmiEnum")->value.as_array();
  ASSERT_EQ(values.size(), 3u);
  EXPECT_EQ(*values[0].as_string(), "0=I8042 Connector1=Serial Connector");
  EXPECT_EQ(*values[1].as_string(), "2=Parallel Connector");
  EXPECT_EQ(*values[2].as_string(), "3=USB Connector");
  // "MS\\0x409" is the 8-character string MS\0x409 (spec §1.1).
  EXPECT_EQ(result.schema.classes()[0].qualifiers.string("locale"), "MS\\0x409");
}

TEST(Fixtures, DatetimeNestedEmbeddedAndGuidWithoutBraces) {
  const CompileResult result = compile_file(fixture_path("classlog.mof"));
  const Class& entry = *result.schema.find_class("MSStorageDriver_ClassErrorLogEntry");
  EXPECT_EQ(entry.find_property("eventTime")->type.type, CimType::datetime);
  EXPECT_EQ(entry.find_property("srb")->type.class_name, "MSStorageDriver_ScsiRequestBlock");
  EXPECT_EQ(entry.guid()->to_string(), "{0c9bf007-50e9-407e-a9da-0f33800e4b45}");
  EXPECT_EQ(entry.name_space, "\\\\.\\Root\\WMI");
  // Property names that are keywords elsewhere in C or MOF.
  EXPECT_NE(result.schema.find_class("MSStorageDriver_ScsiRequestBlock")->find_property("function"), nullptr);
}

}  // namespace
}  // namespace wmiport::mof
