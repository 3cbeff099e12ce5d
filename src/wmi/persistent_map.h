// A persistent (immutable, structurally shared) hash map: a wide first level held in the map object, then a hash
// array mapped trie of 32-way nodes whose slots are stored inline, right after the node's bitmap.
//
// The first kRootBits bits of a key's hash pick one of kRootWidth subtries directly (no node to load); each node
// below holds its slots in the same allocation as its bitmap, so a level costs one node load (bitmap, then the
// slot next to it) instead of a node and a separate slot array. At 100 000 keys a lookup visits about two nodes
// (docs/decisions.md W14).
//
// Copying a PersistentMap copies the first level (kRootWidth pointers, only the non-empty ones are shared with a
// reference count). put() and erase() copy only the nodes on the path to the key (in practice 1 to 3) and share
// every other node with the copies made before, which keep seeing their own contents. This is what lets the
// registration database publish a new snapshot per registration at a cost independent of the number of
// providers.
//
// Nodes are never modified once shared, so maps may be read from any thread; writing one PersistentMap object
// (put, erase, assignment) needs the same synchronisation as writing any other value.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <new>
#include <span>
#include <utility>
#include <variant>
#include <vector>

namespace wmiport::wmi {

template <class Key, class Value, class Hash = std::hash<Key>>
class PersistentMap {
 public:
  // The value stored under `key`, or nullptr. The pointer stays valid as long as this map (or a copy sharing
  // the node) lives and is not assigned to.
  const Value* find(const Key& key) const {
    const std::uint64_t hash = hash_of(key);
    const Node* node = roots_[hash & (kRootWidth - 1)].get();
    for (unsigned shift = kRootBits; node != nullptr; shift += kBitsPerLevel) {
      if (exhausted(shift)) {
        for (const auto& slot : node->slots())
          if (const Leaf& leaf = std::get<Leaf>(slot); leaf.key == key)
            return &leaf.value;
        return nullptr;
      }
      const std::uint32_t bit = bit_at(hash, shift);
      if ((node->bitmap & bit) == 0)
        return nullptr;
      const Slot& slot = node->slots()[position(node->bitmap, bit)];
      if (const Leaf* leaf = std::get_if<Leaf>(&slot))
        return leaf->hash == hash && leaf->key == key ? &leaf->value : nullptr;
      node = std::get<NodePtr>(slot).get();
    }
    return nullptr;
  }

  // Stores `value` under `key`, replacing any value there.
  void put(const Key& key, Value value) {
    bool added = false;
    const std::uint64_t hash = hash_of(key);
    NodePtr& root = roots_[hash & (kRootWidth - 1)];
    root = insert(root.get(), kRootBits, Leaf{hash, key, std::move(value)}, added);
    if (added)
      ++size_;
  }

  // Removes `key` if present.
  void erase(const Key& key) {
    bool removed = false;
    const std::uint64_t hash = hash_of(key);
    NodePtr& root = roots_[hash & (kRootWidth - 1)];
    root = remove(root, kRootBits, hash, key, removed);
    if (removed)
      --size_;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // Calls visit(key, value) for every entry, in no particular order.
  template <class Visit>
  void for_each(Visit&& visit) const {
    for (const auto& root : roots_)
      if (root)
        visit_node(*root, visit);
  }

 private:
  struct Node;
  using NodePtr = std::shared_ptr<const Node>;
  struct Leaf {
    std::uint64_t hash;
    Key key;
    Value value;
  };
  using Slot = std::variant<Leaf, NodePtr>;
  // The header of one allocation: `count` slots follow it. Below the last level (hash bits exhausted) a node is
  // a plain list of leaves whose full hashes collide.
  struct alignas(alignof(Slot)) Node {
    std::uint32_t bitmap = 0;  // bit i set: the entry for index i is slot popcount(bits below i)
    std::uint32_t count = 0;
    std::span<const Slot> slots() const { return {std::launder(reinterpret_cast<const Slot*>(this + 1)), count}; }
  };

  static constexpr unsigned kRootBits = 8;
  static constexpr std::size_t kRootWidth = std::size_t{1} << kRootBits;
  static constexpr unsigned kBitsPerLevel = 5;
  static constexpr unsigned kHashBits = 64;

  // The caller's hash, mixed (the murmur3 finaliser) so that pointers and small integers, whose std::hash is
  // the identity on libstdc++, spread over the first levels too.
  static std::uint64_t hash_of(const Key& key) {
    std::uint64_t h = static_cast<std::uint64_t>(Hash{}(key));
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdull;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ull;
    h ^= h >> 33;
    return h;
  }
  static bool exhausted(unsigned shift) { return shift >= kHashBits; }
  static std::uint32_t bit_at(std::uint64_t hash, unsigned shift) {
    return std::uint32_t{1} << ((hash >> shift) & ((1u << kBitsPerLevel) - 1));
  }
  static std::size_t position(std::uint32_t bitmap, std::uint32_t bit) {
    return static_cast<std::size_t>(std::popcount(bitmap & (bit - 1)));
  }

  // One allocation holding the node header and `slots`, moved in.
  static NodePtr make_node(std::uint32_t bitmap, std::vector<Slot>&& slots) {
    void* memory = ::operator new(sizeof(Node) + slots.size() * sizeof(Slot));
    Node* node = ::new (memory) Node{bitmap, static_cast<std::uint32_t>(slots.size())};
    Slot* first = reinterpret_cast<Slot*>(node + 1);
    try {
      std::uninitialized_move(slots.begin(), slots.end(), first);
    } catch (...) {
      ::operator delete(memory);
      throw;
    }
    return NodePtr(node, [](const Node* dead) {
      std::destroy_n(const_cast<Slot*>(dead->slots().data()), dead->count);
      ::operator delete(const_cast<Node*>(dead));
    });
  }
  static std::vector<Slot> slots_of(const Node* node) {
    if (node == nullptr)
      return {};
    return {node->slots().begin(), node->slots().end()};
  }

  // A copy of `node` (or an empty node) with `leaf` stored in it at depth `shift`.
  static NodePtr insert(const Node* node, unsigned shift, Leaf leaf, bool& added) {
    std::vector<Slot> slots = slots_of(node);
    std::uint32_t bitmap = node != nullptr ? node->bitmap : 0;
    if (exhausted(shift)) {
      for (auto& slot : slots)
        if (Leaf& existing = std::get<Leaf>(slot); existing.key == leaf.key) {
          existing.value = std::move(leaf.value);
          return make_node(bitmap, std::move(slots));
        }
      slots.emplace_back(std::move(leaf));
      added = true;
      return make_node(bitmap, std::move(slots));
    }
    const std::uint32_t bit = bit_at(leaf.hash, shift);
    const std::size_t at = position(bitmap, bit);
    if ((bitmap & bit) == 0) {
      slots.insert(slots.begin() + static_cast<std::ptrdiff_t>(at), Slot{std::move(leaf)});
      added = true;
      return make_node(bitmap | bit, std::move(slots));
    }
    Slot& slot = slots[at];
    if (Leaf* existing = std::get_if<Leaf>(&slot)) {
      if (existing->hash == leaf.hash && existing->key == leaf.key) {
        existing->value = std::move(leaf.value);
        return make_node(bitmap, std::move(slots));
      }
      // Two keys share this index: push both one level down.
      bool ignored = false;
      NodePtr child = insert(nullptr, shift + kBitsPerLevel, std::move(*existing), ignored);
      slot = insert(child.get(), shift + kBitsPerLevel, std::move(leaf), added);
      return make_node(bitmap, std::move(slots));
    }
    slot = insert(std::get<NodePtr>(slot).get(), shift + kBitsPerLevel, std::move(leaf), added);
    return make_node(bitmap, std::move(slots));
  }

  // `node` without `key` (the same node when the key is absent, nullptr when nothing is left).
  static NodePtr remove(const NodePtr& node, unsigned shift, std::uint64_t hash, const Key& key, bool& removed) {
    if (!node)
      return node;
    if (exhausted(shift)) {
      const auto leaves = node->slots();
      for (std::size_t k = 0; k < leaves.size(); ++k)
        if (std::get<Leaf>(leaves[k]).key == key) {
          removed = true;
          if (leaves.size() == 1)
            return nullptr;
          std::vector<Slot> rest = slots_of(node.get());
          rest.erase(rest.begin() + static_cast<std::ptrdiff_t>(k));
          return make_node(node->bitmap, std::move(rest));
        }
      return node;
    }
    const std::uint32_t bit = bit_at(hash, shift);
    if ((node->bitmap & bit) == 0)
      return node;
    const std::size_t at = position(node->bitmap, bit);
    const Slot& slot = node->slots()[at];
    NodePtr child;
    if (const Leaf* leaf = std::get_if<Leaf>(&slot)) {
      if (leaf->hash != hash || !(leaf->key == key))
        return node;
      removed = true;
    } else {
      child = remove(std::get<NodePtr>(slot), shift + kBitsPerLevel, hash, key, removed);
      if (!removed)
        return node;
    }
    std::vector<Slot> slots = slots_of(node.get());
    std::uint32_t bitmap = node->bitmap;
    if (!child) {
      slots.erase(slots.begin() + static_cast<std::ptrdiff_t>(at));
      bitmap &= ~bit;
      if (slots.empty())
        return nullptr;
    } else if (child->count == 1 && std::holds_alternative<Leaf>(child->slots().front())) {
      slots[at] = child->slots().front();  // a lone leaf moves up: lookups stop at the first leaf on the path
    } else {
      slots[at] = std::move(child);
    }
    return make_node(bitmap, std::move(slots));
  }

  template <class Visit>
  static void visit_node(const Node& node, Visit& visit) {
    for (const auto& slot : node.slots()) {
      if (const Leaf* leaf = std::get_if<Leaf>(&slot))
        visit(leaf->key, leaf->value);
      else
        visit_node(*std::get<NodePtr>(slot), visit);
    }
  }

  std::array<NodePtr, kRootWidth> roots_;  // subtrie of the keys whose hash ends in i
  std::size_t size_ = 0;
};

}  // namespace wmiport::wmi
