// SchemaCatalog: a MOF text met twice (a --mof file that a driver also carries) is compiled once, which must not
// change what lookups find; a text with #include depends on its folder and is compiled each time.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "wmiport/schema_catalog.h"

namespace wmiport {
namespace {

class SchemaCatalogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("wmiport_schema_catalog_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path write(const std::string& name, const std::string& text) {
    const std::filesystem::path path = dir_ / name;
    std::filesystem::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  std::filesystem::path dir_;
};

constexpr const char* kBlock =
    "[WMI, guid(\"{11111111-2222-3333-4444-555555555555}\")]\n"
    "class Blk { [key] string InstanceName; boolean Active; [WmiDataId(1)] uint32 Value; };\n";

TEST_F(SchemaCatalogTest, SameTextFromAFileAndADriverFindsTheFilesClass) {
  SchemaCatalog catalog;
  ASSERT_TRUE(catalog.add_mof_file(write("blk.mof", kBlock)).ok());
  ASSERT_TRUE(catalog.add_mof_source(kBlock, "drv.so(MofResource)").ok());
  const auto by_name = catalog.find_class("blk");
  ASSERT_TRUE(by_name.has_value());
  EXPECT_EQ(by_name->cls->name, "Blk");
  EXPECT_EQ(by_name->cls->where.file, (dir_ / "blk.mof").generic_string());
  const auto by_guid = catalog.find_class(*Guid::parse("{11111111-2222-3333-4444-555555555555}"));
  ASSERT_TRUE(by_guid.has_value());
  EXPECT_EQ(by_guid->cls, by_name->cls);
}

TEST_F(SchemaCatalogTest, ADifferentTextIsCompiledAndAFailingOneStillFails) {
  SchemaCatalog catalog;
  ASSERT_TRUE(catalog.add_mof_source(kBlock, "first").ok());
  ASSERT_TRUE(catalog.add_mof_source(std::string(kBlock) + "class Extra { uint32 x; };\n", "second").ok());
  EXPECT_TRUE(catalog.find_class("Extra").has_value());
  const Status broken = catalog.add_mof_source("class Broken {", "broken");
  ASSERT_FALSE(broken.ok());
  EXPECT_NE(broken.error().message().find("broken:1:"), std::string::npos) << broken.error().message();
  EXPECT_FALSE(catalog.add_mof_source("class Broken {", "broken").ok());
}

TEST_F(SchemaCatalogTest, IdenticalTextsWithIncludesAreCompiledInTheirOwnFolders) {
  const std::string main_text = "#include \"part.mof\"\n";
  const auto first = write("a/main.mof", main_text);
  write("a/part.mof", "class FromA { uint32 x; };\n");
  const auto second = write("b/main.mof", main_text);
  write("b/part.mof", "class FromB { uint32 x; };\n");
  SchemaCatalog catalog;
  ASSERT_TRUE(catalog.add_mof_file(first).ok());
  ASSERT_TRUE(catalog.add_mof_file(second).ok());
  EXPECT_TRUE(catalog.find_class("FromA").has_value());
  EXPECT_TRUE(catalog.find_class("FromB").has_value());
}

TEST_F(SchemaCatalogTest, AMissingFileSaysSo) {
  SchemaCatalog catalog;
  const Status missing = catalog.add_mof_file(dir_ / "none.mof");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message().find("no such file"), std::string::npos) << missing.error().message();
}

}  // namespace
}  // namespace wmiport
