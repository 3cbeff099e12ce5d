// Adapter start and removal: HwFindAdapter with the PORT_CONFIGURATION_INFORMATION defaults, HwInitialize, the
// bus scan by INQUIRY, one PDO per logical unit that answered, WMI registration (docs/decisions.md, "SCSI port
// driver").
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <mutex>

#include <fmt/format.h>

#include "kernel/kernel.h"
#include "scsiport/adapter.h"
#include "scsiport/port_driver.h"
#include "scsiport/records.h"

namespace wmiport::scsiport {

namespace {

constexpr ULONG kMaxExtensionSize = 1u << 20;  // any per-adapter, per-LU or per-SRB extension
constexpr auto kInquiryTimeout = std::chrono::seconds(10);

const char* device_type_name(UCHAR type) {
  switch (type) {
    case DIRECT_ACCESS_DEVICE:
      return "Disk";
    case SEQUENTIAL_ACCESS_DEVICE:
      return "Sequential";
    case PRINTER_DEVICE:
      return "Printer";
    case PROCESSOR_DEVICE:
      return "Processor";
    case WRITE_ONCE_READ_MULTIPLE_DEVICE:
      return "Worm";
    case READ_ONLY_DIRECT_ACCESS_DEVICE:
      return "CdRom";
    case SCANNER_DEVICE:
      return "Scanner";
    case OPTICAL_DEVICE:
      return "Optical";
    case 0x08:
      return "Changer";
    case COMMUNICATION_DEVICE:
      return "Net";
    case ARRAY_CONTROLLER_DEVICE:
      return "Array";
    case SCSI_ENCLOSURE_DEVICE:
      return "Enclosure";
    case REDUCED_BLOCK_DEVICE:
      return "RBC";
    default:
      return "Other";
  }
}

// INQUIRY text fields are space-padded ASCII: trailing blanks go, blanks and anything that could not stand in a
// device instance path (non-printable, '\', '&') become '_' (Windows does the same with blanks).
std::u16string id_text(const UCHAR* field, std::size_t length) {
  std::size_t end = length;
  while (end > 0 && (field[end - 1] == ' ' || field[end - 1] == 0))
    --end;
  std::u16string out;
  for (std::size_t i = 0; i < end; ++i) {
    const UCHAR c = field[i];
    out.push_back((c <= ' ' || c > '~' || c == '\\' || c == '&') ? u'_' : static_cast<char16_t>(c));
  }
  return out;
}

std::u16string ascii16(std::string_view text) {
  return std::u16string(text.begin(), text.end());
}

}  // namespace

void Adapter::default_config(const HW_INITIALIZATION_DATA& hw) {
  // Documented defaults before HwFindAdapter: values the miniport must supply are SP_UNINITIALIZED_VALUE, the
  // limits are the SCSI maxima, and the per-request sizes come from HW_INITIALIZATION_DATA.
  config_ = PORT_CONFIGURATION_INFORMATION{};
  config_.Length = sizeof(PORT_CONFIGURATION_INFORMATION);
  config_.SystemIoBusNumber = 0;
  config_.AdapterInterfaceType = hw.AdapterInterfaceType;
  config_.InterruptMode = LevelSensitive;
  config_.MaximumTransferLength = SP_UNINITIALIZED_VALUE;
  config_.NumberOfPhysicalBreaks = SP_UNINITIALIZED_VALUE;
  config_.DmaChannel = SP_UNINITIALIZED_VALUE;
  config_.DmaPort = SP_UNINITIALIZED_VALUE;
  config_.DmaChannel2 = SP_UNINITIALIZED_VALUE;
  config_.DmaPort2 = SP_UNINITIALIZED_VALUE;
  config_.NumberOfAccessRanges = hw.NumberOfAccessRanges;
  access_ranges_.assign(hw.NumberOfAccessRanges, ACCESS_RANGE{});
  config_.AccessRanges = access_ranges_.empty() ? nullptr : reinterpret_cast<ACCESS_RANGE(*)[]>(access_ranges_.data());
  config_.NumberOfBuses = 1;
  for (auto& id : config_.InitiatorBusId)
    id = static_cast<CCHAR>(SP_UNINITIALIZED_VALUE);
  config_.MapBuffers = hw.MapBuffers;
  config_.NeedPhysicalAddresses = hw.NeedPhysicalAddresses;
  config_.TaggedQueuing = hw.TaggedQueuing;
  config_.AutoRequestSense = hw.AutoRequestSense;
  config_.MultipleRequestPerLu = hw.MultipleRequestPerLu;
  config_.ReceiveEvent = hw.ReceiveEvent;
  config_.MaximumNumberOfTargets = SCSI_MAXIMUM_TARGETS;
  config_.MaximumNumberOfLogicalUnits = SCSI_MAXIMUM_LOGICAL_UNITS;
  config_.DeviceExtensionSize = hw.DeviceExtensionSize;
  config_.SpecificLuExtensionSize = hw.SpecificLuExtensionSize;
  config_.SrbExtensionSize = hw.SrbExtensionSize;
  config_.WmiDataProvider = FALSE;
}

NTSTATUS Adapter::check_config() {
  const RecordKind configuration = RecordKind::configuration;
  if (config_.NumberOfBuses > SCSI_MAXIMUM_BUSES) {
    record(configuration, kAdapterUnit, config_.NumberOfBuses, 0,
           fmt::format("NumberOfBuses {} above {}: limited", config_.NumberOfBuses, SCSI_MAXIMUM_BUSES));
    config_.NumberOfBuses = SCSI_MAXIMUM_BUSES;
  }
  if (config_.MaximumNumberOfTargets > SCSI_MAXIMUM_TARGETS_PER_BUS) {
    record(configuration, kAdapterUnit, config_.MaximumNumberOfTargets, 0,
           fmt::format("MaximumNumberOfTargets {} above {}: limited", config_.MaximumNumberOfTargets,
                       SCSI_MAXIMUM_TARGETS_PER_BUS));
    config_.MaximumNumberOfTargets = SCSI_MAXIMUM_TARGETS_PER_BUS;
  }
  if (config_.MaximumNumberOfLogicalUnits > SCSI_MAXIMUM_LOGICAL_UNITS) {
    record(configuration, kAdapterUnit, config_.MaximumNumberOfLogicalUnits, 0,
           fmt::format("MaximumNumberOfLogicalUnits {} above {}: limited", config_.MaximumNumberOfLogicalUnits,
                       SCSI_MAXIMUM_LOGICAL_UNITS));
    config_.MaximumNumberOfLogicalUnits = SCSI_MAXIMUM_LOGICAL_UNITS;
  }
  if (config_.SrbExtensionSize > kMaxExtensionSize || config_.SpecificLuExtensionSize > kMaxExtensionSize) {
    record(configuration, kAdapterUnit, 0, 0, "SrbExtensionSize or SpecificLuExtensionSize above 1 MiB");
    return STATUS_INVALID_PARAMETER;
  }
  // SCSI Port rounds the SRB extension to 8 bytes (the miniport keeps a SCSIWMI_REQUEST_CONTEXT in it).
  config_.SrbExtensionSize = (config_.SrbExtensionSize + 7u) & ~7u;
  return STATUS_SUCCESS;
}

NTSTATUS Adapter::find_adapter(const HW_INITIALIZATION_DATA& hw, PVOID hw_context) {
  default_config(hw);
  hw_extension_ = AlignedBlock(std::max<ULONG>(hw.DeviceExtensionSize, 1));
  register_extension(hw_extension_.get(), this);
  std::vector<char> argument;
  if (auto text = argument_string(driver_.name())) {
    argument.assign(text->begin(), text->end());
    argument.push_back('\0');
  }
  // Again asks a legacy port to call HwFindAdapter once more for another adapter. Under PnP each adapter is
  // its own root device with its own HwFindAdapter call, so SCSI Port (and we) ignore it.
  BOOLEAN again = FALSE;
  const ULONG result = hw.HwFindAdapter(hw_extension_.get(), hw_context, nullptr,
                                        argument.empty() ? nullptr : argument.data(), &config_, &again);
  if (result != SP_RETURN_FOUND) {
    unregister_extension(hw_extension_.get());
    hw_extension_ = AlignedBlock();
    switch (result) {
      case SP_RETURN_NOT_FOUND:
        return STATUS_NO_SUCH_DEVICE;
      case SP_RETURN_BAD_CONFIG:
        return STATUS_INVALID_PARAMETER;
      case SP_RETURN_ERROR:
        return STATUS_UNSUCCESSFUL;
      default:
        record(RecordKind::port_contract, kAdapterUnit, result, 0,
               fmt::format("HwFindAdapter returned {}, not an SP_RETURN_* value", result));
        return STATUS_UNSUCCESSFUL;
    }
  }
  hw_ = hw;
  hw_context_ = hw_context;
  return check_config();
}

NTSTATUS Adapter::start() {
  NTSTATUS status = STATUS_NO_SUCH_DEVICE;
  for (const auto& registration : driver_.registrations()) {
    status = find_adapter(registration.data, registration.hw_context);
    if (status != STATUS_NO_SUCH_DEVICE)
      break;
  }
  if (!NT_SUCCESS(status))
    return status;
  BOOLEAN initialized = FALSE;
  synchronized_call([&] { initialized = hw_.HwInitialize(hw_extension_.get()); });
  if (!initialized) {
    record(RecordKind::configuration, kAdapterUnit, 0, 0, "HwInitialize returned FALSE");
    return STATUS_UNSUCCESSFUL;
  }
  LARGE_INTEGER second;
  second.QuadPart = -10'000'000;  // relative, 100 ns units
  KeSetTimerEx(&tick_timer_, second, 1000, &tick_dpc_);
  scan_buses();
  unsigned ordinal = 0;
  for (auto& unit : units_) {
    status = create_unit_pdo(*unit, ordinal++);
    if (!NT_SUCCESS(status))
      return status;
  }
  accepting_ = true;
  if (config_.WmiDataProvider)
    register_with_wmi();
  return STATUS_SUCCESS;
}

// Who waits for an INQUIRY's answer (shared with the request: a late answer after the wait gave up finds it).
struct InquiryWaiter {
  std::mutex lock;
  std::condition_variable done_cv;
  RequestPtr done;
};

namespace {

void inquiry_done(RequestPtr finished) {
  std::shared_ptr<InquiryWaiter> waiter = std::move(finished->waiter);
  std::scoped_lock guard(waiter->lock);
  waiter->done = std::move(finished);
  waiter->done_cv.notify_all();
}

}  // namespace

std::optional<INQUIRYDATA> Adapter::inquire(LogicalUnit& unit) {
  auto waiter = std::make_shared<InquiryWaiter>();
  RequestPtr request = new_request(config_.SrbExtensionSize);
  request->unit = unit.address;
  request->data = GuardedBlock(INQUIRYDATABUFFERSIZE);
  SCSI_REQUEST_BLOCK& srb = request->srb;
  srb.Length = sizeof(SCSI_REQUEST_BLOCK);
  srb.Function = SRB_FUNCTION_EXECUTE_SCSI;
  srb.PathId = unit.address.path_id;
  srb.TargetId = unit.address.target_id;
  srb.Lun = unit.address.lun;
  srb.CdbLength = 6;
  srb.SrbFlags = SRB_FLAGS_DATA_IN | SRB_FLAGS_DISABLE_SYNCH_TRANSFER;
  srb.DataTransferLength = INQUIRYDATABUFFERSIZE;
  srb.TimeOutValue = 4;
  srb.DataBuffer = request->data.get();
  srb.SrbExtension = request->srb_extension.get();
  srb.Cdb[0] = SCSIOP_INQUIRY;
  srb.Cdb[4] = INQUIRYDATABUFFERSIZE;
  request->on_complete = &inquiry_done;
  request->waiter = waiter;
  ++inquiries_sent_;
  submit(std::move(request));
  std::unique_lock guard(waiter->lock);
  if (!waiter->done_cv.wait_for(guard, kInquiryTimeout, [&] { return waiter->done != nullptr; })) {
    record(RecordKind::port_contract, unit.address, 0, 0, "INQUIRY not completed within 10 s: treated as no device");
    return std::nullopt;
  }
  if (waiter->done->data_overrun)
    return std::nullopt;  // reported (write_outside_buffer): no data from a miniport that wrote past it
  const UCHAR status = SRB_STATUS(waiter->done->srb.SrbStatus);
  // DATA_OVERRUN reports an underrun as well: a short INQUIRY answer still names a device.
  if (status != SRB_STATUS_SUCCESS && status != SRB_STATUS_DATA_OVERRUN)
    return std::nullopt;  // SELECTION_TIMEOUT, NO_DEVICE, INVALID_LUN, INVALID_TARGET_ID, ...: nobody there
  INQUIRYDATA data{};
  std::memcpy(&data, waiter->done->data.get(), INQUIRYDATABUFFERSIZE);
  if (data.DeviceTypeQualifier == DEVICE_QUALIFIER_NOT_SUPPORTED || data.DeviceType == LOGICAL_UNIT_NOT_PRESENT_DEVICE)
    return std::nullopt;
  return data;
}

void Adapter::scan_buses() {
  for (UCHAR bus = 0; bus < config_.NumberOfBuses; ++bus) {
    for (UCHAR target = 0; target < config_.MaximumNumberOfTargets; ++target) {
      if (static_cast<UCHAR>(config_.InitiatorBusId[bus]) == target)
        continue;  // the adapter's own id on this bus
      for (UCHAR lun = 0; lun < config_.MaximumNumberOfLogicalUnits; ++lun) {
        auto unit = std::make_unique<LogicalUnit>();
        unit->address = UnitAddress{bus, target, lun};
        unit->extension = AlignedBlock(config_.SpecificLuExtensionSize);
        LogicalUnit* probing = unit.get();
        // The extension exists while the INQUIRY runs, so ScsiPortGetLogicalUnit answers in HwStartIo.
        {
          KIRQL old_irql;
          KeAcquireSpinLock(&lock_, &old_irql);
          units_.push_back(std::move(unit));
          KeReleaseSpinLock(&lock_, old_irql);
        }
        auto answer = inquire(*probing);
        KIRQL old_irql;
        KeAcquireSpinLock(&lock_, &old_irql);
        if (answer) {
          probing->inquiry = *answer;
        } else {
          units_.pop_back();
        }
        KeReleaseSpinLock(&lock_, old_irql);
        if (!answer && lun == 0)
          break;  // SCSI requires LUN 0 on every target: no LUN 0, no target
      }
    }
  }
}

NTSTATUS Adapter::create_unit_pdo(LogicalUnit& unit, unsigned) {
  PDEVICE_OBJECT pdo = nullptr;
  NTSTATUS status = IoCreateDevice(driver_.object(), sizeof(PortDeviceExtension), nullptr, FILE_DEVICE_MASS_STORAGE,
                                   FILE_AUTOGENERATED_DEVICE_NAME, FALSE, &pdo);
  if (!NT_SUCCESS(status))
    return status;
  auto* ext = new (pdo->DeviceExtension) PortDeviceExtension{};
  ext->adapter = this;
  unit.wmi = std::make_unique<WmiDevice>();
  unit.wmi->device = pdo;
  unit.wmi->pdo = pdo;
  unit.wmi->unit = unit.address;
  ext->wmi = unit.wmi.get();
  unit.pdo = pdo;
  // SCSI\<Type>&Ven_<vendor>&Prod_<product>\<adapter's root instance>&<PathId><TargetId><Lun> (2 hex digits each)
  std::u16string adapter_id = u"0000";
  if (auto* kernel = kernel::Kernel::current()) {
    if (auto path = kernel->device_instance_path(pdo_); path.ok()) {
      const auto slash = path->rfind(u'\\');
      adapter_id = slash == std::u16string::npos ? *path : path->substr(slash + 1);
    }
  }
  unit.instance_path =
      u"SCSI\\" + ascii16(device_type_name(unit.inquiry.DeviceType)) + u"&Ven_" +
      id_text(unit.inquiry.VendorId, sizeof unit.inquiry.VendorId) + u"&Prod_" +
      id_text(unit.inquiry.ProductId, sizeof unit.inquiry.ProductId) + u"\\" + adapter_id + u"&" +
      ascii16(fmt::format("{:02X}{:02X}{:02X}", unit.address.path_id, unit.address.target_id, unit.address.lun));
  if (auto* kernel = kernel::Kernel::current()) {
    auto named = kernel->set_device_instance_path(pdo, unit.instance_path);
    if (!named.ok())
      return named.error().code();
  }
  pdo->Flags &= ~DO_DEVICE_INITIALIZING;
  return STATUS_SUCCESS;
}

void Adapter::register_device(WmiDevice& device) {
  device.provider_id = IoWMIDeviceObjectToProviderId(device.device);
  device.registered = true;
  const NTSTATUS status = IoWMIRegistrationControl(device.device, WMIREG_ACTION_REGISTER);
  if (!NT_SUCCESS(status)) {
    device.registered = false;
    record(RecordKind::port_contract, device.unit, static_cast<std::uint32_t>(status), 0,
           "IoWMIRegistrationControl(REGISTER) failed");
  }
}

void Adapter::register_with_wmi() {
  register_device(adapter_wmi_);
  for (auto& unit : units_)
    register_device(*unit->wmi);
}

namespace {

struct RescanItem {
  Adapter* adapter;
  PIO_WORKITEM item;
};

}  // namespace

void Adapter::queue_rescan() {
  if (!accepting_.load())
    return;
  PIO_WORKITEM item = IoAllocateWorkItem(fdo_);
  if (item == nullptr) {
    record(RecordKind::bus_event, kAdapterUnit, BusChangeDetected, 0, "BusChangeDetected: no work item: no rescan");
    return;
  }
  {
    std::scoped_lock guard(rescans_state_lock_);
    ++rescans_pending_;
  }
  // On a worker thread, not here: the INQUIRY SRBs may need this thread (a DPC running HwTimer) to complete.
  IoQueueWorkItem(item, &Adapter::rescan_work, DelayedWorkQueue, new RescanItem{this, item});
}

void Adapter::rescan_work(PDEVICE_OBJECT, PVOID context) {
  std::unique_ptr<RescanItem> work(static_cast<RescanItem*>(context));
  Adapter* adapter = work->adapter;
  adapter->rescan();
  IoFreeWorkItem(work->item);
  std::scoped_lock guard(adapter->rescans_state_lock_);
  --adapter->rescans_pending_;
  adapter->rescans_done_.notify_all();
}

void Adapter::rescan() {
  std::scoped_lock one_at_a_time(rescan_lock_);
  unsigned added = 0;
  for (UCHAR bus = 0; bus < config_.NumberOfBuses && accepting_.load(); ++bus) {
    for (UCHAR target = 0; target < config_.MaximumNumberOfTargets && accepting_.load(); ++target) {
      if (static_cast<UCHAR>(config_.InitiatorBusId[bus]) == target)
        continue;
      for (UCHAR lun = 0; lun < config_.MaximumNumberOfLogicalUnits && accepting_.load(); ++lun) {
        const UnitAddress address{bus, target, lun};
        bool known = false;
        with_lock([&] {
          for (const auto& unit : units_)
            known = known || unit->address == address;
        });
        if (known)
          continue;
        auto unit = std::make_unique<LogicalUnit>();
        unit->address = address;
        unit->extension = AlignedBlock(config_.SpecificLuExtensionSize);
        with_lock([&] { probing_ = unit.get(); });
        auto answer = inquire(*unit);
        with_lock([&] { probing_ = nullptr; });
        if (!answer) {
          if (lun == 0)
            break;  // no LUN 0, no target
          continue;
        }
        unit->inquiry = *answer;
        if (!NT_SUCCESS(create_unit_pdo(*unit, 0))) {
          record(RecordKind::bus_event, address, BusChangeDetected, 0, "rescan: no PDO for the new unit");
          if (unit->pdo != nullptr)
            IoDeleteDevice(unit->pdo);
          continue;
        }
        // Registered before it is listed: a listed unit is complete (adapters(), events, remove()).
        if (config_.WmiDataProvider)
          register_device(*unit->wmi);
        with_lock([&] { units_.push_back(std::move(unit)); });
        ++added;
      }
    }
  }
  record(RecordKind::bus_event, kAdapterUnit, BusChangeDetected, added,
         fmt::format("BusChangeDetected: rescan found {} new logical unit(s)", added));
}

void Adapter::remove() {
  if (!accepting_.exchange(false) && removed_.load())
    return;
  {
    // A rescan may be adding a unit: let it finish (it stops at the next address once accepting_ is false).
    std::unique_lock guard(rescans_state_lock_);
    rescans_done_.wait(guard, [&] { return rescans_pending_ == 0; });
  }
  // Deregistration waits for the WMI requests in flight, which may still need the timer and StartIo.
  auto deregister = [](WmiDevice& device) {
    if (device.registered.exchange(false))
      IoWMIRegistrationControl(device.device, WMIREG_ACTION_DEREGISTER);
  };
  for (auto& unit : units_)
    if (unit->wmi)
      deregister(*unit->wmi);
  deregister(adapter_wmi_);
  removed_ = true;
  KeCancelTimer(&timer_);
  KeCancelTimer(&tick_timer_);
  // Requests the miniport never started are flushed.
  std::deque<RequestPtr> flushed;
  {
    KIRQL old_irql;
    KeAcquireSpinLock(&lock_, &old_irql);
    flushed.swap(queue_);
    KeReleaseSpinLock(&lock_, old_irql);
  }
  for (auto& request : flushed) {
    request->srb.SrbStatus = SRB_STATUS_REQUEST_FLUSHED;
    const CompletionRoutine on_complete = request->on_complete;
    request->on_complete = nullptr;
    if (on_complete != nullptr)
      on_complete(std::move(request));
  }
  for (auto& unit : units_) {
    if (unit->pdo != nullptr) {
      IoDeleteDevice(unit->pdo);
      unit->pdo = nullptr;
    }
  }
}

PVOID Adapter::uncached_extension(ULONG size) {
  if (uncached_extension_.get() == nullptr && size != 0 && size <= kMaxExtensionSize)
    uncached_extension_ = AlignedBlock(size);
  return uncached_extension_.size() >= size ? uncached_extension_.get() : nullptr;
}

}  // namespace wmiport::scsiport
