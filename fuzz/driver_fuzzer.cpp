// A driver's WMI code fuzzed through the whole stack: the input bytes become a request sequence
// (src/fuzzing/request_generator.h) run against a fresh Host with the driver loaded (WMIPORT_FUZZ_DRIVER,
// optional MOF WMIPORT_FUZZ_MOF for item and method ids). A sanitizer report is a crash as usual; a finding
// (WMI core report, kernel contract violation, SCSI port record) aborts so that libFuzzer keeps the input.
#include <dlfcn.h>

#include <cstdio>
#include <cstdlib>

#include "fuzzing/fuzz_session.h"
#include "fuzzing/request_generator.h"

namespace {

using namespace wmiport;

struct Target {
  SchemaCatalog catalog;
  fuzzing::SessionOptions session;
  fuzzing::TargetModel model;
};

Target& target() {
  static Target* t = [] {
    auto* out = new Target;
    out->session.driver = WMIPORT_FUZZ_DRIVER;
    // libFuzzer keeps the coverage counters of every module it saw; the kernel dlcloses the driver when each
    // Host goes, which would unmap them. Holding a reference of our own (never closed) keeps the image mapped
    // across Hosts, at the price that the driver's globals are not reinitialised between inputs.
    if (dlopen(WMIPORT_FUZZ_DRIVER, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE) == nullptr) {
      std::fprintf(stderr, "cannot dlopen %s: %s\n", WMIPORT_FUZZ_DRIVER, dlerror());
      std::abort();
    }
#ifdef WMIPORT_FUZZ_MOF
    if (auto added = out->catalog.add_mof_file(WMIPORT_FUZZ_MOF); !added.ok()) {
      std::fprintf(stderr, "%s\n", added.error().to_string().c_str());
      std::abort();
    }
    out->session.catalog = &out->catalog;
#endif
    auto model = fuzzing::load_model(out->session);
    if (!model.ok()) {
      std::fprintf(stderr, "cannot load %s: %s\n", WMIPORT_FUZZ_DRIVER, model.error().to_string().c_str());
      std::abort();
    }
    out->model = std::move(model).value();
    return out;
  }();
  return *t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  Target& t = target();
  // Each input starts from the model as loaded, so what it learns about needed sizes is its own: an input
  // replays the same way alone.
  fuzzing::TargetModel model = t.model;
  fuzzing::ByteSource source{Bytes{data, size}};
  auto sequence = fuzzing::generate_sequence(source, model);
  if (sequence.empty())
    return 0;
  auto result = fuzzing::run_sequence(t.session, model, sequence);
  if (!result.ok()) {
    std::fprintf(stderr, "run failed: %s\n", result.error().to_string().c_str());
    std::abort();
  }
  if (!result->findings.empty()) {
    for (const auto& request : sequence)
      std::fprintf(stderr, "request: %s\n", fuzzing::describe(request).c_str());
    for (const auto& finding : result->findings)
      std::fprintf(stderr, "finding: %s %s: %s\n", finding.kind.c_str(), finding.rule.c_str(), finding.message.c_str());
    std::abort();
  }
  return 0;
}
