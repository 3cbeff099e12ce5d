/* tests/wdk/both_worlds.c - wmiport's own SCSI port driver needs the WDM world (IRPs, WmiLib) and the miniport world
 * (SRBs, scsiwmi) in one translation unit; the headers must allow it (docs/decisions.md, Headers H6). */
#include <ntddk.h>
#include <scsiwmi.h>
#include <srb.h>
#include <wmilib.h>
#include <wmistr.h>

C_ASSERT(IRP_MJ_SYSTEM_CONTROL == SRB_FUNCTION_WMI);

UCHAR both_worlds_minor(PIO_STACK_LOCATION stack, PSCSI_WMI_REQUEST_BLOCK srb) {
  srb->WMISubFunction = stack->MinorFunction;
  srb->DataPath = stack->Parameters.WMI.DataPath;
  srb->DataBuffer = stack->Parameters.WMI.Buffer;
  srb->DataTransferLength = stack->Parameters.WMI.BufferSize;
  return srb->WMISubFunction;
}
