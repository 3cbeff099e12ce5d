// The text MOF compiler: driver MOF source (UTF-8 or UTF-16, any line ends) to a Schema plus diagnostics.
//
// It accepts the MOF subset real driver MOFs use (spec mof-and-layout §1): qualifiers with flavors, classes,
// properties, fixed and variable arrays, embedded classes, methods, instances, amendments, #pragma, #include and a
// trivial #define. It applies mofcomp's normalisations (see mof/schema/schema.h) and, unless disabled, the WMI checks
// of wmi_checks.h. No input makes it crash, hang or exhaust memory: CompileOptions bounds every resource, and the
// parser recovers after an error so that one run reports several problems.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.h"
#include "mof/schema/schema.h"

namespace wmiport::mof {

// Reads a whole file for the compiler. Returns nullopt when there is no such file (an #include then tries the next
// search path), an error when the file exists but cannot be used (unreadable, larger than max_size bytes).
using SourceReader =
    std::function<Result<std::optional<std::string>>(const std::filesystem::path& path, std::size_t max_size)>;

// The default SourceReader: the file system.
Result<std::optional<std::string>> read_source_from_disk(const std::filesystem::path& path, std::size_t max_size);

struct CompileOptions {
  // Searched, in order, for an #include that is not found next to the including file.
  std::vector<std::filesystem::path> include_paths;
  bool allow_includes = true;  // false: every #include is an error (nothing is read)
  std::size_t max_include_depth = 16;
  std::size_t max_file_size = 16u << 20;            // bytes, per file
  std::size_t max_nesting_depth = 32;               // arrays and instance values inside values
  std::size_t max_total_tokens = 4'000'000;         // over the main file and all its includes
  std::size_t max_errors = 200;                     // then the compiler stops
  std::size_t max_warnings = 1000;                  // further warnings are dropped
  bool run_wmi_checks = true;                       // run check_wmi_schema when the source has no syntax error
  std::string default_namespace = "root\\default";  // before any #pragma namespace (mofcomp's default)
  SourceReader read_source;                         // empty: read_source_from_disk
};

struct CompileResult {
  Schema schema;
  std::vector<Diagnostic> diagnostics;  // in the order found; syntax first, then the WMI checks

  bool ok() const { return error_count() == 0; }
  std::size_t error_count() const;
  std::size_t warning_count() const;
};

// Compiles a file; #include paths are relative to it, then to options.include_paths.
CompileResult compile_file(const std::filesystem::path& path, const CompileOptions& options = {});

// Compiles bytes already in memory. `file_name` names them in diagnostics, and its folder is where a relative
// #include is looked for first.
CompileResult compile_source(std::string_view bytes, std::string file_name, const CompileOptions& options = {});

}  // namespace wmiport::mof
