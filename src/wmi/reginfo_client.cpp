#include "wmi/reginfo_client.h"

#include <fmt/format.h>

#include "common/byte_io.h"
#include "wmi/irp_sender.h"
#include "wmi/pool_buffer.h"
#include "wmi/provider_violation.h"

namespace wmiport::wmi {

namespace {

constexpr std::uint32_t kUlong = sizeof(ULONG);

// "Not handled": the status the IRP started with (nobody claimed it) or the documented refusal.
bool provider_lacks_minor(NtStatusCode status) {
  return status == STATUS_NOT_SUPPORTED || status == STATUS_INVALID_DEVICE_REQUEST;
}

struct Attempt {
  NtStatusCode status;
  std::uint64_t information;
  std::vector<std::uint8_t> bytes;  // min(information, buffer size) bytes of the reply
  std::uint32_t first_ulong = 0;    // the buffer's first ULONG whatever Information says (too-small answers)
};

Result<Attempt> send_reginfo(PDEVICE_OBJECT device, std::uint32_t provider_id, std::uint8_t minor,
                             std::uintptr_t data_path, std::uint32_t size) {
  WMIPORT_ASSIGN_OR_RETURN(PoolBuffer buffer, PoolBuffer::allocate(size));
  WMIPORT_ASSIGN_OR_RETURN(
      const IrpOutcome outcome,
      send_wmi_irp(
          {device, provider_id, minor, reinterpret_cast<void*>(data_path), buffer.data(), buffer.size(), {}, {}}));
  if (auto damaged = buffer.guard_damage())
    return provider_violation(
        RequestPlace{device, provider_id, minor, nullptr, fmt::format("buffer {} bytes", size)}, "write_outside_buffer",
        fmt::format("REGINFO wrote at offset {} of a {}-byte buffer (guard bytes changed)", *damaged, size));
  const auto kept = static_cast<std::size_t>(std::min<std::uint64_t>(outcome.information, buffer.size()));
  const std::uint32_t first = buffer.size() >= kUlong ? load_u32(Bytes{buffer.bytes()}, 0) : 0;
  return Attempt{outcome.status, outcome.information, std::vector<std::uint8_t>(buffer.data(), buffer.data() + kept),
                 first};
}

// Both too-small conventions of spec §4.4: the documented STATUS_BUFFER_TOO_SMALL, and KMDF's STATUS_SUCCESS
// with Information == sizeof(ULONG). Either way the needed size is the buffer's first ULONG.
bool is_too_small_answer(const Attempt& attempt) {
  return attempt.status == STATUS_BUFFER_TOO_SMALL || (nt_success(attempt.status) && attempt.information == kUlong);
}

}  // namespace

Result<FetchedRegistration> fetch_registration(PDEVICE_OBJECT device, std::uint32_t provider_id,
                                               std::uintptr_t data_path, const ReginfoProbe& probe) {
  FetchedRegistration fetched;
  std::uint8_t minor = IRP_MN_REGINFO_EX;
  std::uint32_t size = probe.initial_size;
  bool retried_for_size = false;
  auto place = [&](std::uint8_t at_minor, std::uint32_t at_size) {
    return RequestPlace{device, provider_id, at_minor, nullptr, fmt::format("buffer {} bytes", at_size)};
  };
  for (;;) {
    WMIPORT_ASSIGN_OR_RETURN(Attempt attempt, send_reginfo(device, provider_id, minor, data_path, size));
    if (minor == IRP_MN_REGINFO_EX && provider_lacks_minor(attempt.status)) {
      minor = IRP_MN_REGINFO;  // an older provider: ask again with the Windows 2000 minor code
      continue;
    }
    if (is_too_small_answer(attempt)) {
      const std::uint32_t needed = attempt.first_ulong;
      if (retried_for_size)
        return provider_violation(
            place(minor, size), "too_small_not_exact",
            fmt::format("REGINFO answered too-small twice (asked {} bytes with a {}-byte buffer)", needed, size));
      if (needed <= size || needed > probe.max_size)
        return provider_violation(place(minor, size), "too_small_not_exact",
                                  fmt::format("REGINFO asked for a {}-byte buffer while it had {} bytes (limit {})",
                                              needed, size, probe.max_size));
      size = needed;
      retried_for_size = true;
      continue;
    }
    if (!nt_success(attempt.status))
      return Error(attempt.status,
                   fmt::format("provider {} failed REGINFO{}", provider_id, minor == IRP_MN_REGINFO_EX ? "_EX" : ""));
    if (attempt.information > size)
      return provider_violation(
          place(minor, size), "size_exceeds_buffer",
          fmt::format("REGINFO reported {} bytes written to a {}-byte buffer", attempt.information, size));
    auto chain = wnode::parse_reginfo_chain(Bytes{attempt.bytes});
    if (!chain.ok())
      return provider_violation(place(minor, size), "reginfo_malformed",
                                "malformed WMIREGINFO: " + chain.error().message());
    fetched.chain = std::move(chain).value();
    fetched.via_reginfo_ex = minor == IRP_MN_REGINFO_EX;
    return fetched;
  }
}

}  // namespace wmiport::wmi
