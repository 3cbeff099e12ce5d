// A persistent (immutable, structurally shared) hash map: a hash array mapped trie of 32-way nodes.
//
// Copying a PersistentMap copies one pointer. put() and erase() copy only the nodes on the path to the key (at
// most ceil(64 / 5) of them, in practice log32(size): 3 or 4) and share every other node with the copies made
// before, which keep seeing their own contents. This is what lets the registration database publish a new
// snapshot per registration at a cost independent of the number of providers (docs/decisions.md W14), while a
// reader finds a key by following one node per level.
//
// Nodes are never modified once shared, so maps may be read from any thread; writing one PersistentMap object
// (put, erase, assignment) needs the same synchronisation as writing any other value.
#pragma once

#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
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
    const Node* node = root_.get();
    for (unsigned shift = 0; node != nullptr; shift += kBitsPerLevel) {
      if (exhausted(shift)) {
        for (const auto& slot : node->slots)
          if (const Leaf& leaf = std::get<Leaf>(slot); leaf.key == key)
            return &leaf.value;
        return nullptr;
      }
      const std::uint32_t bit = bit_at(hash, shift);
      if ((node->bitmap & bit) == 0)
        return nullptr;
      const Slot& slot = node->slots[position(node->bitmap, bit)];
      if (const Leaf* leaf = std::get_if<Leaf>(&slot))
        return leaf->hash == hash && leaf->key == key ? &leaf->value : nullptr;
      node = std::get<NodePtr>(slot).get();
    }
    return nullptr;
  }

  // Stores `value` under `key`, replacing any value there.
  void put(const Key& key, Value value) {
    bool added = false;
    root_ = insert(root_.get(), 0, Leaf{hash_of(key), key, std::move(value)}, added);
    if (added)
      ++size_;
  }

  // Removes `key` if present.
  void erase(const Key& key) {
    bool removed = false;
    root_ = remove(root_, 0, hash_of(key), key, removed);
    if (removed)
      --size_;
  }

  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }

  // Calls visit(key, value) for every entry, in no particular order.
  template <class Visit>
  void for_each(Visit&& visit) const {
    if (root_)
      visit_node(*root_, visit);
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
  // Below the last level (hash bits exhausted) a node is a plain list of leaves whose full hashes collide.
  struct Node {
    std::uint32_t bitmap = 0;  // bit i set: slots holds the entry for index i, at position popcount(bits below i)
    std::vector<Slot> slots;
  };

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

  // A copy of `node` (or an empty node) with `leaf` stored in it at depth `shift`.
  static NodePtr insert(const Node* node, unsigned shift, Leaf leaf, bool& added) {
    auto copy = node != nullptr ? std::make_shared<Node>(*node) : std::make_shared<Node>();
    if (exhausted(shift)) {
      for (auto& slot : copy->slots)
        if (Leaf& existing = std::get<Leaf>(slot); existing.key == leaf.key) {
          existing.value = std::move(leaf.value);
          return copy;
        }
      copy->slots.emplace_back(std::move(leaf));
      added = true;
      return copy;
    }
    const std::uint32_t bit = bit_at(leaf.hash, shift);
    const std::size_t at = position(copy->bitmap, bit);
    if ((copy->bitmap & bit) == 0) {
      copy->slots.insert(copy->slots.begin() + static_cast<std::ptrdiff_t>(at), Slot{std::move(leaf)});
      copy->bitmap |= bit;
      added = true;
      return copy;
    }
    Slot& slot = copy->slots[at];
    if (Leaf* existing = std::get_if<Leaf>(&slot)) {
      if (existing->hash == leaf.hash && existing->key == leaf.key) {
        existing->value = std::move(leaf.value);
        return copy;
      }
      // Two keys share this index: push both one level down.
      bool ignored = false;
      NodePtr child = insert(nullptr, shift + kBitsPerLevel, std::move(*existing), ignored);
      slot = insert(child.get(), shift + kBitsPerLevel, std::move(leaf), added);
      return copy;
    }
    slot = insert(std::get<NodePtr>(slot).get(), shift + kBitsPerLevel, std::move(leaf), added);
    return copy;
  }

  // `node` without `key` (the same node when the key is absent, nullptr when nothing is left).
  static NodePtr remove(const NodePtr& node, unsigned shift, std::uint64_t hash, const Key& key, bool& removed) {
    if (!node)
      return node;
    if (exhausted(shift)) {
      for (std::size_t k = 0; k < node->slots.size(); ++k)
        if (std::get<Leaf>(node->slots[k]).key == key) {
          removed = true;
          if (node->slots.size() == 1)
            return nullptr;
          auto copy = std::make_shared<Node>(*node);
          copy->slots.erase(copy->slots.begin() + static_cast<std::ptrdiff_t>(k));
          return copy;
        }
      return node;
    }
    const std::uint32_t bit = bit_at(hash, shift);
    if ((node->bitmap & bit) == 0)
      return node;
    const std::size_t at = position(node->bitmap, bit);
    const Slot& slot = node->slots[at];
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
    auto copy = std::make_shared<Node>(*node);
    if (!child) {
      copy->slots.erase(copy->slots.begin() + static_cast<std::ptrdiff_t>(at));
      copy->bitmap &= ~bit;
      if (copy->slots.empty())
        return nullptr;
    } else if (child->slots.size() == 1 && std::holds_alternative<Leaf>(child->slots.front())) {
      copy->slots[at] = child->slots.front();  // a lone leaf moves up: lookups stop at the first leaf on the path
    } else {
      copy->slots[at] = std::move(child);
    }
    return copy;
  }

  template <class Visit>
  static void visit_node(const Node& node, Visit& visit) {
    for (const auto& slot : node.slots) {
      if (const Leaf* leaf = std::get_if<Leaf>(&slot))
        visit(leaf->key, leaf->value);
      else
        visit_node(*std::get<NodePtr>(slot), visit);
    }
  }

  NodePtr root_;
  std::size_t size_ = 0;
};

}  // namespace wmiport::wmi
