/* tests/wdk/guid_use.c - uses the GUIDs through the declaring form of DEFINE_GUID (no <initguid.h>), from C. */
#include <ntddk.h>
#include <wmiguid.h>

#include "guid_test_guids.h"

const GUID* wdk_test_guid_address_from_c(void) {
  return &WdkTestGuid;
}

int wdk_test_guid_equal_in_c(const GUID* guid) {
  return IsEqualGUID(guid, &WdkTestGuid);
}

int wdk_test_mofdata_guid_matches_initializer(void) {
  static const GUID expected = MSWmi_MofDataGuid;
  return IsEqualGUID(&expected, &MSWmi_MofData_GUID);
}
