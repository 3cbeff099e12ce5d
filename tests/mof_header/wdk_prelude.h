/* The few WDK types a wmimofck-style header needs, for the fixture cross-check: compiled with the host C compiler
 * (x86-64 Linux, whose natural alignment matches MSVC's default /Zp8 for these types). Deliberately independent of
 * include/wdk. */
#ifndef WMIPORT_TEST_WDK_PRELUDE_H
#define WMIPORT_TEST_WDK_PRELUDE_H

#include <stddef.h>
#include <stdint.h>

typedef uint8_t UCHAR;
typedef char CHAR;
typedef uint16_t USHORT;
typedef int16_t SHORT;
typedef uint32_t ULONG;
typedef int32_t LONG;
typedef uint64_t ULONGLONG;
typedef int64_t LONGLONG;
typedef UCHAR BOOLEAN;
typedef uint16_t WCHAR;
typedef float FLOAT;
typedef double DOUBLE;

typedef struct _GUID {
  ULONG Data1;
  USHORT Data2;
  USHORT Data3;
  UCHAR Data4[8];
} GUID;

/* A declaration only: the cross-check never takes a GUID's address, so nothing needs defining. */
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) extern const GUID name
#define FIELD_OFFSET(type, field) ((LONG)offsetof(type, field))

_Static_assert(sizeof(WCHAR) == 2, "WCHAR is 16-bit");
_Static_assert(sizeof(ULONG) == 4, "ULONG is 32-bit");
_Static_assert(_Alignof(ULONGLONG) == 8, "64-bit members are 8-aligned, as under /Zp8");
_Static_assert(_Alignof(DOUBLE) == 8, "DOUBLE is 8-aligned, as under /Zp8");

#endif
