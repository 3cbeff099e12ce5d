#include "test_support.h"

#include <cstdarg>
#include <cstring>

namespace scsiwmi_test {

std::vector<Violation>& violations() {
  static std::vector<Violation> recorded;
  return recorded;
}

std::vector<Notification>& notifications() {
  static std::vector<Notification> recorded;
  return recorded;
}

std::vector<SCSIWMI_RULE> violation_rules() {
  std::vector<SCSIWMI_RULE> rules;
  for (const auto& v : violations())
    rules.push_back(v.rule);
  return rules;
}

void ScsiWmiTest::SetUp() {
  violations().clear();
  notifications().clear();
}

void ScsiWmiTest::TearDown() {
  for (const auto& v : violations())
    ADD_FAILURE() << "unexpected contract violation " << ScsiWmiRuleName(v.rule) << " (detail " << v.detail << ")";
  violations().clear();
}

std::vector<SCSIWMI_RULE> ScsiWmiTest::take_violations() {
  auto rules = violation_rules();
  violations().clear();
  return rules;
}

// ---- Trampolines: the C callbacks reach the TestMiniport through DeviceContext ----------------------------------

namespace {

TestMiniport& miniport(PVOID device_context) {
  auto* m = static_cast<TestMiniport*>(device_context);
  ++m->calls;
  return *m;
}

UCHAR reginfo_trampoline(PVOID device, PSCSIWMI_REQUEST_CONTEXT ctx, PWCHAR* mof_name) {
  return miniport(device).reginfo(ctx, mof_name);
}

BOOLEAN query_trampoline(PVOID device, PSCSIWMI_REQUEST_CONTEXT ctx, ULONG guid, ULONG instance, ULONG count,
                         PULONG lengths, ULONG avail, PUCHAR buffer) {
  return miniport(device).query(ctx, QueryArgs{guid, instance, count, lengths, avail, buffer});
}

BOOLEAN set_block_trampoline(PVOID device, PSCSIWMI_REQUEST_CONTEXT ctx, ULONG guid, ULONG instance, ULONG size,
                             PUCHAR buffer) {
  return miniport(device).set_block(ctx, guid, instance, size, buffer);
}

BOOLEAN set_item_trampoline(PVOID device, PSCSIWMI_REQUEST_CONTEXT ctx, ULONG guid, ULONG instance, ULONG item,
                            ULONG size, PUCHAR buffer) {
  return miniport(device).set_item(ctx, guid, instance, item, size, buffer);
}

BOOLEAN method_trampoline(PVOID device, PSCSIWMI_REQUEST_CONTEXT ctx, ULONG guid, ULONG instance, ULONG method,
                          ULONG in, ULONG out, PUCHAR buffer) {
  return miniport(device).method(ctx, guid, instance, method, in, out, buffer);
}

BOOLEAN control_trampoline(PVOID device, PSCSIWMI_REQUEST_CONTEXT ctx, ULONG guid,
                           SCSIWMI_ENABLE_DISABLE_CONTROL function, BOOLEAN enable) {
  return miniport(device).control(ctx, guid, function, enable);
}

}  // namespace

PSCSI_WMILIB_CONTEXT TestMiniport::build() {
  context.GuidCount = static_cast<ULONG>(guids.size());
  context.GuidList = guids.empty() ? nullptr : guids.data();
  context.QueryWmiRegInfo = reginfo ? reginfo_trampoline : nullptr;
  context.QueryWmiDataBlock = query ? query_trampoline : nullptr;
  context.SetWmiDataBlock = set_block ? set_block_trampoline : nullptr;
  context.SetWmiDataItem = set_item ? set_item_trampoline : nullptr;
  context.ExecuteWmiMethod = method ? method_trampoline : nullptr;
  context.WmiFunctionControl = control ? control_trampoline : nullptr;
  return &context;
}

Outcome dispatch(TestMiniport& m, UCHAR minor, const void* data_path, ByteVec& buffer, SCSIWMI_REQUEST_CONTEXT* ctx) {
  SCSIWMI_REQUEST_CONTEXT local{};
  if (ctx == nullptr)
    ctx = &local;
  const BOOLEAN pending =
      ScsiPortWmiDispatchFunction(m.build(), minor, &m, ctx, const_cast<void*>(data_path),
                                  static_cast<ULONG>(buffer.size()), buffer.empty() ? nullptr : buffer.data());
  return Outcome{pending, ScsiPortWmiGetReturnStatus(ctx), ScsiPortWmiGetReturnSize(ctx)};
}

// ---- A well-behaved QueryDataBlock ----------------------------------------------------------------------------------

ULONG instances_size(const std::vector<ByteVec>& instances) {
  ULONG size = 0;
  for (std::size_t k = 0; k < instances.size(); ++k) {
    if (k > 0)
      size = (size + 7u) & ~7u;
    size += static_cast<ULONG>(instances[k].size());
  }
  return size;
}

UCHAR answer_instances(PSCSIWMI_REQUEST_CONTEXT ctx, const QueryArgs& args, const std::vector<ByteVec>& instances) {
  const ULONG need = instances_size(instances);
  if (args.instance_lengths == nullptr || args.buffer_avail < need) {
    ScsiPortWmiPostProcess(ctx, SRB_STATUS_DATA_OVERRUN, need);
    return SRB_STATUS_DATA_OVERRUN;
  }
  ULONG at = 0;
  for (std::size_t k = 0; k < instances.size(); ++k) {
    at = (at + 7u) & ~7u;
    if (!instances[k].empty())
      std::memcpy(args.buffer + at, instances[k].data(), instances[k].size());
    args.instance_lengths[k] = static_cast<ULONG>(instances[k].size());
    at += static_cast<ULONG>(instances[k].size());
  }
  ScsiPortWmiPostProcess(ctx, SRB_STATUS_SUCCESS, need);
  return SRB_STATUS_SUCCESS;
}

// ---- Bytes ---------------------------------------------------------------------------------------------------------

ByteVec bytes_of(const void* p, std::size_t n) {
  const auto* b = static_cast<const std::uint8_t*>(p);
  return ByteVec(b, b + n);
}

ByteVec prefix(const ByteVec& v, std::size_t n) {
  return ByteVec(v.begin(), v.begin() + std::min(n, v.size()));
}

ByteVec le32(std::uint32_t v) {
  ByteVec out;
  put_le32(out, v);
  return out;
}

ByteVec zeros(std::size_t n) {
  return ByteVec(n, 0);
}

ByteVec padded(ByteVec v, std::size_t n) {
  v.resize(n, 0);
  return v;
}

std::uint32_t load32(const ByteVec& v, std::size_t offset) {
  std::uint32_t out;
  std::memcpy(&out, v.data() + offset, sizeof(out));
  return out;
}

}  // namespace scsiwmi_test

// ---- The port driver's side, faked ----------------------------------------------------------------------------------

extern "C" VOID WmiPortScsiWmiContractViolation(SCSIWMI_RULE Rule, PSCSIWMI_REQUEST_CONTEXT RequestContext,
                                                ULONG Detail) {
  scsiwmi_test::violations().push_back({Rule, RequestContext, Detail});
}

extern "C" VOID ScsiPortNotification(SCSI_NOTIFICATION_TYPE NotificationType, PVOID HwDeviceExtension, ...) {
  scsiwmi_test::Notification n{NotificationType, HwDeviceExtension, nullptr, {}, -1, -1, -1};
  va_list ap;
  va_start(ap, HwDeviceExtension);
  if (NotificationType == WMIEvent) {
    // (ext, PWNODE_EVENT_ITEM, PathId[, TargetId, Lun]); the UCHARs arrive promoted to int.
    const auto* wnode = static_cast<const std::uint8_t*>(va_arg(ap, void*));
    n.wnode_address = wnode;
    n.path_id = va_arg(ap, int);
    if (n.path_id != SP_UNTAGGED) {
      n.target_id = va_arg(ap, int);
      n.lun = va_arg(ap, int);
    }
    std::uint32_t size;
    std::memcpy(&size, wnode, sizeof(size));
    n.wnode.assign(wnode, wnode + size);
  }
  va_end(ap);
  scsiwmi_test::notifications().push_back(std::move(n));
}

extern "C" VOID ScsiPortMoveMemory(PVOID WriteBuffer, PVOID ReadBuffer, ULONG Length) {
  std::memmove(WriteBuffer, ReadBuffer, Length);
}
