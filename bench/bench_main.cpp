// wmiport_bench: Google Benchmark's main with the shared environment (bench_env.h) around the run.
#include <benchmark/benchmark.h>

#include "bench_env.h"

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv))
    return 1;
  wmiport::bench::create_env();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  wmiport::bench::destroy_env();
  return 0;
}
