/* wmiport WDK-compatible headers: ntdef.h
 *
 * The base vocabulary shared by the WDM world (wdm.h / ntddk.h) and the miniport world (miniport.h / srb.h):
 * fixed-width kernel types, NTSTATUS, counted strings, list entries, LARGE_INTEGER, the calling-convention and
 * declaration macros, and the common helper macros (FIELD_OFFSET, CONTAINING_RECORD, ...).
 *
 * Type mapping (spec wmi-interfaces.md §8): ULONG is uint32_t and LONG int32_t on every platform (never C long,
 * which is 64-bit on LP64); ULONG_PTR is uintptr_t; BOOLEAN is an unsigned 8-bit type; WCHAR is a 16-bit code unit:
 * wchar_t when the compiler's wchar_t is 2 bytes (-fshort-wchar, so `L"..."` literals are WCHAR strings), otherwise
 * char16_t in C++ and uint16_t (= C11 char16_t) in C.
 *
 * Layouts are natural-alignment, as the WDK's; wire-relevant sizes are asserted after each definition.
 */
#ifndef WMIPORT_WDK_NTDEF_H_
#define WMIPORT_WDK_NTDEF_H_

#ifndef _NTDEF_
#define _NTDEF_
#endif

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "guiddef.h"
#include "sal.h"

/* ---- Platform ---------------------------------------------------------------------------------------------------- */

/* _WIN64 tells driver code that pointers are 64-bit (it selects the 64-bit variants of structures and macros such
 * as IoWMIDeviceObjectToProviderId). It says nothing about the C `long`, which driver code reaches only through
 * LONG/ULONG (32-bit here). */
#if defined(__SIZEOF_POINTER__) && __SIZEOF_POINTER__ == 8
#ifndef _WIN64
#define _WIN64 1
#endif
#endif

/* Compile-time checks usable from C11 and C++ (spec §9 layouts are asserted with this). */
#ifdef __cplusplus
#define WMIPORT_STATIC_ASSERT(expr, msg) static_assert(expr, msg)
#define WMIPORT_ALIGNOF(type) alignof(type)
#else
#define WMIPORT_STATIC_ASSERT(expr, msg) _Static_assert(expr, msg)
#define WMIPORT_ALIGNOF(type) _Alignof(type)
#endif
/* Layout assertions that hold only for the 64-bit (x64) layouts of spec §9. */
#ifdef _WIN64
#define WMIPORT_ASSERT_X64(expr) WMIPORT_STATIC_ASSERT(expr, #expr)
#else
#define WMIPORT_ASSERT_X64(expr)
#endif
#define WMIPORT_ASSERT_SIZE(type, size) WMIPORT_ASSERT_X64(sizeof(type) == (size))
#define WMIPORT_ASSERT_OFFSET(type, field, offset) WMIPORT_ASSERT_X64(offsetof(type, field) == (offset))
/* Holds on every platform (layouts that contain no pointer). */
#define WMIPORT_ASSERT_SIZE_ALL(type, size) WMIPORT_STATIC_ASSERT(sizeof(type) == (size), "sizeof(" #type ")")
#define WMIPORT_ASSERT_OFFSET_ALL(type, field, offset) \
  WMIPORT_STATIC_ASSERT(offsetof(type, field) == (offset), "offsetof(" #type ", " #field ")")

#ifndef C_ASSERT
#define C_ASSERT(expr) WMIPORT_STATIC_ASSERT(expr, #expr)
#endif

#ifdef __cplusplus
#define EXTERN_C_START extern "C" {
#define EXTERN_C_END }
#else
#define EXTERN_C_START
#define EXTERN_C_END
#endif

EXTERN_C_START

/* ---- Calling conventions and declaration decorations ------------------------------------------------------------- */

/* Native builds use the platform's C calling convention: these are empty (see docs/decisions.md, Headers). */
#define NTAPI
#define NTAPI_INLINE
#define WINAPI
#define CALLBACK
#define STDCALL
#define FASTCALL
#define __stdcall
#define __cdecl
#define __fastcall
#define DDKAPI

#define DECLSPEC_ALIGN(x) __attribute__((aligned(x)))
#define DECLSPEC_NOINLINE __attribute__((noinline))
#define DECLSPEC_NORETURN __attribute__((noreturn))
#define DECLSPEC_NOTHROW
#define DECLSPEC_IMPORT
#define DECLSPEC_EXPORT __attribute__((visibility("default")))
#define DECLSPEC_DEPRECATED
#define DECLSPEC_DEPRECATED_DDK
#define DECLSPEC_CACHEALIGN DECLSPEC_ALIGN(64)
#define DECLSPEC_NOVTABLE
#define DECLSPEC_ADDRSAFE
#define DECLSPEC_GUARDNOCF
#define FORCEINLINE static inline __attribute__((always_inline))
#define NTKRNLVISTAAPI

/* Kernel routines a driver calls. A driver is a shared object; these are resolved from the host at load time, so
 * they are ordinary external declarations with default visibility. */
#define NTKERNELAPI extern __attribute__((visibility("default")))
#define NTHALAPI extern __attribute__((visibility("default")))
#define NTSYSAPI extern __attribute__((visibility("default")))
#define NTSYSCALLAPI extern __attribute__((visibility("default")))

#ifdef _WIN64
#define POINTER_ALIGNMENT DECLSPEC_ALIGN(8)
#else
#define POINTER_ALIGNMENT
#endif

#ifndef IN
#define IN
#endif
#ifndef OUT
#define OUT
#endif
#ifndef OPTIONAL
#define OPTIONAL
#endif
#ifndef CONST
#define CONST const
#endif
#ifndef UNALIGNED
#define UNALIGNED
#endif
#define RESTRICTED_POINTER
#define FAR
#define NEAR

/* Nameless unions and structures (C11 and C++ have them). */
#define DUMMYUNIONNAME
#define DUMMYUNIONNAME1
#define DUMMYUNIONNAME2
#define DUMMYUNIONNAME3
#define DUMMYUNIONNAME4
#define DUMMYUNIONNAME5
#define DUMMYSTRUCTNAME
#define DUMMYSTRUCTNAME1
#define DUMMYSTRUCTNAME2
#define DUMMYSTRUCTNAME3
#define DUMMYSTRUCTNAME4
#define DUMMYSTRUCTNAME5
#define _ANONYMOUS_UNION
#define _ANONYMOUS_STRUCT

#define ANYSIZE_ARRAY 1

/* ---- Base types -------------------------------------------------------------------------------------------------- */

#ifndef VOID
#define VOID void
#endif
typedef char CHAR;
typedef int16_t SHORT;
typedef int32_t LONG;
typedef int INT;
typedef unsigned int UINT;

typedef void* PVOID;
typedef void* PVOID64;
typedef const void* PCVOID;
typedef unsigned char UCHAR;
typedef uint16_t USHORT;
typedef uint32_t ULONG;
typedef int64_t LONGLONG;
typedef uint64_t ULONGLONG;
typedef int8_t INT8;
typedef uint8_t UINT8;
typedef int16_t INT16;
typedef uint16_t UINT16;
typedef int32_t INT32;
typedef uint32_t UINT32;
typedef int64_t INT64;
typedef uint64_t UINT64;
typedef int32_t LONG32;
typedef uint32_t ULONG32;
typedef uint32_t DWORD32;
typedef int64_t LONG64;
typedef uint64_t ULONG64;
typedef uint64_t DWORD64;
typedef intptr_t INT_PTR;
typedef uintptr_t UINT_PTR;
typedef intptr_t LONG_PTR;
typedef uintptr_t ULONG_PTR;
typedef ULONG_PTR SIZE_T;
typedef LONG_PTR SSIZE_T;
typedef ULONG_PTR DWORD_PTR;
typedef ULONG_PTR KAFFINITY;
typedef uint32_t DWORD;
typedef uint16_t WORD;
typedef uint8_t BYTE;
typedef float FLOAT;
typedef double DOUBLE;

typedef UCHAR BOOLEAN;
typedef BOOLEAN* PBOOLEAN;
typedef int32_t LOGICAL;
typedef LOGICAL* PLOGICAL;
typedef char CCHAR;
typedef int16_t CSHORT;
typedef ULONG CLONG;
typedef CCHAR* PCCHAR;
typedef CSHORT* PCSHORT;
typedef CLONG* PCLONG;

typedef CHAR* PCHAR;
typedef CHAR* PSTR;
typedef CHAR* LPSTR;
typedef CHAR* PSZ;
typedef const CHAR* PCSTR;
typedef const CHAR* LPCSTR;
typedef const CHAR* PCSZ;
typedef UCHAR* PUCHAR;
typedef const UCHAR* PCUCHAR;
typedef SHORT* PSHORT;
typedef USHORT* PUSHORT;
typedef const USHORT* PCUSHORT;
typedef LONG* PLONG;
typedef ULONG* PULONG;
typedef const ULONG* PCULONG;
typedef LONGLONG* PLONGLONG;
typedef ULONGLONG* PULONGLONG;
typedef LONG64* PLONG64;
typedef ULONG64* PULONG64;
typedef LONG_PTR* PLONG_PTR;
typedef ULONG_PTR* PULONG_PTR;
typedef SIZE_T* PSIZE_T;
typedef INT* PINT;
typedef UINT* PUINT;
typedef DWORD* PDWORD;
typedef BYTE* PBYTE;
typedef void** PPVOID;

typedef void* HANDLE;
typedef HANDLE* PHANDLE;

/* One UTF-16 code unit (see the top of this file). */
#if defined(__SIZEOF_WCHAR_T__) && __SIZEOF_WCHAR_T__ == 2
typedef wchar_t WCHAR;
#elif defined(__cplusplus)
typedef char16_t WCHAR;
#else
typedef uint16_t WCHAR;
#endif
WMIPORT_STATIC_ASSERT(sizeof(WCHAR) == 2, "WCHAR is one UTF-16 code unit");
typedef WCHAR* PWCHAR;
typedef WCHAR* LPWCH;
typedef WCHAR* PWCH;
typedef const WCHAR* LPCWCH;
typedef const WCHAR* PCWCH;
typedef WCHAR* NWPSTR;
typedef WCHAR* LPWSTR;
typedef WCHAR* PWSTR;
typedef const WCHAR* LPCWSTR;
typedef const WCHAR* PCWSTR;
typedef PWSTR* PZPWSTR;

#ifndef FALSE
#define FALSE 0
#endif
#ifndef TRUE
#define TRUE 1
#endif
#ifndef NULL
#ifdef __cplusplus
#define NULL nullptr
#else
#define NULL ((void*)0)
#endif
#endif

#define MINCHAR 0x80
#define MAXCHAR 0x7f
#define MINSHORT 0x8000
#define MAXSHORT 0x7fff
#define MINLONG 0x80000000
#define MAXLONG 0x7fffffff
#define MAXUCHAR 0xff
#define MAXUSHORT 0xffff
#define MAXULONG 0xffffffffU
#define MAXLONGLONG ((LONGLONG)0x7fffffffffffffffLL)
#define MAXULONGLONG ((ULONGLONG) ~((ULONGLONG)0))
#define MAXULONG_PTR (~((ULONG_PTR)0))
#define MAXLONG_PTR ((LONG_PTR)(MAXULONG_PTR >> 1))
#define MAXSIZE_T ((SIZE_T) ~((SIZE_T)0))

/* NTSTATUS: 32-bit signed; severity in the top two bits, so success and informational codes are >= 0. */
typedef int32_t NTSTATUS;
typedef NTSTATUS* PNTSTATUS;
#define NT_SUCCESS(Status) (((NTSTATUS)(Status)) >= 0)
#define NT_INFORMATION(Status) ((((ULONG)(Status)) >> 30) == 1)
#define NT_WARNING(Status) ((((ULONG)(Status)) >> 30) == 2)
#define NT_ERROR(Status) ((((ULONG)(Status)) >> 30) == 3)

typedef LONG KPRIORITY;
typedef ULONG LCID;
typedef USHORT LANGID;
typedef ULONG EXECUTION_STATE;
typedef ULONG ACCESS_MASK;
typedef ACCESS_MASK* PACCESS_MASK;

/* ---- LARGE_INTEGER ----------------------------------------------------------------------------------------------- */

typedef union _LARGE_INTEGER {
  struct {
    ULONG LowPart;
    LONG HighPart;
  } DUMMYSTRUCTNAME;
  struct {
    ULONG LowPart;
    LONG HighPart;
  } u;
  LONGLONG QuadPart;
} LARGE_INTEGER, *PLARGE_INTEGER;
WMIPORT_ASSERT_SIZE_ALL(LARGE_INTEGER, 8);
WMIPORT_ASSERT_X64(WMIPORT_ALIGNOF(LARGE_INTEGER) == 8);

typedef union _ULARGE_INTEGER {
  struct {
    ULONG LowPart;
    ULONG HighPart;
  } DUMMYSTRUCTNAME;
  struct {
    ULONG LowPart;
    ULONG HighPart;
  } u;
  ULONGLONG QuadPart;
} ULARGE_INTEGER, *PULARGE_INTEGER;
WMIPORT_ASSERT_SIZE_ALL(ULARGE_INTEGER, 8);

typedef LARGE_INTEGER PHYSICAL_ADDRESS, *PPHYSICAL_ADDRESS;

/* ---- Counted strings --------------------------------------------------------------------------------------------- */

/* Length and MaximumLength are in bytes; Buffer need not be NUL-terminated. */
typedef struct _UNICODE_STRING {
  USHORT Length;
  USHORT MaximumLength;
  PWCH Buffer;
} UNICODE_STRING, *PUNICODE_STRING;
typedef const UNICODE_STRING* PCUNICODE_STRING;
WMIPORT_ASSERT_SIZE(UNICODE_STRING, 16);
WMIPORT_ASSERT_OFFSET(UNICODE_STRING, Buffer, 8);
#define UNICODE_NULL ((WCHAR)0)
#define UNICODE_STRING_MAX_BYTES ((USHORT)65534)
#define UNICODE_STRING_MAX_CHARS (32767)

typedef struct _STRING {
  USHORT Length;
  USHORT MaximumLength;
  PCHAR Buffer;
} STRING, *PSTRING, ANSI_STRING, *PANSI_STRING, OEM_STRING, *POEM_STRING;
typedef const STRING* PCSTRING;
typedef const ANSI_STRING* PCANSI_STRING;
WMIPORT_ASSERT_SIZE(STRING, 16);
#define ANSI_NULL ((CHAR)0)

/* ---- Lists ------------------------------------------------------------------------------------------------------- */

typedef struct _LIST_ENTRY {
  struct _LIST_ENTRY* Flink;
  struct _LIST_ENTRY* Blink;
} LIST_ENTRY, *PLIST_ENTRY, *RESTRICTED_POINTER PRLIST_ENTRY;
WMIPORT_ASSERT_SIZE(LIST_ENTRY, 16);

typedef struct _SINGLE_LIST_ENTRY {
  struct _SINGLE_LIST_ENTRY* Next;
} SINGLE_LIST_ENTRY, *PSINGLE_LIST_ENTRY;

typedef struct _LIST_ENTRY32 {
  ULONG Flink;
  ULONG Blink;
} LIST_ENTRY32, *PLIST_ENTRY32;

typedef struct _LIST_ENTRY64 {
  ULONGLONG Flink;
  ULONGLONG Blink;
} LIST_ENTRY64, *PLIST_ENTRY64;

/* ---- Object attributes (opaque enough for declarations that take them) ------------------------------------------- */

typedef struct _OBJECT_ATTRIBUTES {
  ULONG Length;
  HANDLE RootDirectory;
  PUNICODE_STRING ObjectName;
  ULONG Attributes;
  PVOID SecurityDescriptor;
  PVOID SecurityQualityOfService;
} OBJECT_ATTRIBUTES, *POBJECT_ATTRIBUTES;
typedef const OBJECT_ATTRIBUTES* PCOBJECT_ATTRIBUTES;
#define OBJ_INHERIT 0x00000002L
#define OBJ_PERMANENT 0x00000010L
#define OBJ_EXCLUSIVE 0x00000020L
#define OBJ_CASE_INSENSITIVE 0x00000040L
#define OBJ_OPENIF 0x00000080L
#define OBJ_OPENLINK 0x00000100L
#define OBJ_KERNEL_HANDLE 0x00000200L
#define OBJ_FORCE_ACCESS_CHECK 0x00000400L
#define InitializeObjectAttributes(p, n, a, r, s) \
  do {                                            \
    (p)->Length = sizeof(OBJECT_ATTRIBUTES);      \
    (p)->RootDirectory = (r);                     \
    (p)->Attributes = (a);                        \
    (p)->ObjectName = (n);                        \
    (p)->SecurityDescriptor = (s);                \
    (p)->SecurityQualityOfService = NULL;         \
  } while (0)

/* ---- Helper macros ----------------------------------------------------------------------------------------------- */

#define FIELD_OFFSET(type, field) ((LONG)offsetof(type, field))
#define RTL_FIELD_SIZE(type, field) (sizeof(((type*)0)->field))
#define RTL_SIZEOF_THROUGH_FIELD(type, field) (FIELD_OFFSET(type, field) + RTL_FIELD_SIZE(type, field))
#define RTL_CONTAINS_FIELD(Struct, Size, Field) \
  ((((PCHAR)(&(Struct)->Field)) + sizeof((Struct)->Field)) <= (((PCHAR)(Struct)) + (Size)))
#define RTL_NUMBER_OF(A) (sizeof(A) / sizeof((A)[0]))
#define RTL_NUMBER_OF_V1(A) RTL_NUMBER_OF(A)
#define RTL_NUMBER_OF_V2(A) RTL_NUMBER_OF(A)
#define ARRAYSIZE(A) RTL_NUMBER_OF(A)
#define _ARRAYSIZE(A) RTL_NUMBER_OF(A)
#define RTL_NUMBER_OF_FIELD(type, field) (RTL_NUMBER_OF(RTL_FIELD_TYPE(type, field)))
#define RTL_FIELD_TYPE(type, field) (((type*)0)->field)
#define RTL_PADDING_BETWEEN_FIELDS(T, F1, F2)                                                                        \
  ((FIELD_OFFSET(T, F2) > FIELD_OFFSET(T, F1)) ? (FIELD_OFFSET(T, F2) - FIELD_OFFSET(T, F1) - RTL_FIELD_SIZE(T, F1)) \
                                               : (FIELD_OFFSET(T, F1) - FIELD_OFFSET(T, F2) - RTL_FIELD_SIZE(T, F2)))

#define CONTAINING_RECORD(address, type, field) ((type*)((PCHAR)(address) - (ULONG_PTR)offsetof(type, field)))

#define ARGUMENT_PRESENT(ArgumentPointer) ((CHAR*)((ULONG_PTR)(ArgumentPointer)) != (CHAR*)NULL)

#define UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_PARAMETER(P) ((void)(P))
#define DBG_UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))
#define UNREFERENCED_LOCAL_VARIABLE(V) ((void)(V))

#define ALIGN_DOWN_BY(length, alignment) ((ULONG_PTR)(length) & ~((ULONG_PTR)(alignment)-1))
#define ALIGN_UP_BY(length, alignment) (ALIGN_DOWN_BY(((ULONG_PTR)(length) + (alignment)-1), (alignment)))
#define ALIGN_DOWN_POINTER_BY(address, alignment) ((PVOID)((ULONG_PTR)(address) & ~((ULONG_PTR)(alignment)-1)))
#define ALIGN_UP_POINTER_BY(address, alignment) \
  (ALIGN_DOWN_POINTER_BY(((ULONG_PTR)(address) + (alignment)-1), (alignment)))
#define ALIGN_DOWN(length, type) ALIGN_DOWN_BY(length, sizeof(type))
#define ALIGN_UP(length, type) ALIGN_UP_BY(length, sizeof(type))
#define ALIGN_DOWN_POINTER(address, type) ALIGN_DOWN_POINTER_BY(address, sizeof(type))
#define ALIGN_UP_POINTER(address, type) ALIGN_UP_POINTER_BY(address, sizeof(type))

#define MAX_NATURAL_ALIGNMENT sizeof(ULONG_PTR)
#ifdef _WIN64
#define MEMORY_ALLOCATION_ALIGNMENT 16
#else
#define MEMORY_ALLOCATION_ALIGNMENT 8
#endif

/* min/max as the WDK has them, for C only: in C++ they would break std::min/std::max. */
#if !defined(NOMINMAX) && !defined(__cplusplus)
#ifndef min
#define min(a, b) (((a) < (b)) ? (a) : (b))
#endif
#ifndef max
#define max(a, b) (((a) > (b)) ? (a) : (b))
#endif
#endif

#define Int32x32To64(a, b) (((LONGLONG)((LONG)(a))) * ((LONGLONG)((LONG)(b))))
#define UInt32x32To64(a, b) (((ULONGLONG)((ULONG)(a))) * ((ULONGLONG)((ULONG)(b))))

#define MAKEWORD(a, b) ((WORD)(((BYTE)(a)) | ((WORD)((BYTE)(b))) << 8))
#define MAKELONG(a, b) ((LONG)(((WORD)(a)) | ((DWORD)((WORD)(b))) << 16))
#define LOWORD(l) ((WORD)((DWORD_PTR)(l)&0xffff))
#define HIWORD(l) ((WORD)((DWORD_PTR)(l) >> 16))
#define LOBYTE(w) ((BYTE)((DWORD_PTR)(w)&0xff))
#define HIBYTE(w) ((BYTE)((DWORD_PTR)(w) >> 8))

typedef enum _EVENT_TYPE { NotificationEvent, SynchronizationEvent } EVENT_TYPE;
typedef enum _TIMER_TYPE { NotificationTimer, SynchronizationTimer } TIMER_TYPE;
typedef enum _WAIT_TYPE { WaitAll, WaitAny, WaitNotification, WaitDequeue } WAIT_TYPE;

/* Processor modes (KPROCESSOR_MODE values). */
typedef CCHAR KPROCESSOR_MODE;
typedef enum _MODE { KernelMode, UserMode, MaximumMode } MODE;

typedef UCHAR KIRQL;
typedef KIRQL* PKIRQL;

EXTERN_C_END

#endif /* WMIPORT_WDK_NTDEF_H_ */
