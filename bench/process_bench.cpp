// The command as a whole process: start, load samples/fchba, compile the hbaapi MOF, query
// MSFC_FCAdapterHBAAttributes, print JSON, exit. Beside it, the limit: starting and reaping `true`.
#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "bench_env.h"

extern char** environ;

namespace wmiport::bench {
namespace {

// Runs argv[0] with stdout and stderr on /dev/null; fails the run unless it exits 0. Returns the CPU seconds
// (user + system) the child used: on a loaded machine the wall time mostly measures waiting for a core.
double run(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  for (const auto& arg : args)
    argv.push_back(const_cast<char*>(arg.c_str()));
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0)
    fail("cannot start " + args[0]);
  int status = 0;
  rusage usage{};
  if (wait4(pid, &status, 0, &usage) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    fail(args[0] + " did not exit 0");
  auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

void run_loop(benchmark::State& state, const std::vector<std::string>& args) {
  double child_cpu = 0;
  for (auto _ : state)
    child_cpu += run(args);
  state.counters["child_cpu_ms"] = benchmark::Counter(child_cpu * 1e3 / static_cast<double>(state.iterations()));
}

void BM_Process_WmiportQuery(benchmark::State& state) {
  const std::vector<std::string> args{cli_path().string(),
                                      "--driver",
                                      WMIPORT_BENCH_FCHBA,
                                      "--mof",
                                      (shared_dir() / "fixtures" / "mof" / "SFBDhbaapi.mof").string(),
                                      "--json",
                                      "query",
                                      "MSFC_FCAdapterHBAAttributes"};
  run_loop(state, args);
  state.SetLabel("wmiport --driver fchba.so --mof SFBDhbaapi.mof --json query MSFC_FCAdapterHBAAttributes");
}
BENCHMARK(BM_Process_WmiportQuery)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Process_True(benchmark::State& state) {
  const std::vector<std::string> args{"/bin/true"};
  run_loop(state, args);
}
BENCHMARK(BM_Process_True)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace wmiport::bench
