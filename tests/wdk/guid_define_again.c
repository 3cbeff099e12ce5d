/* tests/wdk/guid_define_again.c - a second translation unit that also defines the same GUIDs (the WDK's selectany
 * semantics): the program must still link, with one copy. */
#include <initguid.h>

#include "guid_test_guids.h"

const GUID* wdk_test_guid_address_from_second_definer(void) {
  return &WdkTestGuid;
}
