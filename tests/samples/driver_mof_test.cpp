// The MOF resources wmiport_add_driver attaches to a driver image (section .wmiport.mof) and the reader in
// src/kernel/driver_mof.h: found by name, not found, two MOFs in one image, corrupt sections.
#include <dlfcn.h>

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kernel/driver_mof.h"

namespace wmiport::kernel {
namespace {

std::filesystem::path driver(const std::string& name) {
  return std::filesystem::path(WMIPORT_DRIVER_DIR) / (name + ".so");
}

std::string file_bytes(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::string mof(const std::string& name) {
  return file_bytes(std::filesystem::path(WMIPORT_SAMPLES_MOF_DIR) / name);
}

TEST(DriverMof, FoundByTheDefaultNameCaseInsensitively) {
  auto found = find_driver_mof(driver("mof_probe_one"), u"alpha");
  ASSERT_TRUE(found.ok()) << found.error().to_string();
  EXPECT_EQ(*found, mof("alpha.mof"));
  auto upper = find_driver_mof(driver("mof_probe_one"), u"ALPHA");
  ASSERT_TRUE(upper.ok());
  EXPECT_EQ(*upper, mof("alpha.mof"));
}

TEST(DriverMof, NotFound) {
  auto missing = find_driver_mof(driver("mof_probe_one"), u"Beta");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code(), static_cast<NtStatusCode>(0xC0000034u));
  auto none = read_driver_mofs(driver("mof_probe_none"));
  ASSERT_TRUE(none.ok()) << none.error().to_string();
  EXPECT_TRUE(none->empty());
  EXPECT_FALSE(find_driver_mof(driver("mof_probe_none"), u"alpha").ok());
  EXPECT_FALSE(find_driver_mof(driver("no_such_driver"), u"alpha").ok());
}

TEST(DriverMof, TwoMofsInOneImage) {
  auto all = read_driver_mofs(driver("mof_probe_two"));
  ASSERT_TRUE(all.ok()) << all.error().to_string();
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, u"AlphaResource");
  EXPECT_EQ((*all)[0].mof, mof("alpha.mof"));
  EXPECT_EQ((*all)[1].name, u"BetaResource");
  EXPECT_EQ((*all)[1].mof, mof("beta.mof"));
  auto beta = find_driver_mof(driver("mof_probe_two"), u"BetaResource");
  ASSERT_TRUE(beta.ok());
  EXPECT_EQ(*beta, mof("beta.mof"));
}

TEST(DriverMof, ThroughTheDlopenHandle) {
  void* handle = dlopen(driver("mof_probe_two").c_str(), RTLD_NOW | RTLD_LOCAL);
  ASSERT_NE(handle, nullptr) << dlerror();
  auto alpha = find_driver_mof(handle, u"alpharesource");
  dlclose(handle);
  ASSERT_TRUE(alpha.ok()) << alpha.error().to_string();
  EXPECT_EQ(*alpha, mof("alpha.mof"));
  EXPECT_FALSE(find_driver_mof(static_cast<void*>(nullptr), u"x").ok());
}

std::vector<std::uint8_t> record(std::u16string_view name, std::string_view body) {
  std::vector<std::uint8_t> out(24 + name.size() * 2);
  std::memcpy(out.data(), "WMPMOF01", 8);
  auto put = [&out](std::size_t at, std::uint32_t v) {
    for (int i = 0; i < 4; ++i)
      out[at + i] = static_cast<std::uint8_t>(v >> (8 * i));
  };
  for (std::size_t i = 0; i < name.size(); ++i) {
    out[24 + 2 * i] = static_cast<std::uint8_t>(name[i]);
  }
  out.resize((out.size() + 7) & ~std::size_t{7});
  std::uint32_t mof_offset = static_cast<std::uint32_t>(out.size());
  out.insert(out.end(), body.begin(), body.end());
  out.resize((out.size() + 7) & ~std::size_t{7});
  put(8, static_cast<std::uint32_t>(out.size()));
  put(12, static_cast<std::uint32_t>(name.size() * 2));
  put(16, mof_offset);
  put(20, static_cast<std::uint32_t>(body.size()));
  return out;
}

TEST(DriverMof, SectionParserSkipsPaddingBetweenRecords) {
  auto bytes = record(u"A", "one");
  bytes.insert(bytes.end(), 16, 0);
  auto second = record(u"Bee", "second mof");
  bytes.insert(bytes.end(), second.begin(), second.end());
  bytes.insert(bytes.end(), 5, 0);
  auto parsed = parse_mof_section(bytes);
  ASSERT_TRUE(parsed.ok()) << parsed.error().to_string();
  ASSERT_EQ(parsed->size(), 2u);
  EXPECT_EQ((*parsed)[1].name, u"Bee");
  EXPECT_EQ((*parsed)[1].mof, "second mof");
}

TEST(DriverMof, CorruptSectionsAreRefusedWhole) {
  auto good = record(u"Name", "mof text");
  auto corrupt = [&good](std::size_t at, std::uint8_t value) {
    auto bytes = good;
    bytes[at] = value;
    return parse_mof_section(bytes);
  };
  EXPECT_FALSE(corrupt(0, 'X').ok());    // magic
  EXPECT_FALSE(corrupt(8, 0xff).ok());   // RecordSize past the section
  EXPECT_FALSE(corrupt(8, 0x09).ok());   // RecordSize not 8-aligned
  EXPECT_FALSE(corrupt(12, 0x07).ok());  // odd NameBytes
  EXPECT_FALSE(corrupt(12, 0x40).ok());  // name overlaps the MOF
  EXPECT_FALSE(corrupt(16, 0x19).ok());  // MofOffset not 8-aligned
  EXPECT_FALSE(corrupt(20, 0xf0).ok());  // MOF past the record
  EXPECT_FALSE(corrupt(23, 0x80).ok());  // huge MofSize (no overflow)
  auto truncated = good;
  truncated.resize(20);
  truncated[0] = 'W';
  EXPECT_FALSE(parse_mof_section(truncated).ok());

  // The same in an image: a copy of a driver whose record size is broken.
  auto image = file_bytes(driver("mof_probe_one"));
  auto at = image.find("WMPMOF01");
  ASSERT_NE(at, std::string::npos);
  image[at + 11] = '\x7f';
  auto copy = std::filesystem::temp_directory_path() / "wmiport_corrupt_mof_probe.so";
  {
    std::ofstream out(copy, std::ios::binary);
    out << image;
  }
  auto read = read_driver_mofs(copy);
  std::filesystem::remove(copy);
  ASSERT_FALSE(read.ok());
  EXPECT_NE(read.error().message().find("RecordSize"), std::string::npos) << read.error().message();
  // Not an ELF image at all.
  EXPECT_FALSE(read_driver_mofs(std::filesystem::path(WMIPORT_SAMPLES_MOF_DIR) / "alpha.mof").ok());
}

}  // namespace
}  // namespace wmiport::kernel
