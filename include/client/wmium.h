/* <wmium.h>: the user-mode WMI data block API of Windows (WmiOpenBlock, WmiQueryAllDataW, ...), served by an
 * in-process wmiport host. Build a program with
 *   cc $(wmiport config --cflags client) prog.c $(wmiport config --libs client)
 * The host and its drivers: WmiPortCreateHost(paths, count) before the first call, or the environment variable
 * WMIPORT_DRIVERS=/path/a.so:/path/b.so, read at the first call when no host was created.
 * Functions return Win32 error codes (ERROR_SUCCESS 0, ...). Strings are UTF-16 (16-bit WCHAR). */
#ifndef WMIPORT_WMIUM_H_
#define WMIPORT_WMIUM_H_

#include "ntdef.h"
#include "wmistr.h"

#ifdef __cplusplus
extern "C" {
#endif

#define WMIUM_API __attribute__((visibility("default")))

typedef PVOID WMIHANDLE, *PWMIHANDLE, MOFHANDLE, *PMOFHANDLE;
typedef const WCHAR* LPCWSTR;
typedef unsigned int UINT;
typedef uintptr_t UINT_PTR;

typedef void (*NOTIFICATIONCALLBACK)(PWNODE_HEADER Wnode, UINT_PTR NotificationContext);

typedef struct {
  ULONG Size;
  BOOLEAN IsExpensive;
  BOOLEAN IsEventOnly;
} WMIGUIDINFORMATION, *PWMIGUIDINFORMATION;

/* Win32 error codes the functions return. */
#define ERROR_SUCCESS 0L
#define ERROR_INVALID_FUNCTION 1L
#define ERROR_NOT_ENOUGH_MEMORY 8L
#define ERROR_NOT_SUPPORTED 50L
#define ERROR_INVALID_PARAMETER 87L
#define ERROR_INSUFFICIENT_BUFFER 122L
#define ERROR_WMI_GUID_NOT_FOUND 4200L
#define ERROR_WMI_INSTANCE_NOT_FOUND 4201L
#define ERROR_WMI_ITEMID_NOT_FOUND 4202L
#define ERROR_WMI_TRY_AGAIN 4203L
#define ERROR_WMI_READ_ONLY 4213L
#define ERROR_WMI_SET_FAILURE 4214L
#define ERROR_GEN_FAILURE 31L

/* DesiredAccess of WmiOpenBlock. */
#define WMIGUID_QUERY 0x0001
#define WMIGUID_SET 0x0002
#define WMIGUID_NOTIFICATION 0x0004
#define WMIGUID_READ_DESCRIPTION 0x0008
#define WMIGUID_EXECUTE 0x0010
#define WMIGUID_ALL_ACCESS 0x1F

/* Flags of WmiNotificationRegistrationW. */
#define NOTIFICATION_TRACE_FLAG 0x00010000
#define NOTIFICATION_CALLBACK_DIRECT 0x00000004

/* wmiport: creates the process's host and loads the drivers (paths in UTF-8). ERROR_SUCCESS, or the error of
 * the first driver that failed (the host then stays, with the drivers loaded before it). */
WMIUM_API ULONG WmiPortCreateHost(const char* const* driver_paths, ULONG count);
/* wmiport: destroys the host (closes every handle and registration). */
WMIUM_API void WmiPortDestroyHost(void);

WMIUM_API ULONG WmiOpenBlock(GUID* DataBlockGuid, ULONG DesiredAccess, WMIHANDLE* DataBlockObject);
WMIUM_API ULONG WmiCloseBlock(WMIHANDLE DataBlockHandle);
WMIUM_API ULONG WmiQueryAllDataW(WMIHANDLE DataBlockHandle, PULONG BufferSize, PVOID Buffer);
WMIUM_API ULONG WmiQuerySingleInstanceW(WMIHANDLE DataBlockHandle, LPCWSTR InstanceName, PULONG BufferSize,
                                        PVOID Buffer);
WMIUM_API ULONG WmiSetSingleInstanceW(WMIHANDLE DataBlockHandle, LPCWSTR InstanceName, ULONG Reserved,
                                      ULONG ValueBufferSize, PVOID ValueBuffer);
WMIUM_API ULONG WmiSetSingleItemW(WMIHANDLE DataBlockHandle, LPCWSTR InstanceName, ULONG DataItemId, ULONG Reserved,
                                  ULONG ValueBufferSize, PVOID ValueBuffer);
WMIUM_API ULONG WmiExecuteMethodW(WMIHANDLE MethodDataBlockHandle, LPCWSTR MethodInstanceName, ULONG MethodId,
                                  ULONG InputValueBufferSize, PVOID InputValueBuffer, ULONG* OutputBufferSize,
                                  PVOID OutputBuffer);
/* Flags: NOTIFICATION_CALLBACK_DIRECT with DeliveryInfo a NOTIFICATIONCALLBACK. */
WMIUM_API ULONG WmiNotificationRegistrationW(LPGUID Guid, BOOLEAN Enable, PVOID DeliveryInfo, ULONG_PTR DeliveryContext,
                                             ULONG Flags);
WMIUM_API void WmiFreeBuffer(PVOID Buffer);
WMIUM_API ULONG WmiQueryGuidInformation(WMIHANDLE GuidHandle, PWMIGUIDINFORMATION GuidInfo);

#ifdef __cplusplus
}
#endif

#endif
