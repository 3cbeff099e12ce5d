/* src/scsiwmi/dispatch.c - ScsiPortWmiDispatchFunction: one prelude (context, minor code, GUID lookup, block kind)
 * and a checked table with one small handler per minor code (spec §1.5). Handlers validate the WNODE, find the
 * instance, apply the missing-callback defaults of spec §1.3 and call the miniport.
 *
 * Return value (spec §1.4): TRUE (pending) exactly when the callback returned SRB_STATUS_PENDING; FALSE otherwise,
 * and then the context holds the result. A callback that returned a status without post-processing is finished
 * here with that status and size 0, and reported (ScsiWmiRuleMissingPostProcess).
 */
#include "scsiwmi_internal.h"

typedef struct {
  PSCSI_WMILIB_CONTEXT info;
  PVOID device_context;
  PSCSIWMI_REQUEST_CONTEXT ctx;
  ULONG guid_index;
  const SCSIWMIGUIDREGINFO* block;
} scsiwmi_request;

/* A handler returns what the callback returned, or the status it finished the request with itself. */
typedef UCHAR (*scsiwmi_handler)(const scsiwmi_request* r);

/* The library answers for the miniport: finish now and report the status as the "callback's". */
static UCHAR library_result(PSCSIWMI_REQUEST_CONTEXT ctx, UCHAR status) {
  scsiwmi_finish(ctx, status, 0);
  return status;
}

/* ---- WNODE checks shared by the single-instance minors ---------------------------------------------------------- */

/* Where the fields of a single-instance-style WNODE are: SINGLE_INSTANCE, SINGLE_ITEM and METHOD_ITEM keep
 * OffsetInstanceName and InstanceIndex at 48/52 but differ after that. */
typedef struct {
  ULONG structure_flag; /* the WNODE_FLAG_* structure bit the request must carry */
  ULONG fixed_size;
  size_t data_block_offset_at;
  size_t size_at;    /* SizeDataBlock / SizeDataItem */
  BOOLEAN has_input; /* the data block holds input that must lie inside WnodeHeader.BufferSize */
} instance_shape;

static const instance_shape kSingleInstanceQuery = {WNODE_FLAG_SINGLE_INSTANCE, sizeof(WNODE_SINGLE_INSTANCE),
                                                    offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset),
                                                    offsetof(WNODE_SINGLE_INSTANCE, SizeDataBlock), FALSE};
static const instance_shape kSingleInstanceChange = {WNODE_FLAG_SINGLE_INSTANCE, sizeof(WNODE_SINGLE_INSTANCE),
                                                     offsetof(WNODE_SINGLE_INSTANCE, DataBlockOffset),
                                                     offsetof(WNODE_SINGLE_INSTANCE, SizeDataBlock), TRUE};
static const instance_shape kSingleItemChange = {WNODE_FLAG_SINGLE_ITEM, sizeof(WNODE_SINGLE_ITEM),
                                                 offsetof(WNODE_SINGLE_ITEM, DataBlockOffset),
                                                 offsetof(WNODE_SINGLE_ITEM, SizeDataItem), TRUE};
static const instance_shape kMethodItem = {WNODE_FLAG_METHOD_ITEM, sizeof(WNODE_METHOD_ITEM),
                                           offsetof(WNODE_METHOD_ITEM, DataBlockOffset),
                                           offsetof(WNODE_METHOD_ITEM, SizeDataBlock), TRUE};

/* The WNODE_FLAG_* bits that say which structure follows the header (EVENT_ITEM is a modifier, not one of them). */
#define SCSIWMI_STRUCTURE_FLAGS                                                                       \
  (WNODE_FLAG_ALL_DATA | WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_SINGLE_ITEM | WNODE_FLAG_TOO_SMALL | \
   WNODE_FLAG_EVENT_REFERENCE | WNODE_FLAG_METHOD_ITEM)

/* Validates the request WNODE against the buffer; on success returns 0 and DataBlockOffset. A malformed request is
 * SRB_STATUS_INVALID_REQUEST (nothing is called, nothing written). The checks are those the wnode codec applies to
 * the reply, so that a request accepted here yields a reply the WMI core can parse. */
static UCHAR check_instance_wnode(const scsiwmi_request* r, const instance_shape* shape, ULONG* data_block_offset) {
  const PUCHAR buffer = r->ctx->Buffer;
  const ULONG buffer_size = r->ctx->BufferSize;
  ULONG header_size;
  ULONG flags;
  ULONG offset;
  if (buffer == NULL || buffer_size < shape->fixed_size) {
    return SRB_STATUS_INVALID_REQUEST;
  }
  header_size = scsiwmi_load32(buffer, SCSIWMI_OFF_HEADER_BUFFER_SIZE);
  flags = scsiwmi_load32(buffer, SCSIWMI_OFF_HEADER_FLAGS);
  offset = scsiwmi_load32(buffer, shape->data_block_offset_at);
  /* Exactly this structure; PDO names are static names (never PDO_INSTANCE_NAMES without STATIC_INSTANCE_NAMES). */
  if ((flags & SCSIWMI_STRUCTURE_FLAGS) != shape->structure_flag ||
      (flags & (WNODE_FLAG_PDO_INSTANCE_NAMES | WNODE_FLAG_STATIC_INSTANCE_NAMES)) == WNODE_FLAG_PDO_INSTANCE_NAMES ||
      header_size < shape->fixed_size || header_size > buffer_size) {
    return SRB_STATUS_INVALID_REQUEST;
  }
  /* The data block starts after the fixed part, 8-aligned (instance data alignment), inside the buffer. */
  if (offset < shape->fixed_size || (offset & 7u) != 0 || offset > buffer_size) {
    return SRB_STATUS_INVALID_REQUEST;
  }
  if (shape->has_input && (ULONG64)offset + scsiwmi_load32(buffer, shape->size_at) > header_size) {
    return SRB_STATUS_INVALID_REQUEST;
  }
  *data_block_offset = offset;
  return 0;
}

/* The instance a single-instance request addresses: by index for static names (checked against the registered
 * count), by name for dynamic names (the callback reads it with ScsiPortWmiGetInstanceName; InstanceIndex 0). */
static UCHAR resolve_instance(const scsiwmi_request* r, const instance_shape* shape, ULONG data_block_offset,
                              ULONG* instance_index) {
  const PUCHAR buffer = r->ctx->Buffer;
  const BOOLEAN by_index = (scsiwmi_load32(buffer, SCSIWMI_OFF_HEADER_FLAGS) & WNODE_FLAG_STATIC_INSTANCE_NAMES) != 0;
  ULONG name_offset;
  if (by_index) {
    const ULONG index = scsiwmi_load32(buffer, SCSIWMI_OFF_INSTANCE_INDEX);
    if (scsiwmi_block_is_dynamic(r->block) || index >= r->block->InstanceCount) {
      return SRB_STATUS_ERROR; /* no such instance (STATUS_WMI_INSTANCE_NOT_FOUND) */
    }
    *instance_index = index;
    return 0;
  }
  if (!scsiwmi_block_is_dynamic(r->block)) {
    return SRB_STATUS_ERROR; /* a static block cannot resolve a name */
  }
  if (!scsiwmi_locate_instance_name(buffer, r->ctx->BufferSize, shape->fixed_size, data_block_offset, &name_offset)) {
    return SRB_STATUS_INVALID_REQUEST;
  }
  *instance_index = 0;
  return 0;
}

/* check_instance_wnode + resolve_instance; finishes the request on failure. Returns 0 when the callback may run. */
static UCHAR prepare_instance_request(const scsiwmi_request* r, const instance_shape* shape, ULONG* data_block_offset,
                                      ULONG* instance_index) {
  UCHAR status = check_instance_wnode(r, shape, data_block_offset);
  if (status == 0) {
    status = resolve_instance(r, shape, *data_block_offset, instance_index);
  }
  if (status != 0) {
    scsiwmi_finish(r->ctx, status, 0);
  }
  return status;
}

/* ---- Handlers ---------------------------------------------------------------------------------------------------- */

static UCHAR missing_query_callback(const scsiwmi_request* r) {
  scsiwmi_report(ScsiWmiRuleRequiredCallbackMissing, r->ctx, r->ctx->MinorFunction);
  return library_result(r->ctx, SRB_STATUS_ERROR);
}

/* IRP_MN_QUERY_ALL_DATA. Static names: DataBlockOffset = ALIGN8(60 + 8 * InstanceCount); the callback gets the
 * instance-length scratch array inside OffsetInstanceDataAndLength[] (PostProcess turns it into offset/length pairs)
 * or, when even that does not fit, NULL buffers and BufferAvail 0 so it reports DATA_OVERRUN. Dynamic names: the
 * callback gets nothing (InstanceCount 0, NULL, 0, NULL) and uses the ScsiPortWmiSet* helpers, which find
 * DataBlockOffset 0 here until ScsiPortWmiSetInstanceCount sets it. */
static UCHAR query_all_data(const scsiwmi_request* r) {
  const PSCSIWMI_REQUEST_CONTEXT ctx = r->ctx;
  const PUCHAR buffer = ctx->Buffer;
  const ULONG buffer_size = ctx->BufferSize;
  ULONG flags;
  ULONG data_block_offset = 0;
  ULONG count = 0;
  if (r->info->QueryWmiDataBlock == NULL) {
    return missing_query_callback(r);
  }
  if (buffer_size < sizeof(WNODE_TOO_SMALL)) {
    return library_result(ctx, SRB_STATUS_DATA_OVERRUN); /* not even a WNODE_TOO_SMALL fits: fail */
  }
  /* The reply's structure and naming bits are the library's: ALL_DATA, and static names unless dynamic. */
  flags = scsiwmi_load32(buffer, SCSIWMI_OFF_HEADER_FLAGS);
  flags &= ~(ULONG)(WNODE_FLAG_SINGLE_INSTANCE | WNODE_FLAG_SINGLE_ITEM | WNODE_FLAG_METHOD_ITEM |
                    WNODE_FLAG_TOO_SMALL | WNODE_FLAG_EVENT_REFERENCE | WNODE_FLAG_FIXED_INSTANCE_SIZE);
  flags |= WNODE_FLAG_ALL_DATA;
  if (scsiwmi_block_is_dynamic(r->block)) {
    flags &= ~(ULONG)(WNODE_FLAG_STATIC_INSTANCE_NAMES | WNODE_FLAG_PDO_INSTANCE_NAMES);
  } else {
    flags |= WNODE_FLAG_STATIC_INSTANCE_NAMES;
    count = r->block->InstanceCount;
    if (!scsiwmi_static_data_block_offset(count, &data_block_offset)) {
      scsiwmi_report(ScsiWmiRuleInstanceCountTooLarge, ctx, r->guid_index);
      return library_result(ctx, SRB_STATUS_ERROR);
    }
  }
  scsiwmi_store32(buffer, SCSIWMI_OFF_HEADER_FLAGS, flags);
  scsiwmi_store32(buffer, SCSIWMI_OFF_ALL_DATA_BLOCK_OFFSET, data_block_offset);
  scsiwmi_store32(buffer, SCSIWMI_OFF_ALL_INSTANCE_COUNT, count);
  if (buffer_size >= SCSIWMI_OFF_ALL_ARRAY) {
    scsiwmi_store32(buffer, SCSIWMI_OFF_ALL_NAME_OFFSETS, 0);
  }
  if (scsiwmi_block_is_dynamic(r->block)) {
    return r->info->QueryWmiDataBlock(r->device_context, ctx, r->guid_index, 0, 0, NULL, 0, NULL);
  }
  if (data_block_offset > buffer_size) {
    return r->info->QueryWmiDataBlock(r->device_context, ctx, r->guid_index, 0, count, NULL, 0, NULL);
  }
  /* Zeroed, so lengths the callback does not write read as 0 (and the padding up to the data is clean). */
  memset(buffer + SCSIWMI_OFF_ALL_ARRAY, 0, data_block_offset - SCSIWMI_OFF_ALL_ARRAY);
  return r->info->QueryWmiDataBlock(r->device_context, ctx, r->guid_index, 0, count,
                                    (PULONG)(buffer + SCSIWMI_OFF_ALL_ARRAY), buffer_size - data_block_offset,
                                    buffer + data_block_offset);
}

/* IRP_MN_QUERY_SINGLE_INSTANCE: one instance into the data block; InstanceLengthArray is SizeDataBlock. */
static UCHAR query_single_instance(const scsiwmi_request* r) {
  ULONG data_block_offset;
  ULONG instance_index;
  if (r->info->QueryWmiDataBlock == NULL) {
    return missing_query_callback(r);
  }
  if (prepare_instance_request(r, &kSingleInstanceQuery, &data_block_offset, &instance_index) != 0) {
    return r->ctx->ReturnStatus;
  }
  scsiwmi_store32(r->ctx->Buffer, kSingleInstanceQuery.size_at, 0);
  return r->info->QueryWmiDataBlock(r->device_context, r->ctx, r->guid_index, instance_index, 1,
                                    (PULONG)(r->ctx->Buffer + kSingleInstanceQuery.size_at),
                                    r->ctx->BufferSize - data_block_offset, r->ctx->Buffer + data_block_offset);
}

/* IRP_MN_CHANGE_SINGLE_INSTANCE: the new values are SizeDataBlock bytes at DataBlockOffset. */
static UCHAR change_single_instance(const scsiwmi_request* r) {
  ULONG data_block_offset;
  ULONG instance_index;
  if (prepare_instance_request(r, &kSingleInstanceChange, &data_block_offset, &instance_index) != 0) {
    return r->ctx->ReturnStatus;
  }
  if (r->info->SetWmiDataBlock == NULL) {
    return library_result(r->ctx, SRB_STATUS_ERROR); /* spec §1.3 */
  }
  return r->info->SetWmiDataBlock(r->device_context, r->ctx, r->guid_index, instance_index,
                                  scsiwmi_load32(r->ctx->Buffer, kSingleInstanceChange.size_at),
                                  r->ctx->Buffer + data_block_offset);
}

/* IRP_MN_CHANGE_SINGLE_ITEM: item ItemId, SizeDataItem bytes at DataBlockOffset. */
static UCHAR change_single_item(const scsiwmi_request* r) {
  ULONG data_block_offset;
  ULONG instance_index;
  if (prepare_instance_request(r, &kSingleItemChange, &data_block_offset, &instance_index) != 0) {
    return r->ctx->ReturnStatus;
  }
  if (r->info->SetWmiDataItem == NULL) {
    return library_result(r->ctx, SRB_STATUS_ERROR); /* spec §1.3 */
  }
  return r->info->SetWmiDataItem(r->device_context, r->ctx, r->guid_index, instance_index,
                                 scsiwmi_load32(r->ctx->Buffer, offsetof(WNODE_SINGLE_ITEM, ItemId)),
                                 scsiwmi_load32(r->ctx->Buffer, kSingleItemChange.size_at),
                                 r->ctx->Buffer + data_block_offset);
}

/* IRP_MN_EXECUTE_METHOD: input SizeDataBlock bytes at DataBlockOffset, output overwrites it, up to the buffer end. */
static UCHAR execute_method(const scsiwmi_request* r) {
  ULONG data_block_offset;
  ULONG instance_index;
  if (prepare_instance_request(r, &kMethodItem, &data_block_offset, &instance_index) != 0) {
    return r->ctx->ReturnStatus;
  }
  if (r->info->ExecuteWmiMethod == NULL) {
    return library_result(r->ctx, SRB_STATUS_ERROR); /* spec §1.3 */
  }
  return r->info->ExecuteWmiMethod(r->device_context, r->ctx, r->guid_index, instance_index,
                                   scsiwmi_load32(r->ctx->Buffer, offsetof(WNODE_METHOD_ITEM, MethodId)),
                                   scsiwmi_load32(r->ctx->Buffer, kMethodItem.size_at),
                                   r->ctx->BufferSize - data_block_offset, r->ctx->Buffer + data_block_offset);
}

/* IRP_MN_ENABLE/DISABLE_EVENTS and _COLLECTION. Collection is only for blocks registered EXPENSIVE; for others the
 * request succeeds without a call (spec §6). A NULL WmiFunctionControl succeeds (spec §1.3). */
static UCHAR function_control(const scsiwmi_request* r) {
  const UCHAR minor = r->ctx->MinorFunction;
  const BOOLEAN collection = minor == ScsiWmiMinorEnableCollection || minor == ScsiWmiMinorDisableCollection;
  const BOOLEAN enable = minor == ScsiWmiMinorEnableEvents || minor == ScsiWmiMinorEnableCollection;
  if ((collection && (r->block->Flags & WMIREG_FLAG_EXPENSIVE) == 0) || r->info->WmiFunctionControl == NULL) {
    return library_result(r->ctx, SRB_STATUS_SUCCESS);
  }
  return r->info->WmiFunctionControl(r->device_context, r->ctx, r->guid_index,
                                     collection ? ScsiWmiDataBlockControl : ScsiWmiEventControl, enable);
}

/* ---- The table --------------------------------------------------------------------------------------------------- */

typedef struct {
  scsiwmi_handler handler; /* NULL: not a minor code the library serves */
  BOOLEAN data_request;    /* reads or writes instance data: not for WMIREG_FLAG_EVENT_ONLY_GUID blocks */
} minor_row;

/* Indexed by minor code. 0x0A is the private IRP_MN_SET_TRACE_NOTIFY: an explicit hole. The two reginfo rows are
 * served before the GUID lookup (their DataPath is not a GUID), so they have no handler here. */
static const minor_row kMinorTable[] = {
    /* 0x00 QUERY_ALL_DATA         */ {query_all_data, TRUE},
    /* 0x01 QUERY_SINGLE_INSTANCE  */ {query_single_instance, TRUE},
    /* 0x02 CHANGE_SINGLE_INSTANCE */ {change_single_instance, TRUE},
    /* 0x03 CHANGE_SINGLE_ITEM     */ {change_single_item, TRUE},
    /* 0x04 ENABLE_EVENTS          */ {function_control, FALSE},
    /* 0x05 DISABLE_EVENTS         */ {function_control, FALSE},
    /* 0x06 ENABLE_COLLECTION      */ {function_control, FALSE},
    /* 0x07 DISABLE_COLLECTION     */ {function_control, FALSE},
    /* 0x08 REGINFO                */ {NULL, FALSE},
    /* 0x09 EXECUTE_METHOD         */ {execute_method, TRUE},
    /* 0x0A (hole)                 */ {NULL, FALSE},
    /* 0x0B REGINFO_EX             */ {NULL, FALSE},
};
_Static_assert(sizeof(kMinorTable) / sizeof(kMinorTable[0]) == ScsiWmiMinorCount,
               "one row per minor code up to IRP_MN_REGINFO_EX");

/* Byte-wise, so the library needs nothing from libc but memcpy/memset. */
static BOOLEAN same_guid(const GUID* a, const VOID* b) {
  const UCHAR* x = (const UCHAR*)a;
  const UCHAR* y = (const UCHAR*)b;
  size_t i;
  for (i = 0; i < sizeof(GUID); i++) {
    if (x[i] != y[i]) {
      return FALSE;
    }
  }
  return TRUE;
}

/* The block whose GUID is at data_path (compared by value; entries with a NULL Guid never match). */
static BOOLEAN find_block(const SCSI_WMILIB_CONTEXT* info, const VOID* data_path, ULONG* index) {
  ULONG i;
  if (data_path == NULL || info->GuidList == NULL) {
    return FALSE;
  }
  for (i = 0; i < info->GuidCount; i++) {
    if (info->GuidList[i].Guid != NULL && same_guid(info->GuidList[i].Guid, data_path)) {
      *index = i;
      return TRUE;
    }
  }
  return FALSE;
}

/* Spec §1.4: pending exactly when the callback said SRB_STATUS_PENDING. */
static BOOLEAN callback_returned(PSCSIWMI_REQUEST_CONTEXT ctx, UCHAR status) {
  if (status == SRB_STATUS_PENDING) {
    return TRUE;
  }
  if (!scsiwmi_is_finished(ctx)) {
    scsiwmi_report(ScsiWmiRuleMissingPostProcess, ctx, status);
    scsiwmi_post_process(ctx, status, 0);
  }
  return FALSE;
}

BOOLEAN ScsiPortWmiDispatchFunction(PSCSI_WMILIB_CONTEXT WmiLibInfo, UCHAR MinorFunction, PVOID DeviceContext,
                                    PSCSIWMI_REQUEST_CONTEXT RequestContext, PVOID DataPath, ULONG BufferSize,
                                    PVOID Buffer) {
  scsiwmi_request r;
  const minor_row* row;
  if (RequestContext == NULL) {
    scsiwmi_report(ScsiWmiRuleNullArgument, NULL, MinorFunction);
    return FALSE;
  }
  scsiwmi_begin_request(RequestContext, MinorFunction, BufferSize, Buffer);
  if (MinorFunction == ScsiWmiMinorReginfo || MinorFunction == ScsiWmiMinorReginfoEx) {
    if (WmiLibInfo == NULL) {
      scsiwmi_report(ScsiWmiRuleNullArgument, RequestContext, MinorFunction);
      scsiwmi_finish(RequestContext, SRB_STATUS_ERROR, 0);
      return FALSE;
    }
    /* DataPath is WMIREGISTER/WMIUPDATE here, never a pointer (spec §10 item 3). */
    scsiwmi_run_reginfo(WmiLibInfo, DeviceContext, RequestContext, DataPath);
    return FALSE;
  }
  if (MinorFunction >= ScsiWmiMinorCount || kMinorTable[MinorFunction].handler == NULL) {
    scsiwmi_finish(RequestContext, SRB_STATUS_INVALID_REQUEST, 0);
    return FALSE;
  }
  if (WmiLibInfo == NULL) {
    scsiwmi_report(ScsiWmiRuleNullArgument, RequestContext, MinorFunction);
    scsiwmi_finish(RequestContext, SRB_STATUS_ERROR, 0);
    return FALSE;
  }
  row = &kMinorTable[MinorFunction];
  r.info = WmiLibInfo;
  r.device_context = DeviceContext;
  r.ctx = RequestContext;
  r.guid_index = 0;
  if (!find_block(WmiLibInfo, DataPath, &r.guid_index)) {
    scsiwmi_finish(RequestContext, SRB_STATUS_ERROR, 0); /* STATUS_WMI_GUID_NOT_FOUND */
    return FALSE;
  }
  r.block = &WmiLibInfo->GuidList[r.guid_index];
  if (row->data_request && (r.block->Flags & WMIREG_FLAG_EVENT_ONLY_GUID) != 0) {
    scsiwmi_finish(RequestContext, SRB_STATUS_ERROR, 0); /* an event-only block has no data to query or set */
    return FALSE;
  }
  return callback_returned(RequestContext, row->handler(&r));
}
