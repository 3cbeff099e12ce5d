/* tests/scsiwmi/tiny_miniport.h - a tiny SCSI miniport written in C against include/wdk (tiny_miniport.c), used
 * by scsiwmi_test end to end and compiled on its own with exact compiler command lines. */
#ifndef WMIPORT_TESTS_SCSIWMI_TINY_MINIPORT_H_
#define WMIPORT_TESTS_SCSIWMI_TINY_MINIPORT_H_

#include <miniport.h>
#include <srb.h>

EXTERN_C_START

/* Bytes of HW device extension the miniport needs (8-aligned memory). */
ULONG TinyDeviceExtensionSize(void);
/* Bytes of SRB extension (it holds the SCSIWMI_REQUEST_CONTEXT). */
ULONG TinySrbExtensionSize(void);
/* What HwFindAdapter would do: set up the SCSI_WMILIB_CONTEXT. */
VOID TinyInitialize(PVOID DeviceExtension);
/* HwStartIo. SRB_FUNCTION_WMI for the adapter: handled through the SCSI Port WMI library; completed (RequestComplete
 * then NextRequest) unless the library says the request pends. */
BOOLEAN TinyHwStartIo(PVOID DeviceExtension, PSCSI_REQUEST_BLOCK Srb);
/* Fires the adapter event (counter as payload) when it is enabled; returns whether it fired. */
BOOLEAN TinyFireCounterEvent(PVOID DeviceExtension);

EXTERN_C_END

#endif /* WMIPORT_TESTS_SCSIWMI_TINY_MINIPORT_H_ */
