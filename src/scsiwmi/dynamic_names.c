/* src/scsiwmi/dynamic_names.c - the QUERY_ALL_DATA helpers for blocks with dynamic instance names (spec §1.2):
 * ScsiPortWmiSetInstanceCount once, then ScsiPortWmiSetInstanceName / ScsiPortWmiSetData per instance in any
 * order, then ScsiPortWmiPostProcess with the final SizeNeeded (SUCCESS, or DATA_OVERRUN when BufferAvail hit 0).
 *
 * Layout (docs/decisions.md): OffsetInstanceDataAndLength[n] at 60, OffsetInstanceNameOffsets[n] (ULONGs) right
 * after (at 64 when n is 0), DataBlockOffset = ALIGN8 of their end; then names (2-aligned) and data (8-aligned) in call
 * order. FIXED_INSTANCE_SIZE is never set. SizeNeeded is the fill position: each item goes at SizeNeeded rounded
 * up to its alignment, so the WNODE is built front to back and SizeNeeded keeps counting after space runs out.
 * The caller's BufferAvail is an output only: whether an item fits is decided from SizeNeeded and the request's
 * buffer size, so a stale BufferAvail cannot make the library write past the buffer.
 */
#include "scsiwmi_internal.h"

/* The request is a QUERY_ALL_DATA for a dynamic block (the dispatcher cleared STATIC_INSTANCE_NAMES). */
static BOOLEAN dynamic_all_data(const SCSIWMI_REQUEST_CONTEXT* ctx) {
  return ctx->MinorFunction == ScsiWmiMinorQueryAllData && ctx->Buffer != NULL &&
         ctx->BufferSize >= sizeof(WNODE_TOO_SMALL) && !scsiwmi_is_finished(ctx) &&
         (scsiwmi_load32(ctx->Buffer, SCSIWMI_OFF_HEADER_FLAGS) & WNODE_FLAG_STATIC_INSTANCE_NAMES) == 0;
}

BOOLEAN ScsiPortWmiSetInstanceCount(PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG InstanceCount, PULONG BufferAvail,
                                    PULONG SizeNeeded) {
  ULONG names_at;
  ULONG arrays_end;
  PUCHAR buffer;
  if (RequestContext == NULL || BufferAvail == NULL || SizeNeeded == NULL || !dynamic_all_data(RequestContext)) {
    return FALSE;
  }
  buffer = RequestContext->Buffer;
  if (scsiwmi_load32(buffer, SCSIWMI_OFF_ALL_DATA_BLOCK_OFFSET) != 0) {
    scsiwmi_report(ScsiWmiRuleDynamicNameProtocol, RequestContext, InstanceCount); /* called twice */
    return FALSE;
  }
  if (!scsiwmi_dynamic_layout(InstanceCount, &names_at, &arrays_end)) {
    scsiwmi_report(ScsiWmiRuleDynamicNameProtocol, RequestContext, InstanceCount);
    return FALSE;
  }
  /* DataBlockOffset != 0 from here on marks "instance count set" (the buffer holds at least 56 bytes). */
  scsiwmi_store32(buffer, SCSIWMI_OFF_ALL_DATA_BLOCK_OFFSET, (ULONG)scsiwmi_align8(arrays_end));
  scsiwmi_store32(buffer, SCSIWMI_OFF_ALL_INSTANCE_COUNT, InstanceCount);
  *SizeNeeded = arrays_end;
  if (arrays_end > RequestContext->BufferSize) {
    *BufferAvail = 0;
    return TRUE;
  }
  scsiwmi_store32(buffer, SCSIWMI_OFF_ALL_NAME_OFFSETS, names_at);
  memset(buffer + SCSIWMI_OFF_ALL_ARRAY, 0, arrays_end - SCSIWMI_OFF_ALL_ARRAY);
  *BufferAvail = RequestContext->BufferSize - arrays_end;
  return TRUE;
}

/* Reserves `length` bytes at SizeNeeded rounded up to `alignment`. Returns the offset when they fit, 0 when not
 * (then BufferAvail is 0 and SizeNeeded still grows), or FALSE in *ok for a protocol error (nothing changes). */
static ULONG reserve(PSCSIWMI_REQUEST_CONTEXT ctx, ULONG index, ULONG length, ULONG alignment, PULONG buffer_avail,
                     PULONG size_needed, BOOLEAN* ok, ULONG* names_at) {
  const PUCHAR buffer = ctx->Buffer;
  const ULONG count = scsiwmi_load32(buffer, SCSIWMI_OFF_ALL_INSTANCE_COUNT);
  ULONG arrays_end = 0;
  ULONG64 at;
  ULONG64 end;
  *ok = FALSE;
  if (scsiwmi_load32(buffer, SCSIWMI_OFF_ALL_DATA_BLOCK_OFFSET) == 0 || index >= count ||
      !scsiwmi_dynamic_layout(count, names_at, &arrays_end) || *size_needed < arrays_end) {
    /* Before ScsiPortWmiSetInstanceCount, an instance out of range, or a SizeNeeded that would overwrite the
     * arrays: not the value the previous helper returned. */
    scsiwmi_report(ScsiWmiRuleDynamicNameProtocol, ctx, index);
    return 0;
  }
  *ok = TRUE;
  at = alignment == 8 ? scsiwmi_align8(*size_needed) : scsiwmi_align2(*size_needed);
  end = at + length;
  *size_needed = end > 0xffffffffu ? 0xffffffffu : (ULONG)end; /* saturates: still "too big" for any buffer */
  if (end > ctx->BufferSize || arrays_end > ctx->BufferSize) {
    *buffer_avail = 0;
    return 0;
  }
  *buffer_avail = ctx->BufferSize - (ULONG)end;
  return (ULONG)at;
}

PWCHAR ScsiPortWmiSetInstanceName(PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG InstanceIndex,
                                  ULONG InstanceNameLength, PULONG BufferAvail, PULONG SizeNeeded) {
  BOOLEAN ok;
  ULONG at;
  ULONG names_at = 0;
  if (RequestContext == NULL || BufferAvail == NULL || SizeNeeded == NULL || !dynamic_all_data(RequestContext)) {
    return NULL;
  }
  /* InstanceNameLength counts the USHORT prefix (header comment): at least 2, even, and the rest fits a USHORT. */
  if (InstanceNameLength < sizeof(USHORT) || (InstanceNameLength & 1u) != 0 ||
      InstanceNameLength - sizeof(USHORT) > 0xffffu) {
    scsiwmi_report(ScsiWmiRuleDynamicNameProtocol, RequestContext, InstanceNameLength);
    return NULL;
  }
  at = reserve(RequestContext, InstanceIndex, InstanceNameLength, 2, BufferAvail, SizeNeeded, &ok, &names_at);
  if (!ok || at == 0) {
    return NULL;
  }
  /* reserve() checked InstanceIndex < InstanceCount and that the arrays fit (names_at is computed from the count,
   * not read back from the WNODE), so this entry is inside them. */
  scsiwmi_store32(RequestContext->Buffer, names_at + (size_t)InstanceIndex * 4u, at);
  return (PWCHAR)(RequestContext->Buffer + at);
}

PVOID ScsiPortWmiSetData(PSCSIWMI_REQUEST_CONTEXT RequestContext, ULONG InstanceIndex, ULONG DataLength,
                         PULONG BufferAvail, PULONG SizeNeeded) {
  BOOLEAN ok;
  ULONG at;
  ULONG names_at = 0;
  if (RequestContext == NULL || BufferAvail == NULL || SizeNeeded == NULL || !dynamic_all_data(RequestContext)) {
    return NULL;
  }
  at = reserve(RequestContext, InstanceIndex, DataLength, 8, BufferAvail, SizeNeeded, &ok, &names_at);
  if (!ok || at == 0) {
    return NULL;
  }
  scsiwmi_store32(RequestContext->Buffer, SCSIWMI_OFF_ALL_ARRAY + (size_t)InstanceIndex * 8u, at);
  scsiwmi_store32(RequestContext->Buffer, SCSIWMI_OFF_ALL_ARRAY + (size_t)InstanceIndex * 8u + 4u, DataLength);
  return RequestContext->Buffer + at;
}
