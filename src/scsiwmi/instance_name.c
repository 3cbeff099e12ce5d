/* src/scsiwmi/instance_name.c - dynamic instance names in single-instance WNODEs: where the counted name is
 * (used by the dispatcher to validate a request and by ScsiPortWmiGetInstanceName). */
#include "scsiwmi_internal.h"

BOOLEAN scsiwmi_locate_instance_name(const UCHAR* buffer, ULONG buffer_size, ULONG fixed_size, ULONG data_block_offset,
                                     ULONG* name_offset) {
  ULONG offset;
  ULONG64 end;
  USHORT length;
  if (buffer == NULL || buffer_size < fixed_size) {
    return FALSE;
  }
  offset = scsiwmi_load32(buffer, SCSIWMI_OFF_INSTANCE_NAME);
  /* The name is a USHORT byte count and UTF-16 characters: 2-aligned, outside the fixed part, and wholly before
   * the data block (which the callback overwrites on a query or a method). */
  if (offset < fixed_size || (offset & 1u) != 0 || (ULONG64)offset + sizeof(USHORT) > buffer_size) {
    return FALSE;
  }
  memcpy(&length, buffer + offset, sizeof(length));
  end = (ULONG64)offset + sizeof(USHORT) + length;
  if ((length & 1u) != 0 || end > buffer_size || end > data_block_offset) {
    return FALSE;
  }
  *name_offset = offset;
  return TRUE;
}

PWCHAR ScsiPortWmiGetInstanceName(PSCSIWMI_REQUEST_CONTEXT RequestContext) {
  ULONG fixed_size;
  ULONG data_block_offset_at;
  ULONG name_offset;
  if (RequestContext == NULL || RequestContext->Buffer == NULL) {
    return NULL;
  }
  switch (RequestContext->MinorFunction) {
    case ScsiWmiMinorQuerySingleInstance:
    case ScsiWmiMinorChangeSingleInstance:
      fixed_size = sizeof(WNODE_SINGLE_INSTANCE);
      data_block_offset_at = offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset);
      break;
    case ScsiWmiMinorChangeSingleItem:
      fixed_size = sizeof(WNODE_SINGLE_ITEM);
      data_block_offset_at = offsetof(WNODE_SINGLE_ITEM, DataBlockOffset);
      break;
    case ScsiWmiMinorExecuteMethod:
      fixed_size = sizeof(WNODE_METHOD_ITEM);
      data_block_offset_at = offsetof(WNODE_METHOD_ITEM, DataBlockOffset);
      break;
    default:
      return NULL; /* ALL_DATA, enable/disable and reginfo carry no single instance name */
  }
  if (RequestContext->BufferSize < fixed_size ||
      (scsiwmi_load32(RequestContext->Buffer, SCSIWMI_OFF_HEADER_FLAGS) & WNODE_FLAG_STATIC_INSTANCE_NAMES) != 0) {
    return NULL;
  }
  if (!scsiwmi_locate_instance_name(RequestContext->Buffer, RequestContext->BufferSize, fixed_size,
                                    scsiwmi_load32(RequestContext->Buffer, data_block_offset_at), &name_offset)) {
    return NULL;
  }
  return (PWCHAR)(RequestContext->Buffer + name_offset);
}
