// The WMI request as WmiLib sees it: the current stack location of a system-control IRP, with the WNODE
// buffer as a bounds-checked span. Every field WmiLib reads or writes in the buffer goes through `buffer`
// with the wnode wire offsets, after a size check.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include <wmilib.h>

#include "common/byte_io.h"

namespace wmiport::wmilib {

struct IrpRequest {
  PDEVICE_OBJECT device;
  PIRP irp;
  PIO_STACK_LOCATION stack;
  std::uint8_t minor;
  MutableBytes buffer;  // Parameters.WMI.Buffer / BufferSize (empty when Buffer is NULL)

  static IrpRequest from(PDEVICE_OBJECT device, PIRP irp) {
    PIO_STACK_LOCATION stack = IoGetCurrentIrpStackLocation(irp);
    auto* data = static_cast<std::uint8_t*>(stack->Parameters.WMI.Buffer);
    const std::size_t size = data == nullptr ? 0 : stack->Parameters.WMI.BufferSize;
    return {device, irp, stack, stack->MinorFunction, MutableBytes{data, size}};
  }

  std::uint32_t size() const { return static_cast<std::uint32_t>(buffer.size()); }
  std::uint8_t* at(std::uint32_t offset) const { return buffer.data() + offset; }
};

// Stores the status (and Information) in the IRP without completing it: the IrpNotCompleted outcome.
inline NTSTATUS leave_for_driver(const IrpRequest& request, NTSTATUS status, SYSCTL_IRP_DISPOSITION* disposition,
                                 ULONG_PTR information = 0) {
  request.irp->IoStatus.Status = status;
  request.irp->IoStatus.Information = information;
  *disposition = IrpNotCompleted;
  return status;
}

// Reports a broken driver contract to the verifier (kernel::report_violation) with where it happened.
void report_violation(const IrpRequest& request, std::string_view rule, std::string message);

// Build the registration answer for IRP_MN_REGINFO(_EX) (spec §4.4); stores Information. When the driver's
// callback completed the IRP itself (reginfo_completes), *completed_by_driver is set and the IRP is left untouched.
NTSTATUS answer_reginfo(const WMILIB_CONTEXT& context, const IrpRequest& request, bool* completed_by_driver);
// True while DpWmiQueryReginfo for `irp` runs on this thread (WmiCompleteRequest must not complete it then).
bool inside_reginfo_of(PIRP irp);

}  // namespace wmiport::wmilib
