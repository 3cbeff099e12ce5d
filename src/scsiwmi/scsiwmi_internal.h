/* src/scsiwmi/scsiwmi_internal.h - what the library's files share: the request-state convention, WNODE field
 * access, checked size math, and the per-file entry points. Not for miniports or the port.
 *
 * Request state lives in the caller's SCSIWMI_REQUEST_CONTEXT only (the library has no other per-request memory):
 *   ReturnStatus == SRB_STATUS_PENDING (0)  the request is dispatched and not yet post-processed;
 *   ReturnStatus != 0                       it is finished; ReturnSize is valid.
 * The library never finishes a request with status 0 (PostProcess maps SRB_STATUS_PENDING to SRB_STATUS_ERROR), so
 * "post-processed exactly once" is decided by this one byte. Everything else PostProcess needs is in the WNODE the
 * dispatcher prepared (DataBlockOffset, InstanceCount, the naming flags), as spec §1.5 requires.
 */
#ifndef WMIPORT_SCSIWMI_INTERNAL_H_
#define WMIPORT_SCSIWMI_INTERNAL_H_

#include <scsiwmi.h>

#include "scsiwmi_contract.h"
#include "scsiwmi_port.h"

/* Library-internal functions: hidden, so a miniport .so exports only the WDK's ScsiPortWmi* names. */
#define SCSIWMI_INTERNAL __attribute__((visibility("hidden")))

/* The WMI minor codes (wdm.h's IRP_MN_*; miniports do not include wdm.h). */
enum {
  ScsiWmiMinorQueryAllData = 0x00,
  ScsiWmiMinorQuerySingleInstance = 0x01,
  ScsiWmiMinorChangeSingleInstance = 0x02,
  ScsiWmiMinorChangeSingleItem = 0x03,
  ScsiWmiMinorEnableEvents = 0x04,
  ScsiWmiMinorDisableEvents = 0x05,
  ScsiWmiMinorEnableCollection = 0x06,
  ScsiWmiMinorDisableCollection = 0x07,
  ScsiWmiMinorReginfo = 0x08,
  ScsiWmiMinorExecuteMethod = 0x09,
  ScsiWmiMinorReginfoEx = 0x0b,
  ScsiWmiMinorCount = 0x0c
};

/* ---- Little helpers over untyped WNODE bytes (the buffer need not be aligned for the library's accesses) ------- */

static inline ULONG scsiwmi_load32(const UCHAR* buffer, size_t offset) {
  ULONG value;
  memcpy(&value, buffer + offset, sizeof(value));
  return value;
}

static inline void scsiwmi_store32(UCHAR* buffer, size_t offset, ULONG value) {
  memcpy(buffer + offset, &value, sizeof(value));
}

/* 64-bit sizes so that offset arithmetic on ULONG inputs cannot wrap; callers compare against ULONG limits. */
static inline ULONG64 scsiwmi_align8(ULONG64 value) {
  return (value + 7u) & ~(ULONG64)7u;
}
static inline ULONG64 scsiwmi_align2(ULONG64 value) {
  return (value + 1u) & ~(ULONG64)1u;
}

/* WNODE field offsets used across files (x86 and x64 agree: spec §9). */
#define SCSIWMI_OFF_HEADER_BUFFER_SIZE offsetof(WNODE_HEADER, BufferSize)
#define SCSIWMI_OFF_HEADER_FLAGS offsetof(WNODE_HEADER, Flags)
#define SCSIWMI_OFF_ALL_DATA_BLOCK_OFFSET offsetof(WNODE_ALL_DATA, DataBlockOffset)
#define SCSIWMI_OFF_ALL_INSTANCE_COUNT offsetof(WNODE_ALL_DATA, InstanceCount)
#define SCSIWMI_OFF_ALL_NAME_OFFSETS offsetof(WNODE_ALL_DATA, OffsetInstanceNameOffsets)
#define SCSIWMI_OFF_ALL_ARRAY offsetof(WNODE_ALL_DATA, OffsetInstanceDataAndLength)
#define SCSIWMI_OFF_INSTANCE_NAME offsetof(WNODE_SINGLE_INSTANCE, OffsetInstanceName)
#define SCSIWMI_OFF_INSTANCE_INDEX offsetof(WNODE_SINGLE_INSTANCE, InstanceIndex)

/* The QUERY_ALL_DATA layout rule for static names: OffsetInstanceDataAndLength[count] at 60, data at the next
 * 8-byte boundary. Returns FALSE when it does not fit in a ULONG. */
SCSIWMI_INTERNAL BOOLEAN scsiwmi_static_data_block_offset(ULONG instance_count, ULONG* data_block_offset);
/* The rule for dynamic names: OffsetInstanceDataAndLength[count] at 60, then the OffsetInstanceNameOffsets array
 * at `names_at` = max(64, 60 + 8 * count) (never inside the 64-byte fixed part, even for count 0), ending at
 * `arrays_end`. Returns FALSE when ALIGN8(arrays_end) does not fit in a ULONG. */
SCSIWMI_INTERNAL BOOLEAN scsiwmi_dynamic_layout(ULONG instance_count, ULONG* names_at, ULONG* arrays_end);

/* A block with dynamic instance names: InstanceCount 0xffffffff (scsiwmi.h header comment) or the scsiwmi.h
 * WMIREG_FLAG_CALL_BY_NAME marker. Such blocks are answered with the dynamic-name helpers. */
static inline BOOLEAN scsiwmi_block_is_dynamic(const SCSIWMIGUIDREGINFO* block) {
  return block->InstanceCount == SCSIWMI_DYNAMIC_INSTANCE_COUNT || (block->Flags & WMIREG_FLAG_CALL_BY_NAME) != 0;
}

/* ---- Request lifecycle (request_state.c) ---------------------------------------------------------------------- */

SCSIWMI_INTERNAL void scsiwmi_begin_request(PSCSIWMI_REQUEST_CONTEXT ctx, UCHAR minor, ULONG buffer_size, PVOID buffer);
SCSIWMI_INTERNAL BOOLEAN scsiwmi_is_finished(const SCSIWMI_REQUEST_CONTEXT* ctx);
/* Sets the result; status must not be SRB_STATUS_PENDING. */
SCSIWMI_INTERNAL void scsiwmi_finish(PSCSIWMI_REQUEST_CONTEXT ctx, UCHAR status, ULONG size);

/* ---- Contract reporting (contract.c) -------------------------------------------------------------------------- */

SCSIWMI_INTERNAL void scsiwmi_report(SCSIWMI_RULE rule, PSCSIWMI_REQUEST_CONTEXT ctx, ULONG detail);

/* ---- Instance names in single-instance WNODEs (instance_name.c) ----------------------------------------------- */

/* For a request whose WNODE (SINGLE_INSTANCE, SINGLE_ITEM or METHOD_ITEM) names its instance dynamically
 * (WNODE_FLAG_STATIC_INSTANCE_NAMES clear): the offset of the counted name when it lies inside the buffer,
 * 2-aligned, after the fixed part of `fixed_size` bytes and before `data_block_offset`. Returns FALSE otherwise. */
SCSIWMI_INTERNAL BOOLEAN scsiwmi_locate_instance_name(const UCHAR* buffer, ULONG buffer_size, ULONG fixed_size,
                                                      ULONG data_block_offset, ULONG* name_offset);

/* ---- Per-minor finishing (post_process.c, reginfo.c) ---------------------------------------------------------- */

SCSIWMI_INTERNAL void scsiwmi_post_process(PSCSIWMI_REQUEST_CONTEXT ctx, UCHAR status, ULONG buffer_used);
/* Calls QueryWmiRegInfo and writes the SCSIWMI_PORT_REGINFO result; finishes the request. */
SCSIWMI_INTERNAL void scsiwmi_run_reginfo(PSCSI_WMILIB_CONTEXT info, PVOID device_context, PSCSIWMI_REQUEST_CONTEXT ctx,
                                          PVOID data_path);

#endif /* WMIPORT_SCSIWMI_INTERNAL_H_ */
