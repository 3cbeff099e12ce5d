/* tests/wdk/guid_define.c - owns the GUID definitions: <initguid.h> before the DEFINE_GUID lines. */
#include <initguid.h>

#include <wmiguid.h>

#include "guid_test_guids.h"
