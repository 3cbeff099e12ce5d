#include "fuzzing/fuzz_session.h"

#include <memory>

#include "scsiport/scsiport.h"

namespace wmiport::fuzzing {

namespace {

// A Host reporting to `collector`, with the driver loaded. Driver debug output is dropped: a fuzz run would
// drown in it.
Result<std::unique_ptr<Host>> open_host(const SessionOptions& options, FindingCollector& collector) {
  scsiport::clear_records();
  HostOptions host_options;
  host_options.kernel.contract_hook = &collector;  // replaced by the verifier, which forwards to the collector
  host_options.verifier.on_violation = [&collector](const verifier::Violation& violation) {
    collector.record(violation);
  };
  host_options.kernel.debug_output = [](std::string_view, std::string_view) {};
  WMIPORT_ASSIGN_OR_RETURN(auto host, Host::create(std::move(host_options)));
  WMIPORT_TRY(host->load_driver(options.driver));
  return host;
}

}  // namespace

Result<TargetModel> load_model(const SessionOptions& options) {
  FindingCollector collector;
  WMIPORT_ASSIGN_OR_RETURN(auto host, open_host(options, collector));
  return TargetModel::build(*host, options.catalog);
}

Result<SequenceResult> run_sequence(const SessionOptions& options, TargetModel& model, RequestSequence& sequence) {
  FindingCollector collector;
  SequenceResult result;
  {
    WMIPORT_ASSIGN_OR_RETURN(auto host, open_host(options, collector));
    {
      RequestRunner runner(*host, model);
      for (std::size_t i = 0; i < sequence.size(); ++i) {
        runner.prepare(sequence[i]);
        if (options.before_request)
          options.before_request(i, sequence[i]);
        result.outcomes.push_back(runner.run(sequence[i]));
        if (options.after_request)
          options.after_request(i, sequence[i], result.outcomes.back());
      }
    }
    host->settle();
    result.findings = collector.collect_findings(host.get());
  }
  for (auto& finding : collector.collect_findings(nullptr))
    result.findings.push_back(std::move(finding));
  return result;
}

}  // namespace wmiport::fuzzing
