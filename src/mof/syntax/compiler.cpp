#include "mof/syntax/compiler.h"

#include <algorithm>
#include <fstream>
#include <iterator>

#include <fmt/format.h>

#include "mof/syntax/compile_session.h"
#include "mof/syntax/wmi_checks.h"

namespace wmiport::mof {

namespace {

CompileResult finish(syntax::CompileSession& session) {
  CompileResult result;
  const bool syntax_clean = session.sink().error_count() == 0;
  result.diagnostics = std::move(session.sink().diagnostics());
  // The checks judge complete declarations only: on a source with syntax errors they would mostly report the
  // holes the errors left (a property that failed to parse looks like a missing WmiDataId).
  if (syntax_clean && session.options().run_wmi_checks) {
    std::vector<Diagnostic> findings = check_wmi_schema(session.schema());
    std::move(findings.begin(), findings.end(), std::back_inserter(result.diagnostics));
  }
  result.schema = std::move(session.schema());
  return result;
}

}  // namespace

std::size_t CompileResult::error_count() const {
  return static_cast<std::size_t>(std::count_if(diagnostics.begin(), diagnostics.end(), [](const Diagnostic& d) {
    return d.severity == Diagnostic::Severity::error;
  }));
}

std::size_t CompileResult::warning_count() const {
  return diagnostics.size() - error_count();
}

Result<std::optional<std::string>> read_source_from_disk(const std::filesystem::path& path, std::size_t max_size) {
  std::error_code error;
  const std::filesystem::file_status status = std::filesystem::status(path, error);
  if (error || !std::filesystem::exists(status))
    return std::optional<std::string>{};
  if (!std::filesystem::is_regular_file(status))
    return Error(ntstatus::invalid_parameter, fmt::format("'{}' is not a regular file", path.generic_string()));
  const std::uintmax_t size = std::filesystem::file_size(path, error);
  if (error)
    return Error(ntstatus::unsuccessful,
                 fmt::format("cannot get the size of '{}': {}", path.generic_string(), error.message()));
  if (size > max_size)
    return Error(ntstatus::buffer_overflow,
                 fmt::format("'{}' has {} bytes, more than the limit of {}", path.generic_string(), size, max_size));
  std::ifstream in(path, std::ios::binary);
  std::string bytes(static_cast<std::size_t>(size), '\0');
  if (!in || !in.read(bytes.data(), static_cast<std::streamsize>(size)))
    return Error(ntstatus::unsuccessful, fmt::format("cannot read '{}'", path.generic_string()));
  return std::optional<std::string>(std::move(bytes));
}

CompileResult compile_file(const std::filesystem::path& path, const CompileOptions& options) {
  syntax::CompileSession session(options);
  const std::string name = path.generic_string();
  Result<std::optional<std::string>> bytes = session.read(path);
  if (!bytes.ok())
    session.sink().error({name, 0, 0}, bytes.error().message());
  else if (!bytes.value())
    session.sink().error({name, 0, 0}, fmt::format("cannot open '{}': no such file", name));
  else
    session.compile_bytes(*bytes.value(), name, syntax::file_identity(path));
  return finish(session);
}

CompileResult compile_source(std::string_view bytes, std::string file_name, const CompileOptions& options) {
  syntax::CompileSession session(options);
  session.compile_bytes(bytes, file_name, syntax::file_identity(file_name));
  return finish(session);
}

}  // namespace wmiport::mof
