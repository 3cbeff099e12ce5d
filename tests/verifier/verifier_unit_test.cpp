// The verifier's own pieces: the rule catalog, the report formats, the summary.
#include <set>
#include <string>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "verifier/rules.h"
#include "verifier/verifier.h"

namespace wmiport::verifier {
namespace {

TEST(VerifierRules, IdsAreUniqueShortAndEveryRuleHasASentence) {
  std::set<std::string_view> seen;
  for (const Rule& rule : all_rules()) {
    EXPECT_TRUE(seen.insert(rule.id).second) << rule.id;
    EXPECT_LE(rule.id.size(), 32u) << rule.id;
    EXPECT_EQ(rule.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz_"), std::string_view::npos) << rule.id;
    EXPECT_EQ(rule.requirement.back(), '.') << rule.id;
  }
  EXPECT_NE(find_rule("postprocess_twice"), nullptr);
  EXPECT_EQ(find_rule("no_such_rule"), nullptr);
}

kernel::ContractViolation sample_violation() {
  kernel::ContractViolation v;
  v.rule = "write_outside_buffer";
  v.message = "IRP_MN_QUERY_ALL_DATA wrote at offset 4096 of a 4096-byte buffer (guard bytes changed)";
  v.driver = "vbug_write_past";
  v.guid = "{7E21F0B1-5A1D-4C3E-9B10-4275670DBE01}";
  v.minor = 0;
  v.request = "request 64 bytes in a 4096-byte buffer";
  return v;
}

TEST(VerifierReports, TextNamesRuleDriverRequestAndRequirement) {
  const Violation v = Verifier::from_contract(sample_violation());
  EXPECT_EQ(to_text(v),
            "wmiport verifier: write_outside_buffer by vbug_write_past [IRP_MN_QUERY_ALL_DATA "
            "{7E21F0B1-5A1D-4C3E-9B10-4275670DBE01} request 64 bytes in a 4096-byte buffer]: IRP_MN_QUERY_ALL_DATA "
            "wrote at offset 4096 of a 4096-byte buffer (guard bytes changed)\n  rule: " +
                std::string(find_rule("write_outside_buffer")->requirement) + "\n");
}

TEST(VerifierReports, JsonIsOneObjectWithEveryField) {
  const auto json = nlohmann::json::parse(to_json(Verifier::from_contract(sample_violation())));
  EXPECT_EQ(json["rule"], "write_outside_buffer");
  EXPECT_EQ(json["driver"], "vbug_write_past");
  EXPECT_EQ(json["minor"], 0);
  EXPECT_EQ(json["minor_name"], "IRP_MN_QUERY_ALL_DATA");
  EXPECT_EQ(json["guid"], "{7E21F0B1-5A1D-4C3E-9B10-4275670DBE01}");
  EXPECT_FALSE(json["requirement"].get<std::string>().empty());
  kernel::ContractViolation bare;
  bare.rule = "spin_lock_irql";
  bare.message = "m";
  const auto outside = nlohmann::json::parse(to_json(Verifier::from_contract(bare)));
  EXPECT_TRUE(outside["minor"].is_null());
  EXPECT_TRUE(outside["guid"].is_null());
  EXPECT_TRUE(outside["driver"].is_null());
}

TEST(VerifierCollector, KeepsTakesAndSummarises) {
  std::vector<std::string> forwarded;
  Verifier verifier([&](const Violation& v) { forwarded.push_back(v.rule); });
  EXPECT_EQ(verifier.summary(), "wmiport verifier: no violations\n");
  verifier.violation(sample_violation());
  verifier.violation(sample_violation());
  kernel::ContractViolation leak;
  leak.rule = "pool_leak";
  verifier.violation(leak);
  EXPECT_EQ(forwarded, (std::vector<std::string>{"write_outside_buffer", "write_outside_buffer", "pool_leak"}));
  EXPECT_EQ(verifier.violations().size(), 3u);
  EXPECT_EQ(verifier.take().size(), 3u);
  EXPECT_TRUE(verifier.violations().empty());
  EXPECT_EQ(verifier.total(), 3u);
  EXPECT_EQ(verifier.summary(), "wmiport verifier: 3 violations: pool_leak x1, write_outside_buffer x2\n");
  EXPECT_EQ(verifier.summary_json(),
            R"({"verifier":"summary","violations":3,"rules":{"pool_leak":1,"write_outside_buffer":2}})");
}

}  // namespace
}  // namespace wmiport::verifier
