// `wmiport mof check FILE... [-I DIR]...`: compile each MOF file, print its diagnostics and a one-line summary.
// Exit status 1 when any file has an error, 0 otherwise (warnings do not fail the check).
#include <filesystem>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "cli/commands.h"
#include "mof/syntax/compiler.h"

namespace wmiport::cli {

namespace {

struct MofCheckArguments {
  std::vector<std::string> files;
  std::vector<std::string> include_dirs;
};

std::size_t count_methods(const mof::Schema& schema) {
  std::size_t methods = 0;
  for (const mof::Class& cls : schema.classes())
    methods += cls.methods.size();
  return methods;
}

int run_mof_check(const MofCheckArguments& arguments) {
  mof::CompileOptions options;
  for (const std::string& dir : arguments.include_dirs)
    options.include_paths.emplace_back(dir);
  bool any_error = false;
  for (const std::string& file : arguments.files) {
    const mof::CompileResult result = mof::compile_file(file, options);
    for (const mof::Diagnostic& diagnostic : result.diagnostics)
      fmt::print("{}\n", mof::to_string(diagnostic));
    const std::size_t errors = result.error_count();
    const std::size_t warnings = result.warning_count();
    fmt::print("{}: {} classes, {} methods, {} error{}, {} warning{}\n", file, result.schema.classes().size(),
               count_methods(result.schema), errors, errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
    any_error = any_error || errors > 0;
  }
  return any_error ? kExitFailure : 0;
}

}  // namespace

void register_mof_check_command(CLI::App& mof, int& exit_code) {
  auto arguments = std::make_shared<MofCheckArguments>();
  auto* cmd = mof.add_subcommand("check", "Compile MOF files and report syntax and WMI rule problems");
  cmd->add_option("files", arguments->files, "MOF files to check")->required();
  cmd->add_option("-I,--include", arguments->include_dirs, "Folder searched for #include files (repeatable)");
  cmd->callback([arguments, &exit_code] { exit_code = run_mof_check(*arguments); });
}

}  // namespace wmiport::cli
