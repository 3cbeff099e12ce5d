// WmiFireEvent's way into the WMI core (wmiport-internal, not a WDK routine). WmiFireEvent used to build its
// WNODE_SINGLE_INSTANCE event in a pool block of its own and hand it to IoWMIWriteEvent, which copied it into the
// block it delivers and freed the pool block: a pool allocation, a free and a copy per event. The core now builds
// the same WNODE straight into the delivered block. Same statuses as IoWMIWriteEvent (STATUS_UNSUCCESSFUL without
// a live core, STATUS_BUFFER_OVERFLOW over the event size limit); the caller keeps EventData either way.
#pragma once

#include <wdm.h>

#ifdef __cplusplus
extern "C" {
#endif

NTSTATUS WmiportWriteSingleInstanceEvent(ULONG ProviderId, LPCGUID Guid, ULONG InstanceIndex, LONGLONG TimeStamp,
                                         ULONG EventDataSize, const void* EventData);

#ifdef __cplusplus
}
#endif
