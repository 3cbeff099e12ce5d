// Host::query_all_data_view against Host::query_all_data: the same answers, byte for byte (time stamps masked:
// every query gets its own), with the driver writing into a fresh PoolBuffer (the verifier's way) and straight
// into the consumer's buffer; the buffer grown once and reused; malformed answers refused with the same errors.
#include "common/guard_bytes.h"
#include "host_fixture.h"
#include "view_buffers_param.h"

namespace wmiport::test {
namespace {

using Wire = std::vector<std::uint8_t>;
using ViewBuffers = wmi::WmiCore::ViewBuffers;

template <typename T>
void expect_status(const Result<T>& result, NTSTATUS code) {
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code(), code) << result.error().to_string();
}

// Zeroes a WNODE's TimeStamp (offsets 16..23).
Wire unstamped(Wire wnode) {
  for (std::size_t i = 16; i < 24 && i < wnode.size(); ++i)
    wnode[i] = 0;
  return wnode;
}

// `whole_wnodes`: compare the providers' WNODEs byte for byte too. Not when the driver wrote straight into a
// reused buffer: the padding it leaves unwritten then holds the buffer's earlier bytes (docs/decisions.md,
// "QUERY_ALL_DATA views"), where a fresh buffer or a PoolBuffer holds zeros.
void expect_same(const AllDataReply& view, const AllDataReply& old, bool whole_wnodes) {
  ASSERT_EQ(view.instances.size(), old.instances.size());
  for (std::size_t k = 0; k < old.instances.size(); ++k) {
    EXPECT_EQ(view.instances[k].name, old.instances[k].name) << k;
    EXPECT_EQ(view.instances[k].provider_id, old.instances[k].provider_id) << k;
    EXPECT_EQ(view.instances[k].data, old.instances[k].data) << k;
  }
  ASSERT_EQ(view.provider_wnodes.size(), old.provider_wnodes.size());
  for (std::size_t p = 0; p < old.provider_wnodes.size(); ++p) {
    EXPECT_EQ(view.provider_wnodes[p].size(), old.provider_wnodes[p].size()) << "provider " << p;
    if (whole_wnodes) {
      EXPECT_EQ(unstamped(view.provider_wnodes[p]), unstamped(old.provider_wnodes[p])) << "provider " << p;
    }
  }
  EXPECT_EQ(unstamped(view.merged_wnode), unstamped(old.merged_wnode));
  EXPECT_FALSE(view.size_needed);
}

// Queries `guid` both ways (the view into `buffer`) and checks that they agree, and that the view's instances
// read the same through iteration, operator[] and to_reply.
void expect_view_matches(Host& host, const Guid& guid, std::vector<std::byte>& buffer, std::size_t instances) {
  const bool whole_wnodes = buffer.empty() || host.wmi().view_buffers() != ViewBuffers::slot;
  auto old = host.query_all_data(guid);
  ASSERT_TRUE(old.ok()) << old.error().to_string();
  auto view = host.query_all_data_view(guid, buffer);
  ASSERT_TRUE(view.ok()) << view.error().to_string();
  ASSERT_EQ(view->size(), instances);
  auto owned = view->to_reply();
  ASSERT_TRUE(owned.ok()) << owned.error().to_string();
  expect_same(*owned, *old, whole_wnodes);
  std::size_t k = 0;
  for (const InstanceView instance : *view) {
    const InstanceView indexed = (*view)[k];
    EXPECT_EQ(instance.name, indexed.name);
    EXPECT_EQ(instance.data.data(), indexed.data.data());
    // Every instance's data lies inside the caller's buffer: nothing was copied out.
    const auto* first = reinterpret_cast<const std::uint8_t*>(buffer.data());
    EXPECT_TRUE(instance.data.empty() || (instance.data.data() >= first &&
                                          instance.data.data() + instance.data.size() <= first + buffer.size()));
    ++k;
  }
  EXPECT_EQ(k, instances);
}

class AllDataViewTest : public HostTest, public ::testing::WithParamInterface<ViewBuffers> {
 protected:
  void SetUp() override {
    HostTest::SetUp();
    host_->wmi().set_view_buffers(GetParam());
  }
};

TEST_P(AllDataViewTest, StaticNamesFixedAndVariableSizesMatchQueryAllData) {
  ASSERT_NE(load_sample(), nullptr);
  std::vector<std::byte> buffer;
  // (DATA counts its queries in its data, so it is compared by names and shape only.)
  expect_view_matches(*host_, sample_guid(WMI_SAMPLE_PENDING), buffer, 1);  // fixed size, PDO names
  expect_view_matches(*host_, sample_guid(WMI_SAMPLE_VAR), buffer, 3);      // variable sizes, base names
  auto view = host_->query_all_data_view(sample_guid(WMI_SAMPLE_DATA), buffer);
  ASSERT_TRUE(view.ok()) << view.error().to_string();
  EXPECT_EQ((*view)[1].name, u"ROOT\\WMIPORT\\0000_1");
  ASSERT_EQ(view->parts().size(), 1u);
  // One provider: its WNODE_ALL_DATA is the reply, as it answered, at the first slot of the buffer.
  EXPECT_EQ(view->parts()[0].wnode.bytes().data(),
            reinterpret_cast<const std::uint8_t*>(buffer.data()) + guard_bytes::kGuardSize);
  EXPECT_EQ(view->parts()[0].wnode.header().buffer_size, 96u);
}

TEST_P(AllDataViewTest, DynamicNamesMatchQueryAllData) {
  ASSERT_NE(load_rogue(), nullptr);
  std::vector<std::byte> buffer;
  expect_view_matches(*host_, rogue_guid(WMI_ROGUE_DYNAMIC), buffer, 2);
  auto view = host_->query_all_data_view(rogue_guid(WMI_ROGUE_DYNAMIC), buffer);
  ASSERT_TRUE(view.ok()) << view.error().to_string();
  EXPECT_EQ((*view)[0].name, u"dynA");
  EXPECT_EQ((*view)[1].name, u"dynB");
  EXPECT_EQ(std::vector<std::uint8_t>((*view)[1].data.begin(), (*view)[1].data.end()),
            (std::vector<std::uint8_t>{0x22, 0x22, 0x22, 0x22}));
}

TEST_P(AllDataViewTest, SeveralProvidersAreChainedInTheBuffer) {
  ASSERT_NE(load_sample(2), nullptr);
  std::vector<std::byte> buffer;
  expect_view_matches(*host_, sample_guid(WMI_SAMPLE_PENDING), buffer, 2);  // fixed sizes
  buffer.clear();
  expect_view_matches(*host_, sample_guid(WMI_SAMPLE_VAR), buffer, 6);  // variable sizes
  auto view = host_->query_all_data_view(sample_guid(WMI_SAMPLE_VAR), buffer);
  ASSERT_TRUE(view.ok()) << view.error().to_string();
  ASSERT_EQ(view->parts().size(), 2u);
  EXPECT_NE(view->parts()[0].provider->provider_id, view->parts()[1].provider->provider_id);
  // The second provider's WNODE follows the first's, 16-aligned, after a guard.
  const auto* first = view->parts()[0].wnode.bytes().data();
  const auto* second = view->parts()[1].wnode.bytes().data();
  const std::size_t first_end = guard_bytes::kGuardSize + view->parts()[0].wnode.bytes().size();
  EXPECT_EQ(static_cast<std::size_t>(second - first), (first_end + 15) / 16 * 16);
  EXPECT_EQ((*view)[3].provider_id, view->parts()[1].provider->provider_id);
}

TEST_P(AllDataViewTest, TheBufferIsSizedOnceAndReusedAsInstancesGrowAndShrink) {
  auto* stats = load_sample();
  ASSERT_NE(stats, nullptr);
  const Guid var = sample_guid(WMI_SAMPLE_VAR);
  std::vector<std::byte> buffer;
  auto irps = [&] { return stats->irps_by_minor[IRP_MN_QUERY_ALL_DATA]; };

  int before = irps();
  expect_view_matches(*host_, var, buffer, 3);  // fits the first 4096 bytes
  EXPECT_EQ(irps(), before + 2);                // one for the old query, one for the view
  const std::size_t small = buffer.size();
  // The driver's buffer: the caller's, offered whole (at least the core's first 4096 bytes); or a PoolBuffer,
  // whose answer alone is kept.
  EXPECT_GE(small, GetParam() == ViewBuffers::pool_copy ? 118u : 4096u);

  stats->var_big_size = 6000;  // grows: one WNODE_TOO_SMALL, the buffer grows to what was asked
  before = irps();
  expect_view_matches(*host_, var, buffer, 3);
  EXPECT_EQ(irps(), before + 2 + 2);
  const std::size_t grown = buffer.size();
  EXPECT_GT(grown, small);
  const std::byte* place = buffer.data();

  before = irps();  // the same size again: one IRP, the same memory
  auto again = host_->query_all_data_view(var, buffer);
  ASSERT_TRUE(again.ok()) << again.error().to_string();
  EXPECT_EQ(irps(), before + 1);
  EXPECT_EQ(buffer.data(), place);
  EXPECT_EQ(buffer.size(), grown);
  EXPECT_EQ((*again)[0].data.size(), 6000u);

  stats->var_big_size = 0;  // shrinks: still one IRP, the buffer is kept as it is
  before = irps();
  expect_view_matches(*host_, var, buffer, 3);
  EXPECT_EQ(irps(), before + 2);
  EXPECT_EQ(buffer.data(), place);
  EXPECT_EQ(buffer.size(), grown);
}

TEST_P(AllDataViewTest, AnInstanceCountThatGrowsThenShrinksReusesTheBuffer) {
  ASSERT_NE(load_sample(2), nullptr);
  const Guid method = sample_guid(WMI_SAMPLE_METHOD);
  const Guid extra = sample_guid(WMI_SAMPLE_EXTRA);
  std::vector<std::byte> buffer;
  auto toggle = [&](std::uint32_t device) {
    ASSERT_TRUE(host_->execute_method(method, device, WMI_SAMPLE_METHOD_TOGGLE_EXTRA, {}).ok());
    host_->settle();
  };
  toggle(0);
  expect_view_matches(*host_, extra, buffer, 1);
  toggle(1);
  expect_view_matches(*host_, extra, buffer, 2);  // grows the buffer for a second provider's slot
  const std::byte* place = buffer.data();
  const std::size_t size = buffer.size();
  toggle(0);
  expect_view_matches(*host_, extra, buffer, 1);
  toggle(0);
  expect_view_matches(*host_, extra, buffer, 2);
  EXPECT_EQ(buffer.data(), place);  // shrinking and growing back within the learned size: no reallocation
  EXPECT_EQ(buffer.size(), size);
  toggle(0);
  toggle(1);
  expect_status(host_->query_all_data_view(extra, buffer), STATUS_WMI_GUID_NOT_FOUND);
}

TEST_P(AllDataViewTest, MalformedAnswersAreRefusedWithTheSameErrors) {
  ASSERT_NE(load_rogue(), nullptr);
  std::vector<std::byte> buffer;
  for (std::uint32_t block : {WMI_ROGUE_GARBAGE, WMI_ROGUE_LIAR, WMI_ROGUE_TWICE}) {
    auto old = host_->query_all_data(rogue_guid(block));
    auto view = host_->query_all_data_view(rogue_guid(block), buffer);
    ASSERT_FALSE(old.ok());
    expect_status(view, STATUS_DRIVER_INTERNAL_ERROR);
    EXPECT_EQ(view.error().message(), old.error().message()) << "block " << block;
  }
  // And the buffer still serves a good block afterwards.
  expect_view_matches(*host_, rogue_guid(WMI_ROGUE_DYNAMIC), buffer, 2);
}

TEST_P(AllDataViewTest, UnknownAndEventOnlyBlocksFailAsQueryAllData) {
  ASSERT_NE(load_sample(), nullptr);
  std::vector<std::byte> buffer;
  expect_status(host_->query_all_data_view(sample_guid(99), buffer), STATUS_WMI_GUID_NOT_FOUND);
  expect_status(host_->query_all_data_view(sample_guid(WMI_SAMPLE_EVENT), buffer), STATUS_INVALID_DEVICE_REQUEST);
}

// A buffer full of earlier bytes: the WNODE WmiLib lays out (header, OffsetInstanceDataAndLength[], the padding
// up to DataBlockOffset) and every instance's data are byte for byte query_all_data's; with the verifier's zeroing
// (and a PoolBuffer) the whole WNODE is, padding between instances included.
TEST_P(AllDataViewTest, ABufferHoldingEarlierBytesGivesTheSameReply) {
  ASSERT_NE(load_sample(), nullptr);
  for (std::uint32_t block : {WMI_SAMPLE_VAR, WMI_SAMPLE_PENDING}) {
    const Guid guid = sample_guid(block);
    auto old = host_->query_all_data(guid);
    ASSERT_TRUE(old.ok()) << old.error().to_string();
    ASSERT_EQ(old->provider_wnodes.size(), 1u);
    const Wire expected = unstamped(old->provider_wnodes[0]);
    std::vector<std::byte> buffer(8192, std::byte{0xCC});
    auto view = host_->query_all_data_view(guid, buffer);
    ASSERT_TRUE(view.ok()) << view.error().to_string();
    const auto wnode = view->parts()[0].wnode.wnode();
    const Wire got = unstamped(Wire(wnode.begin(), wnode.end()));
    ASSERT_EQ(got.size(), expected.size());
    const std::uint32_t data_block_offset = load_u32(Bytes{expected}, 48);
    EXPECT_EQ(Wire(got.begin(), got.begin() + data_block_offset),
              Wire(expected.begin(), expected.begin() + data_block_offset))
        << "block " << block;
    if (GetParam() != ViewBuffers::slot) {
      EXPECT_EQ(got, expected) << "block " << block;
    }
    auto owned = view->to_reply();
    ASSERT_TRUE(owned.ok()) << owned.error().to_string();
    for (std::size_t k = 0; k < old->instances.size(); ++k)
      EXPECT_EQ(owned->instances[k].data, old->instances[k].data) << "block " << block << " instance " << k;
  }
}

INSTANTIATE_TEST_SUITE_P(DriverBuffers, AllDataViewTest, every_view_buffers(), view_buffers_name);

}  // namespace
}  // namespace wmiport::test
