// Helpers shared by the MOF compiler tests (tests/mof/syntax_*_test.cpp).
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "mof/syntax/compiler.h"

namespace wmiport::mof::testing {

inline std::filesystem::path fixture_path(std::string_view name) {
  return std::filesystem::path(WMIPORT_SHARED_DIR) / "fixtures" / "mof" / name;
}

// All diagnostics, one per line, for failure messages.
inline std::string dump(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& d : diagnostics)
    out += to_string(d) + "\n";
  return out;
}

// A SourceReader over files held in memory, keyed by their generic path ("dir/a.mof").
inline SourceReader memory_reader(std::map<std::string, std::string> files) {
  return [files = std::move(files)](const std::filesystem::path& path,
                                    std::size_t max_size) -> Result<std::optional<std::string>> {
    auto it = files.find(path.lexically_normal().generic_string());
    if (it == files.end())
      return std::optional<std::string>{};
    if (it->second.size() > max_size)
      return Error(ntstatus::buffer_overflow, "too large");
    return std::optional<std::string>(it->second);
  };
}

// The first diagnostic at line:column whose message contains `text`, or nullptr.
inline const Diagnostic* find_diagnostic(const std::vector<Diagnostic>& diagnostics, std::uint32_t line,
                                         std::uint32_t column, std::string_view text) {
  for (const Diagnostic& d : diagnostics) {
    if (d.where.line == line && d.where.column == column && d.message.find(text) != std::string::npos)
      return &d;
  }
  return nullptr;
}

inline std::size_t count_properties(const Schema& schema) {
  std::size_t n = 0;
  for (const Class& c : schema.classes())
    n += c.properties.size();
  return n;
}

inline std::size_t count_methods(const Schema& schema) {
  std::size_t n = 0;
  for (const Class& c : schema.classes())
    n += c.methods.size();
  return n;
}

inline std::size_t count_parameters(const Schema& schema) {
  std::size_t n = 0;
  for (const Class& c : schema.classes()) {
    for (const Method& m : c.methods)
      n += m.parameters.size();
  }
  return n;
}

}  // namespace wmiport::mof::testing
