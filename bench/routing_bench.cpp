// Registration of many devices, then request routing as the number of registered blocks grows: every routing
// device registers 10 blocks with GUIDs of their own, and each lookup queries a 4-byte block of a device picked
// at random among them. Beside it, the limit: finding the GUID in a hash map of the same size.
#include <benchmark/benchmark.h>

#include <time.h>

#include <chrono>
#include <map>
#include <random>
#include <unordered_map>
#include <vector>

#include "bench_env.h"

namespace wmiport::bench {
namespace {

constexpr std::uint32_t kBlocksPerDevice = 10;

// The routing devices registered so far (serials), grown by the benchmarks in increasing order.
std::vector<std::uint32_t>& routing_devices() {
  static std::vector<std::uint32_t> serials;
  return serials;
}

struct Growth {
  std::uint32_t added = 0;  // devices added to reach this count
  double seconds = 0;       // the time their registration took (add_device + settle)
  double cpu_seconds = 0;   // the CPU time of the whole process meanwhile
};

// CPU time of the whole process: registration runs on the WMI core's registration thread, not on the
// benchmarking thread whose CPU time Google Benchmark reports, and on a loaded machine wall time mostly measures
// waiting for a core.
double process_cpu_seconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

// Grows the routing devices to `count` (once: Google Benchmark runs a benchmark function several times).
const Growth& grow_to(std::uint32_t count) {
  static std::map<std::uint32_t, Growth> growths;
  if (auto it = growths.find(count); it != growths.end())
    return it->second;
  auto& serials = routing_devices();
  Growth growth;
  if (serials.size() < count) {
    growth.added = static_cast<std::uint32_t>(count - serials.size());
    const double cpu_start = process_cpu_seconds();
    const auto start = std::chrono::steady_clock::now();
    const std::uint32_t first = add_wdm_devices(growth.added, kBlocksPerDevice, 1);
    growth.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    growth.cpu_seconds = process_cpu_seconds() - cpu_start;
    for (std::uint32_t k = 0; k < growth.added; ++k)
      serials.push_back(first + k);
  }
  return growths.emplace(count, growth).first->second;
}

void BM_Routing_Query(benchmark::State& state) {
  const auto blocks = static_cast<std::uint32_t>(state.range(0));
  const std::uint32_t devices = blocks / kBlocksPerDevice;
  const Growth& growth = grow_to(devices);
  const auto& serials = routing_devices();
  std::mt19937 random(42);
  std::uniform_int_distribution<std::uint32_t> pick(0, devices - 1);
  std::uniform_int_distribution<std::uint32_t> block(BENCH_KINDS, kBlocksPerDevice - 1);
  std::vector<Guid> guids(4096);
  for (auto& guid : guids)
    guid = wdm_guid(block(random), serials[pick(random)]);
  std::size_t next = 0;
  for (auto _ : state) {
    auto reply = env().host->query_single_instance(guids[next++ & 4095], InstanceSelector{0u});
    if (!reply.ok())
      fail("routing query: " + reply.error().to_string());
    benchmark::DoNotOptimize(reply);
  }
  state.counters["registered_blocks"] = blocks;
  state.counters["devices_added"] = growth.added;
  state.counters["register_s"] = growth.seconds;
  state.counters["register_us_per_device"] = growth.added == 0 ? 0 : growth.seconds * 1e6 / growth.added;
  state.counters["register_cpu_us_per_device"] = growth.added == 0 ? 0 : growth.cpu_seconds * 1e6 / growth.added;
}
BENCHMARK(BM_Routing_Query)->RangeMultiplier(10)->Range(10, 100'000);

// The limit: a GUID lookup in a hash map holding as many GUIDs.
void BM_Routing_HashLookup(benchmark::State& state) {
  const auto blocks = static_cast<std::uint32_t>(state.range(0));
  std::unordered_map<Guid, std::uint32_t> map;
  for (std::uint32_t k = 0; k < blocks; ++k)
    map.emplace(wdm_guid(k % kBlocksPerDevice, k / kBlocksPerDevice), k);
  std::mt19937 random(42);
  std::uniform_int_distribution<std::uint32_t> pick(0, blocks - 1);
  std::vector<Guid> guids(4096);
  for (auto& guid : guids) {
    const std::uint32_t k = pick(random);
    guid = wdm_guid(k % kBlocksPerDevice, k / kBlocksPerDevice);
  }
  std::size_t next = 0;
  for (auto _ : state)
    benchmark::DoNotOptimize(map.find(guids[next++ & 4095]));
  state.counters["registered_blocks"] = blocks;
}
BENCHMARK(BM_Routing_HashLookup)->RangeMultiplier(10)->Range(10, 100'000);

}  // namespace
}  // namespace wmiport::bench
