// `wmiport demo [--driver PATH.so]... [--mof FILE]... [--event-timeout SECONDS]`: the stack demo (demo.h), with
// the sample drivers of this build tree by default; `wmiport demo wnode`: the WNODE codec demo.
#include <cstdio>
#include <string>
#include <vector>

#include "cli/commands.h"
#include "cli/demo.h"

namespace wmiport::cli {

DemoInputs default_demo_inputs() {
  // Baked in by src/cli/CMakeLists.txt: where this tree builds the samples and where their MOF lives.
  return DemoInputs{{WMIPORT_DEMO_DRIVER_DIR "/fchba.so", WMIPORT_DEMO_DRIVER_DIR "/wdmdev.so"},
                    {WMIPORT_DEMO_HBAAPI_MOF, WMIPORT_DEMO_WDMDEV_MOF}};
}

void register_demo_command(CLI::App& app, int& exit_code) {
  static DemoInputs chosen;  // lives as long as the app's callbacks may run
  auto* demo = app.add_subcommand("demo", "Load the sample drivers and show what they answer (make demo)");
  demo->add_option("--driver", chosen.drivers, "Driver .so to load instead of the samples (repeatable)");
  demo->add_option("--mof", chosen.mof_files, "MOF file instead of the samples' (repeatable)");
  demo->add_option("--event-timeout", chosen.event_timeout_seconds, "How long to wait for the link event")
      ->default_val(5.0);
  auto* wnode = demo->add_subcommand("wnode", "Build a WNODE_ALL_DATA, dump it annotated and parse it back");
  wnode->callback([&exit_code] {
    auto report = wnode_demo_report();
    if (!report.ok()) {
      std::fprintf(stderr, "wmiport demo wnode: %s\n", report.error().to_string().c_str());
      exit_code = kExitFailure;
      return;
    }
    std::fputs(report->c_str(), stdout);
    exit_code = 0;
  });
  demo->callback([wnode, &exit_code] {
    if (wnode->parsed())
      return;
    DemoInputs inputs = default_demo_inputs();
    if (!chosen.drivers.empty())
      inputs.drivers = chosen.drivers;
    if (!chosen.mof_files.empty())
      inputs.mof_files = chosen.mof_files;
    inputs.event_timeout_seconds = chosen.event_timeout_seconds;
    const auto status = run_stack_demo(inputs, stdout);
    if (!status.ok()) {
      std::fprintf(stderr, "wmiport demo: %s\n", status.error().to_string().c_str());
      exit_code = kExitFailure;
      return;
    }
    exit_code = 0;
  });
}

}  // namespace wmiport::cli
