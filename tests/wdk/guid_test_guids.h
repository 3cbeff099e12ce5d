/* tests/wdk/guid_test_guids.h - GUIDs of the DEFINE_GUID tests, as a generated WMI header would declare them.
 * Deliberately without an include guard's effect on DEFINE_GUID: it is included once per translation unit. */
#ifndef WMIPORT_TESTS_WDK_GUID_TEST_GUIDS_H_
#define WMIPORT_TESTS_WDK_GUID_TEST_GUIDS_H_

#include <guiddef.h>

#define WdkTestGuidInitializer                       \
  {                                                  \
    0x12345678, 0x9abc, 0xdef0, {                    \
      0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef \
    }                                                \
  }
DEFINE_GUID(WdkTestGuid, 0x12345678, 0x9abc, 0xdef0, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef);

#endif /* WMIPORT_TESTS_WDK_GUID_TEST_GUIDS_H_ */
