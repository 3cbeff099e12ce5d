/* <wmium.h>: the caller's buffer size travels down to the provider, as on Windows. The wmi_buffer_probe driver
 * (tests/drivers) records the BufferAvail / InBufferSize / OutBufferSize its WmiLib callbacks were given; a caller
 * buffer that is too small reaches it as a too-small request, it answers WNODE_TOO_SMALL, and the caller gets
 * ERROR_INSUFFICIENT_BUFFER with the size it needs. The host comes from WMIPORT_DRIVERS. Exit 0 = pass. */
#include <stdio.h>
#include <string.h>

#include <wmium.h>

static int failures = 0;

#include "c_expect.h"

static GUID probe_guid(unsigned n) {
  GUID guid = {0x5a1e0b00u + n, 0x0000, 0x4000, {0x80, 0, 0, 0, 0, 0, 0, (unsigned char)(0xb0 + n)}};
  return guid;
}

static const WCHAR probe0[] = {'P', 'r', 'o', 'b', 'e', '0', 0};

/* What the probe's callbacks were last given: {DATA BufferAvail, method InBufferSize, method OutBufferSize}. */
static void read_record(WMIHANDLE record, ULONG out[3]) {
  unsigned char buffer[256];
  ULONG size = sizeof buffer, offset;
  memset(out, 0xFF, 3 * sizeof(ULONG));
  EXPECT_EQ(WmiQuerySingleInstanceW(record, probe0, &size, buffer), ERROR_SUCCESS);
  memcpy(&offset, buffer + 56, sizeof offset); /* WNODE_SINGLE_INSTANCE.DataBlockOffset */
  if (offset + 3 * sizeof(ULONG) <= size)
    memcpy(out, buffer + offset, 3 * sizeof(ULONG));
  else
    ++failures;
}

int main(void) {
  GUID data_guid = probe_guid(0), method_guid = probe_guid(1), record_guid = probe_guid(2);
  WMIHANDLE data = NULL, method = NULL, record = NULL;
  unsigned char buffer[512];
  ULONG size, offset, recorded[3], input = 7, i;

  EXPECT_EQ(WmiOpenBlock(&data_guid, WMIGUID_QUERY, &data), ERROR_SUCCESS);
  EXPECT_EQ(WmiOpenBlock(&method_guid, WMIGUID_EXECUTE, &method), ERROR_SUCCESS);
  EXPECT_EQ(WmiOpenBlock(&record_guid, WMIGUID_QUERY, &record), ERROR_SUCCESS);

  /* Single instance: static names travel as an index, so the data starts at 64; an 84-byte caller buffer leaves
   * the driver 20 bytes. */
  size = 84;
  EXPECT_EQ(WmiQuerySingleInstanceW(data, probe0, &size, buffer), ERROR_INSUFFICIENT_BUFFER);
  EXPECT_EQ(size, 104); /* the driver's WNODE_TOO_SMALL: 64 + its 40 bytes */
  read_record(record, recorded);
  EXPECT_EQ(recorded[0], 20);
  EXPECT_EQ(WmiQuerySingleInstanceW(data, probe0, &size, buffer), ERROR_SUCCESS);
  EXPECT_EQ(size, 104);
  EXPECT_EQ(((PWNODE_HEADER)buffer)->BufferSize, 104);
  read_record(record, recorded);
  EXPECT_EQ(recorded[0], 40);
  memcpy(&offset, buffer + 56, sizeof offset);
  EXPECT_EQ(offset, 64);
  for (i = 0; i < 40 && offset + i < sizeof buffer; ++i)
    EXPECT_EQ(buffer[offset + i], i);

  /* All data, asking for the size first with no buffer: the driver gets a request too small for its data. */
  size = 0;
  EXPECT_EQ(WmiQueryAllDataW(data, &size, NULL), ERROR_INSUFFICIENT_BUFFER);
  read_record(record, recorded);
  if (recorded[0] >= 40 || size <= 40 || size > sizeof buffer)
    ++failures,
        fprintf(stderr, "all data: driver saw %lu, size needed %lu\n", (unsigned long)recorded[0], (unsigned long)size);
  EXPECT_EQ(WmiQueryAllDataW(data, &size, buffer), ERROR_SUCCESS);
  read_record(record, recorded);
  EXPECT_EQ(recorded[0] >= 40, 1);
  EXPECT_EQ(((PWNODE_HEADER)buffer)->BufferSize, size);

  /* Methods: the caller's output size is the driver's OutBufferSize; too small comes back as the output needed. */
  size = 8;
  EXPECT_EQ(WmiExecuteMethodW(method, probe0, 1, sizeof input, &input, &size, buffer), ERROR_INSUFFICIENT_BUFFER);
  EXPECT_EQ(size, 24);
  read_record(record, recorded);
  EXPECT_EQ(recorded[1], sizeof input);
  EXPECT_EQ(recorded[2], 8);
  EXPECT_EQ(WmiExecuteMethodW(method, probe0, 1, sizeof input, &input, &size, buffer), ERROR_SUCCESS);
  EXPECT_EQ(size, 24);
  read_record(record, recorded);
  EXPECT_EQ(recorded[2], 24);
  for (i = 0; i < 24; ++i)
    EXPECT_EQ(buffer[i], 0xA0 + i);

  EXPECT_EQ(WmiCloseBlock(data), ERROR_SUCCESS);
  EXPECT_EQ(WmiCloseBlock(method), ERROR_SUCCESS);
  EXPECT_EQ(WmiCloseBlock(record), ERROR_SUCCESS);
  WmiPortDestroyHost();
  if (failures == 0)
    puts("wmium_buffer_test: all passed");
  return failures == 0 ? 0 : 1;
}
