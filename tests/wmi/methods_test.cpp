// Methods: output larger than the first buffer (too-small retry on EXECUTE_METHOD), input echoed back.
#include "host_fixture.h"

namespace wmiport::test {
namespace {

using MethodsTest = HostTest;

TEST_F(MethodsTest, OutputLargerThanTheFirstBufferIsRetriedWithTheExactSize) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  const int before = stats->irps_by_minor[IRP_MN_EXECUTE_METHOD];
  auto reply =
      host_->execute_method(sample_guid(WMI_SAMPLE_METHOD), std::uint32_t{0}, WMI_SAMPLE_METHOD_NEEDS, bytes_of(5000));
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  EXPECT_EQ(stats->irps_by_minor[IRP_MN_EXECUTE_METHOD], before + 2);
  ASSERT_EQ(reply->instance.data.size(), 5000u);
  EXPECT_EQ(reply->instance.data[1], 0xFE);
  EXPECT_EQ(reply->wnode.size(), 72u + 5000u);
}

TEST_F(MethodsTest, EchoReversesTheInput) {
  load_sample();
  std::vector<std::uint8_t> input(100);
  for (std::size_t i = 0; i < input.size(); ++i)
    input[i] = static_cast<std::uint8_t>(i);
  auto reply =
      host_->execute_method(sample_guid(WMI_SAMPLE_METHOD), u"ROOT\\WMIPORT\\0000_0", WMI_SAMPLE_METHOD_ECHO, input);
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  std::reverse(input.begin(), input.end());
  EXPECT_EQ(reply->instance.data, input);
}

}  // namespace
}  // namespace wmiport::test
