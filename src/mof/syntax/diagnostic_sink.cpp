#include "mof/syntax/diagnostic_sink.h"

#include <fmt/format.h>

namespace wmiport::mof::syntax {

void DiagnosticSink::error(SourceLocation where, std::string message, std::string rule) {
  add({Diagnostic::Severity::error, std::move(where), std::move(message), std::move(rule)});
}

void DiagnosticSink::warning(SourceLocation where, std::string message, std::string rule) {
  add({Diagnostic::Severity::warning, std::move(where), std::move(message), std::move(rule)});
}

void DiagnosticSink::add(Diagnostic diagnostic) {
  if (stopped_)
    return;
  if (diagnostic.severity == Diagnostic::Severity::warning) {
    if (warnings_++ < max_warnings_)
      diagnostics_.push_back(std::move(diagnostic));
    return;
  }
  ++errors_;
  SourceLocation where = diagnostic.where;
  diagnostics_.push_back(std::move(diagnostic));
  if (errors_ >= max_errors_)
    stop(std::move(where), fmt::format("too many errors ({}), stopping", errors_));
}

void DiagnosticSink::stop(SourceLocation where, std::string message) {
  if (stopped_)
    return;
  ++errors_;
  diagnostics_.push_back({Diagnostic::Severity::error, std::move(where), std::move(message), {}});
  stopped_ = true;
}

}  // namespace wmiport::mof::syntax
