// IRP_MN_REGINFO / IRP_MN_REGINFO_EX through DpWmiQueryReginfo (spec §4.3 "DpWmiQueryReginfo outputs", §4.4):
// RegFlags apply to every block and combine with each block's Flags; BASENAME uses InstanceName, which WMI
// (this library) frees with ExFreePool; INSTANCE_PDO requires Pdo; RegistryPath is the driver's DriverEntry
// string; MofResourceName is copied after the callback returns. The answer is encoded with the wnode codec
// (size, then fill); a short buffer gets the needed size as a ULONG at its start and STATUS_BUFFER_TOO_SMALL.
// For REGINFO_EX the provider references each PDO it reports; the WMI core drops those references.
#include <optional>
#include <string>
#include <utility>

#include <fmt/format.h>

#include "common/result.h"
#include "kernel/contract.h"
#include "kernel/irp.h"
#include "wmilib/irp_request.h"
#include "wnode/reginfo.h"
#include "wnode/wire_layout.h"

namespace wmiport::wmilib {

namespace {

std::u16string copy_counted(const UNICODE_STRING& text) {
  if (text.Buffer == nullptr)
    return {};
  return std::u16string(reinterpret_cast<const char16_t*>(text.Buffer), text.Length / sizeof(WCHAR));
}

Guid guid_from(const GUID& g) {
  Guid out;
  out.data1 = g.Data1;
  out.data2 = g.Data2;
  out.data3 = g.Data3;
  std::copy(std::begin(g.Data4), std::end(g.Data4), out.data4.begin());
  return out;
}

thread_local PIRP t_reginfo_irp = nullptr;

// Marks the IRP whose DpWmiQueryReginfo runs on this thread, for WmiCompleteRequest (reginfo_completes).
class ReginfoScope {
 public:
  explicit ReginfoScope(PIRP irp) : outer_(std::exchange(t_reginfo_irp, irp)) {}
  ~ReginfoScope() { t_reginfo_irp = outer_; }
  ReginfoScope(const ReginfoScope&) = delete;
  ReginfoScope& operator=(const ReginfoScope&) = delete;

 private:
  PIRP outer_;
};

// Whether IoCompleteRequest ran for the IRP since `before` was taken (the kernel's IRP table, so the IRP itself
// is not read: once completed it may be gone).
bool completed_since(PIRP irp, const std::optional<kernel::IrpRecord>& before) {
  const auto now = kernel::IrpTable::instance().find(irp);
  return !now || (now->completed_once && !(before && before->completed_once));
}

}  // namespace

bool inside_reginfo_of(PIRP irp) {
  return irp != nullptr && t_reginfo_irp == irp;
}

NTSTATUS answer_reginfo(const WMILIB_CONTEXT& context, const IrpRequest& request, bool* completed_by_driver) {
  *completed_by_driver = false;
  request.irp->IoStatus.Information = 0;
  if (context.QueryWmiRegInfo == nullptr)
    return STATUS_INVALID_DEVICE_REQUEST;
  const auto data_path = reinterpret_cast<std::uintptr_t>(request.stack->Parameters.WMI.DataPath);

  ULONG reg_flags = 0;
  UNICODE_STRING instance_name{};
  PUNICODE_STRING registry_path = nullptr;
  UNICODE_STRING mof_resource_name{};
  PDEVICE_OBJECT pdo = nullptr;
  const auto before = kernel::IrpTable::instance().find(request.irp);
  NTSTATUS status;
  {
    ReginfoScope scope(request.irp);
    status =
        context.QueryWmiRegInfo(request.device, &reg_flags, &instance_name, &registry_path, &mof_resource_name, &pdo);
  }
  // Copy everything now: the MOF name may be freed by the driver as soon as we return, the base name is ours.
  const std::u16string base_name = copy_counted(instance_name);
  if (instance_name.Buffer != nullptr)
    ExFreePool(instance_name.Buffer);
  const std::u16string mof = copy_counted(mof_resource_name);
  const std::u16string path = registry_path != nullptr ? copy_counted(*registry_path) : std::u16string{};
  if (completed_since(request.irp, before)) {
    // The driver completed the IRP from inside the callback: it is no longer ours (nor the driver's) to touch.
    DbgPrint("WmiSystemControl: contract violation: QueryWmiRegInfo completed the IRP\n");
    report_violation(request, "reginfo_completes",
                     "QueryWmiRegInfo completed the REGINFO IRP itself (IoCompleteRequest); WmiLib leaves it alone");
    *completed_by_driver = true;
    return status;
  }
  if (status == STATUS_PENDING) {
    // DpWmiQueryReginfo must not pend (spec §4.3): the IRP comes back to the driver to complete right now.
    DbgPrint("WmiSystemControl: contract violation: QueryWmiRegInfo returned STATUS_PENDING\n");
    kernel::report_violation("reginfo_pending", "QueryWmiRegInfo returned STATUS_PENDING");
    return STATUS_DRIVER_INTERNAL_ERROR;
  }
  if (!NT_SUCCESS(status))
    return status;

  wnode::RegInfo info;
  if (data_path == WMIREGISTER) {
    info.registry_path = path;
    if (!mof.empty())
      info.mof_resource_name = mof;
  }
  namespace rf = wnode::reg_flag;
  for (ULONG i = 0; i < context.GuidCount; ++i) {
    const WMIGUIDREGINFO& entry = context.GuidList[i];
    if (entry.Guid == nullptr)
      return STATUS_INVALID_PARAMETER;
    wnode::RegGuid reg;
    reg.guid = guid_from(*entry.Guid);
    reg.flags = entry.Flags | reg_flags;
    reg.instance_count = entry.InstanceCount;
    if (reg.flags & rf::kInstancePdo) {
      if (pdo == nullptr) {
        kernel::report_violation("reginfo_pdo_missing",
                                 fmt::format("block {} has WMIREG_FLAG_INSTANCE_PDO but QueryWmiRegInfo left Pdo NULL",
                                             reg.guid.to_string()));
        return STATUS_INVALID_PARAMETER;  // INSTANCE_PDO needs the PDO from AddDevice
      }
      reg.flags &= ~(rf::kInstanceBaseName | rf::kInstanceList);
      reg.pdo = reinterpret_cast<std::uintptr_t>(pdo);
    } else if (reg.flags & rf::kInstanceBaseName) {
      reg.flags &= ~rf::kInstanceList;  // WmiLib cannot carry a static list
      reg.base_name = base_name;
    } else {
      reg.flags &= ~rf::kInstanceList;
      // No naming flag means dynamic names, which WmiLib's index-based callbacks cannot serve.
      if ((reg.flags & (rf::kEventOnlyGuid | rf::kRemoveGuid)) == 0)
        kernel::report_violation(
            "reginfo_naming_flag",
            fmt::format("block {}: neither RegFlags nor the GuidList entry has WMIREG_FLAG_INSTANCE_PDO or "
                        "WMIREG_FLAG_INSTANCE_BASENAME",
                        reg.guid.to_string()));
    }
    info.guids.push_back(std::move(reg));
  }

  auto needed = wnode::encode_reginfo(info, MutableBytes{});
  if (!needed.ok())
    return needed.error().code();
  if (request.size() < *needed) {
    if (request.size() >= sizeof(ULONG)) {
      store_u32(request.buffer, 0, *needed);
      request.irp->IoStatus.Information = sizeof(ULONG);
    }
    return STATUS_BUFFER_TOO_SMALL;
  }
  auto written = wnode::encode_reginfo(info, request.buffer);
  if (!written.ok())
    return written.error().code();
  if (request.minor == IRP_MN_REGINFO_EX)
    for (const auto& reg : info.guids)
      if (reg.flags & rf::kInstancePdo)
        ObReferenceObject(pdo);
  request.irp->IoStatus.Information = *written;
  return STATUS_SUCCESS;
}

}  // namespace wmiport::wmilib
