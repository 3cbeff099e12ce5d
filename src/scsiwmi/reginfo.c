/* src/scsiwmi/reginfo.c - IRP_MN_REGINFO / IRP_MN_REGINFO_EX: ask HwScsiWmiQueryReginfo for the MOF resource name
 * (it may also update GuidList), apply the registration rules, and write the SCSIWMI_PORT_REGINFO result the port
 * driver reads (format: scsiwmi_port.h). HwScsiWmiQueryReginfo's return value is ignored (spec §1.4: it is
 * documented to return SRB_STATUS_SUCCESS, which the header's convention would read as "pending"). */
#include "scsiwmi_internal.h"

/* The flags the port gets for a block: the miniport's (only those it may set, spec §1.1) plus the dynamic-name
 * marker. Other bits are stripped and reported: the port owns the instance-naming and tracing flags. */
static ULONG registration_flags(PSCSIWMI_REQUEST_CONTEXT ctx, const SCSIWMIGUIDREGINFO* block, ULONG index) {
  ULONG flags = block->Flags & SCSIWMI_PORT_REG_FLAGS;
  if ((block->Flags & ~(ULONG)SCSIWMI_PORT_REG_FLAGS) != 0) {
    scsiwmi_report(ScsiWmiRuleReginfoFlags, ctx, index);
  }
  if (scsiwmi_block_is_dynamic(block)) {
    flags |= WMIREG_FLAG_CALL_BY_NAME;
  }
  return flags;
}

/* Length in UTF-16 units of the NUL-terminated name, reading at most SCSIWMI_MAX_MOF_NAME_CHARS + 1 units.
 * Returns FALSE for an empty or over-long name. */
static BOOLEAN mof_name_length(const WCHAR* name, ULONG* chars) {
  ULONG n = 0;
  while (n <= SCSIWMI_MAX_MOF_NAME_CHARS && name[n] != 0) {
    n++;
  }
  *chars = n;
  return n > 0 && n <= SCSIWMI_MAX_MOF_NAME_CHARS;
}

static BOOLEAN guid_list_valid(PSCSIWMI_REQUEST_CONTEXT ctx, const SCSI_WMILIB_CONTEXT* info) {
  ULONG i;
  if (info->GuidCount > 0 && info->GuidList == NULL) {
    scsiwmi_report(ScsiWmiRuleReginfoGuidList, ctx, 0);
    return FALSE;
  }
  for (i = 0; i < info->GuidCount; i++) {
    if (info->GuidList[i].Guid == NULL) {
      scsiwmi_report(ScsiWmiRuleReginfoGuidList, ctx, i);
      return FALSE;
    }
  }
  return TRUE;
}

void scsiwmi_run_reginfo(PSCSI_WMILIB_CONTEXT info, PVOID device_context, PSCSIWMI_REQUEST_CONTEXT ctx,
                         PVOID data_path) {
  const ULONG action = (ULONG)(ULONG_PTR)data_path; /* an integer: never dereferenced */
  PWCHAR mof_name = NULL;
  ULONG mof_chars = 0;
  ULONG64 total;
  ULONG name_at = 0;
  ULONG i;
  SCSIWMI_PORT_REGINFO header;
  PUCHAR buffer = ctx->Buffer;

  if (info->QueryWmiRegInfo == NULL) {
    scsiwmi_report(ScsiWmiRuleRequiredCallbackMissing, ctx, ctx->MinorFunction);
    scsiwmi_finish(ctx, SRB_STATUS_ERROR, 0);
    return;
  }
  (void)info->QueryWmiRegInfo(device_context, ctx, &mof_name);

  /* GuidList and GuidCount are read after the callback: it may have changed them. */
  if (!guid_list_valid(ctx, info)) {
    scsiwmi_finish(ctx, SRB_STATUS_ERROR, 0);
    return;
  }
  if (mof_name != NULL && !mof_name_length(mof_name, &mof_chars)) {
    scsiwmi_report(ScsiWmiRuleReginfoMofName, ctx, mof_chars);
    if (mof_chars > 0) {
      scsiwmi_finish(ctx, SRB_STATUS_ERROR, 0); /* unterminated or absurdly long */
      return;
    }
    mof_name = NULL; /* empty: registered as "no MOF resource" */
  }

  /* Size, then fill. */
  total = sizeof(SCSIWMI_PORT_REGINFO) + (ULONG64)info->GuidCount * sizeof(SCSIWMI_PORT_REGGUID);
  if (mof_name != NULL) {
    name_at = (ULONG)total; /* 32 + 24n: 8-aligned; only read when total fits in 32 bits below */
    total += sizeof(USHORT) + (ULONG64)mof_chars * sizeof(WCHAR) + sizeof(WCHAR);
  }
  if (total > 0xffffffffu) {
    scsiwmi_report(ScsiWmiRuleReginfoGuidList, ctx, info->GuidCount);
    scsiwmi_finish(ctx, SRB_STATUS_ERROR, 0);
    return;
  }
  if (total > ctx->BufferSize) {
    if (ctx->BufferSize >= sizeof(ULONG)) {
      scsiwmi_store32(buffer, 0, (ULONG)total);
      scsiwmi_finish(ctx, SRB_STATUS_DATA_OVERRUN, sizeof(ULONG));
    } else {
      scsiwmi_finish(ctx, SRB_STATUS_DATA_OVERRUN, 0);
    }
    return;
  }

  memset(&header, 0, sizeof(header));
  header.TotalSize = (ULONG)total;
  header.Signature = SCSIWMI_PORT_REGINFO_SIGNATURE;
  header.Version = SCSIWMI_PORT_REGINFO_VERSION;
  header.HeaderSize = sizeof(SCSIWMI_PORT_REGINFO);
  header.RegistrationAction = action;
  header.GuidCount = info->GuidCount;
  header.GuidListOffset = sizeof(SCSIWMI_PORT_REGINFO);
  header.MofResourceNameOffset = name_at;
  memcpy(buffer, &header, sizeof(header));
  for (i = 0; i < info->GuidCount; i++) {
    const SCSIWMIGUIDREGINFO* block = &info->GuidList[i];
    SCSIWMI_PORT_REGGUID entry;
    memset(&entry, 0, sizeof(entry));
    memcpy(&entry.Guid, block->Guid, sizeof(GUID));
    entry.Flags = registration_flags(ctx, block, i);
    entry.InstanceCount = block->InstanceCount;
    memcpy(buffer + sizeof(SCSIWMI_PORT_REGINFO) + (size_t)i * sizeof(entry), &entry, sizeof(entry));
  }
  if (mof_name != NULL) {
    const USHORT bytes = (USHORT)(mof_chars * sizeof(WCHAR));
    const WCHAR nul = 0;
    memcpy(buffer + name_at, &bytes, sizeof(bytes));
    memcpy(buffer + name_at + sizeof(USHORT), mof_name, bytes);
    memcpy(buffer + name_at + sizeof(USHORT) + bytes, &nul, sizeof(nul));
  }
  scsiwmi_finish(ctx, SRB_STATUS_SUCCESS, (ULONG)total);
}
