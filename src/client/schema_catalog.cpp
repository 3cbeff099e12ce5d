#include "wmiport/schema_catalog.h"

#include <fmt/format.h>

#include "mof/bmf/bmf.h"
#include "mof/syntax/compiler.h"

namespace wmiport {

namespace {

// Adds the compiled schema, or fails with the first error (it says enough for a command line).
Status take_compiled(SchemaCatalog& catalog, mof::CompileResult compiled, const std::string& name) {
  if (!compiled.ok()) {
    std::string message = fmt::format("{}: {} error(s) in the MOF", name, compiled.error_count());
    for (const auto& diagnostic : compiled.diagnostics) {
      if (diagnostic.severity != mof::Diagnostic::Severity::error)
        continue;
      message += fmt::format("; {}", mof::to_string(diagnostic));
      break;
    }
    return Error(ntstatus::invalid_parameter, message);
  }
  catalog.add_schema(std::move(compiled.schema));
  return {};
}

}  // namespace

Status SchemaCatalog::add_mof_file(const std::filesystem::path& path) {
  return take_compiled(*this, mof::compile_file(path), path.string());
}

Status SchemaCatalog::add_mof_source(std::string_view bytes, const std::string& name) {
  return take_compiled(*this, mof::compile_source(bytes, name), name);
}

Status SchemaCatalog::add_binary_mof(Bytes bmf, const std::string& name) {
  auto schema = mof::bmf::decode(bmf);
  if (!schema.ok())
    return Error(ntstatus::invalid_parameter, fmt::format("{}: binary MOF: {}", name, schema.error().message()));
  add_schema(std::move(schema).value());
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
