/* src/scsiwmi/request_state.c - the request lifecycle kept in SCSIWMI_REQUEST_CONTEXT, and the two ALL_DATA layout
 * rules that the dispatcher, PostProcess and the dynamic-name helpers must agree on. */
#include "scsiwmi_internal.h"

void scsiwmi_begin_request(PSCSIWMI_REQUEST_CONTEXT ctx, UCHAR minor, ULONG buffer_size, PVOID buffer) {
  /* UserContext belongs to the miniport and is left alone. A NULL buffer is recorded as size 0 so that no later
   * bounds check can be satisfied by a size without memory behind it. */
  ctx->Buffer = (PUCHAR)buffer;
  ctx->BufferSize = buffer != NULL ? buffer_size : 0;
  ctx->MinorFunction = minor;
  ctx->ReturnStatus = SRB_STATUS_PENDING;
  ctx->ReturnSize = 0;
}

BOOLEAN scsiwmi_is_finished(const SCSIWMI_REQUEST_CONTEXT* ctx) {
  return ctx->ReturnStatus != SRB_STATUS_PENDING;
}

void scsiwmi_finish(PSCSIWMI_REQUEST_CONTEXT ctx, UCHAR status, ULONG size) {
  ctx->ReturnStatus = status;
  ctx->ReturnSize = size;
}

BOOLEAN scsiwmi_static_data_block_offset(ULONG instance_count, ULONG* data_block_offset) {
  const ULONG64 offset = scsiwmi_align8(SCSIWMI_OFF_ALL_ARRAY + (ULONG64)instance_count * 8u);
  if (offset > 0xffffffffu) {
    return FALSE;
  }
  *data_block_offset = (ULONG)offset;
  return TRUE;
}

BOOLEAN scsiwmi_dynamic_layout(ULONG instance_count, ULONG* names_at, ULONG* arrays_end) {
  ULONG64 names = SCSIWMI_OFF_ALL_ARRAY + (ULONG64)instance_count * 8u;
  ULONG64 end;
  if (names < sizeof(WNODE_ALL_DATA)) {
    names = sizeof(WNODE_ALL_DATA);
  }
  end = names + (ULONG64)instance_count * 4u;
  /* DataBlockOffset is set to ALIGN8(end), so that must fit too. */
  if (scsiwmi_align8(end) > 0xffffffffu) {
    return FALSE;
  }
  *names_at = (ULONG)names;
  *arrays_end = (ULONG)end;
  return TRUE;
}
