// The IRPs the kernel knows: who allocated each, and where it is in its life (sent, being completed, completed),
// so that a second completion, a completion of a freed IRP or a free during completion is reported rather than
// corrupting memory.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>

#include <wdm.h>

#include "kernel/protected.h"

namespace wmiport::kernel {

class Driver;

enum class IrpPhase : std::uint8_t {
  in_flight,   // allocated, sent, or handed back to its owner by STATUS_MORE_PROCESSING_REQUIRED
  completing,  // IoCompleteRequest is walking its stack locations
  completed,   // completion reached the top of the stack
};

struct IrpRecord {
  IrpPhase phase = IrpPhase::in_flight;
  Driver* owner = nullptr;  // the driver whose code allocated it (nullptr: host or kernel)
  bool from_pool = false;   // allocated by IoAllocateIrp (IoFreeIrp frees it)
  // IoBuildDeviceIoControlRequest IRPs belong to the I/O manager: freed at the end of their completion, after
  // copying buffered output and signalling UserEvent.
  bool io_manager_owned = false;
  ULONG method = 0;  // METHOD_* of the control code
  PVOID output_buffer = nullptr;
  ULONG output_length = 0;
  // IoCompleteRequest ran for it at least once: completing it again while no driver holds it (back with its
  // originator after STATUS_MORE_PROCESSING_REQUIRED) is a double completion, not a completion of an unsent IRP.
  bool completed_once = false;
};

class IrpTable {
 public:
  static IrpTable& instance();

  void insert(PIRP irp, const IrpRecord& record);
  std::optional<IrpRecord> find(PIRP irp) const;
  std::optional<IrpRecord> erase(PIRP irp);
  // Moves irp from `from` to `to`; returns the phase it was in (nullopt when unknown). The move happens only when
  // the phase was `from`.
  std::optional<IrpPhase> transition(PIRP irp, IrpPhase from, IrpPhase to);
  void set_phase(PIRP irp, IrpPhase phase);
  void set_completed_once(PIRP irp, bool completed);

 private:
  Protected<std::unordered_map<PIRP, IrpRecord>> irps_;
};

// Completes an IRP with no driver code involved (the default dispatch routine of every major function).
NTSTATUS complete_invalid_request(PDEVICE_OBJECT device, PIRP irp);

}  // namespace wmiport::kernel
