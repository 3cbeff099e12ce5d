#include "wmiport/schema_catalog.h"

#include <fmt/format.h>

#include "mof/syntax/compiler.h"

namespace wmiport {

Status SchemaCatalog::add_mof_file(const std::filesystem::path& path) {
  mof::CompileResult compiled = mof::compile_file(path);
  if (!compiled.ok()) {
    std::string message = fmt::format("{}: {} error(s) in the MOF", path.string(), compiled.error_count());
    for (const auto& diagnostic : compiled.diagnostics) {
      if (diagnostic.severity != mof::Diagnostic::Severity::error)
        continue;
      message += fmt::format("; {}", mof::to_string(diagnostic));
      break;  // the first error says enough for a command line
    }
    return Error(ntstatus::invalid_parameter, message);
  }
  add_schema(std::move(compiled.schema));
  return {};
}

void SchemaCatalog::add_schema(mof::Schema schema) {
  schemas_.push_back(std::make_unique<mof::Schema>(std::move(schema)));
}

std::optional<ClassRef> SchemaCatalog::find_class(const Guid& guid) const {
  for (const auto& schema : schemas_) {
    if (const mof::Class* cls = schema->find_class_by_guid(guid))
      return ClassRef{schema.get(), cls};
  }
  return std::nullopt;
}

std::optional<ClassRef> SchemaCatalog::find_class(std::string_view name) const {
  for (const auto& schema : schemas_) {
    if (const mof::Class* cls = schema->find_class(name))
      return ClassRef{schema.get(), cls};
  }
  return std::nullopt;
}

}  // namespace wmiport
