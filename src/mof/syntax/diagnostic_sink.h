// Where the compiler's stages report problems. Bounded: after max_errors errors it says so once and asks the
// stages to stop; warnings beyond max_warnings are counted but not kept. That bounds memory for any input.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "mof/schema/schema.h"

namespace wmiport::mof::syntax {

class DiagnosticSink {
 public:
  DiagnosticSink(std::size_t max_errors, std::size_t max_warnings)
      : max_errors_(max_errors), max_warnings_(max_warnings) {}

  void error(SourceLocation where, std::string message, std::string rule = {});
  void warning(SourceLocation where, std::string message, std::string rule = {});
  void add(Diagnostic diagnostic);

  // A limit that makes compilation pointless was hit (too many errors, a token budget): every stage stops.
  void stop(SourceLocation where, std::string message);
  bool stopped() const { return stopped_; }

  std::size_t error_count() const { return errors_; }
  std::vector<Diagnostic>& diagnostics() { return diagnostics_; }

 private:
  std::size_t max_errors_;
  std::size_t max_warnings_;
  std::size_t errors_ = 0;
  std::size_t warnings_ = 0;
  bool stopped_ = false;
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace wmiport::mof::syntax
