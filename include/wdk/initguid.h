/* wmiport WDK-compatible headers: initguid.h
 *
 * Include this before a header full of DEFINE_GUID lines (a wmimofck-generated WMI header, wmiguid.h, ...) in the
 * one source file that should own the GUID definitions: DEFINE_GUID then defines `const GUID name = {...}` instead
 * of declaring it. Each inclusion re-evaluates DEFINE_GUID, as in the WDK.
 */
#ifndef INITGUID
#define INITGUID
#endif
#include "guiddef.h"
