// The state one compilation shares between the main file and the files it includes: the schema, the diagnostics,
// the token budget and the #define names. #pragma namespace/classflags are scoped to a file: an included file starts
// with its includer's and the includer's come back after it (see docs/decisions.md).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "mof/schema/schema.h"
#include "mof/syntax/compiler.h"
#include "mof/syntax/diagnostic_sink.h"

namespace wmiport::mof::syntax {

// What the #pragma directives seen so far put in force for the declarations that follow.
struct PragmaState {
  std::string name_space;        // unescaped, e.g. \\.\root\wmi
  std::int64_t class_flags = 0;  // updateonly=1, createonly=2, safeupdate=32, forceupdate=64
};

class CompileSession {
 public:
  explicit CompileSession(const CompileOptions& options);

  const CompileOptions& options() const { return options_; }
  Schema& schema() { return schema_; }
  DiagnosticSink& sink() { return sink_; }
  PragmaState& pragmas() { return pragmas_; }

  // #define NAME value: names are case-insensitive like every other MOF name.
  void define(std::string_view name, Value value);
  const Value* find_define(std::string_view name) const;

  // Compiles one file's bytes into the schema. `display_name` is what diagnostics call it; `identity` is what
  // include-cycle detection compares (a canonical path).
  void compile_bytes(std::string_view bytes, const std::string& display_name, const std::filesystem::path& identity);

  // Handles `#include name` written at `where` in the file `including_file`: finds the file (next to the includer,
  // then on the search paths), refuses cycles and excessive depth, and compiles it in place.
  void include(const SourceLocation& where, const std::string& name, const std::filesystem::path& including_file);

  // Reads a file with the configured reader and size limit.
  Result<std::optional<std::string>> read(const std::filesystem::path& path) const;

 private:
  const CompileOptions& options_;
  Schema schema_;
  DiagnosticSink sink_;
  PragmaState pragmas_;
  std::unordered_map<std::string, Value> defines_;    // lower-cased name -> value
  std::vector<std::filesystem::path> include_stack_;  // identities of the files being compiled, outermost first
  std::size_t tokens_used_ = 0;
};

// The identity include-cycle detection uses for a path: canonical when the file system can say, else normalised.
std::filesystem::path file_identity(const std::filesystem::path& path);

}  // namespace wmiport::mof::syntax
