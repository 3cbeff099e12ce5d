/* src/scsiwmi/post_process.c - ScsiPortWmiPostProcess: turns the callback's (status, BufferUsed) into the reply
 * WNODE and the context's ReturnStatus/ReturnSize, per minor code (spec §1.5).
 *
 *   SUCCESS        queries and methods: WNODE fixed up, ReturnSize = WnodeHeader.BufferSize; CHANGE_* and the
 *                  enable/disable minors: ReturnSize 0.
 *   DATA_OVERRUN   queries and methods: a WNODE_TOO_SMALL with the exact SizeNeeded, ReturnStatus SUCCESS,
 *                  ReturnSize 56 (spec §1.2 UNCONFIRMED; chosen like WmiCompleteRequest, docs/decisions.md); a
 *                  buffer below 56 bytes fails with DATA_OVERRUN and ReturnSize 0. CHANGE_* and enable/disable
 *                  have no output to grow: SRB_STATUS_ERROR.
 *   anything else  ReturnStatus = that status, ReturnSize 0, the WNODE untouched.
 * A callback claiming more than it was given, or an overrun size that already fits, is a defined error
 * (SRB_STATUS_ERROR, size 0) and is reported to the host.
 */
#include "scsiwmi_internal.h"

static void fail(PSCSIWMI_REQUEST_CONTEXT ctx, SCSIWMI_RULE rule, ULONG detail) {
  scsiwmi_report(rule, ctx, detail);
  scsiwmi_finish(ctx, SRB_STATUS_ERROR, 0);
}

/* The DATA_OVERRUN answer, in one place: `needed` is the whole WNODE size the retry must provide. */
static void finish_too_small(PSCSIWMI_REQUEST_CONTEXT ctx, ULONG64 needed, ULONG reported) {
  PUCHAR buffer = ctx->Buffer;
  if (ctx->BufferSize < sizeof(WNODE_TOO_SMALL)) {
    scsiwmi_finish(ctx, SRB_STATUS_DATA_OVERRUN, 0); /* the port fails the IRP with STATUS_BUFFER_TOO_SMALL */
    return;
  }
  if (needed <= ctx->BufferSize) {
    /* Retrying with `needed` bytes would give the callback the same space: it must report the exact size. */
    fail(ctx, ScsiWmiRuleOverrunSizeFits, reported);
    return;
  }
  if (needed > 0xffffffffu) {
    fail(ctx, ScsiWmiRuleBufferUsedTooLarge, reported);
    return;
  }
  /* As WmiCompleteRequest: the rest of the header (Guid, ProviderId, ...) is kept, Flags is only TOO_SMALL. */
  scsiwmi_store32(buffer, SCSIWMI_OFF_HEADER_BUFFER_SIZE, sizeof(WNODE_TOO_SMALL));
  scsiwmi_store32(buffer, SCSIWMI_OFF_HEADER_FLAGS, WNODE_FLAG_TOO_SMALL);
  scsiwmi_store32(buffer, offsetof(WNODE_TOO_SMALL, SizeNeeded), (ULONG)needed);
  scsiwmi_finish(ctx, SRB_STATUS_SUCCESS, sizeof(WNODE_TOO_SMALL));
}

/* ---- QUERY_ALL_DATA, static names -------------------------------------------------------------------------------- */

/* DataBlockOffset and InstanceCount as the dispatcher wrote them, or FALSE when the miniport changed them. */
static BOOLEAN static_layout(PSCSIWMI_REQUEST_CONTEXT ctx, ULONG* data_block_offset, ULONG* count) {
  ULONG expected;
  *data_block_offset = scsiwmi_load32(ctx->Buffer, SCSIWMI_OFF_ALL_DATA_BLOCK_OFFSET);
  *count = scsiwmi_load32(ctx->Buffer, SCSIWMI_OFF_ALL_INSTANCE_COUNT);
  return scsiwmi_static_data_block_offset(*count, &expected) && expected == *data_block_offset;
}

/* TRUE when several instances fit BufferUsed only laid end to end: the lengths sum to at most `used` although the
 * 8-aligned layout needs more, i.e. the callback did not start each instance on an 8-byte boundary. */
static BOOLEAN fits_end_to_end(const PUCHAR buffer, ULONG count, ULONG used) {
  ULONG64 sum = 0;
  ULONG k;
  if (count < 2) {
    return FALSE;
  }
  for (k = 0; k < count && sum <= used; k++) {
    sum += scsiwmi_load32(buffer, SCSIWMI_OFF_ALL_ARRAY + (size_t)k * 4u);
  }
  return sum <= used;
}

/* The callback wrote instance k at DataBlockOffset + sum(ALIGN8(len[j]), j < k) and len[k] into the scratch ULONG
 * array at offset 60. Turns the scratch array into FixedInstanceSize (all lengths equal) or into
 * OffsetInstanceDataAndLength[] in place. */
static void all_data_static_success(PSCSIWMI_REQUEST_CONTEXT ctx, ULONG used) {
  const PUCHAR buffer = ctx->Buffer;
  ULONG data_block_offset;
  ULONG count;
  ULONG k;
  ULONG64 required = 0; /* bytes the instances take: each but the last padded to 8 */
  ULONG64 padded = 0;   /* the same with the last padded too: where the cursor starts below */
  BOOLEAN same_size = TRUE;
  ULONG first_length = 0;
  ULONG flags;
  if (!static_layout(ctx, &data_block_offset, &count)) {
    fail(ctx, ScsiWmiRuleWnodeCorrupted, used);
    return;
  }
  if (data_block_offset > ctx->BufferSize) {
    /* The callback was given no buffer (InstanceLengthArray NULL) and still claims success. */
    fail(ctx, ScsiWmiRuleInstanceLengthsInconsistent, used);
    return;
  }
  if (used > ctx->BufferSize - data_block_offset) {
    fail(ctx, ScsiWmiRuleBufferUsedTooLarge, used);
    return;
  }
  for (k = 0; k < count; k++) {
    const ULONG length = scsiwmi_load32(buffer, SCSIWMI_OFF_ALL_ARRAY + (size_t)k * 4u);
    if (k == 0) {
      first_length = length;
    }
    same_size = same_size && length == first_length;
    required = padded + length;
    padded = scsiwmi_align8(required);
    if (required > used) {
      break; /* bounded: stops before the sums can grow past 64 bits */
    }
  }
  if (required > used) {
    fail(ctx, fits_end_to_end(buffer, count, used) ? ScsiWmiRuleInstancesNotAligned
                                                   : ScsiWmiRuleInstanceLengthsInconsistent,
         used);
    return;
  }
  if (count > 0 && used > padded) {
    /* The lengths account for fewer bytes than the callback says it wrote: InstanceLengthArray was left (partly)
     * unfilled, and the layout below would drop or misplace instances. */
    fail(ctx, ScsiWmiRuleInstanceLengthsInconsistent, used);
    return;
  }
  flags = scsiwmi_load32(buffer, SCSIWMI_OFF_HEADER_FLAGS);
  if (count > 0 && same_size) {
    /* Instance k is at DataBlockOffset + k * ALIGN8(FixedInstanceSize): exactly where the callback put it. */
    memset(buffer + SCSIWMI_OFF_ALL_ARRAY, 0, data_block_offset - SCSIWMI_OFF_ALL_ARRAY);
    scsiwmi_store32(buffer, offsetof(WNODE_ALL_DATA, FixedInstanceSize), first_length);
    flags |= WNODE_FLAG_FIXED_INSTANCE_SIZE;
  } else {
    /* Last to first: entry k (8 bytes at 60 + 8k) overwrites scratch lengths 2k and 2k+1, which are >= k, so every
     * length still needed (index < k) is intact; length k itself is read before its entry is written. */
    ULONG64 cursor = (ULONG64)data_block_offset + padded;
    k = count;
    while (k > 0) {
      ULONG length;
      k--;
      length = scsiwmi_load32(buffer, SCSIWMI_OFF_ALL_ARRAY + (size_t)k * 4u);
      cursor -= scsiwmi_align8(length);
      scsiwmi_store32(buffer, SCSIWMI_OFF_ALL_ARRAY + (size_t)k * 8u, (ULONG)cursor);
      scsiwmi_store32(buffer, SCSIWMI_OFF_ALL_ARRAY + (size_t)k * 8u + 4u, length);
    }
    flags &= ~(ULONG)WNODE_FLAG_FIXED_INSTANCE_SIZE;
  }
  scsiwmi_store32(buffer, SCSIWMI_OFF_HEADER_FLAGS, flags);
  scsiwmi_store32(buffer, SCSIWMI_OFF_HEADER_BUFFER_SIZE, data_block_offset + used);
  scsiwmi_finish(ctx, SRB_STATUS_SUCCESS, data_block_offset + used);
}

/* ---- QUERY_ALL_DATA, dynamic names (the ScsiPortWmiSet* helpers built it; BufferUsed = the whole WNODE) -------- */

static BOOLEAN item_within(ULONG offset, ULONG64 length, ULONG used) {
  return offset != 0 && (ULONG64)offset + length <= used;
}

static void all_data_dynamic_success(PSCSIWMI_REQUEST_CONTEXT ctx, ULONG used) {
  const PUCHAR buffer = ctx->Buffer;
  const ULONG data_block_offset = scsiwmi_load32(buffer, SCSIWMI_OFF_ALL_DATA_BLOCK_OFFSET);
  const ULONG count = scsiwmi_load32(buffer, SCSIWMI_OFF_ALL_INSTANCE_COUNT);
  ULONG arrays_end;
  ULONG names_at;
  ULONG k;
  ULONG flags;
  if (data_block_offset == 0) {
    fail(ctx, ScsiWmiRuleDynamicNameProtocol, used); /* success without ScsiPortWmiSetInstanceCount */
    return;
  }
  if (!scsiwmi_dynamic_layout(count, &names_at, &arrays_end) || scsiwmi_align8(arrays_end) != data_block_offset) {
    fail(ctx, ScsiWmiRuleWnodeCorrupted, used);
    return;
  }
  if (used > ctx->BufferSize) {
    fail(ctx, ScsiWmiRuleBufferUsedTooLarge, used);
    return;
  }
  if (used < arrays_end || scsiwmi_load32(buffer, SCSIWMI_OFF_ALL_NAME_OFFSETS) != names_at) {
    fail(ctx, ScsiWmiRuleDynamicNameProtocol, used);
    return;
  }
  /* Every instance needs a name and data (possibly empty) inside the reported size. */
  for (k = 0; k < count; k++) {
    const ULONG name_at = scsiwmi_load32(buffer, names_at + (size_t)k * 4u);
    const ULONG data_at = scsiwmi_load32(buffer, SCSIWMI_OFF_ALL_ARRAY + (size_t)k * 8u);
    const ULONG data_length = scsiwmi_load32(buffer, SCSIWMI_OFF_ALL_ARRAY + (size_t)k * 8u + 4u);
    USHORT name_length = 0;
    if (item_within(name_at, sizeof(USHORT), used)) {
      memcpy(&name_length, buffer + name_at, sizeof(name_length));
    }
    if (!item_within(name_at, (ULONG64)sizeof(USHORT) + name_length, used) ||
        !item_within(data_at, data_length, used)) {
      fail(ctx, ScsiWmiRuleDynamicNameProtocol, k);
      return;
    }
  }
  flags = scsiwmi_load32(buffer, SCSIWMI_OFF_HEADER_FLAGS);
  flags &= ~(ULONG)(WNODE_FLAG_FIXED_INSTANCE_SIZE | WNODE_FLAG_STATIC_INSTANCE_NAMES | WNODE_FLAG_PDO_INSTANCE_NAMES);
  scsiwmi_store32(buffer, SCSIWMI_OFF_HEADER_FLAGS, flags);
  scsiwmi_store32(buffer, SCSIWMI_OFF_HEADER_BUFFER_SIZE, used);
  scsiwmi_finish(ctx, SRB_STATUS_SUCCESS, used);
}

static BOOLEAN all_data_is_dynamic(PSCSIWMI_REQUEST_CONTEXT ctx) {
  return (scsiwmi_load32(ctx->Buffer, SCSIWMI_OFF_HEADER_FLAGS) & WNODE_FLAG_STATIC_INSTANCE_NAMES) == 0;
}

static void all_data(PSCSIWMI_REQUEST_CONTEXT ctx, UCHAR status, ULONG used) {
  ULONG data_block_offset;
  ULONG count;
  if (ctx->Buffer == NULL || ctx->BufferSize < sizeof(WNODE_TOO_SMALL)) {
    if (status == SRB_STATUS_SUCCESS) {
      fail(ctx, ScsiWmiRuleBufferUsedTooLarge, used);
    } else {
      scsiwmi_finish(ctx, status, 0);
    }
    return;
  }
  if (status == SRB_STATUS_SUCCESS) {
    if (all_data_is_dynamic(ctx)) {
      all_data_dynamic_success(ctx, used);
    } else {
      all_data_static_success(ctx, used);
    }
    return;
  }
  /* DATA_OVERRUN. Dynamic names: BufferUsed is the whole WNODE (the final SizeNeeded of the helpers). */
  if (all_data_is_dynamic(ctx)) {
    finish_too_small(ctx, used, used);
    return;
  }
  if (!static_layout(ctx, &data_block_offset, &count)) {
    fail(ctx, ScsiWmiRuleWnodeCorrupted, used);
    return;
  }
  finish_too_small(ctx, (ULONG64)data_block_offset + used, used);
}

/* ---- QUERY_SINGLE_INSTANCE and EXECUTE_METHOD: the output is at DataBlockOffset, its size in SizeDataBlock ------- */

static void instance_output(PSCSIWMI_REQUEST_CONTEXT ctx, UCHAR status, ULONG used, ULONG fixed_size,
                            size_t data_block_offset_at, size_t size_at) {
  ULONG data_block_offset;
  if (ctx->Buffer == NULL || ctx->BufferSize < fixed_size) {
    /* The dispatcher refused this request; only a miniport post-processing a foreign context gets here. */
    fail(ctx, ScsiWmiRuleWnodeCorrupted, used);
    return;
  }
  data_block_offset = scsiwmi_load32(ctx->Buffer, data_block_offset_at);
  if (data_block_offset < fixed_size || data_block_offset > ctx->BufferSize) {
    fail(ctx, ScsiWmiRuleWnodeCorrupted, used);
    return;
  }
  if (status == SRB_STATUS_DATA_OVERRUN) {
    finish_too_small(ctx, (ULONG64)data_block_offset + used, used);
    return;
  }
  if (used > ctx->BufferSize - data_block_offset) {
    fail(ctx, ScsiWmiRuleBufferUsedTooLarge, used);
    return;
  }
  scsiwmi_store32(ctx->Buffer, size_at, used);
  scsiwmi_store32(ctx->Buffer, SCSIWMI_OFF_HEADER_BUFFER_SIZE, data_block_offset + used);
  scsiwmi_finish(ctx, SRB_STATUS_SUCCESS, data_block_offset + used);
}

void scsiwmi_post_process(PSCSIWMI_REQUEST_CONTEXT ctx, UCHAR status, ULONG buffer_used) {
  const UCHAR base = SRB_STATUS(status);
  if (status == SRB_STATUS_PENDING) {
    fail(ctx, ScsiWmiRulePostProcessPendingStatus, buffer_used);
    return;
  }
  if (base != SRB_STATUS_SUCCESS && base != SRB_STATUS_DATA_OVERRUN) {
    scsiwmi_finish(ctx, status, 0); /* an error: passed through, no data */
    return;
  }
  switch (ctx->MinorFunction) {
    case ScsiWmiMinorQueryAllData:
      all_data(ctx, base, buffer_used);
      return;
    case ScsiWmiMinorQuerySingleInstance:
      instance_output(ctx, base, buffer_used, sizeof(WNODE_SINGLE_INSTANCE),
                      offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset), offsetof(WNODE_SINGLE_INSTANCE, SizeDataBlock));
      return;
    case ScsiWmiMinorExecuteMethod:
      instance_output(ctx, base, buffer_used, sizeof(WNODE_METHOD_ITEM), offsetof(WNODE_METHOD_ITEM, DataBlockOffset),
                      offsetof(WNODE_METHOD_ITEM, SizeDataBlock));
      return;
    default:
      /* CHANGE_*, ENABLE/DISABLE_*: nothing is returned. An overrun cannot be retried bigger: a set failure. */
      scsiwmi_finish(ctx, base == SRB_STATUS_SUCCESS ? SRB_STATUS_SUCCESS : SRB_STATUS_ERROR, 0);
      return;
  }
}

VOID ScsiPortWmiPostProcess(PSCSIWMI_REQUEST_CONTEXT RequestContext, UCHAR SrbStatus, ULONG BufferUsed) {
  if (RequestContext == NULL) {
    scsiwmi_report(ScsiWmiRuleNullArgument, NULL, SrbStatus);
    return;
  }
  /* Exactly once: a second call is reported and changes nothing (the first result and the WNODE stand). */
  if (scsiwmi_is_finished(RequestContext)) {
    scsiwmi_report(ScsiWmiRulePostProcessTwice, RequestContext, SrbStatus);
    return;
  }
  /* The library finishes the reginfo minors itself, after HwScsiWmiQueryReginfo returns. */
  if (RequestContext->MinorFunction == ScsiWmiMinorReginfo || RequestContext->MinorFunction == ScsiWmiMinorReginfoEx) {
    scsiwmi_report(ScsiWmiRulePostProcessInReginfo, RequestContext, SrbStatus);
    return;
  }
  scsiwmi_post_process(RequestContext, SrbStatus, BufferUsed);
}
