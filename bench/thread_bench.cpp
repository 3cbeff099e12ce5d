// Two consumer threads querying at once: each its own adapter (bench_scsi has two), or both the same adapter.
// The port serialises StartIo per adapter, so the same adapter is the contended case. One thread alone beside them.
#include <benchmark/benchmark.h>

#include "bench_env.h"

namespace wmiport::bench {
namespace {

void query_adapter_loop(benchmark::State& state, std::uint32_t adapter) {
  const Guid guid = scsi_guid(BENCH_SCSI_SINGLE);
  for (auto _ : state) {
    auto reply = env().host->query_single_instance(guid, InstanceSelector{adapter});
    if (!reply.ok())
      fail("adapter query: " + reply.error().to_string());
    benchmark::DoNotOptimize(reply);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Threads_DifferentAdapters(benchmark::State& state) {
  query_adapter_loop(state, static_cast<std::uint32_t>(state.thread_index() % 2));
}
BENCHMARK(BM_Threads_DifferentAdapters)->Threads(1)->Threads(2)->UseRealTime();

void BM_Threads_SameAdapter(benchmark::State& state) {
  query_adapter_loop(state, 0);
}
BENCHMARK(BM_Threads_SameAdapter)->Threads(2)->UseRealTime();

}  // namespace
}  // namespace wmiport::bench
