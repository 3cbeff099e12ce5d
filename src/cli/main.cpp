// wmiport: load Windows WMI drivers on Linux and talk to them as Windows tools do.
#include <malloc.h>

#include <cstdio>

#include <CLI/CLI.hpp>

#include "cli/commands.h"

namespace {

// A command lives a few milliseconds, and on Linux its cost is as much the pages it touches for the first time as
// the work it does: each first touch is a page fault (several microseconds in a VM with a memory cgroup). glibc
// gives big blocks (the decoded MOF text, a driver's MOF resource) back to the kernel when they are freed and
// takes fresh pages for the next ones; here freed memory stays in the heap for the next allocations, and the heap
// grows in steps of 1 MiB rather than 128 KiB (docs/decisions.md, "The whole command").
void keep_freed_memory() {
  mallopt(M_MMAP_THRESHOLD, 32 << 20);
  mallopt(M_TRIM_THRESHOLD, 64 << 20);
  mallopt(M_TOP_PAD, 1 << 20);
  mallopt(M_ARENA_MAX, 1);
}

}  // namespace

int main(int argc, char** argv) {
  keep_freed_memory();
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
