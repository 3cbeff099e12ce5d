// The text MOF compiler on arbitrary bytes: no crash, hang or unbounded allocation, whatever the encoding, and
// every diagnostic says where it is. #include reads only two in-memory files built from the input itself (so
// include cycles and depth limits are exercised too); nothing is read from disk.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "mof/syntax/compiler.h"
#include "mof/syntax/wmi_checks.h"

namespace {

using namespace wmiport::mof;

CompileOptions fuzz_options(std::string_view input) {
  CompileOptions options;
  // Small limits keep each run fast; the bounds logic is the same as with the defaults.
  options.max_file_size = 64u << 10;
  options.max_total_tokens = 20'000;
  options.max_nesting_depth = 16;
  options.max_include_depth = 4;
  options.max_errors = 50;
  options.max_warnings = 50;
  const std::string whole(input);
  const std::string second_half(input.substr(input.size() / 2));
  options.read_source = [whole, second_half](const std::filesystem::path& path,
                                             std::size_t max_size) -> wmiport::Result<std::optional<std::string>> {
    const std::string name = path.lexically_normal().generic_string();
    const std::string* bytes = name == "fuzz/a.mof" ? &whole : name == "fuzz/b.mof" ? &second_half : nullptr;
    if (bytes == nullptr)
      return std::optional<std::string>{};
    if (bytes->size() > max_size)
      return wmiport::Error(wmiport::ntstatus::buffer_overflow, "too large");
    return std::optional<std::string>(*bytes);
  };
  return options;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  const CompileResult result = compile_source(input, "fuzz/a.mof", fuzz_options(input));
  for (const Diagnostic& diagnostic : result.diagnostics) {
    if (diagnostic.where.file.empty() || diagnostic.where.line == 0 || diagnostic.where.column == 0 ||
        diagnostic.message.empty())
      std::abort();
  }
  if (result.ok() != (result.error_count() == 0))
    std::abort();
  // The checks must also cope with what broken sources leave behind (compile skips them after syntax errors).
  (void)check_wmi_schema(result.schema);
  return 0;
}
