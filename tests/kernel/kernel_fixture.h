// A Kernel per test, with the contract violations and the debug output recorded for assertions.
#pragma once

#include <algorithm>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "kernel/kernel.h"

namespace wmiport::kernel::testing {

class RecordingHook : public ContractHook {
 public:
  void violation(const ContractViolation& violation) override {
    std::scoped_lock guard(lock_);
    violations_.push_back(violation);
  }
  std::vector<ContractViolation> violations() const {
    std::scoped_lock guard(lock_);
    return violations_;
  }
  std::size_t count(std::string_view rule) const {
    std::scoped_lock guard(lock_);
    return static_cast<std::size_t>(
        std::count_if(violations_.begin(), violations_.end(), [&](const auto& v) { return v.rule == rule; }));
  }
  void clear() {
    std::scoped_lock guard(lock_);
    violations_.clear();
  }

 private:
  mutable std::mutex lock_;
  std::vector<ContractViolation> violations_;
};

class KernelTest : public ::testing::Test {
 protected:
  void SetUp() override {
    KernelOptions options;
    options.contract_hook = &hook_;
    options.debug_output = [this](std::string_view driver, std::string_view text) {
      std::scoped_lock guard(output_lock_);
      std::string line(text);
      if (!line.empty() && line.back() == '\n')
        line.pop_back();
      output_.push_back(std::string(driver) + ": " + line);
    };
    auto created = Kernel::create(std::move(options));
    ASSERT_TRUE(created.ok()) << created.error().to_string();
    kernel_ = std::move(created).value();
  }

  void TearDown() override {
    kernel_.reset();
    // Every test states the violations it expects and clears them; anything left is a surprise.
    for (const auto& v : hook_.violations())
      ADD_FAILURE() << "unexpected contract violation " << v.rule << " by '" << v.driver << "': " << v.message;
  }

  std::vector<std::string> output() const {
    std::scoped_lock guard(output_lock_);
    return output_;
  }
  bool printed(std::string_view line) const {
    const auto lines = output();
    return std::find(lines.begin(), lines.end(), line) != lines.end();
  }

  RecordingHook hook_;
  std::unique_ptr<Kernel> kernel_;
  mutable std::mutex output_lock_;
  std::vector<std::string> output_;
};

}  // namespace wmiport::kernel::testing
