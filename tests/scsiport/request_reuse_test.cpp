// The port's request objects (docs/decisions.md P17): each thread keeps the last request it finished with and takes
// it for its next one, with the SRB extension zeroed again; a request the port gave up (timeout) is never reused,
// so that the miniport's late completion of it is recognised; a second completion of an SRB is reported and
// ignored. Asked of the scsi_port_probe miniport (tests/drivers/scsi_port_probe.c), which counts the WMI SRBs whose
// SrbExtension was not all zero when HwStartIo got them.
#include <atomic>
#include <chrono>
#include <cstring>
#include <thread>

#include "probe_fixture.h"

namespace wmiport::test {
namespace {

class RequestReuseTest : public ScsiProbeTest {
 protected:
  // GET_LU for unit (0,1,0): 1 when the miniport found the extension its INQUIRY filled.
  std::uint32_t get_lu() {
    auto reply = host_->execute_method(probe_guid(SCSI_PROBE_CONTROL), std::uint32_t{0}, SCSI_PROBE_METHOD_GET_LU,
                                       std::vector<std::uint8_t>{0, 1, 0, 0});
    if (!reply.ok() || reply->instance.data.size() < 4)
      return 0xdeadbeef;
    std::uint32_t value = 0;
    std::memcpy(&value, reply->instance.data.data(), 4);
    return value;
  }
  bool run(std::uint32_t method) {
    auto reply = host_->execute_method(probe_guid(SCSI_PROBE_CONTROL), std::uint32_t{0}, method,
                                       std::vector<std::uint8_t>{0, 0, 0, 0});
    return reply.ok();
  }
  std::u16string name_of(std::uint8_t path, std::uint8_t target) {
    for (const auto& lu : adapter_.logical_units)
      if (lu.path_id == path && lu.target_id == target)
        return lu.instance_path + u"_0";
    ADD_FAILURE() << "no unit " << int{path} << "," << int{target};
    return {};
  }
  // How many records of `kind` contain `text`.
  static int count_records(scsiport::RecordKind kind, const std::string& text) {
    int n = 0;
    for (const auto& r : scsiport::records())
      n += r.kind == kind && r.text.find(text) != std::string::npos;
    return n;
  }
};

// A request answered in HwStartIo runs start to finish on the thread that sent the IRP: its first request allocates
// the one request object the thread keeps, every later one reuses it, and the miniport finds a zeroed SRB
// extension each time although the library's request context was written there by the previous request.
TEST_F(RequestReuseTest, AThreadReusesItsKeptRequestWithAZeroedSrbExtension) {
  const int32_t srbs_before = stat(stats_->wmi_srbs);
  std::uint64_t after_first = 0;
  std::uint64_t after_all = 0;
  int wrong = 0;
  std::thread worker([&] {
    const std::uint64_t before = scsiport::requests_allocated_by_this_thread();
    wrong += get_lu() != 1;
    after_first = scsiport::requests_allocated_by_this_thread() - before;
    for (int i = 0; i < 20; ++i)
      wrong += get_lu() != 1;
    after_all = scsiport::requests_allocated_by_this_thread() - before;
  });
  worker.join();
  EXPECT_EQ(wrong, 0);
  EXPECT_EQ(after_first, 1u);
  EXPECT_EQ(after_all, 1u);
  EXPECT_GE(stat(stats_->wmi_srbs) - srbs_before, 21);
  EXPECT_EQ(stat(stats_->dirty_srb_extensions), 0);
}

// RequestComplete twice for the same SRB (the second right after the first, in the same HwStartIo): the request is
// answered once, the second completion is recorded as a port contract breach, and the next requests, which reuse
// the same request object, are unaffected.
TEST_F(RequestReuseTest, ASecondCompletionOfAnSrbIsReportedAndIgnored) {
  EXPECT_TRUE(run(SCSI_PROBE_METHOD_COMPLETE_TWICE));
  EXPECT_EQ(count_records(scsiport::RecordKind::port_contract, "completed twice"), 1);
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(get_lu(), 1u);
  EXPECT_EQ(count_records(scsiport::RecordKind::port_contract, "completed twice"), 1);
  EXPECT_EQ(stat(stats_->dirty_srb_extensions), 0);
}

// The port gives up a request the miniport keeps past its timeout and the reset (SRB_STATUS_TIMEOUT); the miniport
// completes it later from HwTimer. That SRB was not handed out again (given-up requests are parked with the
// adapter, not reused), so the late completion is recognised as such, reported against the unit, and changes
// nothing else; under ASan the miniport's write to the SRB is also checked to hit live memory.
TEST_F(RequestReuseTest, ALateCompletionOfAGivenUpRequestIsReported) {
  ASSERT_TRUE(run(SCSI_PROBE_METHOD_IGNORE_RESET));
  scsiport::set_wmi_srb_timeout(1);
  NTSTATUS status = STATUS_PENDING;
  const std::u16string name = name_of(0, 1);
  std::thread waiting([&] {
    auto reply = host_->query_single_instance(probe_guid(SCSI_PROBE_HOLD), name);
    status = reply.ok() ? STATUS_SUCCESS : reply.error().code();
  });
  waiting.join();
  ASSERT_EQ(status, STATUS_IO_TIMEOUT);
  ASSERT_EQ(stat(stats_->held), 1);  // the miniport still holds the SRB
  ASSERT_TRUE(run(SCSI_PROBE_METHOD_COMPLETE_HELD));
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (stat(stats_->held) != 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  ASSERT_EQ(stat(stats_->held), 0);
  int late = 0;
  for (const auto& r : scsiport::records())
    late += r.kind == scsiport::RecordKind::port_contract && r.code == SRB_STATUS_TIMEOUT && r.path_id == 0 &&
            r.target_id == 1 && r.text.find("completed late") != std::string::npos;
  EXPECT_EQ(late, 1);
  EXPECT_EQ(count_records(scsiport::RecordKind::port_contract, "completed twice"), 0);
  EXPECT_EQ(get_lu(), 1u);  // the adapter goes on serving requests
}

// Several threads at once, some requests answered in HwStartIo on the sending thread, others held by the miniport
// and completed from HwTimer (ScsiPortCompleteRequest, SRB_STATUS_ABORTED) so that they are released on the
// timer's thread: every reply
// is right and no SRB reaches the miniport with a used extension. Run under TSan (label concurrency).
TEST_F(RequestReuseTest, KeptRequestsAcrossThreadsStayClean) {
  constexpr int kThreads = 4;
  constexpr int kIterations = 30;
  std::atomic<int> wrong{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < kIterations; ++i)
        wrong += get_lu() != 1;
    });
  // Meanwhile: requests held on unit (1,0,0) and completed by the miniport's HwTimer.
  for (int round = 0; round < 3; ++round) {
    NTSTATUS status = STATUS_PENDING;
    const std::u16string name = name_of(1, 0);
    std::thread held([&] {
      auto reply = host_->query_single_instance(probe_guid(SCSI_PROBE_HOLD), name);
      status = reply.ok() ? STATUS_SUCCESS : reply.error().code();
    });
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (stat(stats_->held) == 0 && std::chrono::steady_clock::now() < deadline)
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    auto completed = host_->execute_method(probe_guid(SCSI_PROBE_CONTROL), std::uint32_t{0}, SCSI_PROBE_METHOD_COMPLETE,
                                           std::vector<std::uint8_t>{1, 0, 0, SRB_STATUS_ABORTED});
    ASSERT_TRUE(completed.ok());
    held.join();
    EXPECT_EQ(status, STATUS_CANCELLED);
  }
  for (auto& thread : threads)
    thread.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(stat(stats_->dirty_srb_extensions), 0);
  for (const auto& r : scsiport::records())
    EXPECT_NE(r.kind, scsiport::RecordKind::port_contract) << r.text;
}

}  // namespace
}  // namespace wmiport::test
