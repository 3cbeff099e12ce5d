#include "scsiport_fixture.h"

#include <dlfcn.h>

namespace wmiport::test {

std::filesystem::path driver_path(const std::string& name) {
  return std::filesystem::path(WMIPORT_DRIVER_DIR) / (name + ".so");
}

Guid scsi_guid(std::uint32_t n) {
  return Guid{0x5c510000u + n, 0, 0x4000, {0x80, 0, 0, 0, 0, 0, 0, static_cast<std::uint8_t>(n)}};
}

std::u16string u16(std::string_view ascii) {
  return std::u16string(ascii.begin(), ascii.end());
}

std::vector<std::uint8_t> bytes_of(std::uint32_t value) {
  return {static_cast<std::uint8_t>(value), static_cast<std::uint8_t>(value >> 8),
          static_cast<std::uint8_t>(value >> 16), static_cast<std::uint8_t>(value >> 24)};
}

SCSI_TEST_STATS* miniport_stats(char shape) {
  void* handle = dlopen(driver_path(std::string("scsi_wmi_shape_") + shape).c_str(), RTLD_NOW | RTLD_NOLOAD);
  if (handle == nullptr)
    return nullptr;
  auto* stats = static_cast<SCSI_TEST_STATS*>(dlsym(handle, "ScsiTestStats"));
  dlclose(handle);  // the kernel's handle keeps it loaded
  return stats;
}

namespace {

NTSTATUS signal_done(PDEVICE_OBJECT, PIRP, PVOID context) {
  KeSetEvent(static_cast<PKEVENT>(context), IO_NO_INCREMENT, FALSE);
  return STATUS_MORE_PROCESSING_REQUIRED;
}

}  // namespace

IrpResult send_wmi_irp(PDEVICE_OBJECT device, UCHAR minor, const GUID* guid, void* buffer, ULONG size,
                       std::optional<ULONG_PTR> provider_id) {
  PDEVICE_OBJECT top = IoGetAttachedDeviceReference(device);
  PIRP irp = IoAllocateIrp(top->StackSize, FALSE);
  irp->IoStatus.Status = STATUS_NOT_SUPPORTED;
  PIO_STACK_LOCATION next = IoGetNextIrpStackLocation(irp);
  next->MajorFunction = IRP_MJ_SYSTEM_CONTROL;
  next->MinorFunction = minor;
  next->Parameters.WMI.ProviderId = provider_id ? *provider_id : IoWMIDeviceObjectToProviderId(device);
  next->Parameters.WMI.DataPath = const_cast<GUID*>(guid);
  next->Parameters.WMI.BufferSize = size;
  next->Parameters.WMI.Buffer = buffer;
  KEVENT done;
  KeInitializeEvent(&done, NotificationEvent, FALSE);
  IoSetCompletionRoutine(irp, signal_done, &done, TRUE, TRUE, TRUE);
  if (IoCallDriver(top, irp) == STATUS_PENDING)
    KeWaitForSingleObject(&done, Executive, KernelMode, FALSE, nullptr);
  IrpResult result{irp->IoStatus.Status, irp->IoStatus.Information};
  IoFreeIrp(irp);
  ObDereferenceObject(top);
  return result;
}

void ScsiPortTest::SetUp() {
  scsiport::clear_records();
  auto host = Host::create();
  ASSERT_TRUE(host.ok()) << host.error().to_string();
  host_ = std::move(host).value();
}

void ScsiPortTest::TearDown() {
  host_.reset();
  // No test expects the library or the port to see a broken contract unless it says so.
  for (const auto& record : scsiport::records())
    EXPECT_NE(record.kind, scsiport::RecordKind::library_violation) << record.text;
}

SCSI_TEST_STATS* ScsiPortTest::load_miniport(char shape) {
  auto driver = host_->load_driver(driver_path(std::string("scsi_wmi_shape_") + shape));
  EXPECT_TRUE(driver.ok()) << driver.error().to_string();
  auto* stats = miniport_stats(shape);
  EXPECT_NE(stats, nullptr);
  return stats;
}

scsiport::AdapterInfo ScsiPortTest::adapter_of(const std::string& driver) {
  for (auto& adapter : scsiport::adapters())
    if (adapter.driver == driver)
      return adapter;
  ADD_FAILURE() << "no adapter for " << driver;
  return {};
}

const BlockInfo* ScsiPortTest::find_block(const std::vector<BlockInfo>& blocks, const Guid& guid, std::size_t nth) {
  for (const auto& block : blocks)
    if (block.guid == guid && nth-- == 0)
      return &block;
  return nullptr;
}

}  // namespace wmiport::test
