// `wmiport mof header [-m] [-u] FILE [-I DIR]... -o OUT`: the `wmimofck -h OUT [-m] [-u]` equivalent.
// FILE is a text MOF, or a binary MOF (it starts with "FOMB"), which is what wmimofck itself reads. The guard and
// the header's name come from OUT's file name without extension, as with wmimofck -h.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "mof/bmf/bmf.h"
#include "mof/header/header.h"
#include "mof/syntax/compiler.h"

namespace wmiport::cli {

namespace {

struct MofHeaderArguments {
  std::string file;
  std::vector<std::string> include_dirs;
  std::string output;
  bool methods = false;
  bool maxlen_strings = false;
};

constexpr std::size_t kMaxInputSize = 16u << 20;

// The schema of FILE: decoded when it is binary MOF, compiled otherwise (diagnostics printed either way).
std::optional<mof::Schema> load_schema(const MofHeaderArguments& arguments) {
  std::ifstream in(arguments.file, std::ios::binary);
  char magic[4] = {};
  if (in && in.read(magic, 4) && std::string_view(magic, 4) == "FOMB") {
    in.seekg(0);
    std::vector<std::uint8_t> bytes;
    bytes.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (bytes.size() > kMaxInputSize) {
      fmt::print(stderr, "{}: larger than {} bytes\n", arguments.file, kMaxInputSize);
      return std::nullopt;
    }
    auto schema = mof::bmf::decode(bytes);
    if (!schema.ok()) {
      fmt::print(stderr, "{}: {}\n", arguments.file, schema.error().message());
      return std::nullopt;
    }
    return std::move(schema).value();
  }
  mof::CompileOptions options;
  for (const std::string& dir : arguments.include_dirs)
    options.include_paths.emplace_back(dir);
  mof::CompileResult result = mof::compile_file(arguments.file, options);
  for (const mof::Diagnostic& diagnostic : result.diagnostics)
    fmt::print(stderr, "{}\n", mof::to_string(diagnostic));
  if (!result.ok())
    return std::nullopt;
  return std::move(result.schema);
}

int run_mof_header(const MofHeaderArguments& arguments) {
  auto schema = load_schema(arguments);
  if (!schema)
    return kExitFailure;
  const mof::HeaderOptions options{std::filesystem::path(arguments.output).stem().string(), arguments.methods,
                                   arguments.maxlen_strings};
  auto header = mof::generate_header(*schema, options);
  if (!header.ok()) {
    fmt::print(stderr, "{}\n", header.error().message());
    return kExitFailure;
  }
  std::ofstream out(arguments.output, std::ios::binary);  // binary: the CRLF/LF mix is part of the format
  out << *header;
  if (!out.flush()) {
    fmt::print(stderr, "{}: cannot write\n", arguments.output);
    return kExitFailure;
  }
  return 0;
}

}  // namespace

void register_mof_header_command(CLI::App& mof, int& exit_code) {
  auto arguments = std::make_shared<MofHeaderArguments>();
  auto* cmd = mof.add_subcommand("header", "Generate the C header for a MOF's WMI classes (wmimofck -h equivalent)");
  cmd->add_option("file", arguments->file, "MOF file (text, or binary MOF)")->required();
  cmd->add_option("-I,--include", arguments->include_dirs, "Folder searched for #include files (repeatable)");
  cmd->add_option("-o,--output", arguments->output, "Header to write; its name is the include guard's base")
      ->required();
  cmd->add_flag("-m,--methods", arguments->methods, "Emit <Method>_IN / <Method>_OUT structs (wmimofck -m)");
  cmd->add_flag("-u,--maxlen-strings", arguments->maxlen_strings,
                "Emit MaxLen strings as WCHAR x[MaxLen + 1] (wmimofck -u)");
  cmd->callback([arguments, &exit_code] { exit_code = run_mof_header(*arguments); });
}

}  // namespace wmiport::cli
