#include "scsiport/guarded_block.h"

#include <cstring>

#include <fmt/format.h>
#include <srb.h>

#include "common/guard_bytes.h"
#include "common/guid.h"
#include "kernel/contract.h"
#include "scsiport/adapter.h"

namespace wmiport::scsiport {

GuardedBlock::GuardedBlock(std::size_t size) : size_(size) {
  if (size == 0)
    return;
  const std::size_t bytes = size + 2 * guard_bytes::kGuardSize;
  const std::size_t units = (bytes + sizeof(std::max_align_t) - 1) / sizeof(std::max_align_t);
  storage_ = std::make_unique<std::max_align_t[]>(units);
  std::memset(storage_.get(), 0, units * sizeof(std::max_align_t));
  guard_bytes::fill(data(), size);
}

std::uint8_t* GuardedBlock::data() const {
  return reinterpret_cast<std::uint8_t*>(storage_.get()) + guard_bytes::kGuardSize;
}

std::optional<std::int64_t> GuardedBlock::guard_damage() const {
  if (size_ == 0)
    return std::nullopt;
  return guard_bytes::damage(data(), size_);
}

void check_data_guards(const std::string& driver, Request& request) {
  const auto damaged = request.data.guard_damage();
  if (!damaged)
    return;
  request.data_overrun = true;
  kernel::ContractViolation violation;
  violation.rule = "write_outside_buffer";
  violation.driver = driver;
  violation.message = fmt::format(
      "the miniport wrote at offset {} of the {}-byte SRB data buffer the port gave it (guard bytes changed)", *damaged,
      request.data.size());
  if (request.srb.Function == SRB_FUNCTION_WMI) {
    const auto& srb = *reinterpret_cast<const SCSI_WMI_REQUEST_BLOCK*>(&request.srb);
    violation.minor = srb.WMISubFunction;
    const bool names_a_guid = srb.WMISubFunction != IRP_MN_REGINFO && srb.WMISubFunction != IRP_MN_REGINFO_EX;
    if (names_a_guid && srb.DataPath != nullptr) {
      std::uint8_t guid[16];
      std::memcpy(guid, srb.DataPath, sizeof guid);
      violation.guid = Guid::load(Bytes(guid, sizeof guid), 0).to_string();
    }
  }
  violation.request =
      fmt::format("SRB function 0x{:02x}, data buffer {} bytes", request.srb.Function, request.data.size());
  kernel::report_violation(std::move(violation));
}

}  // namespace wmiport::scsiport
