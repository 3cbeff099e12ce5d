#include "fuzzing/request_runner.h"

#include <algorithm>
#include <cstring>
#include <memory>

#include <fmt/format.h>

#include "common/utf16.h"
#include "kernel/contract.h"
#include "wmi/irp_sender.h"
#include "wmi/pool_buffer.h"
#include "wnode/method_item.h"
#include "wnode/single_instance.h"
#include "wnode/single_item.h"
#include "wnode/wire_layout.h"
#include "wnode/wnode.h"
#include "wnode/wnode_header.h"

namespace wmiport::fuzzing {

namespace {

namespace wf = wnode::flag;

constexpr std::uint32_t kPageSize = 4096;
constexpr std::uint32_t kMaxBufferSize = 1u << 20;

std::uint8_t minor_of(RequestOp op) {
  switch (op) {
    case RequestOp::query_all:
      return IRP_MN_QUERY_ALL_DATA;
    case RequestOp::query_single:
      return IRP_MN_QUERY_SINGLE_INSTANCE;
    case RequestOp::set_instance:
      return IRP_MN_CHANGE_SINGLE_INSTANCE;
    case RequestOp::set_item:
      return IRP_MN_CHANGE_SINGLE_ITEM;
    case RequestOp::execute_method:
      return IRP_MN_EXECUTE_METHOD;
    case RequestOp::enable_events:
      return IRP_MN_ENABLE_EVENTS;
    case RequestOp::disable_events:
      return IRP_MN_DISABLE_EVENTS;
    case RequestOp::enable_collection:
      return IRP_MN_ENABLE_COLLECTION;
    case RequestOp::disable_collection:
      return IRP_MN_DISABLE_COLLECTION;
    case RequestOp::reginfo:
      return IRP_MN_REGINFO;
  }
  return IRP_MN_QUERY_ALL_DATA;
}

// The WNODE answers of these minor codes tell the size the driver needed.
bool has_reply_wnode(RequestOp op) {
  return op == RequestOp::query_all || op == RequestOp::query_single || op == RequestOp::execute_method;
}

// Minors whose request WNODE names an instance (and may carry input): the buffer always holds all of it, as
// Windows' WMI puts the whole request into the buffer it hands the driver.
bool carries_instance(RequestOp op) {
  return op == RequestOp::query_single || op == RequestOp::set_instance || op == RequestOp::set_item ||
         op == RequestOp::execute_method;
}

std::string outcome_text(NtStatusCode status, std::uint64_t information) {
  return fmt::format("{}, {} bytes", ntstatus_name(status), information);
}

RequestOutcome from_status(const Status& status) {
  const NtStatusCode code = status.ok() ? ntstatus::success : status.error().code();
  return {code, 0, status.ok() ? outcome_text(code, 0) : status.error().to_string()};
}

template <typename T>
RequestOutcome from_result(const Result<T>& result, std::uint64_t size) {
  if (!result.ok())
    return {result.error().code(), 0, result.error().to_string()};
  return {ntstatus::success, size, outcome_text(ntstatus::success, size)};
}

// The WNODE of a request, addressed the way the block's registration says (or deliberately not, for a wrong
// name or a GUID nobody registered).
Result<std::vector<std::uint8_t>> build_request(const FuzzRequest& request, const ModelBlock* block) {
  std::uint32_t name_flags = 0;
  if (block != nullptr && !block->dynamic_names)
    name_flags =
        wf::kStaticInstanceNames | ((block->flags & wnode::reg_flag::kInstancePdo) ? wf::kPdoInstanceNames : 0);
  wnode::WnodeHeader header;
  header.guid = request.guid;
  std::optional<std::u16string> name;
  std::uint32_t index = 0;
  if (const auto* position = std::get_if<std::uint32_t>(&request.instance)) {
    index = *position;
  } else {
    const auto& wanted = std::get<std::u16string>(request.instance);
    std::optional<std::uint32_t> static_index;
    if (block != nullptr && !block->dynamic_names) {
      auto it = std::find(block->instance_names.begin(), block->instance_names.end(), wanted);
      if (it != block->instance_names.end())
        static_index = static_cast<std::uint32_t>(it - block->instance_names.begin());
    }
    if (static_index) {
      index = *static_index;
    } else {
      name = wanted;
      name_flags = 0;
    }
  }
  header.flags = name_flags;
  switch (request.op) {
    case RequestOp::query_all: {
      std::vector<std::uint8_t> out(wnode::all_data::kSize);
      wnode::store_wnode_header(MutableBytes{out}, header, wnode::all_data::kSize, wf::kAllData | name_flags);
      return out;
    }
    case RequestOp::query_single:
      return wnode::build_single_instance({header, name, index, {}});
    case RequestOp::set_instance:
      return wnode::build_single_instance({header, name, index, request.input});
    case RequestOp::set_item:
      return wnode::build_single_item({header, name, index, request.item_id, request.input});
    case RequestOp::execute_method:
      return wnode::build_method_item({header, name, index, request.method_id, request.input});
    default:
      return std::vector<std::uint8_t>{};  // REGINFO: the driver writes from offset 0
  }
}

}  // namespace

RequestRunner::RequestRunner(Host& host, TargetModel& model) : host_(host), model_(model) {
  std::map<std::uint32_t, PDEVICE_OBJECT> devices;
  for (kernel::Driver* driver : host.kernel().drivers())
    for (PDEVICE_OBJECT device = driver->object()->DeviceObject; device != nullptr; device = device->NextDevice)
      devices[IoWMIDeviceObjectToProviderId(device)] = device;
  for (const auto& info : host.list_blocks()) {
    auto it = devices.find(info.provider_id);
    if (it == devices.end())
      continue;
    const Target target{it->second, info.provider_id};
    providers_by_guid_[info.guid].push_back(target);
    if (std::none_of(all_providers_.begin(), all_providers_.end(),
                     [&](const Target& t) { return t.provider_id == target.provider_id; }))
      all_providers_.push_back(target);
  }
}

RequestRunner::~RequestRunner() {
  subscriptions_.clear();
  handles_.clear();
}

RequestRunner::Target RequestRunner::target_of(const FuzzRequest& request) const {
  auto it = providers_by_guid_.find(request.guid);
  const auto& list = it != providers_by_guid_.end() ? it->second : all_providers_;
  if (list.empty())
    return {};
  return list[request.provider % list.size()];
}

void RequestRunner::resolve_size(FuzzRequest& request, std::uint32_t request_size) const {
  std::uint32_t needed = model_.needed(request);
  if (needed == 0)
    needed = request_size;
  switch (request.size_choice) {
    case SizeChoice::exact:
      break;
    case SizeChoice::zero:
      request.buffer_size = 0;
      break;
    case SizeChoice::needed_minus_one:
      request.buffer_size = needed == 0 ? 0 : needed - 1;
      break;
    case SizeChoice::needed:
      request.buffer_size = needed;
      break;
    case SizeChoice::needed_plus_one:
      request.buffer_size = needed + 1;
      break;
    case SizeChoice::page:
      request.buffer_size = kPageSize;
      break;
    case SizeChoice::too_small_wnode:  // the smallest buffer a WNODE_TOO_SMALL fits in, and one less
      request.buffer_size = wnode::too_small::kSize - (request.provider & 1);
      break;
  }
  request.size_choice = SizeChoice::exact;
  if (carries_instance(request.op))
    request.buffer_size = std::max(request.buffer_size, request_size);
  request.buffer_size = std::min(request.buffer_size, kMaxBufferSize);
}

void RequestRunner::prepare(FuzzRequest& request) const {
  if (request.size_choice == SizeChoice::exact && !carries_instance(request.op))
    return;
  auto built = build_request(request, model_.find(request.guid));
  resolve_size(request, built.ok() ? static_cast<std::uint32_t>(built->size()) : 0);
}

RequestOutcome RequestRunner::run(FuzzRequest& request) {
  switch (request.op) {
    case RequestOp::enable_events:
    case RequestOp::disable_events:
    case RequestOp::enable_collection:
    case RequestOp::disable_collection:
      return run_control(request);
    case RequestOp::reginfo:
      return run_raw(request);  // no consumer call asks for registration information
    default:
      return request.via_core ? run_via_core(request) : run_raw(request);
  }
}

RequestOutcome RequestRunner::run_raw(FuzzRequest& request) {
  const ModelBlock* block = model_.find(request.guid);
  auto built = build_request(request, block);
  if (!built.ok())
    return {built.error().code(), 0, "request not built: " + built.error().to_string()};
  const std::vector<std::uint8_t>& wnode_bytes = built.value();
  resolve_size(request, static_cast<std::uint32_t>(wnode_bytes.size()));
  const Target target = target_of(request);
  if (target.device == nullptr)
    return {ntstatus::wmi_guid_not_found, 0, "no WMI provider to send it to"};

  // Exactly buffer_size bytes, between the WMI core's guard bytes: a write past either end is the verifier's
  // write_outside_buffer in every build (a sanitizer is not needed to find the classic off-by-one).
  const std::uint32_t size = request.buffer_size;
  auto buffer = wmi::PoolBuffer::allocate(size);
  if (!buffer.ok())
    return {buffer.error().code(), 0, buffer.error().to_string()};
  if (!wnode_bytes.empty() && size > 0)
    std::memcpy(buffer->data(), wnode_bytes.data(), std::min<std::size_t>(size, wnode_bytes.size()));
  GUID guid{};
  request.guid.store(MutableBytes{reinterpret_cast<std::uint8_t*>(&guid), sizeof(guid)}, 0);
  void* data_path = request.op == RequestOp::reginfo ? reinterpret_cast<void*>(WMIREGISTER) : &guid;
  wmi::WmiIrpRequest irp;
  irp.registered_device = target.device;
  irp.provider_id = target.provider_id;
  irp.minor = minor_of(request.op);
  irp.data_path = data_path;
  irp.buffer = buffer->data();
  irp.buffer_size = size;
  auto sent = wmi::send_wmi_irp(irp);
  if (!sent.ok())
    return {sent.error().code(), 0, sent.error().to_string()};
  if (auto damaged = buffer->guard_damage())
    kernel::report_violation("write_outside_buffer",
                             fmt::format("{}: the driver wrote at offset {} of the {}-byte buffer (guard bytes changed)",
                                         describe(request), *damaged, size));
  RequestOutcome outcome{sent->status, sent->information, outcome_text(sent->status, sent->information)};
  check_reply(request, buffer->data(), outcome);
  return outcome;
}

// Learns the size the driver needed, and reports replies no consumer could read.
void RequestRunner::check_reply(const FuzzRequest& request, const std::uint8_t* buffer, const RequestOutcome& outcome) {
  const std::uint32_t size = request.buffer_size;
  if (outcome.information > size) {
    kernel::report_violation("wmi_reply_exceeds_buffer",
                             fmt::format("{}: Information {} is larger than the {}-byte buffer", describe(request),
                                         outcome.information, size));
    return;
  }
  const Bytes reply{buffer, static_cast<std::size_t>(outcome.information)};
  if (request.op == RequestOp::reginfo) {
    // Too small: the size needed as a ULONG at the start (with STATUS_BUFFER_TOO_SMALL, or success and 4 bytes).
    if (reply.size() == sizeof(std::uint32_t) || (outcome.status == ntstatus::buffer_too_small && size >= 4))
      model_.learn_needed(request, load_u32(Bytes{buffer, size}, 0));
    return;
  }
  if (!has_reply_wnode(request.op) || !nt_success(outcome.status))
    return;
  if (reply.size() >= wnode::too_small::kSize && (load_u32(reply, wnode::header::kFlags) & wf::kTooSmall) != 0) {
    model_.learn_needed(request, load_u32(reply, wnode::too_small::kSizeNeeded));
    return;
  }
  model_.learn_needed(request, static_cast<std::uint32_t>(reply.size()));
  if (auto parsed = wnode::parse_wnode(reply); !parsed.ok())
    kernel::report_violation("wmi_reply_malformed", fmt::format("{}: the reply WNODE does not parse: {}",
                                                                describe(request), parsed.error().to_string()));
}

RequestOutcome RequestRunner::run_via_core(FuzzRequest& request) {
  switch (request.op) {
    case RequestOp::query_all: {
      auto reply = host_.query_all_data(request.guid);
      return from_result(reply, reply.ok() ? reply->merged_wnode.size() : 0);
    }
    case RequestOp::query_single: {
      auto reply = host_.query_single_instance(request.guid, request.instance);
      return from_result(reply, reply.ok() ? reply->wnode.size() : 0);
    }
    case RequestOp::set_instance:
      return from_status(host_.set_single_instance(request.guid, request.instance, request.input));
    case RequestOp::set_item:
      return from_status(host_.set_single_item(request.guid, request.instance, request.item_id, request.input));
    case RequestOp::execute_method: {
      auto reply = host_.execute_method(request.guid, request.instance, request.method_id, request.input);
      return from_result(reply, reply.ok() ? reply->wnode.size() : 0);
    }
    default:
      return run_raw(request);
  }
}

RequestOutcome RequestRunner::run_control(const FuzzRequest& request) {
  const Guid& guid = request.guid;
  switch (request.op) {
    case RequestOp::enable_events:
      subscriptions_.push_back(host_.subscribe(guid));
      return {ntstatus::success, 0, "subscribed"};
    case RequestOp::disable_events: {
      auto it = std::find_if(subscriptions_.begin(), subscriptions_.end(),
                             [&](const Subscription& s) { return s.guid() == guid; });
      if (it == subscriptions_.end())
        return {ntstatus::success, 0, "no subscription to drop"};
      subscriptions_.erase(it);
      return {ntstatus::success, 0, "unsubscribed"};
    }
    case RequestOp::enable_collection:
      handles_.push_back(host_.open_block(guid));
      return {ntstatus::success, 0, "block opened"};
    default: {
      auto it = std::find_if(handles_.begin(), handles_.end(), [&](const BlockHandle& h) { return h.guid() == guid; });
      if (it == handles_.end())
        return {ntstatus::success, 0, "no open handle to close"};
      handles_.erase(it);
      return {ntstatus::success, 0, "block closed"};
    }
  }
}

}  // namespace wmiport::fuzzing
