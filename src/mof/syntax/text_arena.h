// Storage for the texts of tokens (names, numbers' spellings, string values): one allocation per 64 KiB of text
// instead of one per token. A text never moves once stored, so tokens hold string_views into the arena, valid as
// long as the arena (the Lexer that owns it) lives.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

namespace wmiport::mof::syntax {

class TextArena {
 public:
  // Room for `size` characters, for the caller to fill.
  char* allocate(std::size_t size) {
    if (size > left_) {
      if (size >= kChunkSize / 4)  // a long text gets a block of its own; the current chunk keeps its room
        return chunks_.emplace_back(std::make_unique_for_overwrite<char[]>(size)).get();
      chunks_.push_back(std::make_unique_for_overwrite<char[]>(kChunkSize));
      next_ = chunks_.back().get();
      left_ = kChunkSize;
    }
    char* out = next_;
    next_ += size;
    left_ -= size;
    return out;
  }

  std::string_view copy(std::string_view text) {
    char* out = allocate(text.size());
    text.copy(out, text.size());
    return {out, text.size()};
  }

 private:
  static constexpr std::size_t kChunkSize = 64 * 1024;
  std::vector<std::unique_ptr<char[]>> chunks_;
  char* next_ = nullptr;
  std::size_t left_ = 0;
};

}  // namespace wmiport::mof::syntax
