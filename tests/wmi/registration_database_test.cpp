// RegistrationDatabase with its persistent index: hundreds of separate registrations each find their blocks,
// lists of a GUID shared by every provider stay in registration order, and a batch of changes (removals in the
// middle, a new version of a provider, a new provider) leaves every snapshot taken before it exactly as it was.
#include "wmi/registration_database.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace wmiport::wmi {
namespace {

// Never dereferenced: the database only compares and hashes device pointers.
PDEVICE_OBJECT device_of(std::uint32_t n) {
  return reinterpret_cast<PDEVICE_OBJECT>(static_cast<std::uintptr_t>(0x10000 + 64 * n));
}

Guid own_guid(std::uint32_t n, std::uint32_t k) {
  return Guid{
      0x5eed0000u + k, static_cast<std::uint16_t>(n >> 16), static_cast<std::uint16_t>(n), {1, 2, 3, 0, 0, 0, 0, 0}};
}

const Guid kShared{0x5a4ed000u, 1, 2, {4, 5, 6, 0, 0, 0, 0, 0}};
constexpr std::uint32_t kOwnBlocks = 10;

std::shared_ptr<const Provider> provider(std::uint32_t n, std::uint64_t sequence, const std::vector<Guid>& guids) {
  auto made = std::make_shared<Provider>();
  made->device = device_of(n);
  made->provider_id = n + 1;
  made->sequence = sequence;
  made->gate = std::make_shared<ProviderGate>();
  for (const auto& guid : guids) {
    RegisteredBlock block;
    block.guid = guid;
    block.instance_count = 1;
    made->blocks.push_back(block);
  }
  return made;
}

std::vector<Guid> guids_of(std::uint32_t n) {
  std::vector<Guid> guids{kShared};
  for (std::uint32_t k = 0; k < kOwnBlocks; ++k)
    guids.push_back(own_guid(n, k));
  return guids;
}

void register_one_by_one(RegistrationDatabase& database, std::uint32_t count) {
  for (std::uint32_t n = 0; n < count; ++n)
    database.modify([&](const Snapshot&, ProviderChanges& changes) { changes.put(provider(n, n + 1, guids_of(n))); });
}

std::vector<std::uint32_t> provider_ids_of(const Snapshot& snapshot, const Guid& guid) {
  std::vector<std::uint32_t> ids;
  if (const BlockList* list = snapshot.blocks_of(guid))
    for (const auto& ref : *list) {
      EXPECT_EQ(ref.block->guid, guid);
      ids.push_back(ref.provider->provider_id);
    }
  return ids;
}

// Provider n (of `count` registered) is found by device, by id and through each of its own GUIDs.
void expect_registered(const Snapshot& snapshot, std::uint32_t n) {
  const auto by_device = snapshot.provider_of(device_of(n));
  ASSERT_NE(by_device, nullptr) << n;
  EXPECT_EQ(snapshot.provider_by_id(n + 1), by_device);
  for (std::uint32_t k = 0; k < kOwnBlocks; ++k) {
    const BlockList* list = snapshot.blocks_of(own_guid(n, k));
    ASSERT_NE(list, nullptr) << n << " " << k;
    ASSERT_EQ(list->size(), 1u);
    EXPECT_EQ(list->front().provider, by_device);
    EXPECT_EQ(list->front().block, by_device->find(own_guid(n, k)));
  }
}

void expect_absent(const Snapshot& snapshot, std::uint32_t n) {
  EXPECT_EQ(snapshot.provider_of(device_of(n)), nullptr) << n;
  EXPECT_EQ(snapshot.provider_by_id(n + 1), nullptr) << n;
  for (std::uint32_t k = 0; k < kOwnBlocks; ++k)
    EXPECT_EQ(snapshot.blocks_of(own_guid(n, k)), nullptr) << n << " " << k;
}

TEST(RegistrationDatabaseTest, HundredsOfSeparateRegistrationsAreAllIndexedInRegistrationOrder) {
  constexpr std::uint32_t kCount = 600;
  RegistrationDatabase database;
  register_one_by_one(database, kCount);
  const auto snapshot = database.snapshot();
  EXPECT_EQ(snapshot->providers.size(), kCount);
  EXPECT_EQ(snapshot->by_guid.size(), kCount * kOwnBlocks + 1);
  for (std::uint32_t n = 0; n < kCount; ++n)
    expect_registered(*snapshot, n);
  std::vector<std::uint32_t> every_id;
  for (std::uint32_t n = 0; n < kCount; ++n)
    every_id.push_back(n + 1);
  EXPECT_EQ(provider_ids_of(*snapshot, kShared), every_id);
  EXPECT_EQ(snapshot->blocks_of(own_guid(kCount, 0)), nullptr);
}

TEST(RegistrationDatabaseTest, ABatchWithRemovalsInTheMiddleLeavesEarlierSnapshotsAsTheyWere) {
  constexpr std::uint32_t kCount = 300;
  RegistrationDatabase database;
  register_one_by_one(database, kCount);
  const auto before = database.snapshot();

  // One batch: every third provider goes, provider 1 comes back with one of its blocks replaced by another,
  // provider 4 without the shared block, and a new provider registers.
  const Guid replacement{0xfeedu, 0, 0, {9, 0, 0, 0, 0, 0, 0, 0}};
  database.modify([&](const Snapshot& current, ProviderChanges& changes) {
    for (std::uint32_t n = 0; n < kCount; n += 3)
      changes.remove(device_of(n));
    std::vector<Guid> guids = guids_of(1);
    guids[3] = replacement;
    changes.put(provider(1, current.provider_of(device_of(1))->sequence, guids));
    std::vector<Guid> without_shared = guids_of(4);
    without_shared.erase(without_shared.begin());
    changes.put(provider(4, current.provider_of(device_of(4))->sequence, without_shared));
    changes.put(provider(kCount, kCount + 1, guids_of(kCount)));
  });
  const auto after = database.snapshot();

  std::vector<std::uint32_t> expected_shared;
  for (std::uint32_t n = 0; n <= kCount; ++n) {
    if (n % 3 == 0 && n < kCount) {
      expect_absent(*after, n);
      continue;
    }
    if (n != 1)
      expect_registered(*after, n);
    if (n != 4)
      expected_shared.push_back(n + 1);
  }
  EXPECT_EQ(provider_ids_of(*after, kShared), expected_shared);
  EXPECT_EQ(after->blocks_of(own_guid(1, 2)), nullptr);  // guids_of(1)[3] is own_guid(1, 2): replaced
  EXPECT_EQ(provider_ids_of(*after, replacement), std::vector<std::uint32_t>{2});
  EXPECT_EQ(provider_ids_of(*after, own_guid(1, 3)), std::vector<std::uint32_t>{2});
  EXPECT_EQ(after->providers.size(), kCount - 100 + 1);

  // The snapshot taken before the batch still answers as it did.
  EXPECT_EQ(before->providers.size(), kCount);
  for (std::uint32_t n = 0; n < kCount; ++n)
    expect_registered(*before, n);
  expect_absent(*before, kCount);
  EXPECT_EQ(before->blocks_of(replacement), nullptr);
  EXPECT_EQ(provider_ids_of(*before, kShared).size(), kCount);
}

TEST(RegistrationDatabaseTest, TheLastChangeOfADeviceInABatchWins) {
  RegistrationDatabase database;
  register_one_by_one(database, 3);
  database.modify([&](const Snapshot&, ProviderChanges& changes) {
    changes.remove(device_of(1));
    changes.put(provider(1, 2, {kShared}));
    changes.put(provider(7, 9, guids_of(7)));
    changes.remove(device_of(7));
  });
  const auto snapshot = database.snapshot();
  expect_absent(*snapshot, 7);
  ASSERT_NE(snapshot->provider_of(device_of(1)), nullptr);
  EXPECT_EQ(snapshot->blocks_of(own_guid(1, 0)), nullptr);
  EXPECT_EQ(provider_ids_of(*snapshot, kShared), (std::vector<std::uint32_t>{1, 2, 3}));
}

}  // namespace
}  // namespace wmiport::wmi
