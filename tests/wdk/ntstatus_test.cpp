// wmiport::ntstatus::* (src/common/result.h, used by the C++ layers) must equal the <ntstatus.h> macros drivers see.
#include <gtest/gtest.h>

#include "common/result.h"

#include <ntstatus.h>

namespace {

struct StatusPair {
  const char* name;
  wmiport::NtStatusCode cpp;
  NTSTATUS c;
};

#define WMIPORT_STATUS_PAIR(cpp_name, macro) StatusPair{#macro, wmiport::ntstatus::cpp_name, macro}

constexpr StatusPair kStatuses[] = {
    WMIPORT_STATUS_PAIR(success, STATUS_SUCCESS),
    WMIPORT_STATUS_PAIR(pending, STATUS_PENDING),
    WMIPORT_STATUS_PAIR(buffer_overflow, STATUS_BUFFER_OVERFLOW),
    WMIPORT_STATUS_PAIR(unsuccessful, STATUS_UNSUCCESSFUL),
    WMIPORT_STATUS_PAIR(invalid_parameter, STATUS_INVALID_PARAMETER),
    WMIPORT_STATUS_PAIR(invalid_device_request, STATUS_INVALID_DEVICE_REQUEST),
    WMIPORT_STATUS_PAIR(buffer_too_small, STATUS_BUFFER_TOO_SMALL),
    WMIPORT_STATUS_PAIR(insufficient_resources, STATUS_INSUFFICIENT_RESOURCES),
    WMIPORT_STATUS_PAIR(not_supported, STATUS_NOT_SUPPORTED),
    WMIPORT_STATUS_PAIR(wmi_guid_not_found, STATUS_WMI_GUID_NOT_FOUND),
    WMIPORT_STATUS_PAIR(wmi_instance_not_found, STATUS_WMI_INSTANCE_NOT_FOUND),
    WMIPORT_STATUS_PAIR(wmi_itemid_not_found, STATUS_WMI_ITEMID_NOT_FOUND),
    WMIPORT_STATUS_PAIR(wmi_try_again, STATUS_WMI_TRY_AGAIN),
    WMIPORT_STATUS_PAIR(wmi_read_only, STATUS_WMI_READ_ONLY),
    WMIPORT_STATUS_PAIR(wmi_set_failure, STATUS_WMI_SET_FAILURE),
    WMIPORT_STATUS_PAIR(wmi_not_supported, STATUS_WMI_NOT_SUPPORTED),
    WMIPORT_STATUS_PAIR(wmi_guid_disconnected, STATUS_WMI_GUID_DISCONNECTED),
    WMIPORT_STATUS_PAIR(wmi_already_disabled, STATUS_WMI_ALREADY_DISABLED),
    WMIPORT_STATUS_PAIR(wmi_already_enabled, STATUS_WMI_ALREADY_ENABLED),
};

// Compile-time too: a mismatch fails the build before the test runs.
static_assert(wmiport::ntstatus::wmi_guid_not_found == STATUS_WMI_GUID_NOT_FOUND);
static_assert(wmiport::ntstatus::buffer_too_small == STATUS_BUFFER_TOO_SMALL);

TEST(WdkNtStatus, CppConstantsEqualTheHeaderMacros) {
  for (const auto& s : kStatuses) {
    EXPECT_EQ(s.cpp, s.c) << s.name;
    EXPECT_EQ(wmiport::ntstatus_name(s.c), s.name);
  }
}

TEST(WdkNtStatus, SeverityMacros) {
  EXPECT_TRUE(NT_SUCCESS(STATUS_SUCCESS));
  EXPECT_TRUE(NT_SUCCESS(STATUS_PENDING));
  EXPECT_TRUE(NT_INFORMATION(STATUS_OBJECT_NAME_EXISTS));
  EXPECT_FALSE(NT_SUCCESS(STATUS_BUFFER_OVERFLOW));
  EXPECT_TRUE(NT_WARNING(STATUS_BUFFER_OVERFLOW));
  EXPECT_FALSE(NT_SUCCESS(STATUS_WMI_GUID_NOT_FOUND));
  EXPECT_TRUE(NT_ERROR(STATUS_WMI_GUID_NOT_FOUND));
  EXPECT_EQ(sizeof(NTSTATUS), 4u);
}

}  // namespace
