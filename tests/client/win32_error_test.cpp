// The NTSTATUS → Win32 table of the wmium functions.
#include <gtest/gtest.h>

#include "wmiport/win32_error.h"

namespace wmiport {
namespace {

TEST(Win32Error, WmiStatusesMapAsWindowsReportsThem) {
  EXPECT_EQ(win32_error_from_ntstatus(ntstatus::success), 0u);
  EXPECT_EQ(win32_error_from_ntstatus(ntstatus::invalid_device_request), 1u);
  EXPECT_EQ(win32_error_from_ntstatus(ntstatus::insufficient_resources), 8u);
  EXPECT_EQ(win32_error_from_ntstatus(ntstatus::not_supported), 50u);
  EXPECT_EQ(win32_error_from_ntstatus(ntstatus::wmi_not_supported), 50u);
  EXPECT_EQ(win32_error_from_ntstatus(ntstatus::invalid_parameter), 87u);
  EXPECT_EQ(win32_error_from_ntstatus(ntstatus::buffer_too_small), 122u);
  EXPECT_EQ(win32_error_from_ntstatus(ntstatus::wmi_guid_not_found), 4200u);
  EXPECT_EQ(win32_error_from_ntstatus(ntstatus::wmi_instance_not_found), 4201u);
  EXPECT_EQ(win32_error_from_ntstatus(ntstatus::wmi_itemid_not_found), 4202u);
  EXPECT_EQ(win32_error_from_ntstatus(ntstatus::wmi_try_again), 4203u);
  EXPECT_EQ(win32_error_from_ntstatus(ntstatus::wmi_read_only), 4213u);
  EXPECT_EQ(win32_error_from_ntstatus(ntstatus::wmi_set_failure), 4214u);
  EXPECT_EQ(win32_error_from_ntstatus(ntstatus::unsuccessful), 31u);
  EXPECT_EQ(win32_error_from_ntstatus(static_cast<NtStatusCode>(0xC0001234u)), 31u);  // unlisted: general failure
}

}  // namespace
}  // namespace wmiport
