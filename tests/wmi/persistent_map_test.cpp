// PersistentMap: lookups after many puts and erases against std::map as the reference, copies that keep their
// own contents while the original changes (what snapshots rely on), and keys whose hashes collide in part or in
// full (the collision lists below the last level).
#include "wmi/persistent_map.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <random>
#include <string>

namespace wmiport::wmi {
namespace {

// Every key hashes to the same value: everything lands in one collision list.
struct ConstantHash {
  std::size_t operator()(std::uint32_t) const { return 42; }
};

// Only 4 distinct hashes: collision lists holding several keys each, reached through one path.
struct FourHashes {
  std::size_t operator()(std::uint32_t key) const { return key % 4; }
};

template <class Map>
std::map<std::uint32_t, std::string> contents(const Map& map) {
  std::map<std::uint32_t, std::string> all;
  map.for_each([&](std::uint32_t key, const std::string& value) { EXPECT_TRUE(all.emplace(key, value).second); });
  return all;
}

template <class Map>
void expect_same(const Map& map, const std::map<std::uint32_t, std::string>& reference, std::uint32_t key_range) {
  ASSERT_EQ(map.size(), reference.size());
  for (std::uint32_t key = 0; key < key_range; ++key) {
    const std::string* value = map.find(key);
    auto it = reference.find(key);
    if (it == reference.end()) {
      EXPECT_EQ(value, nullptr) << key;
    } else {
      ASSERT_NE(value, nullptr) << key;
      EXPECT_EQ(*value, it->second) << key;
    }
  }
  EXPECT_EQ(contents(map), reference);
}

template <class Map>
void random_puts_and_erases(std::uint32_t key_range, int operations) {
  Map map;
  std::map<std::uint32_t, std::string> reference;
  std::mt19937 random(7);
  std::uniform_int_distribution<std::uint32_t> key_of(0, key_range - 1);
  for (int k = 0; k < operations; ++k) {
    const std::uint32_t key = key_of(random);
    if (random() % 3 == 0) {
      map.erase(key);
      reference.erase(key);
    } else {
      map.put(key, std::to_string(k));
      reference[key] = std::to_string(k);
    }
  }
  expect_same(map, reference, key_range);
  // Erasing everything leaves an empty map that still works.
  for (std::uint32_t key = 0; key < key_range; ++key)
    map.erase(key);
  EXPECT_TRUE(map.empty());
  EXPECT_EQ(map.find(0), nullptr);
  map.put(3, "again");
  ASSERT_NE(map.find(3), nullptr);
  EXPECT_EQ(*map.find(3), "again");
}

TEST(PersistentMapTest, AgreesWithStdMapOverManyPutsAndErases) {
  random_puts_and_erases<PersistentMap<std::uint32_t, std::string>>(2'000, 6'000);
}

TEST(PersistentMapTest, KeysWithOneHashShareACollisionList) {
  random_puts_and_erases<PersistentMap<std::uint32_t, std::string, ConstantHash>>(100, 500);
}

TEST(PersistentMapTest, PartlyCollidingHashesKeepEveryKey) {
  random_puts_and_erases<PersistentMap<std::uint32_t, std::string, FourHashes>>(200, 1'000);
}

TEST(PersistentMapTest, ACopyKeepsItsContentsWhileTheOriginalChanges) {
  PersistentMap<std::uint32_t, std::string> map;
  std::map<std::uint32_t, std::string> reference;
  for (std::uint32_t key = 0; key < 2'000; ++key) {
    map.put(key, "v" + std::to_string(key));
    reference[key] = "v" + std::to_string(key);
  }
  const auto before = map;
  for (std::uint32_t key = 0; key < 2'000; key += 3)
    map.erase(key);
  for (std::uint32_t key = 1; key < 2'000; key += 3)
    map.put(key, "changed");
  map.put(9'999, "new");
  expect_same(before, reference, 10'000);
  EXPECT_EQ(map.size(), 2'000u - 667u + 1u);
  EXPECT_EQ(map.find(0), nullptr);
  ASSERT_NE(map.find(1), nullptr);
  EXPECT_EQ(*map.find(1), "changed");
  ASSERT_NE(map.find(2), nullptr);
  EXPECT_EQ(*map.find(2), "v2");
  ASSERT_NE(map.find(9'999), nullptr);
}

TEST(PersistentMapTest, PutReplacesTheValueOfAnExistingKey) {
  PersistentMap<std::uint32_t, std::string, ConstantHash> map;
  map.put(1, "one");
  map.put(2, "two");
  map.put(1, "uno");
  EXPECT_EQ(map.size(), 2u);
  EXPECT_EQ(*map.find(1), "uno");
  EXPECT_EQ(*map.find(2), "two");
  map.erase(5);  // absent: nothing changes
  EXPECT_EQ(map.size(), 2u);
}

}  // namespace
}  // namespace wmiport::wmi
