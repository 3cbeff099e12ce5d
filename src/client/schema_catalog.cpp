#include "wmiport/schema_catalog.h"

#include <algorithm>

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
  // Read here rather than by compile_file so that the text can be remembered; compile_source of the bytes under
  // the path's name is what compile_file does after reading. A file that cannot be read goes to compile_file,
  // which reports why.
  auto bytes = mof::read_source_from_disk(path, mof::CompileOptions{}.max_file_size);
  if (!bytes.ok() || !bytes.value())
    return take_compiled(*this, mof::compile_file(path), path.string());
  return add_text(std::move(*bytes.value()), path.generic_string(), path.string());
}

Status SchemaCatalog::add_mof_source(std::string_view bytes, const std::string& name) {
  if (already_compiled(bytes))
    return {};  // no copy of a text that is skipped (a driver's 480 KB hbaapi MOF, given with --mof too)
  return add_text(std::string(bytes), name, name);
}

bool SchemaCatalog::already_compiled(std::string_view text) const {
  return std::find(compiled_texts_.begin(), compiled_texts_.end(), text) != compiled_texts_.end();
}

Status SchemaCatalog::add_text(std::string text, const std::string& file_name, const std::string& name) {
  if (already_compiled(text))
    return {};
  // A text that includes other files depends on where it is (includes are looked for next to it), so only a
  // self-contained one is remembered: the reader below sees every file the compiler opens but none for the text
  // itself, which compile_source is given.
  bool read_includes = false;
  mof::CompileOptions options;
  options.read_source = [&read_includes](const std::filesystem::path& path, std::size_t max_size) {
    read_includes = true;
    return mof::read_source_from_disk(path, max_size);
  };
  WMIPORT_TRY(take_compiled(*this, mof::compile_source(text, file_name, options), name));
  if (!read_includes)
    compiled_texts_.push_back(std::move(text));
  return {};
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
