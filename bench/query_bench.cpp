// QUERY_SINGLE_INSTANCE and QUERY_ALL_DATA through the whole stack, beside the driver's own work (its fill
// routine called directly, then a copy of its bytes): the limit no request path can beat.
#include <benchmark/benchmark.h>

#include <cstring>
#include <map>
#include <vector>

#include "bench_env.h"

namespace wmiport::bench {
namespace {

// ---- QUERY_SINGLE_INSTANCE of a 64-byte block ----

// The limit: the driver's callback work (filling its 64 bytes) and one copy of them to the consumer.
void BM_Single_DirectCall_WdmFill(benchmark::State& state) {
  auto fill = env().wdm_control->fill_single;
  alignas(8) std::uint8_t driver_buffer[BENCH_BLOCK_SIZE];
  alignas(8) std::uint8_t consumer[BENCH_BLOCK_SIZE];
  for (auto _ : state) {
    benchmark::DoNotOptimize(fill);  // called through the pointer, as the stack calls the callback
    fill(driver_buffer, 0);
    std::memcpy(consumer, driver_buffer, sizeof consumer);
    benchmark::DoNotOptimize(consumer);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_Single_DirectCall_WdmFill);

void BM_Single_DirectCall_ScsiFill(benchmark::State& state) {
  auto fill = env().scsi_control->fill_single;
  alignas(8) std::uint8_t driver_buffer[BENCH_BLOCK_SIZE];
  alignas(8) std::uint8_t consumer[BENCH_BLOCK_SIZE];
  for (auto _ : state) {
    benchmark::DoNotOptimize(fill);
    fill(driver_buffer, 0);
    std::memcpy(consumer, driver_buffer, sizeof consumer);
    benchmark::DoNotOptimize(consumer);
    benchmark::ClobberMemory();
  }
}
BENCHMARK(BM_Single_DirectCall_ScsiFill);

void check_single(const Result<SingleReply>& reply) {
  if (!reply.ok())
    fail("query_single_instance: " + reply.error().to_string());
  if (reply->instance.data.size() != BENCH_BLOCK_SIZE)
    fail("query_single_instance: wrong size");
}

// Host::query_single_instance: open the block, resolve, IRP, WmiSystemControl, callback, WmiCompleteRequest,
// parse. By position and by name.
void BM_Single_WmiLib_Host(benchmark::State& state) {
  const Guid guid = wdm_guid(BENCH_SINGLE, 0);
  const InstanceSelector selector = state.range(0) == 0 ? InstanceSelector{0u} : InstanceSelector{u"B0"};
  for (auto _ : state) {
    auto reply = env().host->query_single_instance(guid, selector);
    benchmark::DoNotOptimize(reply);
  }
  check_single(env().host->query_single_instance(guid, selector));
  state.SetLabel(state.range(0) == 0 ? "by position" : "by name");
}
BENCHMARK(BM_Single_WmiLib_Host)->Arg(0)->Arg(1);

// The WMI core alone (no consumer open/close of the block around the request).
void BM_Single_WmiLib_Core(benchmark::State& state) {
  const Guid guid = wdm_guid(BENCH_SINGLE, 0);
  const InstanceSelector selector{0u};
  for (auto _ : state) {
    auto reply = env().host->wmi().query_single_instance(guid, selector);
    benchmark::DoNotOptimize(reply);
  }
  check_single(env().host->wmi().query_single_instance(guid, selector));
}
BENCHMARK(BM_Single_WmiLib_Core);

// Through the port driver: IRP -> SRB_FUNCTION_WMI -> StartIo -> ScsiPortWmiDispatchFunction -> callback.
void BM_Single_ScsiPort_Host(benchmark::State& state) {
  const Guid guid = scsi_guid(BENCH_SCSI_SINGLE);
  const InstanceSelector selector{0u};
  for (auto _ : state) {
    auto reply = env().host->query_single_instance(guid, selector);
    benchmark::DoNotOptimize(reply);
  }
  check_single(env().host->query_single_instance(guid, selector));
}
BENCHMARK(BM_Single_ScsiPort_Host);

// ---- QUERY_ALL_DATA ----

// One device per (instance count), created on first use: blocks ALL64 and ALL_MIXED carry that many instances.
std::uint32_t all_data_device(std::uint32_t instances) {
  static std::map<std::uint32_t, std::uint32_t> serials;
  auto it = serials.find(instances);
  if (it != serials.end())
    return it->second;
  const std::uint32_t serial = add_wdm_devices(1, BENCH_ALL_MIXED + 1, instances);
  serials.emplace(instances, serial);
  return serial;
}

std::uint64_t data_bytes(bool mixed, std::uint32_t instances) {
  if (!mixed)
    return std::uint64_t{BENCH_BLOCK_SIZE} * instances;
  static constexpr std::uint32_t sizes[BENCH_MIXED_KINDS] = BENCH_MIXED_SIZES;
  std::uint64_t total = 0;
  for (std::uint32_t k = 0; k < instances; ++k)
    total += sizes[k % BENCH_MIXED_KINDS];
  return total;
}

void set_all_data_counters(benchmark::State& state, std::uint32_t instances, std::uint64_t bytes) {
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes) * state.iterations());
  state.counters["instances"] = instances;
  state.counters["per_instance"] =
      benchmark::Counter(instances, benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void BM_AllData_Host(benchmark::State& state) {
  const bool mixed = state.range(0) != 0;
  const auto instances = static_cast<std::uint32_t>(state.range(1));
  const Guid guid = wdm_guid(mixed ? BENCH_ALL_MIXED : BENCH_ALL64, all_data_device(instances));
  for (auto _ : state) {
    auto reply = env().host->query_all_data(guid);
    if (!reply.ok() || reply->instances.size() != instances)
      fail("query_all_data: " + (reply.ok() ? std::string("wrong instance count") : reply.error().to_string()));
    benchmark::DoNotOptimize(reply);
  }
  set_all_data_counters(state, instances, data_bytes(mixed, instances));
  state.SetLabel(mixed ? "mixed sizes" : "64 B");
}

// Host::query_all_data_view: the same query into the consumer's reusable buffer, read through the view (every
// instance's data visited, as a consumer would). The buffer is sized by a first query before timing:
// the steady state of a consumer polling a block. `kind`: where the driver writes (WmiCore::ViewBuffers): the
// consumer's buffer zeroed first (the default with the verifier on, as in this benchmark's Host), the consumer's
// buffer as it is (the default with the verifier off), or a fresh PoolBuffer then copied (the verifier's way
// before BENCHMARKS.md item 9).
void run_all_data_view(benchmark::State& state, wmi::WmiCore::ViewBuffers kind) {
  const bool mixed = state.range(0) != 0;
  const auto instances = static_cast<std::uint32_t>(state.range(1));
  const Guid guid = wdm_guid(mixed ? BENCH_ALL_MIXED : BENCH_ALL64, all_data_device(instances));
  const std::uint64_t bytes = data_bytes(mixed, instances);
  const auto default_kind = env().host->wmi().view_buffers();
  env().host->wmi().set_view_buffers(kind);
  std::vector<std::byte> buffer;
  // Every instance's data is visited through the providers' validated WNODEs (wnode::AllDataView::data is
  // inline), names through the view's operator[] for the first and last instance only.
  auto check = [&](const Result<AllDataReplyView>& view) {
    if (!view.ok() || view->size() != instances)
      fail("query_all_data_view: " + (view.ok() ? std::string("wrong instance count") : view.error().to_string()));
    std::uint64_t seen = 0;
    for (const auto& part : view->parts())
      for (std::uint32_t k = 0; k < part.wnode.count(); ++k)
        seen += part.wnode.data(k).size();
    if (seen != bytes || (*view)[0].name.empty() || (*view)[instances - 1].name.empty())
      fail("query_all_data_view: wrong data size or names");
  };
  check(env().host->query_all_data_view(guid, buffer));
  for (auto _ : state)
    check(env().host->query_all_data_view(guid, buffer));
  env().host->wmi().set_view_buffers(default_kind);
  set_all_data_counters(state, instances, bytes);
  using Kind = wmi::WmiCore::ViewBuffers;
  state.SetLabel(std::string(mixed ? "mixed sizes" : "64 B") + (kind == Kind::zeroed_slot ? ", caller's buffer zeroed"
                                                                : kind == Kind::slot      ? ", caller's buffer"
                                                                                          : ", PoolBuffer + copy"));
}

// With the verifier on (the default): the consumer's buffer, zeroed for the driver.
void BM_AllData_View(benchmark::State& state) {
  run_all_data_view(state, wmi::WmiCore::ViewBuffers::zeroed_slot);
}

// With the verifier off: the consumer's buffer as it is.
void BM_AllData_ViewDirect(benchmark::State& state) {
  run_all_data_view(state, wmi::WmiCore::ViewBuffers::slot);
}

// A fresh PoolBuffer per query, copied into the consumer's buffer (the verifier-on default before item 9).
void BM_AllData_ViewPool(benchmark::State& state) {
  run_all_data_view(state, wmi::WmiCore::ViewBuffers::pool_copy);
}

// The driver's own work: its QueryWmiDataBlock fill of the same instances (the function the callback calls),
// into a buffer shaped like the request's (the lengths, then the data at DataBlockOffset), called directly.
void BM_AllData_DirectCall(benchmark::State& state) {
  const bool mixed = state.range(0) != 0;
  const auto instances = static_cast<std::uint32_t>(state.range(1));
  const std::uint64_t bytes = data_bytes(mixed, instances);
  auto fill = env().wdm_control->fill_instances;
  const std::size_t data_block_offset = (60 + std::size_t{8} * instances + 7) / 8 * 8;
  std::vector<std::uint8_t> buffer(data_block_offset + bytes + 8 * std::size_t{instances});
  auto* lengths = reinterpret_cast<std::uint32_t*>(buffer.data() + 60);
  for (auto _ : state) {
    benchmark::DoNotOptimize(fill);
    const std::uint32_t used =
        fill(mixed ? BENCH_ALL_MIXED : BENCH_ALL64, buffer.data() + data_block_offset, lengths, 0, instances);
    benchmark::DoNotOptimize(used);
    benchmark::ClobberMemory();
  }
  set_all_data_counters(state, instances, bytes);
  state.SetLabel(mixed ? "mixed sizes" : "64 B");
}

// The limit: one memcpy of the same data bytes.
void BM_AllData_Memcpy(benchmark::State& state) {
  const bool mixed = state.range(0) != 0;
  const auto instances = static_cast<std::uint32_t>(state.range(1));
  const std::uint64_t bytes = data_bytes(mixed, instances);
  std::vector<std::uint8_t> from(bytes, 0x5A), to(bytes);
  for (auto _ : state) {
    std::memcpy(to.data(), from.data(), bytes);
    benchmark::DoNotOptimize(to.data());
    benchmark::ClobberMemory();
  }
  set_all_data_counters(state, instances, bytes);
  state.SetLabel(mixed ? "mixed sizes" : "64 B");
}

void all_data_args(benchmark::internal::Benchmark* b) {
  b->ArgNames({"mixed", "instances"});
  for (int mixed : {0, 1})
    for (int instances : {1, 100, 10'000, 1'000'000})
      b->Args({mixed, instances});
  b->Unit(benchmark::kMicrosecond);
}
BENCHMARK(BM_AllData_Host)->Apply(all_data_args);
BENCHMARK(BM_AllData_View)->Apply(all_data_args);
BENCHMARK(BM_AllData_ViewDirect)->Apply(all_data_args);
BENCHMARK(BM_AllData_ViewPool)->Apply(all_data_args);
BENCHMARK(BM_AllData_DirectCall)->Apply(all_data_args);
BENCHMARK(BM_AllData_Memcpy)->Apply(all_data_args);

// ---- WNODE_TOO_SMALL: the first buffer is 4096 bytes ----

// A 4000-byte instance fits the first buffer; a 4100-byte one gets WNODE_TOO_SMALL and a second IRP with exactly
// SizeNeeded bytes.
void BM_SingleSized(benchmark::State& state) {
  const auto size = static_cast<std::uint32_t>(state.range(0));
  const Guid guid = wdm_guid(BENCH_SIZED, 0);
  env().wdm_control->sized_bytes = size;
  for (auto _ : state) {
    auto reply = env().host->query_single_instance(guid, InstanceSelector{0u});
    benchmark::DoNotOptimize(reply);
  }
  auto reply = env().host->query_single_instance(guid, InstanceSelector{0u});
  if (!reply.ok() || reply->instance.data.size() != size)
    fail("sized query failed");
  state.SetLabel(size > 4000 ? "WNODE_TOO_SMALL round trip" : "right-sized");
}
BENCHMARK(BM_SingleSized)->Arg(4000)->Arg(4100);

}  // namespace
}  // namespace wmiport::bench
