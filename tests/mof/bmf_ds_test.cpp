// The DS decompressor against hand-computed bitstreams, the table of streams it must refuse, and round trips
// through the compressor (literal-only and with back-references, sync markers included).
#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

#include "mof/bmf/ds_compression.h"

namespace wmiport::mof::bmf {
namespace {

using ByteVector = std::vector<std::uint8_t>;

// Packs a stream written as '0'/'1' characters in stream order (spaces ignored) LSB-first after the "DS" header,
// zero-padded to a byte: the tests spell tokens bit by bit, independent of the compressor.
ByteVector ds_stream(std::string_view bits) {
  ByteVector out{0x44, 0x53, 0x00, 0x00};
  std::size_t n = 0;
  for (char c : bits) {
    if (c == ' ')
      continue;
    if (n % 8 == 0)
      out.push_back(0);
    if (c == '1')
      out.back() = static_cast<std::uint8_t>(out.back() | (1u << (n % 8)));
    ++n;
  }
  return out;
}

constexpr std::string_view kEnd = "11 1 111111111111";  // t=3, wide, 12 bits of 4095: offset 4415

ByteVector bytes_of(std::string_view s) {
  return ByteVector(s.begin(), s.end());
}

TEST(BmfDs, SingleLiteralGoldenBytes) {
  // 'A' = 0x41: t=2 (bits 0,1), then 0x41 in 7 bits LSB-first (1000001); then the end marker.
  const ByteVector stream{0x44, 0x53, 0x00, 0x00, 0x06, 0xFF, 0xFF};
  EXPECT_EQ(ds_stream(std::string("01 1000001 ") + std::string(kEnd)), stream);
  auto out = ds_decompress(stream, 1, 1 << 20);
  ASSERT_TRUE(out.ok()) << out.error().to_string();
  EXPECT_EQ(*out, bytes_of("A"));
}

TEST(BmfDs, BackReferenceGoldenBytes) {
  // "abcabcabc": three literals, then offset 3 (t=0, 6 bits 110000) with count 6 = 2^2 + 1 + 1
  // (length code z=2: 0 0 1, value 1 in 2 bits: 1 0), then the end marker; 55 bits + 1 pad bit.
  const ByteVector stream{0x44, 0x53, 0x00, 0x00, 0x86, 0x15, 0x3B, 0x66, 0x60, 0xFF, 0x7F};
  EXPECT_EQ(ds_stream("01 1000011  01 0100011  01 1100011  00 110000  001 10  11 1 111111111111"), stream);
  auto out = ds_decompress(stream, 9, 1 << 20);
  ASSERT_TRUE(out.ok()) << out.error().to_string();
  EXPECT_EQ(*out, bytes_of("abcabcabc"));
}

TEST(BmfDs, HighLiteralWideOffsetsAndSyncMarker) {
  // 0xC1 is t=1 + 7 bits of 0x41. Then 511 more bytes by a long copy (offset 1, count 511 = 2^8 + 1 + 254),
  // a sync marker at output 512, a 'B', an 8-bit offset (t=3, bit 0, 64 - 64 = 0) copy of 2 bytes... that would
  // reach before the start of a 513-byte output? No: offset 64 <= 513. Count 2: z=0 -> "1".
  std::string bits = "10 1000001 ";
  bits += "00 100000 000000001 01111111";  // offset 1; z=8 zeros, one, value 254 (LSB-first 01111111)
  bits += std::string(kEnd) + " ";         // sync marker at 512
  bits += "01 0100001 ";                   // 'B'
  bits += "11 0 00000000 1 ";              // offset 64, count 2
  bits += kEnd;
  auto out = ds_decompress(ds_stream(bits), 515, 1 << 20);
  ASSERT_TRUE(out.ok()) << out.error().to_string();
  ASSERT_EQ(out->size(), 515u);
  EXPECT_EQ((*out)[0], 0xC1);
  EXPECT_EQ((*out)[511], 0xC1);
  EXPECT_EQ((*out)[512], 'B');
  EXPECT_EQ((*out)[513], 0xC1);  // 64 back from 513 is inside the run of 0xC1
  EXPECT_EQ((*out)[514], 0xC1);
}

TEST(BmfDs, EmptyOutputIsJustTheEndMarker) {
  auto out = ds_decompress(ds_stream(kEnd), 0, 16);
  ASSERT_TRUE(out.ok()) << out.error().to_string();
  EXPECT_TRUE(out->empty());
}

struct CorruptStream {
  const char* name;
  ByteVector stream;
  std::uint32_t declared;
  const char* message;  // a fragment the error must contain
};

TEST(BmfDs, RefusesCorruptStreams) {
  const std::string end(kEnd);
  const CorruptStream cases[] = {
      {"too short for the header", {0x44, 0x53}, 1, "too short"},
      {"bad signature", {0x58, 0x53, 0, 0, 0x06, 0xFF, 0xFF}, 1, "signature"},
      {"missing end marker", ds_stream("01 1000001"), 1, "runs past the end"},
      {"end marker too early", ds_stream("01 1000001 " + end), 2, "neither the end"},
      {"literal past declared size", ds_stream("01 1000001 01 1000001 " + end), 1, "past the declared size"},
      {"back-reference before start", ds_stream("00 100000 1 " + end), 2, "before the start"},
      {"offset zero", ds_stream("00 000000 1 " + end), 2, "offset 0"},
      {"copy past declared size", ds_stream("01 1000001 00 100000 01 1 " + end), 2, "passes the declared size"},
      {"length code too long", ds_stream("01 1000001 00 100000 0000000000 1"), 600, "leading zero bits"},
      {"copy count over 513", ds_stream("01 1000001 00 100000 000000000 1 111111111 " + end), 2000, "exceeds 513"},
      {"declared size over limit", ds_stream(end), 1u << 30, "exceeds the limit"},
      {"truncated inside a token", ds_stream("01 100"), 1, "runs past the end"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    auto out = ds_decompress(c.stream, c.declared, 1 << 20);
    ASSERT_FALSE(out.ok());
    EXPECT_NE(out.error().message().find(c.message), std::string::npos) << out.error().message();
  }
}

ByteVector sample_input(std::size_t size, unsigned seed) {
  // Text-like data with repeats, so back-references are found, plus random bytes of every value.
  std::mt19937 rng(seed);
  ByteVector out;
  const std::string words[] = {"WmiDataId", "Description", "uint32 ", "\0\0", "__CLASS", "MSFC_"};
  while (out.size() < size) {
    if (rng() % 3 == 0) {
      out.push_back(static_cast<std::uint8_t>(rng()));
    } else {
      const std::string& w = words[rng() % std::size(words)];
      out.insert(out.end(), w.begin(), w.end());
    }
  }
  out.resize(size);
  return out;
}

TEST(BmfDs, RoundTripsLiteralOnlyAndWithBackReferences) {
  for (std::size_t size : {0u, 1u, 2u, 511u, 512u, 513u, 1024u, 5000u, 70000u}) {
    const ByteVector input = sample_input(size, static_cast<unsigned>(size));
    for (bool back_references : {false, true}) {
      SCOPED_TRACE(testing::Message() << size << " bytes, back_references " << back_references);
      const ByteVector stream = ds_compress(input, DsCompressOptions{back_references, true});
      if (!back_references) {  // 9 bits per byte, a marker per 512-byte block (and the end), the DS header
        EXPECT_EQ(stream.size(), 4 + (9 * size + 15 * (size == 0 ? 1 : (size + 511) / 512) + 7) / 8);
      }
      auto out = ds_decompress(stream, static_cast<std::uint32_t>(size), 1 << 20);
      ASSERT_TRUE(out.ok()) << out.error().to_string();
      EXPECT_EQ(*out, input);
      if (back_references && size >= 5000) {
        EXPECT_LT(stream.size(), size);
      }
    }
  }
}

TEST(BmfDs, StreamsWithoutSyncMarkersAreAccepted) {
  const ByteVector input = sample_input(3000, 7);
  const ByteVector stream = ds_compress(input, DsCompressOptions{true, false});
  auto out = ds_decompress(stream, 3000, 1 << 20);
  ASSERT_TRUE(out.ok()) << out.error().to_string();
  EXPECT_EQ(*out, input);
}

}  // namespace
}  // namespace wmiport::mof::bmf
