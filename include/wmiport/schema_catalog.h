// wmiport::SchemaCatalog: where a consumer finds the MOF class of a block. Schemas arrive from `--mof` files,
// from a driver's binary MOF (MSWmi_MofData, or the MOF a driver .so carries, which plugs in through
// add_schema), and are looked up by GUID or class name. The first schema that declares a class wins, so the
// order of additions is the order of preference.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/byte_io.h"
#include "common/guid.h"
#include "common/result.h"
#include "mof/schema/schema.h"

namespace wmiport {

// A class and the schema that declares it (layouts need both, for embedded classes and superclasses).
struct ClassRef {
  const mof::Schema* schema = nullptr;
  const mof::Class* cls = nullptr;
};

class SchemaCatalog {
 public:
  // Compiles the file; any compile error fails the call (the message lists the first diagnostics).
  Status add_mof_file(const std::filesystem::path& path);
  // MOF source already in memory (the MOF a driver .so carries); `name` names it in errors.
  Status add_mof_source(std::string_view bytes, const std::string& name);
  // Both skip a MOF text identical to one already compiled without #include (a driver carrying the very MOF given
  // with --mof): its schema would declare the same classes after the first, so no lookup could ever reach it.
  // A binary MOF (what a provider returns for MSWmi_MofData); `name` names it in errors.
  Status add_binary_mof(Bytes bmf, const std::string& name);
  void add_schema(mof::Schema schema);

  std::optional<ClassRef> find_class(const Guid& guid) const;
  std::optional<ClassRef> find_class(std::string_view name) const;  // case-insensitive
  bool empty() const { return schemas_.empty(); }

 private:
  Status add_text(std::string text, const std::string& file_name, const std::string& name);
  bool already_compiled(std::string_view text) const;

  std::vector<std::unique_ptr<mof::Schema>> schemas_;
  std::vector<std::string> compiled_texts_;  // the self-contained MOF texts compiled so far, as read
};

}  // namespace wmiport
