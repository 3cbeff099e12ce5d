#include "mof/schema/schema.h"

#include <gtest/gtest.h>

namespace wmiport::mof {
namespace {

Class make_class(std::string name, std::string super = {}) {
  Class c;
  c.name = std::move(name);
  c.superclass = std::move(super);
  return c;
}

TEST(Schema, LookupIsCaseInsensitiveAndRedeclarationReplacesInPlace) {
  Schema s;
  s.add_class(make_class("MSFC_Alpha"));
  s.add_class(make_class("MSFC_Beta"));
  Class again = make_class("msfc_alpha");
  again.qualifiers.set({"WMI", Value{true}, 0, {}});
  s.add_class(std::move(again));
  ASSERT_EQ(s.classes().size(), 2u);
  EXPECT_EQ(s.classes()[0].name, "msfc_alpha");
  EXPECT_TRUE(s.find_class("MSFC_ALPHA")->is_wmi());
  EXPECT_EQ(s.find_class("nope"), nullptr);
}

TEST(Schema, EventLineageStopsAtUnknownAndCycles) {
  Schema s;
  s.add_class(make_class("WMIEvent", "__ExtrinsicEvent"));
  s.add_class(make_class("MyEvent", "WmiEvent"));
  s.add_class(make_class("Plain"));
  s.add_class(make_class("LoopA", "LoopB"));
  s.add_class(make_class("LoopB", "LoopA"));
  EXPECT_TRUE(s.is_event_class(*s.find_class("MyEvent")));
  EXPECT_FALSE(s.is_event_class(*s.find_class("Plain")));
  EXPECT_EQ(s.lineage(*s.find_class("MyEvent")).size(), 2u);
  EXPECT_EQ(s.lineage(*s.find_class("LoopA")).size(), 2u);
  EXPECT_FALSE(s.is_event_class(*s.find_class("LoopA")));
}

TEST(Schema, QualifierAccessors) {
  Class c = make_class("X");
  c.qualifiers.set({"guid", Value{std::string("{3E8DC9EE-4A6C-4A38-BA6E-2D8C7AB5CF12}")}, 0, {}});
  EXPECT_EQ(c.guid()->data1, 0x3E8DC9EEu);
  Property p;
  p.qualifiers.set({"WmiDataId", Value{std::int64_t{3}}, 0, {}});
  p.qualifiers.set({"WmiSizeIs", Value{std::string("Count")}, 0, {}});
  p.qualifiers.set({"key", Value{}, 0, {}});
  p.qualifiers.set({"read", Value{false}, 0, {}});
  EXPECT_EQ(p.data_id(), 3u);
  EXPECT_EQ(p.size_is(), "Count");
  EXPECT_TRUE(p.is_key());
  EXPECT_FALSE(p.qualifiers.flag("read"));
  EXPECT_FALSE(p.max_len());
  p.qualifiers.set({"wmidataid", Value{std::int64_t{-1}}, 0, {}});
  EXPECT_FALSE(p.data_id());
}

TEST(Schema, DiagnosticFormat) {
  Diagnostic d{Diagnostic::Severity::error, {"a.mof", 3, 7}, "expected ';'", ""};
  EXPECT_EQ(to_string(d), "a.mof:3:7: error: expected ';'");
  d.rule = "wmi-guid";
  d.severity = Diagnostic::Severity::warning;
  EXPECT_EQ(to_string(d), "a.mof:3:7: warning: expected ';' [wmi-guid]");
}

}  // namespace
}  // namespace wmiport::mof
