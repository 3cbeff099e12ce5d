// The header generator sees the same classes whether a MOF arrives as text or as binary MOF (wmimofck itself reads
// BMF): for every fixture, header(text) == header(decode(encode(text))).
#include <gtest/gtest.h>

#include <filesystem>

#include "mof/bmf/bmf.h"
#include "mof/header/header.h"
#include "mof/syntax/compiler.h"

namespace wmiport::mof {
namespace {

TEST(HeaderFromBmf, SameHeaderAsFromTextForEveryFixture) {
  std::size_t fixtures = 0;
  for (const auto& entry : std::filesystem::directory_iterator(std::string(WMIPORT_SHARED_DIR) + "/fixtures/mof")) {
    if (entry.path().extension() != ".mof")
      continue;
    SCOPED_TRACE(entry.path().filename().string());
    ++fixtures;
    CompileOptions options;
    options.run_wmi_checks = false;
    const CompileResult compiled = compile_file(entry.path(), options);
    ASSERT_TRUE(compiled.ok());
    const HeaderOptions header_options{entry.path().stem().string(), true, true};
    auto from_text = generate_header(compiled.schema, header_options);
    ASSERT_TRUE(from_text.ok());
    auto decoded = bmf::decode(bmf::encode(compiled.schema).value());
    ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
    auto from_bmf = generate_header(*decoded, header_options);
    ASSERT_TRUE(from_bmf.ok());
    EXPECT_EQ(*from_text, *from_bmf);
    EXPECT_NE(from_text->find("typedef struct"), std::string::npos);
  }
  EXPECT_GE(fixtures, 9u);
}

}  // namespace
}  // namespace wmiport::mof
