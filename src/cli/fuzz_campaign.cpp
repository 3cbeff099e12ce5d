#include "cli/fuzz_campaign.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <map>
#include <random>
#include <regex>
#include <set>
#include <sstream>

#include <fmt/format.h>

#include "cli/fuzz_reproducer.h"
#include "cli/hex_text.h"
#include "fuzzing/fuzz_session.h"
#include "fuzzing/request_generator.h"

namespace wmiport::cli {

namespace {

using Clock = std::chrono::steady_clock;
using Corpus = std::vector<std::vector<std::uint8_t>>;
using fuzzing::Finding;
using fuzzing::FuzzRequest;

constexpr double kBatchSeconds = 2.0;
// A request still running this long after its batch should have ended is a hang (a request never completed).
constexpr double kHangSeconds = 15.0;
constexpr std::size_t kMaxInput = 512;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// ---- the child: one batch of sequences, reported line by line on a pipe ----------------------------------------

class LineWriter {
 public:
  explicit LineWriter(int fd) : fd_(fd) {}
  void line(const std::string& text) {
    std::string data = text + "\n";
    const char* p = data.data();
    std::size_t left = data.size();
    while (left > 0) {
      const ssize_t n = ::write(fd_, p, left);
      if (n <= 0)
        _exit(4);  // the parent is gone
      p += n;
      left -= static_cast<std::size_t>(n);
    }
  }

 private:
  int fd_;
};

std::vector<std::uint8_t> mutate(std::mt19937_64& rng, const Corpus& corpus) {
  std::vector<std::uint8_t> out;
  if (corpus.empty() || rng() % 4 == 0) {
    out.resize(8 + rng() % 160);
    for (auto& b : out)
      b = static_cast<std::uint8_t>(rng());
    return out;
  }
  out = corpus[rng() % corpus.size()];
  static constexpr std::uint8_t kInteresting[] = {0, 1, 2, 3, 4, 7, 8, 0x10, 0x3f, 0x40, 0x7f, 0x80, 0xfe, 0xff};
  const unsigned edits = 1 + rng() % 4;
  for (unsigned e = 0; e < edits; ++e) {
    if (out.empty())
      out.push_back(static_cast<std::uint8_t>(rng()));
    const std::size_t at = rng() % out.size();
    switch (rng() % 5) {
      case 0:
        out[at] ^= static_cast<std::uint8_t>(1u << (rng() % 8));
        break;
      case 1:
        out[at] = kInteresting[rng() % sizeof(kInteresting)];
        break;
      case 2:
        out.insert(out.begin() + static_cast<std::ptrdiff_t>(at), 1 + rng() % 8, static_cast<std::uint8_t>(rng()));
        break;
      case 3:
        out.erase(out.begin() + static_cast<std::ptrdiff_t>(at),
                  out.begin() + static_cast<std::ptrdiff_t>(std::min(out.size(), at + 1 + rng() % 8)));
        break;
      default: {  // splice: the tail of another input
        const auto& other = corpus[rng() % corpus.size()];
        if (!other.empty())
          out.insert(out.end(), other.begin() + static_cast<std::ptrdiff_t>(rng() % other.size()), other.end());
        break;
      }
    }
  }
  if (out.size() > kMaxInput)
    out.resize(kMaxInput);
  return out;
}

// What one request's outcome looks like, coarsely: an input that shows a new one is kept for mutation.
std::uint64_t signature(const FuzzRequest& request, const fuzzing::RequestOutcome& outcome) {
  return std::hash<std::string>{}(fmt::format("{}/{}/{}/{:08x}/{}", static_cast<int>(request.op),
                                              request.guid.to_string(), request.via_core, outcome.status,
                                              outcome.information == 0));
}

[[noreturn]] void run_child(const CampaignOptions& options, const Corpus& corpus, const std::set<std::uint64_t>& seen,
                            std::uint64_t seed, double batch_seconds, int fd) {
  LineWriter out(fd);
  SchemaCatalog catalog;
  if (options.mof) {
    if (auto added = catalog.add_mof_file(*options.mof); !added.ok()) {
      out.line("E " + added.error().to_string());
      _exit(3);
    }
  }
  fuzzing::SessionOptions session{options.driver, options.mof ? &catalog : nullptr, {}, {}};
  auto model = fuzzing::load_model(session);
  if (!model.ok()) {
    out.line("E " + model.error().to_string());
    _exit(3);
  }
  session.before_request = [&](std::size_t index, const FuzzRequest& request) {
    if (index == 0)
      out.line("B");
    out.line("R " + request_to_json(request).dump());
  };
  std::mt19937_64 rng(seed);
  std::set<std::uint64_t> known = seen;
  const auto start = Clock::now();
  while (seconds_since(start) < batch_seconds) {
    auto input = mutate(rng, corpus);
    fuzzing::ByteSource source{Bytes{input}};
    auto sequence = fuzzing::generate_sequence(source, *model);
    if (sequence.empty())
      continue;
    auto result = fuzzing::run_sequence(session, *model, sequence);
    if (!result.ok()) {
      out.line("E " + result.error().to_string());
      _exit(3);
    }
    out.line(fmt::format("N {}", sequence.size()));
    if (!result->findings.empty())
      out.line("F " + findings_to_json(result->findings).dump());
    bool fresh = false;
    for (std::size_t i = 0; i < sequence.size(); ++i) {
      const auto sig = signature(sequence[i], result->outcomes[i]);
      if (known.insert(sig).second) {
        fresh = true;
        out.line(fmt::format("G {}", sig));
      }
    }
    if (fresh)
      out.line("K " + to_hex(Bytes{input}));
  }
  _exit(0);
}

// ---- the parent: batches, findings, reproducers ----------------------------------------------------------------

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The sanitizer's one-line summary of a crash (it names the bug kind and the function, not addresses).
std::string crash_summary(const std::string& log, int wait_status) {
  std::istringstream lines(log);
  std::string line, error_line;
  while (std::getline(lines, line)) {
    if (line.find("SUMMARY:") != std::string::npos)
      return line;
    if (error_line.empty() &&
        (line.find("ERROR:") != std::string::npos || line.find("runtime error") != std::string::npos))
      error_line = line;
  }
  if (!error_line.empty())
    return error_line;
  if (WIFSIGNALED(wait_status))
    return fmt::format("killed by signal {} ({})", WTERMSIG(wait_status), strsignal(WTERMSIG(wait_status)));
  return fmt::format("exited with status {}", WEXITSTATUS(wait_status));
}

class FindingBook {
 public:
  FindingBook(const CampaignOptions& options, CampaignSummary& summary, Clock::time_point start)
      : options_(options), summary_(summary), start_(start) {}

  // Each sequence runs in a fresh Host, whose provider ids differ from the last one's: the same bug found
  // again must not count as new because its message names another provider number.
  static std::string without_provider_ids(const std::string& message) {
    static const std::regex provider_id("provider [0-9]+");
    return std::regex_replace(message, provider_id, "provider #");
  }

  // Writes a reproducer unless every finding was seen before. `log`: the child's stderr, kept next to it.
  void record(const std::vector<Finding>& findings, const fuzzing::RequestSequence& sequence, const std::string& log) {
    bool fresh = false;
    for (const auto& finding : findings)
      fresh |= keys_.insert(finding.kind + "|" + finding.rule + "|" + without_provider_ids(finding.message)).second;
    if (!fresh || findings.empty())
      return;
    if (!summary_.first_finding_seconds)
      summary_.first_finding_seconds = seconds_since(start_);
    const auto base = options_.out / fmt::format("{}-{}", findings.front().kind, summary_.reproducers.size() + 1);
    auto path = base;
    path += ".json";
    std::ofstream(path) << write_reproducer({options_.driver.string(), findings, sequence});
    if (!log.empty()) {
      auto log_path = base;
      log_path += ".log";
      std::ofstream(log_path) << log;
    }
    summary_.reproducers.push_back(path);
    summary_.finding_titles.push_back(findings.front().kind + ": " + findings.front().rule + ": " +
                                      findings.front().message.substr(0, 200));
  }

  bool enough() const { return options_.stop_after != 0 && summary_.reproducers.size() >= options_.stop_after; }

 private:
  const CampaignOptions& options_;
  CampaignSummary& summary_;
  Clock::time_point start_;
  std::set<std::string> keys_;
};

struct BatchState {
  fuzzing::RequestSequence current;
  std::string error;
  std::string pending;  // a partial line
};

void handle_line(const std::string& line, BatchState& state, Corpus& corpus, std::set<std::uint64_t>& seen,
                 FindingBook& book, CampaignSummary& summary) {
  if (line.empty())
    return;
  const std::string body = line.size() > 2 ? line.substr(2) : "";
  switch (line[0]) {
    case 'B':
      state.current.clear();
      break;
    case 'R': {
      auto json = nlohmann::ordered_json::parse(body, nullptr, false);
      if (!json.is_discarded())
        if (auto request = request_from_json(json); request.ok())
          state.current.push_back(std::move(request).value());
      break;
    }
    case 'N':
      ++summary.sequences;
      summary.requests += std::strtoull(body.c_str(), nullptr, 10);
      break;
    case 'F':
      book.record(findings_from_json(nlohmann::ordered_json::parse(body, nullptr, false)), state.current, {});
      break;
    case 'G':
      seen.insert(std::strtoull(body.c_str(), nullptr, 10));
      break;
    case 'K':
      if (auto bytes = parse_hex(body); bytes.ok())
        corpus.push_back(std::move(bytes).value());
      break;
    case 'E':
      state.error = body;
      break;
    default:
      break;
  }
}

}  // namespace

Result<CampaignSummary> run_campaign(const CampaignOptions& options) {
  std::error_code ec;
  std::filesystem::create_directories(options.out, ec);
  if (ec)
    return Error(ntstatus::invalid_parameter, fmt::format("cannot create {}: {}", options.out.string(), ec.message()));
  const auto stderr_path = options.out / ".child-stderr";
  CampaignSummary summary;
  FindingBook book(options, summary, Clock::now());
  const auto start = Clock::now();
  Corpus corpus;
  std::set<std::uint64_t> seen;
  while (seconds_since(start) < options.seconds && !book.enough()) {
    const double batch_seconds = std::min(kBatchSeconds, options.seconds - seconds_since(start));
    int fds[2];
    if (::pipe(fds) != 0)
      return Error(ntstatus::insufficient_resources, "pipe failed");
    std::fflush(nullptr);
    const pid_t pid = ::fork();
    if (pid < 0)
      return Error(ntstatus::insufficient_resources, "fork failed");
    if (pid == 0) {
      ::close(fds[0]);
      const int err = ::open(stderr_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (err >= 0)
        ::dup2(err, STDERR_FILENO);
      const int null = ::open("/dev/null", O_WRONLY);
      if (null >= 0)
        ::dup2(null, STDOUT_FILENO);
      run_child(options, corpus, seen, options.seed * 1000003u + summary.batches, batch_seconds, fds[1]);
    }
    ::close(fds[1]);
    ++summary.batches;
    BatchState state;
    bool hung = false;
    const auto batch_start = Clock::now();
    char buffer[65536];
    for (;;) {
      pollfd poll_fd{fds[0], POLLIN, 0};
      const int ready = ::poll(&poll_fd, 1, 200);
      if (ready > 0) {
        const ssize_t n = ::read(fds[0], buffer, sizeof(buffer));
        if (n <= 0)
          break;
        state.pending.append(buffer, static_cast<std::size_t>(n));
        std::size_t newline;
        while ((newline = state.pending.find('\n')) != std::string::npos) {
          handle_line(state.pending.substr(0, newline), state, corpus, seen, book, summary);
          state.pending.erase(0, newline + 1);
        }
      }
      if (seconds_since(batch_start) > batch_seconds + kHangSeconds) {
        ::kill(pid, SIGKILL);
        hung = true;
        break;
      }
    }
    ::close(fds[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (!state.error.empty() && summary.sequences == 0)
      return Error(ntstatus::unsuccessful, state.error);
    if (hung) {
      book.record(
          {{"hang", "request_never_completed", fmt::format("a request did not complete within {} s", kHangSeconds)}},
          state.current, read_file(stderr_path));
    } else if (!(WIFEXITED(status) && WEXITSTATUS(status) == 0) && state.error.empty()) {
      const std::string log = read_file(stderr_path);
      const bool sanitizer =
          log.find("Sanitizer") != std::string::npos || log.find("runtime error") != std::string::npos;
      const std::string rule = sanitizer ? "sanitizer" : WIFSIGNALED(status) ? "signal" : "exit_status";
      book.record({{"crash", rule, crash_summary(log, status)}}, state.current, log);
    }
  }
  std::filesystem::remove(stderr_path, ec);
  summary.corpus = corpus.size();
  summary.seconds = seconds_since(start);
  return summary;
}

}  // namespace wmiport::cli
