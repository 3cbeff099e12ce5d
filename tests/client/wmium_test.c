/* <wmium.h> from C: the wmi_sample driver through WmiOpenBlock and friends, with the Win32 codes and buffer
 * contracts of Windows. The host comes from WMIPORT_DRIVERS (set by the test registration). Exit 0 = pass. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <wmium.h>

static int failures = 0;

#include "c_expect.h"

static GUID sample_guid(unsigned n) {
  GUID guid = {0x5a1e0000u + n, 0x0000, 0x4000, {0x80, 0, 0, 0, 0, 0, 0, (unsigned char)n}};
  return guid;
}

/* "ROOT\WMIPORT\0000_0" as WCHARs. */
static const WCHAR instance0[] = {'R', 'O', 'O',  'T', '\\', 'W', 'M', 'I', 'P', 'O',
                                  'R', 'T', '\\', '0', '0',  '0', '0', '_', '0', 0};
static const WCHAR missing[] = {'X', 0};

static int events_seen = 0;
static void on_event(PWNODE_HEADER wnode, UINT_PTR context) {
  (void)wnode;
  if (context == 42)
    ++events_seen;
}

int main(void) {
  GUID data = sample_guid(0), unknown = sample_guid(0xEE), method = sample_guid(4), event = sample_guid(3);
  WMIHANDLE handle = NULL, method_handle = NULL;
  unsigned char buffer[512];
  ULONG size = 0;
  ULONG value[2] = {1, 55};
  ULONG fire = 2;
  WMIGUIDINFORMATION info;
  int i;

  EXPECT_EQ(WmiOpenBlock(&unknown, WMIGUID_QUERY, &handle), ERROR_WMI_GUID_NOT_FOUND);
  EXPECT_EQ(WmiOpenBlock(&data, WMIGUID_QUERY, &handle), ERROR_SUCCESS);

  size = 8; /* too small: the size needed comes back */
  EXPECT_EQ(WmiQueryAllDataW(handle, &size, buffer), ERROR_INSUFFICIENT_BUFFER);
  if (size <= 8 || size > sizeof buffer)
    ++failures;
  EXPECT_EQ(WmiQueryAllDataW(handle, &size, buffer), ERROR_SUCCESS);
  EXPECT_EQ(((PWNODE_HEADER)buffer)->BufferSize, size);

  size = sizeof buffer;
  EXPECT_EQ(WmiQuerySingleInstanceW(handle, instance0, &size, buffer), ERROR_SUCCESS);
  size = sizeof buffer;
  EXPECT_EQ(WmiQuerySingleInstanceW(handle, missing, &size, buffer), ERROR_WMI_INSTANCE_NOT_FOUND);

  EXPECT_EQ(WmiSetSingleInstanceW(handle, instance0, 0, sizeof value, value), ERROR_SUCCESS);
  EXPECT_EQ(WmiSetSingleInstanceW(handle, instance0, 0, 1, value), ERROR_WMI_SET_FAILURE);
  EXPECT_EQ(WmiSetSingleItemW(handle, instance0, 1, 0, sizeof(ULONG), value), ERROR_WMI_READ_ONLY);
  EXPECT_EQ(WmiSetSingleItemW(handle, instance0, 9, 0, sizeof(ULONG), value), ERROR_WMI_ITEMID_NOT_FOUND);
  EXPECT_EQ(WmiSetSingleItemW(handle, instance0, 2, 0, sizeof(ULONG), &value[1]), ERROR_SUCCESS);

  info.Size = sizeof info;
  EXPECT_EQ(WmiQueryGuidInformation(handle, &info), ERROR_SUCCESS);
  EXPECT_EQ(info.IsExpensive, 0);
  EXPECT_EQ(WmiCloseBlock(handle), ERROR_SUCCESS);
  EXPECT_EQ(WmiCloseBlock(handle), ERROR_INVALID_PARAMETER);

  EXPECT_EQ(WmiNotificationRegistrationW(&event, 1, (PVOID)on_event, 42, NOTIFICATION_CALLBACK_DIRECT), ERROR_SUCCESS);
  EXPECT_EQ(WmiOpenBlock(&method, WMIGUID_EXECUTE, &method_handle), ERROR_SUCCESS);
  size = sizeof buffer;
  EXPECT_EQ(WmiExecuteMethodW(method_handle, instance0, 2, sizeof fire, &fire, &size, buffer), ERROR_SUCCESS);
  for (i = 0; i < 100 && events_seen == 0; ++i) {
    struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL);
  }
  EXPECT_EQ(events_seen, 1);
  EXPECT_EQ(WmiNotificationRegistrationW(&event, 0, NULL, 0, 0), ERROR_SUCCESS);
  EXPECT_EQ(WmiCloseBlock(method_handle), ERROR_SUCCESS);

  WmiPortDestroyHost();
  if (failures == 0)
    puts("wmium_test: all passed");
  return failures == 0 ? 0 : 1;
}
