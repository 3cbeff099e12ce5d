// The ScsiPort* routines a miniport calls (ScsiPortGetSrb, ScsiPortCompleteRequest with its wildcard forms,
// ScsiPortGetUncachedExtension, ScsiPortGetLogicalUnit, ScsiPortMoveMemory, ScsiPortLogError) and the bus
// notifications (ResetDetected, BusChangeDetected, CallDisableInterrupts/CallEnableInterrupts), each asked of the
// scsi_port_probe miniport (tests/drivers/scsi_port_probe.c) through an adapter method.
#include <chrono>
#include <cstring>
#include <functional>
#include <thread>

#include "probe_fixture.h"

namespace wmiport::test {
namespace {

// Waits (up to 20 s, for slow sanitised runs) until `done` holds; the caller asserts the result.
bool wait_until(const std::function<bool()>& done) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline)
      return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

class ServicesTest : public ScsiProbeTest {
 protected:
  // Runs a probe method; its output bytes.
  std::vector<std::uint8_t> method(std::uint32_t id, std::vector<std::uint8_t> input = {0, 0, 0, 0}) {
    auto reply = host_->execute_method(probe_guid(SCSI_PROBE_CONTROL), std::uint32_t{0}, id, input);
    EXPECT_TRUE(reply.ok()) << (reply.ok() ? "" : reply.error().to_string());
    return reply.ok() ? reply->instance.data : std::vector<std::uint8_t>{};
  }
  std::uint32_t method_u32(std::uint32_t id, std::vector<std::uint8_t> input) {
    auto out = method(id, std::move(input));
    std::uint32_t value = 0xdeadbeef;
    if (out.size() >= 4)
      std::memcpy(&value, out.data(), 4);
    return value;
  }
  const scsiport::LogicalUnitInfo& unit(std::uint8_t path, std::uint8_t target) {
    for (const auto& lu : adapter_.logical_units)
      if (lu.path_id == path && lu.target_id == target)
        return lu;
    ADD_FAILURE() << "no unit " << int{path} << "," << int{target};
    return adapter_.logical_units.front();
  }
  void TearDown() override {
    scsiport::set_wmi_srb_timeout(10);  // the default, for the next test
    ScsiProbeTest::TearDown();
  }
  // A HOLD query on unit (path, target, 0) from another thread; its NTSTATUS once it completes.
  std::thread hold(std::uint8_t path, std::uint8_t target, NTSTATUS& status) {
    const std::u16string name = unit(path, target).instance_path + u"_0";
    return std::thread([this, &status, name] {
      auto reply = host_->query_single_instance(probe_guid(SCSI_PROBE_HOLD), name);
      status = reply.ok() ? STATUS_SUCCESS : reply.error().code();
    });
  }
};

TEST_F(ServicesTest, GetLogicalUnitGivesTheExtensionOfAPresentUnitOnly) {
  EXPECT_EQ(method_u32(SCSI_PROBE_METHOD_GET_LU, {0, 1, 0, 0}), 1u);  // the extension its INQUIRY filled
  EXPECT_EQ(method_u32(SCSI_PROBE_METHOD_GET_LU, {1, 0, 0, 0}), 1u);
  EXPECT_EQ(method_u32(SCSI_PROBE_METHOD_GET_LU, {1, 1, 0, 0}), 0u);  // nobody answered there
  EXPECT_EQ(method_u32(SCSI_PROBE_METHOD_GET_LU, {0, 0, 1, 0}), 0u);  // beyond MaximumNumberOfLogicalUnits
  EXPECT_EQ(method_u32(SCSI_PROBE_METHOD_GET_LU, {0, SCSI_PROBE_INITIATOR_ID, 0, 0}), 0u);
}

TEST_F(ServicesTest, MoveMemoryCopiesOverlappingBuffersAndIgnoresAnEmptyMove) {
  const auto out = method(SCSI_PROBE_METHOD_MOVE);
  EXPECT_EQ(std::string(out.begin(), out.end()), "ababcdef");
}

TEST_F(ServicesTest, UncachedExtensionIsOneZeroedAlignedBlockThatLasts) {
  const auto out = method(SCSI_PROBE_METHOD_UNCACHED);
  ASSERT_EQ(out.size(), 16u);
  EXPECT_EQ(out[0], 1);   // 2 MiB: refused (NULL)
  EXPECT_EQ(out[4], 1);   // 4096 bytes: 8-aligned, zeroed
  EXPECT_EQ(out[8], 1);   // what HwFindAdapter wrote is still there when StartIo runs
  EXPECT_EQ(out[12], 1);  // a second call gives the same block
}

TEST_F(ServicesTest, DeferredInterruptRoutinesRunBeforeTheReply) {
  method(SCSI_PROBE_METHOD_DEFERRED);
  EXPECT_EQ(stat(stats_->deferred_calls), 2);
}

// Several LU requests outstanding at once: ScsiPortGetSrb finds each, ScsiPortLogError names its SRB,
// ResetDetected leaves them to the miniport, and ScsiPortCompleteRequest completes exactly the ones its
// (wildcard) address matches with the status it is given.
TEST_F(ServicesTest, OutstandingRequestsAreFoundLoggedAndCompletedByAddress) {
  struct Held {
    std::uint8_t path, target;
    NTSTATUS status = STATUS_PENDING;
    std::thread thread;
  };
  std::vector<Held> held(3);
  held[0].path = 0, held[0].target = 0;
  held[1].path = 0, held[1].target = 1;
  held[2].path = 1, held[2].target = 0;
  for (auto& h : held)
    h.thread = hold(h.path, h.target, h.status);
  if (!wait_until([&] { return stat(stats_->held) == 3; })) {
    ADD_FAILURE() << "held " << stat(stats_->held);
    method(SCSI_PROBE_METHOD_COMPLETE, {SP_UNTAGGED, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_ABORTED});
    for (auto& h : held) {
      h.thread.join();
      ADD_FAILURE() << std::hex << h.status;
    }
    return;
  }

  EXPECT_EQ(method_u32(SCSI_PROBE_METHOD_GET_SRB, {0, 0, 0, 0}), 1u);
  EXPECT_EQ(method_u32(SCSI_PROBE_METHOD_GET_SRB, {0, 1, 0, 0}), 1u);
  EXPECT_EQ(method_u32(SCSI_PROBE_METHOD_GET_SRB, {1, 0, 0, 0}), 1u);
  EXPECT_EQ(method_u32(SCSI_PROBE_METHOD_GET_SRB, {1, 1, 0, 0}), 0u);  // nothing outstanding there

  method(SCSI_PROBE_METHOD_LOG_ERROR, {0, 1, 0, 0});
  bool logged = false;
  for (const auto& r : scsiport::records())
    if (r.kind == scsiport::RecordKind::log_error && r.driver == "scsi_port_probe") {
      EXPECT_EQ(r.code, std::uint32_t{SP_BUS_TIME_OUT});
      EXPECT_EQ(r.detail, 0x77u);
      EXPECT_EQ(r.path_id, 0);
      EXPECT_EQ(r.target_id, 1);
      EXPECT_NE(r.text.find("SRB function 0x17"), std::string::npos) << r.text;  // SRB_FUNCTION_WMI
      logged = true;
    }
  EXPECT_TRUE(logged);

  const int32_t timer_calls = stat(stats_->timer_calls);
  method(SCSI_PROBE_METHOD_RESET);
  ASSERT_TRUE(wait_until([&] { return stat(stats_->timer_calls) > timer_calls; }));
  bool reset_recorded = false;
  for (const auto& r : scsiport::records())
    reset_recorded = reset_recorded || (r.kind == scsiport::RecordKind::bus_event && r.code == ResetDetected);
  EXPECT_TRUE(reset_recorded);
  // After ResetDetected the requests are still the miniport's.
  EXPECT_EQ(method_u32(SCSI_PROBE_METHOD_GET_SRB, {0, 0, 0, 0}), 1u);
  EXPECT_EQ(stat(stats_->held), 3);

  // Bus 0, any target, any LUN: the two on bus 0 complete with SRB_STATUS_BUS_RESET (an I/O device error).
  method(SCSI_PROBE_METHOD_COMPLETE, {0, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_BUS_RESET});
  held[0].thread.join();
  held[1].thread.join();
  EXPECT_EQ(held[0].status, STATUS_IO_DEVICE_ERROR);
  EXPECT_EQ(held[1].status, STATUS_IO_DEVICE_ERROR);
  EXPECT_EQ(stat(stats_->held), 1);
  EXPECT_EQ(method_u32(SCSI_PROBE_METHOD_GET_SRB, {0, 0, 0, 0}), 0u);
  EXPECT_EQ(method_u32(SCSI_PROBE_METHOD_GET_SRB, {1, 0, 0, 0}), 1u);  // bus 1 untouched

  // Everything (PathId, TargetId and Lun all SP_UNTAGGED) with SRB_STATUS_ABORTED: cancelled.
  method(SCSI_PROBE_METHOD_COMPLETE, {SP_UNTAGGED, SP_UNTAGGED, SP_UNTAGGED, SRB_STATUS_ABORTED});
  held[2].thread.join();
  EXPECT_EQ(held[2].status, STATUS_CANCELLED);
  EXPECT_EQ(stat(stats_->held), 0);
  for (const auto& r : scsiport::records())
    EXPECT_NE(r.kind, scsiport::RecordKind::port_contract) << r.text;
}

// A request the miniport keeps past its TimeOutValue: the port calls HwResetBus for its bus, whose
// ScsiPortCompleteRequest(SRB_STATUS_BUS_RESET) completes it.
TEST_F(ServicesTest, ARequestPastItsTimeoutResetsItsBus) {
  scsiport::set_wmi_srb_timeout(1);
  NTSTATUS status = STATUS_PENDING;
  std::thread waiting = hold(1, 0, status);
  waiting.join();
  EXPECT_EQ(status, STATUS_IO_DEVICE_ERROR);
  EXPECT_GE(stat(stats_->reset_bus_calls), 1);
  EXPECT_EQ(stat(stats_->held), 0);
  bool reset = false;
  for (const auto& r : scsiport::records()) {
    reset = reset || (r.kind == scsiport::RecordKind::bus_event && r.code == SRB_STATUS_TIMEOUT && r.path_id == 1);
    EXPECT_NE(r.kind, scsiport::RecordKind::port_contract) << r.text;
  }
  EXPECT_TRUE(reset);
}

// A miniport whose HwResetBus does not complete the request either: after another TimeOutValue the port completes
// it with SRB_STATUS_TIMEOUT (STATUS_IO_TIMEOUT), records the breach, and the adapter goes on serving requests.
TEST_F(ServicesTest, ARequestStillOutstandingAfterTheResetIsGivenUp) {
  method(SCSI_PROBE_METHOD_IGNORE_RESET);
  scsiport::set_wmi_srb_timeout(1);
  NTSTATUS status = STATUS_PENDING;
  std::thread waiting = hold(0, 1, status);
  waiting.join();
  EXPECT_EQ(status, STATUS_IO_TIMEOUT);
  EXPECT_GE(stat(stats_->reset_bus_calls), 1);
  bool given_up = false;
  for (const auto& r : scsiport::records())
    given_up = given_up || (r.kind == scsiport::RecordKind::port_contract && r.code == SRB_STATUS_TIMEOUT &&
                            r.path_id == 0 && r.target_id == 1);
  EXPECT_TRUE(given_up);
  EXPECT_EQ(method_u32(SCSI_PROBE_METHOD_GET_LU, {0, 1, 0, 0}), 1u);
}

// Unloading waits for the WMI requests in flight (spec §5.5); one the miniport holds ends through the timeout and
// HwResetBus, so the unload finishes and the consumer gets an answer.
TEST_F(ServicesTest, UnloadWithAHeldRequestEndsItThroughTheTimeout) {
  scsiport::set_wmi_srb_timeout(1);
  NTSTATUS status = STATUS_PENDING;
  std::thread waiting = hold(0, 0, status);
  ASSERT_TRUE(wait_until([&] { return stat(stats_->held) == 1; }));
  auto unloaded = host_->unload_driver(*driver_);
  EXPECT_TRUE(unloaded.ok()) << unloaded.error().to_string();
  waiting.join();
  EXPECT_EQ(status, STATUS_IO_DEVICE_ERROR);
  EXPECT_TRUE(scsiport::adapters().empty());
}

TEST_F(ServicesTest, BusChangeDetectedRescansAndRegistersTheNewUnitWithWmi) {
  auto before = host_->query_all_data(probe_guid(SCSI_PROBE_HOLD));
  ASSERT_TRUE(before.ok()) << before.error().to_string();
  EXPECT_EQ(before->instances.size(), 3u);
  method(SCSI_PROBE_METHOD_PLUG);
  ASSERT_TRUE(wait_until([&] { return adapter_of("scsi_port_probe").logical_units.size() == 4; }));
  const auto adapter = adapter_of("scsi_port_probe");
  const auto& added = adapter.logical_units.back();
  EXPECT_EQ(added.path_id, 1);
  EXPECT_EQ(added.target_id, 1);
  EXPECT_TRUE(added.instance_path.ends_with(u"&010100"))
      << std::string(added.instance_path.begin(), added.instance_path.end());
  EXPECT_EQ(method_u32(SCSI_PROBE_METHOD_GET_LU, {1, 1, 0, 0}), 1u);  // its INQUIRY found the extension
  host_->settle();  // the WMI core takes in the new registration asynchronously
  auto after = host_->query_all_data(probe_guid(SCSI_PROBE_HOLD));
  ASSERT_TRUE(after.ok()) << after.error().to_string();
  EXPECT_EQ(after->instances.size(), 4u);
  // The new LU's instance is named from its PDO's device instance path.
  bool named = false;
  for (const auto& instance : after->instances)
    named = named || instance.name == added.instance_path + u"_0";
  EXPECT_TRUE(named);
  bool recorded = false;
  for (const auto& r : scsiport::records())
    recorded = recorded || (r.kind == scsiport::RecordKind::bus_event && r.code == BusChangeDetected && r.detail == 1);
  EXPECT_TRUE(recorded);
}

}  // namespace
}  // namespace wmiport::test
