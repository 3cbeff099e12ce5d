// Counted strings, integer and GUID conversions, memory comparison, and the DbgPrint format language.
#include <cstring>

#include <gtest/gtest.h>

#include "kernel_fixture.h"

namespace wmiport::kernel::testing {
namespace {

using RtlTest = KernelTest;

std::u16string text_of(const UNICODE_STRING& s) {
  return std::u16string(reinterpret_cast<const char16_t*>(s.Buffer), s.Length / 2);
}

TEST_F(RtlTest, InitUnicodeStringCountsBytesWithoutTheNul) {
  UNICODE_STRING s;
  RtlInitUnicodeString(&s, u"WMI");
  EXPECT_EQ(s.Length, 6);
  EXPECT_EQ(s.MaximumLength, 8);
  RtlInitUnicodeString(&s, nullptr);
  EXPECT_EQ(s.Length, 0);
  EXPECT_EQ(s.MaximumLength, 0);
  EXPECT_EQ(s.Buffer, nullptr);
}

TEST_F(RtlTest, CopyTruncatesToTheDestinationAndTerminatesWhenThereIsRoom) {
  UNICODE_STRING source;
  RtlInitUnicodeString(&source, u"abcdef");
  WCHAR buffer[8];
  std::memset(buffer, 0xff, sizeof buffer);
  UNICODE_STRING destination{0, 8, buffer};  // room for four characters
  RtlCopyUnicodeString(&destination, &source);
  EXPECT_EQ(text_of(destination), u"abcd");
  EXPECT_EQ(buffer[4], 0xffff);  // no room for a NUL inside MaximumLength: none written
  destination.MaximumLength = sizeof buffer;
  RtlCopyUnicodeString(&destination, &source);
  EXPECT_EQ(text_of(destination), u"abcdef");
  EXPECT_EQ(buffer[6], 0);
  RtlCopyUnicodeString(&destination, nullptr);
  EXPECT_EQ(destination.Length, 0);
}

TEST_F(RtlTest, EqualAndCompareHonourCase) {
  UNICODE_STRING a, b, c;
  RtlInitUnicodeString(&a, u"Root\\WMIPORT\\\u00e90000");
  RtlInitUnicodeString(&b, u"ROOT\\wmiport\\\u00c90000");
  RtlInitUnicodeString(&c, u"ROOT\\wmiport");
  EXPECT_FALSE(RtlEqualUnicodeString(&a, &b, FALSE));
  EXPECT_TRUE(RtlEqualUnicodeString(&a, &b, TRUE));
  EXPECT_FALSE(RtlEqualUnicodeString(&a, &c, TRUE));
  EXPECT_EQ(RtlCompareUnicodeString(&a, &b, TRUE), 0);
  EXPECT_GT(RtlCompareUnicodeString(&a, &c, TRUE), 0);  // longer with an equal prefix
  EXPECT_LT(RtlCompareUnicodeString(&c, &a, TRUE), 0);
  EXPECT_GT(RtlCompareUnicodeString(&a, &b, FALSE), 0);  // 'o' > 'O'
}

TEST_F(RtlTest, AppendChecksTheRoomLeft) {
  WCHAR buffer[10];
  UNICODE_STRING s{0, sizeof buffer, buffer};
  EXPECT_EQ(RtlAppendUnicodeToString(&s, u"ROOT"), STATUS_SUCCESS);
  UNICODE_STRING tail;
  RtlInitUnicodeString(&tail, u"\\WMI");
  EXPECT_EQ(RtlAppendUnicodeStringToString(&s, &tail), STATUS_SUCCESS);
  EXPECT_EQ(text_of(s), u"ROOT\\WMI");
  EXPECT_EQ(buffer[8], 0);
  EXPECT_EQ(RtlAppendUnicodeToString(&s, u"PORT"), STATUS_BUFFER_TOO_SMALL);
  EXPECT_EQ(text_of(s), u"ROOT\\WMI");                             // unchanged
  EXPECT_EQ(RtlAppendUnicodeToString(&s, u"xy"), STATUS_SUCCESS);  // exactly full: no NUL
  EXPECT_EQ(s.Length, sizeof buffer);
}

TEST_F(RtlTest, IntegerToUnicodeStringInEachBase) {
  WCHAR buffer[40];
  UNICODE_STRING s{0, sizeof buffer, buffer};
  struct Case {
    ULONG value, base;
    const char16_t* text;
  } cases[] = {{0, 10, u"0"}, {1234, 0, u"1234"}, {0xBEEF, 16, u"BEEF"},
               {8, 8, u"10"}, {5, 2, u"101"},     {0xffffffff, 10, u"4294967295"}};
  for (const auto& c : cases) {
    ASSERT_EQ(RtlIntegerToUnicodeString(c.value, c.base, &s), STATUS_SUCCESS);
    EXPECT_EQ(text_of(s), c.text);
  }
  EXPECT_EQ(RtlIntegerToUnicodeString(1, 7, &s), STATUS_INVALID_PARAMETER);
  UNICODE_STRING tiny{0, 4, buffer};  // "123" and its NUL need 8 bytes
  EXPECT_EQ(RtlIntegerToUnicodeString(123, 10, &tiny), STATUS_BUFFER_OVERFLOW);
}

TEST_F(RtlTest, UnicodeStringToIntegerAcceptsPrefixesAndSigns) {
  struct Case {
    const char16_t* text;
    ULONG base, value;
  } cases[] = {{u"42", 0, 42},   {u"  0x1F", 0, 31}, {u"0b101", 0, 5}, {u"-1", 10, 0xffffffff},
               {u"ff", 16, 255}, {u"12abc", 10, 12}, {u"0o17", 0, 15}};
  for (const auto& c : cases) {
    UNICODE_STRING s;
    RtlInitUnicodeString(&s, c.text);
    ULONG value = 0;
    ASSERT_EQ(RtlUnicodeStringToInteger(&s, c.base, &value), STATUS_SUCCESS);
    EXPECT_EQ(value, c.value);
  }
}

TEST_F(RtlTest, GuidRoundTripsThroughItsString) {
  const GUID guid = {0x5b0e9e7a, 0x0f6c, 0x4b3e, {0x9d, 0x52, 0x7a, 0x1c, 0x3f, 0x0e, 0x2d, 0x41}};
  UNICODE_STRING text{};
  ASSERT_EQ(RtlStringFromGUID(guid, &text), STATUS_SUCCESS);
  EXPECT_EQ(text_of(text), u"{5B0E9E7A-0F6C-4B3E-9D52-7A1C3F0E2D41}");
  GUID parsed{};
  ASSERT_EQ(RtlGUIDFromString(&text, &parsed), STATUS_SUCCESS);
  EXPECT_EQ(std::memcmp(&parsed, &guid, sizeof guid), 0);
  RtlFreeUnicodeString(&text);
  EXPECT_EQ(text.Buffer, nullptr);
  UNICODE_STRING bad;
  RtlInitUnicodeString(&bad, u"5B0E9E7A-0F6C-4B3E-9D52-7A1C3F0E2D41");  // no braces
  EXPECT_EQ(RtlGUIDFromString(&bad, &parsed), STATUS_INVALID_PARAMETER);
}

TEST_F(RtlTest, CompareMemoryCountsTheEqualPrefix) {
  const char a[] = "abcdef";
  const char b[] = "abcxef";
  EXPECT_EQ(RtlCompareMemory(a, b, 6), 3u);
  EXPECT_EQ(RtlCompareMemory(a, a, 6), 6u);
  char zeroed[4] = {1, 2, 3, 4};
  RtlZeroMemory(zeroed, sizeof zeroed);
  EXPECT_EQ(RtlCompareMemory(zeroed, "\0\0\0\0", 4), 4u);
}

TEST_F(RtlTest, DbgPrintUsesWindowsSizesAndStringConversions) {
  UNICODE_STRING name;
  RtlInitUnicodeString(&name, u"ROOT\\WMIPORT\\0000");
  ANSI_STRING ansi;
  RtlInitAnsiString(&ansi, "ansi");
  const ULONG status = 0xC0000295u;
  DbgPrint("%wZ %Z %ws %lx %I64x %Iu %5.2s|%-4d|%c%%", &name, &ansi, u"wide", status, 0x1122334455667788ULL,
           static_cast<std::size_t>(7), "abc", -3, 'z');
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, "filtered out by default");
  DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, "error level %d", 1);
  const std::vector<std::string> expected = {
      ": ROOT\\WMIPORT\\0000 ansi wide c0000295 1122334455667788 7    ab|-3  |z%",
      ": error level 1",
  };
  EXPECT_EQ(output(), expected);
}

TEST_F(RtlTest, SystemTimeIsSince1601AndNeverGoesBack) {
  LARGE_INTEGER first, second;
  KeQuerySystemTime(&first);
  // After 2020-01-01 (132223104000000000) and before 2200.
  EXPECT_GT(first.QuadPart, 132223104000000000LL);
  EXPECT_LT(first.QuadPart, 189000000000000000LL);
  KeQuerySystemTime(&second);
  EXPECT_GE(second.QuadPart, first.QuadPart);
  LARGE_INTEGER ticks;
  KeQueryTickCount(&ticks);
  EXPECT_GE(ticks.QuadPart, 0);
  EXPECT_EQ(KeQueryTimeIncrement(), 156250u);
}

}  // namespace
}  // namespace wmiport::kernel::testing
