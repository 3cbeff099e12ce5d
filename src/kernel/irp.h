// The IRPs the kernel knows: who allocated each, and where it is in its life (sent, being completed, completed),
// so that a second completion, a completion of a freed IRP or a free during completion is reported rather than
// corrupting memory.
#pragma once

#include <cstdint>
#include <optional>

#include <wdm.h>

#include "kernel/address_map.h"

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

  // The merged steps of the request path (one lock each instead of a find and an update; docs/decisions.md, "Fewer
  // locks per request").
  struct CompletionStart {
    std::optional<IrpPhase> was;  // nullopt: not a live IRP
    bool sent = false;            // a driver holds a stack location (only read when `was` is in_flight)
    bool completed_once = false;  // the record's flag before this completion
  };
  // IoCompleteRequest's first step: when the IRP is in flight and held by a driver, it becomes `completing` and
  // completed_once; otherwise nothing changes.
  CompletionStart begin_completion(PIRP irp);
  // A completion routine is about to run: the IRP is in flight again (its driver owns it). Returns the IRP's
  // owner (the driver that allocated it), nullptr when unknown.
  Driver* hand_to_routine(PIRP irp);
  // The end of the completion walk: marks the IRP completed and returns its record (nullopt when unknown).
  std::optional<IrpRecord> finish_completion(PIRP irp);
  enum class FreeCheck { freed, unknown, not_allocated, completing };
  // IoFreeIrp's checks and the removal, as one step (the IRP is removed only when `freed` is returned).
  FreeCheck erase_for_free(PIRP irp);
  // IoReuseIrp's checks and the reset of the record; `reset` runs under the lock when the IRP may be reused.
  // Returns the phase it was in (nullopt: unknown; `completing`: refused, nothing changed).
  template <typename Reset>
  std::optional<IrpPhase> reuse(PIRP irp, Reset&& reset) {
    return irps_.with(irp, [&](auto& shard, std::uint64_t hash) -> std::optional<IrpPhase> {
      IrpRecord* record = shard.map.find(irp, hash);
      if (record == nullptr)
        return std::nullopt;
      const IrpPhase was = record->phase;
      if (was == IrpPhase::completing)
        return was;
      reset();
      record->phase = IrpPhase::in_flight;
      record->completed_once = false;
      return was;
    });
  }

 private:
  // Runs fn(IrpRecord*) with irp's shard locked (nullptr when irp is not a live IRP).
  template <typename Fn>
  decltype(auto) with_record(PIRP irp, Fn&& fn) {
    return irps_.with(irp, [&](auto& shard, std::uint64_t hash) { return fn(shard.map.find(irp, hash)); });
  }
  // Every live IRP by address, sharded so that requests on different threads do not meet on one lock
  // (docs/decisions.md, "Kernel tables: sharded flat maps").
  ShardedAddressMap<IrpRecord, 16> irps_;
};

// IoReuseIrp with an answer: false (reported) when the IRP is not live or is being completed. The WMI core's
// per-thread IRP uses it to learn whether a driver freed its IRP (wmi/irp_sender.cpp).
bool reuse_irp(PIRP irp, NTSTATUS status);

// Completes an IRP with no driver code involved (the default dispatch routine of every major function).
NTSTATUS complete_invalid_request(PDEVICE_OBJECT device, PIRP irp);

}  // namespace wmiport::kernel
