#include "mof/syntax/compile_session.h"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "mof/syntax/lexer.h"
#include "mof/syntax/names.h"
#include "mof/syntax/parser.h"
#include "mof/syntax/source_decoder.h"

namespace wmiport::mof::syntax {

namespace {}  // namespace

std::filesystem::path file_identity(const std::filesystem::path& path) {
  std::error_code error;
  std::filesystem::path canonical = std::filesystem::weakly_canonical(path, error);
  return error ? path.lexically_normal() : canonical;
}

CompileSession::CompileSession(const CompileOptions& options)
    : options_(options), sink_(options.max_errors, options.max_warnings) {
  pragmas_.name_space = options.default_namespace;
}

void CompileSession::define(std::string_view name, Value value) {
  defines_[name_key(name)] = std::move(value);
}

const Value* CompileSession::find_define(std::string_view name) const {
  if (defines_.empty())
    return nullptr;
  auto it = defines_.find(name_key(name));
  return it == defines_.end() ? nullptr : &it->second;
}

Result<std::optional<std::string>> CompileSession::read(const std::filesystem::path& path) const {
  if (options_.read_source)
    return options_.read_source(path, options_.max_file_size);
  return read_source_from_disk(path, options_.max_file_size);
}

void CompileSession::compile_bytes(std::string_view bytes, const std::string& display_name,
                                   const std::filesystem::path& identity) {
  if (sink_.stopped())
    return;
  if (bytes.size() > options_.max_file_size) {
    sink_.error({display_name, 1, 1},
                fmt::format("the file has {} bytes, more than the limit of {}", bytes.size(), options_.max_file_size));
    return;
  }
  const DecodedSource source = decode_source(bytes);
  if (!source.ok) {
    sink_.error({display_name, source.error_line, source.error_column},
                fmt::format("{} (the file was read as {})", source.error, to_string(source.encoding)));
    return;
  }
  Lexer lexer(source.text, display_name, sink_);
  TokenStream tokens(lexer, tokens_used_, options_.max_total_tokens);
  include_stack_.push_back(identity);
  Parser(*this, display_name, tokens).run();
  include_stack_.pop_back();
}

void CompileSession::include(const SourceLocation& where, const std::string& name,
                             const std::filesystem::path& including_file) {
  if (!options_.allow_includes) {
    sink_.error(where, fmt::format("#include \"{}\": includes are disabled for this compilation", name));
    return;
  }
  const std::filesystem::path requested(name);
  std::vector<std::filesystem::path> candidates;
  if (requested.is_absolute()) {
    candidates.push_back(requested);
  } else {
    candidates.push_back(including_file.parent_path() / requested);
    for (const std::filesystem::path& folder : options_.include_paths)
      candidates.push_back(folder / requested);
  }

  for (const std::filesystem::path& candidate : candidates) {
    Result<std::optional<std::string>> bytes = read(candidate);
    if (!bytes.ok()) {
      sink_.error(
          where, fmt::format("cannot read include file '{}': {}", candidate.generic_string(), bytes.error().message()));
      return;
    }
    if (!bytes.value())
      continue;
    const std::filesystem::path identity = file_identity(candidate);
    if (std::find(include_stack_.begin(), include_stack_.end(), identity) != include_stack_.end()) {
      std::string chain;
      for (const std::filesystem::path& open : include_stack_)
        chain += open.filename().generic_string() + " -> ";
      sink_.error(where, fmt::format("include cycle: '{}' is already being compiled ({}{})", name, chain,
                                     identity.filename().generic_string()));
      return;
    }
    if (include_stack_.size() > options_.max_include_depth) {
      sink_.error(where, fmt::format("#include \"{}\" exceeds the include depth limit of {}", name,
                                     options_.max_include_depth));
      return;
    }
    // #pragma namespace and classflags are scoped to the file that states them: the includer's are back in force
    // after the include (SFBDVMiniport.mof sets root\wmi, includes hbaapi, whose last pragma switches to
    // ms_409, and then declares its own classes, meant for root\wmi).
    const PragmaState includer_pragmas = pragmas_;
    compile_bytes(*bytes.value(), candidate.lexically_normal().generic_string(), identity);
    pragmas_ = includer_pragmas;
    return;
  }

  std::string searched;
  for (const std::filesystem::path& candidate : candidates) {
    const std::string folder = candidate.parent_path().generic_string();
    searched += (searched.empty() ? "" : ", ") + (folder.empty() ? std::string(".") : folder);
  }
  sink_.error(where, fmt::format("include file '{}' not found (looked in: {})", name, searched));
}

}  // namespace wmiport::mof::syntax
