#include "common/checked_math.h"

#include <gtest/gtest.h>

#include "common/byte_io.h"

namespace wmiport {
namespace {

TEST(CheckedMath, AddMulAlign) {
  EXPECT_EQ(checked_add(1, 2), 3u);
  EXPECT_EQ(checked_add(0xFFFFFFFFu, 0), 0xFFFFFFFFu);
  EXPECT_FALSE(checked_add(0xFFFFFFFFu, 1));
  EXPECT_FALSE(checked_add(0x1'0000'0000ull, 0));
  EXPECT_EQ(checked_mul(0x10000, 0xFFFF), 0xFFFF0000u);
  EXPECT_FALSE(checked_mul(0x10000, 0x10000));
  EXPECT_EQ(checked_align_up(60, 8), 64u);
  EXPECT_EQ(checked_align_up(64, 8), 64u);
  EXPECT_FALSE(checked_align_up(0xFFFFFFFDu, 8));
  EXPECT_TRUE(is_aligned(16, 8));
  EXPECT_FALSE(is_aligned(18, 8));
}

TEST(ByteIo, RangeFitsNeverOverflows) {
  EXPECT_TRUE(range_fits(0, 10, 10));
  EXPECT_TRUE(range_fits(10, 0, 10));
  EXPECT_FALSE(range_fits(11, 0, 10));
  EXPECT_FALSE(range_fits(4, 7, 10));
  EXPECT_FALSE(range_fits(8, UINT64_MAX, 10));
}

TEST(ByteIo, LittleEndianRoundTrip) {
  std::uint8_t raw[8] = {};
  store_u32(raw, 0, 0x11223344u);
  store_u16(raw, 4, 0xA1B2);
  EXPECT_EQ(raw[0], 0x44);
  EXPECT_EQ(raw[3], 0x11);
  EXPECT_EQ(raw[4], 0xB2);
  EXPECT_EQ(load_u32(raw, 0), 0x11223344u);
  EXPECT_EQ(load_u16(raw, 4), 0xA1B2);
  store_u64(raw, 0, 0x0102030405060708ull);
  EXPECT_EQ(raw[0], 0x08);
  EXPECT_EQ(load_u64(raw, 0), 0x0102030405060708ull);
}

}  // namespace
}  // namespace wmiport
