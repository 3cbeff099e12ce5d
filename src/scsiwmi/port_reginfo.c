/* src/scsiwmi/port_reginfo.c - the port driver's side of the registration result: validate an untrusted
 * SCSIWMI_PORT_REGINFO (it comes back from miniport memory) before reading anything out of it. */
#include <scsiwmi.h>

#include "scsiwmi_port.h"

static ULONG load32(const UCHAR* p) {
  ULONG v;
  memcpy(&v, p, sizeof(v));
  return v;
}

SCSIWMI_PORT_PARSE_RESULT ScsiWmiPortParseRegInfo(const VOID* Buffer, ULONG Size, PSCSIWMI_PORT_REGINFO_VIEW View) {
  const UCHAR* bytes = (const UCHAR*)Buffer;
  SCSIWMI_PORT_REGINFO header;
  ULONG64 guids_end;
  ULONG i;
  if (Buffer == NULL || View == NULL || Size < sizeof(header)) {
    return ScsiWmiPortParseTruncated;
  }
  memcpy(&header, bytes, sizeof(header));
  if (header.Signature != SCSIWMI_PORT_REGINFO_SIGNATURE || header.Version != SCSIWMI_PORT_REGINFO_VERSION ||
      header.HeaderSize != sizeof(header)) {
    return ScsiWmiPortParseBadSignature;
  }
  if (header.TotalSize < sizeof(header) || header.TotalSize > Size) {
    return ScsiWmiPortParseTruncated;
  }
  if (header.RegistrationAction != SCSIWMI_PORT_WMIREGISTER && header.RegistrationAction != SCSIWMI_PORT_WMIUPDATE) {
    return ScsiWmiPortParseBadAction;
  }
  if (header.Reserved != 0) {
    return ScsiWmiPortParseBadReserved;
  }
  guids_end = (ULONG64)header.GuidListOffset + (ULONG64)header.GuidCount * sizeof(SCSIWMI_PORT_REGGUID);
  if (header.GuidListOffset < sizeof(header) || (header.GuidListOffset & 7u) != 0 || guids_end > header.TotalSize) {
    return ScsiWmiPortParseBadGuidList;
  }
  for (i = 0; i < header.GuidCount; i++) {
    const ULONG flags = load32(bytes + header.GuidListOffset + (size_t)i * sizeof(SCSIWMI_PORT_REGGUID) +
                               offsetof(SCSIWMI_PORT_REGGUID, Flags));
    if ((flags & ~(ULONG)SCSIWMI_PORT_REG_FLAGS) != 0) {
      return ScsiWmiPortParseBadFlags;
    }
  }
  View->MofResourceName = NULL;
  View->MofResourceNameLength = 0;
  if (header.MofResourceNameOffset != 0) {
    const ULONG at = header.MofResourceNameOffset;
    USHORT length;
    WCHAR nul;
    /* The name follows the GUID entries, 2-aligned, with its count, characters and a NUL inside TotalSize. */
    if (at < guids_end || (at & 1u) != 0 || (ULONG64)at + sizeof(USHORT) > header.TotalSize) {
      return ScsiWmiPortParseBadMofName;
    }
    memcpy(&length, bytes + at, sizeof(length));
    if (length == 0 || (length & 1u) != 0 || (ULONG64)at + sizeof(USHORT) + length + sizeof(WCHAR) > header.TotalSize) {
      return ScsiWmiPortParseBadMofName;
    }
    memcpy(&nul, bytes + at + sizeof(USHORT) + length, sizeof(nul));
    if (nul != 0) {
      return ScsiWmiPortParseBadMofName;
    }
    View->MofResourceName = bytes + at + sizeof(USHORT);
    View->MofResourceNameLength = length;
  }
  View->TotalSize = header.TotalSize;
  View->RegistrationAction = header.RegistrationAction;
  View->GuidCount = header.GuidCount;
  View->GuidList = bytes + header.GuidListOffset;
  return ScsiWmiPortParseOk;
}

VOID ScsiWmiPortGetRegGuid(const SCSIWMI_PORT_REGINFO_VIEW* View, ULONG Index, PSCSIWMI_PORT_REGGUID Entry) {
  if (View == NULL || Entry == NULL || View->GuidList == NULL || Index >= View->GuidCount) {
    if (Entry != NULL) {
      memset(Entry, 0, sizeof(*Entry));
    }
    return;
  }
  memcpy(Entry, View->GuidList + (size_t)Index * sizeof(*Entry), sizeof(*Entry));
}

ULONG ScsiWmiPortRegInfoSizeNeeded(const VOID* Buffer, ULONG Size) {
  if (Buffer == NULL || Size < sizeof(ULONG)) {
    return 0;
  }
  return load32((const UCHAR*)Buffer);
}

const char* ScsiWmiPortParseResultName(SCSIWMI_PORT_PARSE_RESULT Result) {
  switch (Result) {
    case ScsiWmiPortParseOk:
      return "ScsiWmiPortParseOk";
    case ScsiWmiPortParseTruncated:
      return "ScsiWmiPortParseTruncated";
    case ScsiWmiPortParseBadSignature:
      return "ScsiWmiPortParseBadSignature";
    case ScsiWmiPortParseBadAction:
      return "ScsiWmiPortParseBadAction";
    case ScsiWmiPortParseBadGuidList:
      return "ScsiWmiPortParseBadGuidList";
    case ScsiWmiPortParseBadFlags:
      return "ScsiWmiPortParseBadFlags";
    case ScsiWmiPortParseBadMofName:
      return "ScsiWmiPortParseBadMofName";
    case ScsiWmiPortParseBadReserved:
      return "ScsiWmiPortParseBadReserved";
  }
  return "ScsiWmiPortParseUnknown";
}
