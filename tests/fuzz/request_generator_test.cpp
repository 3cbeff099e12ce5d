// The request generator (src/fuzzing) against the model of a real driver: deterministic, reaches every minor
// code, mostly the registered GUID and instances, sometimes wrong ones; the runner aims "needed - 1" at the size
// the driver asked for before, and reports what it sent.
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "fuzzing/fuzz_session.h"
#include "fuzzing/request_generator.h"

namespace wmiport::fuzzing {
namespace {

const std::string kPlanted = std::string(WMIPORT_DRIVER_DIR) + "/fuzz_planted_overflow.so";
const Guid kPlantedGuid = Guid::parse("{5c0ffee0-9a1b-4c2d-8e3f-a0b1c2d3e4f5}").value();

class RequestGeneratorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto loaded = load_model(SessionOptions{kPlanted, nullptr, {}, {}});
    ASSERT_TRUE(loaded.ok()) << loaded.error().to_string();
    model_ = new TargetModel(std::move(loaded).value());
  }
  static void TearDownTestSuite() {
    delete model_;
    model_ = nullptr;
  }
  static RequestSequence generate(const std::vector<std::uint8_t>& bytes) {
    ByteSource source{Bytes{bytes}};
    return generate_sequence(source, *model_);
  }
  static TargetModel* model_;
};
TargetModel* RequestGeneratorTest::model_ = nullptr;

TEST_F(RequestGeneratorTest, TheModelHoldsTheDriversBlock) {
  ASSERT_EQ(model_->blocks().size(), 1u);
  const auto& block = model_->blocks()[0];
  EXPECT_EQ(block.guid, kPlantedGuid);
  EXPECT_EQ(block.instance_count, 3u);
  EXPECT_FALSE(block.dynamic_names);
  EXPECT_EQ(block.instance_names.size(), 3u);
  EXPECT_EQ(model_->provider_count(), 1u);
}

TEST_F(RequestGeneratorTest, NoBytesNoRequests) {
  EXPECT_TRUE(generate({}).empty());
}

TEST_F(RequestGeneratorTest, TheSameBytesGiveTheSameSequence) {
  std::mt19937 rng(5);
  std::vector<std::uint8_t> bytes(200);
  for (auto& b : bytes)
    b = static_cast<std::uint8_t>(rng());
  auto first = generate(bytes);
  auto second = generate(bytes);
  ASSERT_FALSE(first.empty());
  ASSERT_EQ(first.size(), second.size());
  for (std::size_t i = 0; i < first.size(); ++i)
    EXPECT_EQ(describe(first[i]), describe(second[i]));
}

TEST_F(RequestGeneratorTest, RandomInputsReachEveryMinorCodeAndBothRegisteredAndWrongTargets) {
  std::mt19937 rng(11);
  std::set<RequestOp> ops;
  std::map<std::string, int> seen;
  std::set<SizeChoice> sizes;
  for (int n = 0; n < 400; ++n) {
    std::vector<std::uint8_t> bytes(64);
    for (auto& b : bytes)
      b = static_cast<std::uint8_t>(rng());
    for (const auto& request : generate(bytes)) {
      ops.insert(request.op);
      sizes.insert(request.size_choice);
      ++seen[request.guid == kPlantedGuid ? "registered guid" : "unknown guid"];
      if (request.op == RequestOp::query_single) {
        const auto* index = std::get_if<std::uint32_t>(&request.instance);
        ++seen[index == nullptr ? "name" : *index < 3 ? "registered index" : "index past the end"];
      }
      ++seen[request.via_core ? "via core" : "raw irp"];
    }
  }
  EXPECT_EQ(ops.size(), kRequestOpCount);
  EXPECT_EQ(sizes.size(), 7u);  // every SizeChoice
  EXPECT_GT(seen["registered guid"], 10 * seen["unknown guid"]);
  EXPECT_GT(seen["unknown guid"], 0);
  EXPECT_GT(seen["registered index"], seen["index past the end"]);
  EXPECT_GT(seen["index past the end"], 0);
  EXPECT_GT(seen["name"], 0);
  EXPECT_GT(seen["raw irp"], seen["via core"]);
  EXPECT_GT(seen["via core"], 0);
}

FuzzRequest query_instance(std::uint32_t index, SizeChoice size) {
  FuzzRequest request;
  request.op = RequestOp::query_single;
  request.guid = kPlantedGuid;
  request.instance = index;
  request.size_choice = size;
  return request;
}

TEST_F(RequestGeneratorTest, TheRunnerAimsAtTheSizeTheDriverAskedFor) {
  TargetModel model = *model_;
  // Unknown need: "needed" is the request WNODE itself (64 bytes, static names), which leaves no data space;
  // the WNODE_TOO_SMALL answer teaches 64 + 24 for instance 1, and the next "needed - 1" is 87.
  RequestSequence sequence{query_instance(1, SizeChoice::needed), query_instance(1, SizeChoice::needed_minus_one),
                           query_instance(1, SizeChoice::needed_plus_one), query_instance(0, SizeChoice::zero)};
  auto result = run_sequence(SessionOptions{kPlanted, nullptr, {}, {}}, model, sequence);
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  EXPECT_EQ(sequence[0].buffer_size, 64u);
  EXPECT_EQ(sequence[1].buffer_size, 87u);
  EXPECT_EQ(sequence[2].buffer_size, 89u);
  EXPECT_EQ(sequence[3].buffer_size, 64u);  // never less than the request WNODE it carries
  ASSERT_EQ(result->outcomes.size(), 4u);
  EXPECT_EQ(result->outcomes[0].information, 56u);  // WNODE_TOO_SMALL
  EXPECT_EQ(result->outcomes[1].information, 56u);
  EXPECT_EQ(result->outcomes[2].status, 0);
  EXPECT_EQ(result->outcomes[2].information, 88u);
  EXPECT_TRUE(result->findings.empty());
}

}  // namespace
}  // namespace wmiport::fuzzing
