// The 16-byte "FOMB" container: golden bytes and the headers it must refuse.
#include <gtest/gtest.h>

#include <vector>

#include "mof/bmf/bmf.h"
#include "mof/bmf/container.h"

namespace wmiport::mof::bmf {
namespace {

using ByteVector = std::vector<std::uint8_t>;

// A BMF holding the one-byte output "A": container header + the DS stream of bmf_ds_test's SingleLiteral case.
const ByteVector kTinyBmf{
    0x46, 0x4F, 0x4D, 0x42,  // "FOMB"
    0x01, 0x00, 0x00, 0x00,  // version 1
    0x07, 0x00, 0x00, 0x00,  // compressed size 7
    0x01, 0x00, 0x00, 0x00,  // decompressed size 1
    0x44, 0x53, 0x00, 0x00,  // "DS", version 0
    0x06, 0xFF, 0xFF,        // literal 'A', end marker
};

TEST(BmfContainer, WrapGoldenBytes) {
  const ByteVector stream(kTinyBmf.begin() + 16, kTinyBmf.end());
  EXPECT_EQ(wrap_container(stream, 1), kTinyBmf);
}

TEST(BmfContainer, ParseAndDecompress) {
  auto c = parse_container(kTinyBmf);
  ASSERT_TRUE(c.ok()) << c.error().to_string();
  EXPECT_EQ(c->decompressed_size, 1u);
  EXPECT_EQ(c->stream.size(), 7u);
  auto tree = decompress(kTinyBmf);
  ASSERT_TRUE(tree.ok()) << tree.error().to_string();
  EXPECT_EQ(*tree, ByteVector{'A'});
}

TEST(BmfContainer, TrailingPaddingIsIgnored) {
  ByteVector padded = kTinyBmf;
  padded.insert(padded.end(), 9, 0);
  auto tree = decompress(padded);
  ASSERT_TRUE(tree.ok()) << tree.error().to_string();
  EXPECT_EQ(*tree, ByteVector{'A'});
}

struct CorruptContainer {
  const char* name;
  std::size_t offset;  // byte to change (or, with truncate, the new length)
  std::uint8_t value;
  bool truncate;
  const char* message;
};

TEST(BmfContainer, RefusesCorruptHeaders) {
  const CorruptContainer cases[] = {
      {"bad magic", 0, 'X', false, "magic at offset 0"},
      {"version 2", 4, 2, false, "version at offset 4"},
      {"compressed size past the end", 8, 8, false, "compressed size at offset 8"},
      {"compressed size huge", 11, 0xFF, false, "compressed size at offset 8"},
      {"truncated header", 15, 0, true, "too short for the 16-byte header"},
      {"truncated stream", 20, 0, true, "compressed size at offset 8"},
      {"decompressed size lies (larger)", 12, 2, false, "neither the end"},
      {"decompressed size lies (zero)", 12, 0, false, "past the declared size"},
      {"decompressed size over the limit", 15, 0x40, false, "exceeds the limit"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    ByteVector bytes = kTinyBmf;
    if (c.truncate)
      bytes.resize(c.offset);
    else
      bytes[c.offset] = c.value;
    auto tree = decompress(bytes);
    ASSERT_FALSE(tree.ok());
    EXPECT_NE(tree.error().message().find(c.message), std::string::npos) << tree.error().message();
  }
}

}  // namespace
}  // namespace wmiport::mof::bmf
