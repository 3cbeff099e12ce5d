// wmiport::Host (include/wmiport/host.h). Lives in the WMI core's library so that it is part of
// libwmiport_runtime.so next to the kernel it drives.
#include "wmiport/host.h"

#include <utility>

namespace wmiport {

// ---- Subscription ----

Subscription::Subscription(wmi::WmiCore* core, std::shared_ptr<wmi::SubscriberQueue> queue, Guid guid)
    : core_(core), queue_(std::move(queue)), guid_(guid) {}

Subscription::Subscription(Subscription&& other) noexcept
    : core_(std::exchange(other.core_, nullptr)), queue_(std::move(other.queue_)), guid_(other.guid_) {}

Subscription& Subscription::operator=(Subscription&& other) noexcept {
  if (this != &other) {
    reset();
    core_ = std::exchange(other.core_, nullptr);
    queue_ = std::move(other.queue_);
    guid_ = other.guid_;
  }
  return *this;
}

Subscription::~Subscription() {
  reset();
}

void Subscription::reset() {
  if (core_ != nullptr && queue_)
    core_->unsubscribe(queue_);
  core_ = nullptr;
  queue_.reset();
}

std::optional<EventRecord> Subscription::next(std::chrono::milliseconds timeout) {
  if (!queue_)
    return std::nullopt;
  return queue_->wait_next(timeout);
}

std::size_t Subscription::next_batch(const std::function<void(const EventView&)>& callback,
                                     std::chrono::milliseconds timeout, std::size_t max_events) {
  if (!queue_)
    return 0;
  return queue_->next_batch(callback, timeout, max_events);
}

std::uint64_t Subscription::lost() const {
  return queue_ ? queue_->total_lost() : 0;
}

// ---- BlockHandle ----

BlockHandle::BlockHandle(wmi::WmiCore* core, Guid guid) : core_(core), guid_(guid) {
  core_->open_block(guid_);
}

BlockHandle::BlockHandle(BlockHandle&& other) noexcept
    : core_(std::exchange(other.core_, nullptr)), guid_(other.guid_) {}

BlockHandle& BlockHandle::operator=(BlockHandle&& other) noexcept {
  if (this != &other) {
    reset();
    core_ = std::exchange(other.core_, nullptr);
    guid_ = other.guid_;
  }
  return *this;
}

BlockHandle::~BlockHandle() {
  reset();
}

void BlockHandle::reset() {
  if (core_ != nullptr)
    core_->close_block(guid_);
  core_ = nullptr;
}

// ---- Host ----

Result<std::unique_ptr<Host>> Host::create(HostOptions options) {
  std::unique_ptr<Host> host(new Host());
  options.wmi.device_instance_path = [](PDEVICE_OBJECT pdo) -> std::optional<std::u16string> {
    kernel::Kernel* kernel = kernel::Kernel::current();
    if (kernel == nullptr)
      return std::nullopt;
    auto path = kernel->device_instance_path(pdo);
    if (!path.ok())
      return std::nullopt;
    return std::move(path).value();
  };
  if (options.verifier.enabled) {
    host->verifier_ = std::make_unique<verifier::Verifier>(std::move(options.verifier.on_violation));
    options.kernel.contract_hook = host->verifier_.get();
    options.wmi.verify = true;
  }
  // The WMI core first: drivers register from AddDevice, which runs inside load_driver.
  WMIPORT_ASSIGN_OR_RETURN(host->wmi_, wmi::WmiCore::create(std::move(options.wmi)));
  WMIPORT_ASSIGN_OR_RETURN(host->kernel_, kernel::Kernel::create(std::move(options.kernel)));
  return host;
}

Host::~Host() {
  if (kernel_) {
    kernel_->shutdown();  // REMOVE_DEVICE everywhere: drivers deregister
    wmi_->flush_registrations();
  }
  wmi_.reset();
  kernel_.reset();
  verifier_.reset();
}

Result<kernel::Driver*> Host::load_driver(const std::filesystem::path& path, const kernel::LoadOptions& options) {
  auto driver = kernel_->load_driver(path, options);
  settle();
  return driver;
}

Result<kernel::Driver*> Host::load_driver(std::string_view name, PDRIVER_INITIALIZE entry,
                                          const kernel::LoadOptions& options) {
  auto driver = kernel_->register_driver(name, entry, options);
  settle();
  return driver;
}

Status Host::unload_driver(kernel::Driver& driver) {
  Status status = kernel_->unload_driver(driver);
  settle();
  return status;
}

void Host::settle() {
  wmi_->flush_registrations();
  kernel_->drain_work();
  wmi_->flush_registrations();  // work items may have asked for updates
  wmi_->flush_events();
}

std::vector<BlockInfo> Host::list_blocks() const {
  return wmi_->list_blocks();
}

Result<AllDataReply> Host::query_all_data(const Guid& guid) {
  BlockHandle open(wmi_.get(), guid);
  return wmi_->query_all_data(guid);
}

Result<AllDataReplyView> Host::query_all_data_view(const Guid& guid, std::vector<std::byte>& buffer) {
  BlockHandle open(wmi_.get(), guid);
  return wmi_->query_all_data_view(guid, buffer);
}

Result<SingleReply> Host::query_single_instance(const Guid& guid, const InstanceSelector& instance) {
  return wmi_->query_single_instance_opened(guid, instance);
}

Status Host::set_single_instance(const Guid& guid, const InstanceSelector& instance, Bytes data) {
  BlockHandle open(wmi_.get(), guid);
  return wmi_->set_single_instance(guid, instance, data);
}

Status Host::set_single_item(const Guid& guid, const InstanceSelector& instance, std::uint32_t item_id, Bytes data) {
  BlockHandle open(wmi_.get(), guid);
  return wmi_->set_single_item(guid, instance, item_id, data);
}

Result<SingleReply> Host::execute_method(const Guid& guid, const InstanceSelector& instance, std::uint32_t method_id,
                                         Bytes input) {
  BlockHandle open(wmi_.get(), guid);
  return wmi_->execute_method(guid, instance, method_id, input);
}

Subscription Host::subscribe(const Guid& guid) {
  return Subscription(wmi_.get(), wmi_->subscribe(guid), guid);
}

BlockHandle Host::open_block(const Guid& guid) {
  return BlockHandle(wmi_.get(), guid);
}

std::vector<std::string> Host::wmi_reports() const {
  return wmi_->reports();
}

}  // namespace wmiport

namespace wmiport {

std::vector<verifier::Violation> Host::violations() const {
  return verifier_ ? verifier_->violations() : std::vector<verifier::Violation>{};
}

std::vector<verifier::Violation> Host::take_violations() {
  return verifier_ ? verifier_->take() : std::vector<verifier::Violation>{};
}

}  // namespace wmiport
