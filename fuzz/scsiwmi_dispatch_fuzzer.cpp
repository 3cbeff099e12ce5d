// libFuzzer target for the SCSI Port WMI library's request path: a fuzzed WNODE buffer and minor code go through
// ScsiPortWmiDispatchFunction to a miniport whose every choice (lengths, data, helper calls, PostProcess status and
// size, return value, pending) comes from the fuzz input. Whatever the miniport does, the library must stay in
// bounds (ASan/UBSan), finish every request exactly once with a non-zero status and a size within the buffer, and
// every successful query or method reply must be a WNODE the codec parses with BufferSize == the returned size.
#include <fuzzer/FuzzedDataProvider.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <scsiwmi.h>

#include "scsiwmi_contract.h"
#include "wnode/wnode.h"

namespace {

FuzzedDataProvider* g_fdp = nullptr;
PSCSIWMI_REQUEST_CONTEXT g_parked = nullptr;  // a request the miniport pended without post-processing

const GUID kStatic = {0x01234567, 0x89ab, 0xcdef, {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef}};
const GUID kDynamic = {0xfedcba98, 0x7654, 0x3210, {0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10}};

[[noreturn]] void fail(const char* what) {
  std::fprintf(stderr, "scsiwmi_dispatch_fuzzer: %s\n", what);
  std::abort();
}

UCHAR pick_status() {
  static constexpr UCHAR kStatuses[] = {SRB_STATUS_SUCCESS, SRB_STATUS_DATA_OVERRUN, SRB_STATUS_ERROR,
                                        SRB_STATUS_PENDING, SRB_STATUS_BUSY};
  return g_fdp->PickValueInArray(kStatuses);
}

ULONG pick_size(ULONG sensible) {
  switch (g_fdp->ConsumeIntegralInRange<int>(0, 3)) {
    case 0:
      return g_fdp->ConsumeIntegral<ULONG>();
    case 1:
      return sensible + g_fdp->ConsumeIntegralInRange<ULONG>(0, 16);
    default:
      return sensible;
  }
}

// Post-processes (or not) and returns what the callback returns.
UCHAR finish(PSCSIWMI_REQUEST_CONTEXT ctx, ULONG sensible_size) {
  const int how = g_fdp->ConsumeIntegralInRange<int>(0, 4);
  const UCHAR status = pick_status();
  if (how == 0) {  // pend without post-processing: finished after the dispatcher returns
    g_parked = ctx;
    return SRB_STATUS_PENDING;
  }
  if (how != 1)  // how == 1: skip PostProcess (a contract violation the library must absorb)
    ScsiPortWmiPostProcess(ctx, status, pick_size(sensible_size));
  if (g_fdp->ConsumeBool())
    ScsiPortWmiPostProcess(ctx, pick_status(), pick_size(sensible_size));  // a second call: must change nothing
  return how == 4 ? SRB_STATUS_PENDING : (g_fdp->ConsumeBool() ? status : TRUE);
}

UCHAR query_dynamic(PSCSIWMI_REQUEST_CONTEXT ctx) {
  ULONG avail = g_fdp->ConsumeIntegral<ULONG>();
  ULONG needed = g_fdp->ConsumeIntegralInRange<ULONG>(0, 200);
  const ULONG count = g_fdp->ConsumeIntegralInRange<ULONG>(0, 5);
  if (ScsiPortWmiSetInstanceCount(ctx, count, &avail, &needed)) {
    const int steps = g_fdp->ConsumeIntegralInRange<int>(0, 12);
    for (int i = 0; i < steps; ++i) {
      const ULONG index = g_fdp->ConsumeIntegralInRange<ULONG>(0, count);
      if (g_fdp->ConsumeBool()) {
        const ULONG chars = g_fdp->ConsumeIntegralInRange<ULONG>(0, 8);
        const ULONG length = g_fdp->ConsumeBool() ? 2 + 2 * chars : g_fdp->ConsumeIntegralInRange<ULONG>(0, 20);
        PWCHAR name = ScsiPortWmiSetInstanceName(ctx, index, length, &avail, &needed);
        if (name != nullptr) {
          name[0] = static_cast<WCHAR>(length - 2);
          for (ULONG c = 1; c <= (length - 2) / 2; ++c)
            name[c] = static_cast<WCHAR>(u'a' + c);
        }
      } else {
        const ULONG length = g_fdp->ConsumeIntegralInRange<ULONG>(0, 24);
        auto* data = static_cast<PUCHAR>(ScsiPortWmiSetData(ctx, index, length, &avail, &needed));
        if (data != nullptr)
          std::memset(data, 0x5a, length);
      }
    }
  }
  return finish(ctx, needed);
}

BOOLEAN query(PVOID, PSCSIWMI_REQUEST_CONTEXT ctx, ULONG guid_index, ULONG, ULONG count, PULONG lengths, ULONG avail,
              PUCHAR buffer) {
  if (guid_index == 1 && ScsiPortWmiIsQueryAllData(ctx))
    return query_dynamic(ctx);
  ULONG at = 0;
  ULONG need = 0;
  for (ULONG k = 0; k < count; ++k) {
    const ULONG length = g_fdp->ConsumeIntegralInRange<ULONG>(0, 24);
    need = ((need + 7) & ~7u) + length;
    if (lengths != nullptr && need <= avail) {
      at = need - length;
      std::memset(buffer + at, 0xa5, length);
      lengths[k] = length;
    }
  }
  return finish(ctx, need);
}

BOOLEAN set_block(PVOID, PSCSIWMI_REQUEST_CONTEXT ctx, ULONG, ULONG, ULONG size, PUCHAR) {
  return finish(ctx, size);
}
BOOLEAN set_item(PVOID, PSCSIWMI_REQUEST_CONTEXT ctx, ULONG, ULONG, ULONG, ULONG size, PUCHAR) {
  return finish(ctx, size);
}
BOOLEAN method(PVOID, PSCSIWMI_REQUEST_CONTEXT ctx, ULONG, ULONG, ULONG, ULONG, ULONG out, PUCHAR buffer) {
  const ULONG used = g_fdp->ConsumeIntegralInRange<ULONG>(0, 32);
  if (used <= out)
    std::memset(buffer, 0x3c, used);
  return finish(ctx, used);
}
BOOLEAN control(PVOID, PSCSIWMI_REQUEST_CONTEXT ctx, ULONG, SCSIWMI_ENABLE_DISABLE_CONTROL, BOOLEAN) {
  return finish(ctx, 0);
}
UCHAR reginfo(PVOID, PSCSIWMI_REQUEST_CONTEXT, PWCHAR* name) {
  static WCHAR mof[] = u"Fuzz";
  *name = g_fdp->ConsumeBool() ? mof : nullptr;
  return SRB_STATUS_SUCCESS;
}

}  // namespace

extern "C" VOID ScsiPortNotification(SCSI_NOTIFICATION_TYPE, PVOID, ...) {}
extern "C" VOID WmiPortScsiWmiContractViolation(SCSIWMI_RULE, PSCSIWMI_REQUEST_CONTEXT, ULONG) {}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  FuzzedDataProvider fdp(data, size);
  g_fdp = &fdp;
  g_parked = nullptr;
  const UCHAR minor = fdp.ConsumeIntegralInRange<UCHAR>(0, 0x0c);
  SCSIWMIGUIDREGINFO guids[] = {
      {&kStatic, fdp.ConsumeIntegralInRange<ULONG>(0, 5),
       fdp.ConsumeBool() ? static_cast<ULONG>(WMIREG_FLAG_EXPENSIVE) : 0u},
      {&kDynamic, 0xffffffff, 0},
  };
  SCSI_WMILIB_CONTEXT lib = {2, guids, reginfo, query, set_block, set_item, method, control};
  const GUID* path = fdp.ConsumeBool() ? &kStatic : &kDynamic;
  const std::size_t buffer_size = fdp.ConsumeIntegralInRange<std::size_t>(0, 512);
  // The WNODE: fuzzed bytes, in an exact-size buffer so that ASan sees any access past it.
  std::vector<std::uint8_t> wnode = fdp.ConsumeBytes<std::uint8_t>(buffer_size);
  std::vector<std::uint8_t> buffer(buffer_size, 0);
  std::copy(wnode.begin(), wnode.end(), buffer.begin());

  SCSIWMI_REQUEST_CONTEXT ctx{};
  const BOOLEAN pending =
      ScsiPortWmiDispatchFunction(&lib, minor, nullptr, &ctx, const_cast<GUID*>(path),
                                  static_cast<ULONG>(buffer.size()), buffer.empty() ? nullptr : buffer.data());
  if (g_parked != nullptr && ScsiPortWmiGetReturnStatus(g_parked) == SRB_STATUS_PENDING)
    ScsiPortWmiPostProcess(g_parked, pick_status(), pick_size(0));
  if (!pending && ctx.ReturnStatus == SRB_STATUS_PENDING)
    fail("a completed request has no status");
  if (ctx.ReturnStatus == SRB_STATUS_PENDING)
    return 0;  // still pending (the miniport returned PENDING and never post-processed)
  if (ctx.ReturnSize > buffer.size())
    fail("ReturnSize is larger than the buffer");
  const bool has_reply = minor == 0x00 || minor == 0x01 || minor == 0x09;
  if (has_reply && ctx.ReturnStatus == SRB_STATUS_SUCCESS && ctx.ReturnSize > 0) {
    std::uint32_t header_size;
    std::memcpy(&header_size, buffer.data(), sizeof(header_size));
    if (header_size != ctx.ReturnSize)
      fail("WnodeHeader.BufferSize differs from ReturnSize");
    auto parsed = wmiport::wnode::parse_wnode(wmiport::Bytes(buffer.data(), ctx.ReturnSize));
    if (!parsed.ok()) {
      std::fprintf(stderr, "minor %u: %s\n", minor, parsed.error().to_string().c_str());
      fail("a successful reply does not parse");
    }
  }
  return 0;
}
