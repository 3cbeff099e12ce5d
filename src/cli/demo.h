// `wmiport demo`: what a new user runs first (make demo). The default demo drives the real stack: it loads the
// sample drivers (samples/fchba, a SCSI miniport for a two-port FC HBA, and samples/wdmdev, a WmiLib driver)
// into a wmiport::Host, lists their blocks, shows the HBA's attributes decoded through the hbaapi MOF, calls
// methods and waits for a link event. `wmiport demo wnode` shows the WNODE codec alone.
#pragma once

#include <cstdio>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/result.h"

namespace wmiport::cli {

struct DemoInputs {
  std::vector<std::string> drivers;    // .so files to load
  std::vector<std::string> mof_files;  // their MOF
  double event_timeout_seconds = 5;    // how long to wait for the link event
};

// The sample drivers and MOF files of this build tree (paths baked in when the command is built).
DemoInputs default_demo_inputs();

// Prints the tour to `out` as it goes (the event wait shows as it happens). A step whose class no MOF declares,
// or whose driver is not loaded, is skipped with a note; failing to create the host or load a driver fails.
Status run_stack_demo(const DemoInputs& inputs, std::FILE* out);

// Replaces hbaapi enumeration and bit values (PortType, PortState, PortSpeed, ..., EventType) anywhere in the
// object by "value (NAME)" text, for people reading the demo.
void name_hba_values(nlohmann::ordered_json& object);

// The WNODE codec demo: a WNODE_ALL_DATA built, dumped annotated, parsed back and round-tripped.
Result<std::string> wnode_demo_report();

}  // namespace wmiport::cli
