// `wmiport mof dump FILE [--string-mode slot|compact] [-I DIR]...`: compiles a driver MOF and prints every WMI
// class with its computed data-block layout (offset, size and alignment of every item, nested embedded classes,
// C sizeof and the no-tail-padding _SIZE) and the input/output layouts of its methods.
#include <cstdio>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "mof/layout/layout_dump.h"
#include "mof/syntax/compiler.h"

namespace wmiport::cli {

namespace {

struct DumpArguments {
  std::string file;
  mof::StringMode string_mode = mof::StringMode::slot;
  std::vector<std::string> include_paths;
};

int run_dump(const DumpArguments& args) {
  mof::CompileOptions options;
  for (const auto& path : args.include_paths)
    options.include_paths.emplace_back(path);
  mof::CompileResult compiled = mof::compile_file(args.file, options);
  for (const auto& diagnostic : compiled.diagnostics)
    std::fprintf(stderr, "%s\n", mof::to_string(diagnostic).c_str());
  if (!compiled.ok())
    return kExitFailure;
  int failures = 0;
  const std::string text = mof::render_schema_layouts(compiled.schema, mof::LayoutOptions{args.string_mode}, failures);
  std::fputs(text.c_str(), stdout);
  return failures == 0 ? 0 : kExitFailure;
}

}  // namespace

void register_mof_dump_command(CLI::App& mof, int& exit_code) {
  auto args = std::make_shared<DumpArguments>();
  auto* cmd = mof.add_subcommand("dump", "Print the data-block layout of every WMI class of a MOF file");
  cmd->add_option("file", args->file, "The driver MOF file")->required();
  const std::map<std::string, mof::StringMode> modes = {{"slot", mof::StringMode::slot},
                                                        {"compact", mof::StringMode::compact}};
  cmd->add_option("--string-mode", args->string_mode,
                  "MaxLen strings as fixed 2+2*MaxLen slots (default, as drivers send them) or compact")
      ->transform(CLI::CheckedTransformer(modes, CLI::ignore_case));
  cmd->add_option("-I,--include", args->include_paths, "A folder searched for #include files (repeatable)");
  cmd->callback([args, &exit_code] { exit_code = run_dump(*args); });
}

}  // namespace wmiport::cli
