// Every fixture MOF, compiled by the text compiler, through the BMF encoder and decoder: the decoded Schema must
// have the same classes, properties, qualifiers (values and stored flavors), methods and instances.
#include <gtest/gtest.h>

#include <filesystem>

#include "mof/bmf/bmf.h"
#include "mof/bmf/schema_compare.h"
#include "mof/syntax/compiler.h"

namespace wmiport::mof::bmf {
namespace {

std::vector<std::filesystem::path> fixture_mofs() {
  std::vector<std::filesystem::path> out;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(WMIPORT_SHARED_DIR) + "/fixtures/mof")) {
    if (entry.path().extension() == ".mof")
      out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(BmfFixtures, EncodeDecodeKeepsEveryFixtureSchema) {
  const auto mofs = fixture_mofs();
  ASSERT_GE(mofs.size(), 9u);
  for (const auto& path : mofs) {
    SCOPED_TRACE(path.filename().string());
    CompileOptions options;
    options.run_wmi_checks = false;
    const CompileResult compiled = compile_file(path, options);
    ASSERT_TRUE(compiled.ok()) << (compiled.diagnostics.empty() ? "" : to_string(compiled.diagnostics[0]));
    ASSERT_FALSE(compiled.schema.classes().empty());
    for (bool back_references : {false, true}) {
      auto bmf = encode(compiled.schema, EncodeOptions{back_references});
      ASSERT_TRUE(bmf.ok()) << bmf.error().to_string();
      auto decoded = decode(*bmf);
      ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
      const auto difference = schema_difference(compiled.schema, *decoded, CompareOptions{true});
      EXPECT_FALSE(difference) << *difference;
      // Decoding is a fixed point: what it produced encodes and decodes to itself, implied qualifiers included.
      auto again = decode(encode(*decoded).value());
      ASSERT_TRUE(again.ok()) << again.error().to_string();
      const auto second = schema_difference(*decoded, *again);
      EXPECT_FALSE(second) << *second;
    }
  }
}

TEST(BmfFixtures, BackReferencesCompressRealTrees) {
  CompileOptions options;
  options.run_wmi_checks = false;
  const CompileResult compiled = compile_file(std::string(WMIPORT_SHARED_DIR) + "/fixtures/mof/wmisamp.mof", options);
  ASSERT_TRUE(compiled.ok());
  auto literal = encode(compiled.schema, EncodeOptions{false});
  auto packed = encode(compiled.schema, EncodeOptions{true});
  ASSERT_TRUE(literal.ok() && packed.ok());
  EXPECT_LT(packed->size() * 3, literal->size());  // repetitive UTF-16 names compress well
}

}  // namespace
}  // namespace wmiport::mof::bmf
