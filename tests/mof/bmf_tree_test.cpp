// The decompressed class tree: a golden tree for the smallest class, a hand-built schema covering every construct
// through encode -> decode, and the table of trees the reader must refuse.
#include <gtest/gtest.h>

#include <vector>

#include "common/byte_io.h"
#include "mof/bmf/bmf.h"
#include "mof/bmf/schema_compare.h"
#include "mof/bmf/tree_reader.h"
#include "mof/bmf/tree_writer.h"

namespace wmiport::mof::bmf {
namespace {

using ByteVector = std::vector<std::uint8_t>;

void put_u32(ByteVector& v, std::uint32_t x) {
  for (int i = 0; i < 4; ++i)
    v.push_back(static_cast<std::uint8_t>(x >> (8 * i)));
}
void put_utf16(ByteVector& v, std::string_view ascii) {
  for (char c : ascii) {
    v.push_back(static_cast<std::uint8_t>(c));
    v.push_back(0);
  }
  v.push_back(0);
  v.push_back(0);
}

// `class C {};` in namespace "" with flags 0, laid out by hand from tree_format.h.
ByteVector golden_tree_of_class_c() {
  ByteVector t;
  t.insert(t.end(), {'F', 'O', 'M', 'B'});
  put_u32(t, 154);  // @4  end of the object part (no flavor trailer)
  put_u32(t, 1);    // @8
  put_u32(t, 1);    // @12
  put_u32(t, 1);    // @16 one object
  put_u32(t, 134);  // @20 object length (20..154)
  put_u32(t, 0);    // @24
  put_u32(t, 8);    // @28 qualifier-set size
  put_u32(t, 106);  // @32 class-data length (40..146)
  put_u32(t, 0);    // @36 kind: class
  put_u32(t, 8);    // @40 qualifier set: size 8,
  put_u32(t, 0);    //     no qualifiers
  put_u32(t, 98);   // @48 property set: size 98 (to the end of the class data),
  put_u32(t, 0);    //     no properties
  put_u32(t, 40);   // @56 __CLASS: length 20 + 16 + 4
  put_u32(t, 8);    //     string
  put_u32(t, 0);
  put_u32(t, 16);          // A = name length
  put_u32(t, 0xFFFFFFFF);  // B: system property
  put_utf16(t, "__CLASS");
  put_utf16(t, "C");
  put_u32(t, 50);  // @96 __CLASSFLAGS: length 20 + 26 + 4
  put_u32(t, 3);   //     sint32
  put_u32(t, 0);
  put_u32(t, 26);
  put_u32(t, 0xFFFFFFFF);
  put_utf16(t, "__CLASSFLAGS");
  put_u32(t, 0);  // value 0
  put_u32(t, 8);  // @146 method set: size 8, no methods
  put_u32(t, 0);
  return t;
}

TEST(BmfTree, GoldenSmallestClass) {
  Schema schema;
  Class c;
  c.name = "C";
  schema.add_class(c);
  auto tree = write_tree(schema);
  ASSERT_TRUE(tree.ok()) << tree.error().to_string();
  EXPECT_EQ(*tree, golden_tree_of_class_c());
  auto back = read_tree(golden_tree_of_class_c());
  ASSERT_TRUE(back.ok()) << back.error().to_string();
  ASSERT_EQ(back->classes().size(), 1u);
  EXPECT_EQ(back->classes()[0].name, "C");
}

Qualifier q(std::string name, Value value, std::uint32_t flavors = 0) {
  return Qualifier{std::move(name), std::move(value), flavors, {}};
}

Property prop(std::string name, CimType type, std::vector<Qualifier> qualifiers = {}) {
  Property p;
  p.name = std::move(name);
  p.type.type = type;
  for (auto& x : qualifiers)
    p.qualifiers.set(std::move(x));
  return p;
}

// Every construct the tree carries: qualifier VARTYPEs and flavors, all CIM types, arrays fixed and variable,
// embedded objects, defaults, system properties, methods with in, out, in+out and return values, no-parameter
// methods, instances and amendments.
Schema everything_schema() {
  Schema s;
  Class ec;
  ec.name = "Vendor_EC1";
  ec.name_space = "\\\\.\\root\\wmi";
  ec.qualifiers.set(q("WMI", Value{true}));
  ec.qualifiers.set(q("HeaderName", Value{std::string("EC1")}));
  ec.qualifiers.set(q("Description", Value{std::string("embedded")}, kFlavorAmended | kFlavorToSubclass));
  ec.qualifiers.set(q("guid", Value{std::string("{A1C15015-B069-11d1-9290-00A0C9062910}")}));
  ec.properties.push_back(prop("X", CimType::uint8, {q("WmiDataId", Value{std::int64_t{1}})}));
  s.add_class(ec);

  Class c;
  c.name = "Everything";
  c.superclass = "WMIEvent";
  c.name_space = "root\\wmi";
  c.class_flags = 64;
  c.qualifiers.set(q("WMI", Value{true}));
  c.qualifiers.set(q("Dynamic", Value{true}, kFlavorToInstance));
  c.qualifiers.set(q("WmiExpense", Value{std::int64_t{-7}}));
  c.qualifiers.set(q("Big", Value{std::int64_t{0xFFFFFFFF}}));
  c.qualifiers.set(q("Ratio", Value{2.5}));
  c.qualifiers.set(q("Nothing", Value{}));
  c.qualifiers.set(
      q("ValueMap", Value{Value::Array{Value{std::string("0")}, Value{std::string("0x100")}}}, kFlavorDisableOverride));
  c.qualifiers.set(q("Numbers", Value{Value::Array{Value{std::int64_t{1}}, Value{std::int64_t{-2}}}}));
  c.qualifiers.set(q("Flags", Value{Value::Array{Value{true}, Value{false}}}));
  c.qualifiers.set(q("Empty", Value{Value::Array{}}));
  c.qualifiers.set(q("Unicode", Value{std::string("caf\xC3\xA9 \xE2\x82\xAC")}));
  c.properties.push_back(prop("InstanceName", CimType::string, {q("key", Value{true}), q("read", Value{true})}));
  c.properties.push_back(prop("Active", CimType::boolean, {q("read", Value{true})}));
  const CimType scalar_types[] = {CimType::boolean, CimType::sint8,  CimType::uint8,  CimType::sint16,  CimType::uint16,
                                  CimType::sint32,  CimType::uint32, CimType::sint64, CimType::uint64,  CimType::real32,
                                  CimType::real64,  CimType::char16, CimType::string, CimType::datetime};
  std::int64_t id = 1;
  for (CimType t : scalar_types) {
    c.properties.push_back(prop("P_" + to_string(t), t, {q("WmiDataId", Value{id++})}));
    Property fixed = prop("A_" + to_string(t), t, {q("WmiDataId", Value{id++})});
    fixed.is_array = true;
    fixed.fixed_count = 3;
    c.properties.push_back(fixed);
  }
  Property count = prop("Count", CimType::uint32, {q("WmiDataId", Value{id++})});
  c.properties.push_back(count);
  Property variable =
      prop("Variable", CimType::uint16, {q("WmiDataId", Value{id++}), q("WmiSizeIs", Value{std::string("Count")})});
  variable.is_array = true;
  c.properties.push_back(variable);
  Property embedded = prop("Embedded", CimType::object, {q("WmiDataId", Value{id++})});
  embedded.type.class_name = "Vendor_EC1";
  embedded.is_array = true;
  embedded.fixed_count = 4;
  c.properties.push_back(embedded);
  Property reference = prop("Ref", CimType::reference);
  reference.type.class_name = "Other";
  c.properties.push_back(reference);
  Property with_default = prop("Defaulted", CimType::uint32);
  with_default.default_value = Value{std::int64_t{42}};
  c.properties.push_back(with_default);
  Property string_default = prop("Named", CimType::string);
  string_default.default_value = Value{std::string("x")};
  c.properties.push_back(string_default);
  Property array_default = prop("Mac", CimType::uint8);
  array_default.is_array = true;
  array_default.default_value = Value{Value::Array{}};
  c.properties.push_back(array_default);
  Property null_default = prop("Nul", CimType::real64);
  null_default.default_value = Value{};
  c.properties.push_back(null_default);

  Method m;
  m.name = "DoIt";
  m.qualifiers.set(q("WmiMethodId", Value{std::int64_t{1}}));
  m.qualifiers.set(q("cpp_quote", Value{std::string("#define X 1\n")}));
  Property p0 = prop("InCount", CimType::uint32, {q("in", Value{true})});
  p0.in = true;
  p0.id = 0;
  Property p1 = prop("InData", CimType::uint8, {q("in", Value{true}), q("WmiSizeIs", Value{std::string("InCount")})});
  p1.in = true;
  p1.id = 1;
  p1.is_array = true;
  Property p2 = prop("Both", CimType::sint64, {q("in", Value{true}), q("out", Value{true})});
  p2.in = p2.out = true;
  p2.id = 2;
  Property p3 = prop("Result", CimType::object, {q("out", Value{true})});
  p3.out = true;
  p3.id = 3;
  p3.type.class_name = "Vendor_EC1";
  m.parameters = {p0, p1, p2, p3};
  c.methods.push_back(m);
  Method none;
  none.name = "NoParameters";
  none.qualifiers.set(q("WmiMethodId", Value{std::int64_t{2}}));
  c.methods.push_back(none);
  Method only_out;
  only_out.name = "Get";
  Property o = prop("Value", CimType::string);
  o.out = true;
  only_out.parameters = {o};
  c.methods.push_back(only_out);
  Method returns;
  returns.name = "Returns";
  returns.returns_void = false;
  returns.return_type.type = CimType::uint32;
  Property r = prop("ReturnValue", CimType::uint32, {q("out", Value{true})});
  r.out = true;
  r.id = 1;
  Property a = prop("Arg", CimType::uint32, {q("in", Value{true})});
  a.in = true;
  returns.parameters = {a, r};
  c.methods.push_back(returns);
  s.add_class(c);

  Instance instance;
  instance.class_name = "MSFC_HbaApiVersion";
  instance.name_space = "root\\wmi";
  instance.properties.emplace_back("WmiHbaApiVersion", Value{std::int64_t{259}});
  instance.properties.emplace_back("Description", Value{std::string("SM-HBA")});
  instance.properties.emplace_back("Missing", Value{});
  s.add_instance(instance);

  Class amendment;
  amendment.name = "Everything";
  amendment.name_space = "\\\\.\\root\\wmi\\ms_409";
  amendment.qualifiers.set(q("AMENDMENT", Value{true}));
  amendment.qualifiers.set(q("LOCALE", Value{std::string("ms_409")}));
  s.add_amendment(amendment);
  return s;
}

TEST(BmfTree, EveryConstructRoundTrips) {
  const Schema original = everything_schema();
  for (bool back_references : {false, true}) {
    SCOPED_TRACE(back_references ? "with back-references" : "literal-only");
    auto bmf = encode(original, EncodeOptions{back_references});
    ASSERT_TRUE(bmf.ok()) << bmf.error().to_string();
    auto decoded = decode(*bmf);
    ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
    const auto difference = schema_difference(original, *decoded, CompareOptions{true});
    EXPECT_FALSE(difference) << *difference;
  }
}

TEST(BmfTree, DecodedDetails) {
  auto bmf = encode(everything_schema());
  ASSERT_TRUE(bmf.ok());
  auto decoded = decode(*bmf);
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  const Class* c = decoded->find_class("Everything");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(c->superclass, "WMIEvent");
  EXPECT_EQ(c->class_flags, 64);
  EXPECT_EQ(c->qualifiers.integer("Big"), 0xFFFFFFFF);
  EXPECT_EQ(c->qualifiers.find("Description"), nullptr);
  EXPECT_EQ(c->qualifiers.find("Dynamic")->flavors, kFlavorToInstance);
  const Property* embedded = c->find_property("Embedded");
  ASSERT_NE(embedded, nullptr);
  EXPECT_EQ(embedded->type.class_name, "Vendor_EC1");
  EXPECT_EQ(embedded->fixed_count, 4u);
  EXPECT_EQ(embedded->qualifiers.find("CIMTYPE"), nullptr);
  const Method* returns = c->find_method("Returns");
  ASSERT_NE(returns, nullptr);
  EXPECT_FALSE(returns->returns_void);
  EXPECT_EQ(returns->parameters.back().name, "ReturnValue");
  const Method* get = c->find_method("Get");
  ASSERT_NE(get, nullptr);
  ASSERT_EQ(get->parameters.size(), 1u);
  EXPECT_TRUE(get->parameters[0].out);
  EXPECT_FALSE(get->parameters[0].in);
  ASSERT_EQ(decoded->amendments().size(), 1u);
  ASSERT_EQ(decoded->instances().size(), 1u);
  EXPECT_TRUE(decoded->instances()[0].properties[2].second.is_null());
  EXPECT_EQ(decoded->classes()[0].qualifiers.find("Description")->flavors, kFlavorAmended | kFlavorToSubclass);
}

TEST(BmfTree, EncoderRefusesWhatBmfCannotHold) {
  Schema s;
  Class c;
  c.name = "C";
  c.qualifiers.set(q("Alias", Value{Value::Alias{"x"}}));
  s.add_class(c);
  EXPECT_FALSE(encode(s).ok());
  Schema mixed;
  c.qualifiers.items.clear();
  c.qualifiers.set(q("Mixed", Value{Value::Array{Value{std::int64_t{1}}, Value{std::string("a")}}}));
  mixed.add_class(c);
  EXPECT_FALSE(encode(mixed).ok());
}

// A tree with one method: the offsets of its parts, read from the tree the writer made.
struct MethodTree {
  ByteVector bytes;
  std::size_t method_set = 0, method_record = 0, blob = 0, parameter_object = 0;
};

MethodTree method_tree() {
  Schema s;
  Class c;
  c.name = "C";
  Method m;
  m.name = "M";
  Property p = prop("P", CimType::uint32);
  p.in = true;
  m.parameters = {p};
  c.methods.push_back(m);
  s.add_class(c);
  MethodTree t;
  t.bytes = write_tree(s).value();
  t.method_set = 40 + load_u32(t.bytes, 32);
  t.method_record = t.method_set + 8;
  t.blob = t.method_record + 20 + load_u32(t.bytes, t.method_record + 12);
  t.parameter_object = t.blob + 16;
  return t;
}

struct CorruptTree {
  const char* name;
  bool method_tree;
  std::size_t (*offset)(const MethodTree&);  // where to store `value` (u32)
  std::uint32_t value;
  const char* message;
};

TEST(BmfTree, RefusesCorruptTrees) {
  const CorruptTree cases[] = {
      {"bad magic", false, [](const MethodTree&) -> std::size_t { return 0; }, 0x11111111, "magic"},
      {"object part past the end", false, [](const MethodTree&) -> std::size_t { return 4; }, 1000, "object-part"},
      {"object part too small", false, [](const MethodTree&) -> std::size_t { return 4; }, 8, "object-part"},
      {"object count too large", false, [](const MethodTree&) -> std::size_t { return 16; }, 0x7FFFFFFF,
       "object count"},
      {"object length past end", false, [](const MethodTree&) -> std::size_t { return 20; }, 1000, "object size"},
      {"object length too small", false, [](const MethodTree&) -> std::size_t { return 20; }, 4, "object size"},
      {"class data past object end", false, [](const MethodTree&) -> std::size_t { return 32; }, 500,
       "class-data length"},
      {"qualifier-set size disagrees", false, [](const MethodTree&) -> std::size_t { return 28; }, 12, "disagrees"},
      {"qualifier count too large", false, [](const MethodTree&) -> std::size_t { return 44; }, 0x10000000,
       "qualifier count"},
      {"property set size too large", false, [](const MethodTree&) -> std::size_t { return 48; }, 0xFFFFFFF0,
       "property set size"},
      {"property count too large", false, [](const MethodTree&) -> std::size_t { return 52; }, 0x10000000,
       "property count"},
      {"record length past class data", false, [](const MethodTree&) -> std::size_t { return 56; }, 0x1000,
       "property record size"},
      {"name without NUL", false, [](const MethodTree&) -> std::size_t { return 68; }, 2, "terminating NUL"},
      {"name length past record", false, [](const MethodTree&) -> std::size_t { return 68; }, 0x7FFFFFFF,
       "name length"},
      {"object kind unknown", false, [](const MethodTree&) -> std::size_t { return 36; }, 7, "object kind 7"},
      {"method count too large", true, [](const MethodTree& t) { return t.method_set + 4; }, 0x10000000,
       "method count"},
      {"parameter objects count too large", true, [](const MethodTree& t) { return t.blob + 8; }, 0x01000000,
       "parameter object count"},
      {"parameter object past its method", true, [](const MethodTree& t) { return t.parameter_object; }, 0x10000,
       "object size"},
      {"name+value length past record", true, [](const MethodTree& t) { return t.method_record + 16; }, 0x10000,
       "name+value length"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    MethodTree t = c.method_tree ? method_tree() : MethodTree{golden_tree_of_class_c()};
    store_u32(t.bytes, c.offset(t), c.value);
    auto schema = read_tree(t.bytes);
    ASSERT_FALSE(schema.ok());
    EXPECT_NE(schema.error().message().find(c.message), std::string::npos) << schema.error().message();
  }
}

TEST(BmfTree, RefusesBadTrailersAndMissingClassName) {
  ByteVector t = golden_tree_of_class_c();
  t.insert(t.end(), {'N', 'O', 'T', 'A', 'T', 'R', 'A', 'I', 'L', 'E', 'R', '!', '!', '!', '!', '!', 0, 0, 0, 0});
  auto bad_trailer = read_tree(t);
  ASSERT_FALSE(bad_trailer.ok());
  EXPECT_NE(bad_trailer.error().message().find("BMOFQUALFLAVOR11"), std::string::npos);

  ByteVector lying = golden_tree_of_class_c();
  for (char ch : std::string_view("BMOFQUALFLAVOR11"))
    lying.push_back(static_cast<std::uint8_t>(ch));
  put_u32(lying, 1000);  // 1000 entries, none present
  auto lying_count = read_tree(lying);
  ASSERT_FALSE(lying_count.ok());
  EXPECT_NE(lying_count.error().message().find("flavor count"), std::string::npos);

  ByteVector nameless = golden_tree_of_class_c();
  nameless[92] = 0;  // "C" -> "" in the __CLASS value
  auto no_name = read_tree(nameless);
  ASSERT_FALSE(no_name.ok());
  EXPECT_NE(no_name.error().message().find("__CLASS"), std::string::npos);
}

TEST(BmfTree, EveryTruncationIsRefusedWithoutCrashing) {
  const ByteVector full = write_tree(everything_schema()).value();
  for (std::size_t size = 0; size < full.size(); ++size) {
    ByteVector cut(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(size));
    if (size >= 8)
      store_u32(cut, 4, static_cast<std::uint32_t>(std::min<std::size_t>(size, load_u32(full, 4))));
    auto schema = read_tree(cut);
    EXPECT_FALSE(schema.ok() && size < load_u32(full, 4)) << "accepted a tree cut at " << size;
  }
}

}  // namespace
}  // namespace wmiport::mof::bmf
