// The command as a whole process: start, load samples/fchba, compile the hbaapi MOF, query
// MSFC_FCAdapterHBAAttributes, print JSON, exit. Beside it, the limit: starting and reaping `true`.
#include <benchmark/benchmark.h>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "bench_env.h"

extern char** environ;

namespace wmiport::bench {
namespace {

// Runs argv[0] with stdout and stderr on /dev/null; fails the run unless it exits 0.
void run(const std::vector<std::string>& args) {
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
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) || WEXITSTATUS(status) != 0)
    fail(args[0] + " did not exit 0");
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
  for (auto _ : state)
    run(args);
  state.SetLabel("wmiport --driver fchba.so --mof SFBDhbaapi.mof --json query MSFC_FCAdapterHBAAttributes");
}
BENCHMARK(BM_Process_WmiportQuery)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_Process_True(benchmark::State& state) {
  const std::vector<std::string> args{"/bin/true"};
  for (auto _ : state)
    run(args);
}
BENCHMARK(BM_Process_True)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace wmiport::bench
