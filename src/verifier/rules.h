// The verifier's rule catalog: every contract wmiport checks, by a short stable id, with the documented
// requirement in one sentence (our words). Violations carry the id; reports quote the sentence.
#pragma once

#include <span>
#include <string_view>

#include "verifier/violation.h"  // WMIPORT_VERIFIER_API

namespace wmiport::verifier {

struct Rule {
  std::string_view id;           // short and stable: scripts and tests match on it
  std::string_view requirement;  // what the documentation asks of a driver (or of wmiport itself)
};

// Every rule, in a fixed order (documented in README.md and docs/decisions.md).
WMIPORT_VERIFIER_API std::span<const Rule> all_rules();
// The rule with this id; nullptr for an id the catalog does not know (the kernel's minor rules, e.g.
// "spin_lock_irql", are reported with their own message and a generic requirement).
WMIPORT_VERIFIER_API const Rule* find_rule(std::string_view id);

}  // namespace wmiport::verifier
