// Asks a provider for its registration (spec §4.4, §6 row 0x08/0x0B): IRP_MN_REGINFO_EX first, IRP_MN_REGINFO
// when the provider does not handle _EX; the size probe accepts both too-small conventions (STATUS_BUFFER_TOO_SMALL
// with the needed ULONG at the buffer start, and STATUS_SUCCESS with Information == sizeof(ULONG)) and retries
// exactly once with the size asked for. The reply chain is parsed with the wnode codec.
#pragma once

#include <cstdint>
#include <vector>

#include <wdm.h>

#include "common/result.h"
#include "wnode/reginfo.h"

namespace wmiport::wmi {

struct FetchedRegistration {
  std::vector<wnode::RegInfo> chain;
  bool via_reginfo_ex = false;  // REGINFO_EX: the provider referenced every PDO it reported
};

struct ReginfoProbe {
  std::uint32_t initial_size = 512;
  std::uint32_t max_size = 1u << 20;  // a provider asking for more is treated as broken
};

// data_path: WMIREGISTER or WMIUPDATE.
Result<FetchedRegistration> fetch_registration(PDEVICE_OBJECT device, std::uint32_t provider_id,
                                               std::uintptr_t data_path, const ReginfoProbe& probe);

}  // namespace wmiport::wmi
