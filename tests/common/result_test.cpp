#include "common/result.h"

#include <gtest/gtest.h>

namespace wmiport {
namespace {

Result<int> parse_positive(int v) {
  if (v <= 0)
    return Error(ntstatus::invalid_parameter, "not positive");
  return v;
}

Result<int> doubled(int v) {
  WMIPORT_ASSIGN_OR_RETURN(int x, parse_positive(v));
  return 2 * x;
}

Status check(int v) {
  WMIPORT_TRY(parse_positive(v));
  return ok_status();
}

TEST(Result, ValueAndErrorPropagate) {
  EXPECT_EQ(doubled(4).value(), 8);
  auto bad = doubled(-1);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code(), ntstatus::invalid_parameter);
  EXPECT_EQ(bad.error().to_string(), "STATUS_INVALID_PARAMETER: not positive");
  EXPECT_TRUE(check(1).ok());
  EXPECT_EQ(check(0).error().message(), "not positive");
}

TEST(Result, StatusNamesAreSymbolicOrHex) {
  EXPECT_EQ(ntstatus_name(ntstatus::wmi_guid_not_found), "STATUS_WMI_GUID_NOT_FOUND");
  EXPECT_EQ(ntstatus_name(ntstatus::buffer_too_small), "STATUS_BUFFER_TOO_SMALL");
  EXPECT_EQ(ntstatus_name(static_cast<NtStatusCode>(0xC0001234u)), "0xC0001234");
  EXPECT_TRUE(nt_success(ntstatus::pending));
  EXPECT_FALSE(nt_success(ntstatus::buffer_overflow));
}

}  // namespace
}  // namespace wmiport
