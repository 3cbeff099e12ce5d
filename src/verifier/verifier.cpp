#include "verifier/verifier.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "verifier/rules.h"

namespace wmiport::verifier {

Violation Verifier::from_contract(const kernel::ContractViolation& violation) {
  const Rule* rule = find_rule(violation.rule);
  return Violation{violation.rule,
                   rule != nullptr ? std::string(rule->requirement)
                                   : std::string("A rule of the Windows kernel interface the driver called (see the "
                                                 "message)."),
                   violation.message,
                   violation.driver,
                   violation.guid,
                   violation.minor,
                   violation.request};
}

void Verifier::violation(const kernel::ContractViolation& violation) {
  record(from_contract(violation));
}

void Verifier::record(Violation converted) {
  {
    std::lock_guard lock(mutex_);
    kept_.push_back(converted);
    ++counts_[converted.rule];
  }
  if (forward_)
    forward_(converted);
}

std::vector<Violation> Verifier::violations() const {
  std::lock_guard lock(mutex_);
  return kept_;
}

std::vector<Violation> Verifier::take() {
  std::lock_guard lock(mutex_);
  return std::exchange(kept_, {});
}

std::size_t Verifier::total() const {
  std::lock_guard lock(mutex_);
  std::size_t total = 0;
  for (const auto& [rule, count] : counts_)
    total += count;
  return total;
}

std::string Verifier::summary() const {
  std::lock_guard lock(mutex_);
  if (counts_.empty())
    return "wmiport verifier: no violations\n";
  std::size_t total = 0;
  std::string rules;
  for (const auto& [rule, count] : counts_) {
    total += count;
    rules += fmt::format("{}{} x{}", rules.empty() ? "" : ", ", rule, count);
  }
  return fmt::format("wmiport verifier: {} violation{}: {}\n", total, total == 1 ? "" : "s", rules);
}

std::string Verifier::summary_json() const {
  std::lock_guard lock(mutex_);
  nlohmann::ordered_json object;
  std::size_t total = 0;
  nlohmann::ordered_json rules = nlohmann::ordered_json::object();
  for (const auto& [rule, count] : counts_) {
    total += count;
    rules[rule] = count;
  }
  object["verifier"] = "summary";
  object["violations"] = total;
  object["rules"] = std::move(rules);
  return object.dump();
}

}  // namespace wmiport::verifier
