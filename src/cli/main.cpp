// wmiport: load Windows WMI drivers on Linux and talk to them as Windows tools do.
#include <malloc.h>
#include <sys/mman.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace {

// A command lives a few milliseconds, and on Linux its cost is as much the pages it touches for the first time as
// the work it does: each first touch of a 4 KiB page costs about 2 us here (zeroing and memory cgroup charging,
// not the trap), and compiling a 480 KB MOF touches a thousand of them. So (docs/decisions.md, "The whole
// command"):
// - freed memory stays in the heap for the next allocations (glibc would give big blocks such as the decoded MOF
//   text back to the kernel, then fault fresh pages for the next ones), and all threads share that one heap (the
//   MOF compiles on a thread of its own: Client::create);
// - the heap's first megabytes are backed by transparent huge pages where the kernel allows them on request
//   (`madvise` mode): one fault per 2 MiB instead of 512.
void prepare_heap() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_TOP_PAD, 1 << 20);
  mallopt(M_ARENA_MAX, 1);
  constexpr std::uintptr_t kHugePage = 2 << 20;
  constexpr std::size_t kHugeBytes = 8 << 20;
  void* block = std::malloc(kHugeBytes + kHugePage);  // from the heap's top (under the mmap threshold), untouched
  if (block == nullptr)
    return;
  const std::uintptr_t first = (reinterpret_cast<std::uintptr_t>(block) + kHugePage - 1) & ~(kHugePage - 1);
  madvise(reinterpret_cast<void*>(first), kHugeBytes, MADV_HUGEPAGE);  // a refusal only costs the speed-up
  std::free(block);  // stays in the heap (trim threshold above), with its advice
}

}  // namespace

int main(int argc, char** argv) {
  prepare_heap();
  CLI::App app{"wmiport: the Windows driver-side WMI stack, open and portable"};
  app.require_subcommand(1);
  int exit_code = 0;
  wmiport::cli::register_demo_command(app, exit_code);
  wmiport::cli::register_mof_command(app, exit_code);
  wmiport::cli::register_config_command(app, exit_code);
  wmiport::cli::register_request_commands(app, exit_code);
  wmiport::cli::register_fuzz_command(app, exit_code);
  wmiport::cli::register_replay_command(app, exit_code);
  wmiport::cli::rewrite_stdin_marker(argc, argv);
  CLI11_PARSE(app, argc, argv);
  return exit_code;
}
