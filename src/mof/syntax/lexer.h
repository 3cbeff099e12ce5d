// The MOF lexer: decoded text to tokens with line/column, comments skipped, string escapes resolved.
//
// Lexical errors (unterminated string or comment, bad escape, bad number, stray character) are reported to the sink
// and lexing goes on, so the parser still sees a usable token stream and one run reports several problems.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "mof/syntax/diagnostic_sink.h"
#include "mof/syntax/text_arena.h"
#include "mof/syntax/token.h"

namespace wmiport::mof::syntax {

// The longest identifier accepted (class, property, qualifier names). Real ones are under 64 characters.
inline constexpr std::size_t kMaxNameLength = 1024;

// Produces the tokens of one decoded text, one at a time, so that lexical and syntax errors are reported in source
// order. After the text ends, every call returns an end_of_file token.
class Lexer {
 public:
  // `file` names the text in diagnostics.
  Lexer(std::u32string_view text, std::string file, DiagnosticSink& sink);

  Token next();
  // Stops the whole compilation at `token` (a resource limit was reached).
  void stop_at(const Token& token, std::string message);

 private:
  // The character primitives are inline: the lexer calls them for every character of the source.
  bool at_end() const { return pos_ >= text_.size(); }
  char32_t peek(std::size_t ahead = 0) const { return pos_ + ahead < text_.size() ? text_[pos_ + ahead] : char32_t{0}; }
  bool has(std::size_t ahead) const { return pos_ + ahead < text_.size(); }
  char32_t get() {
    const char32_t c = text_[pos_++];
    if (c == U'\n') {
      ++line_;
      column_ = 1;
    } else {
      ++column_;
    }
    return c;
  }
  SourceLocation where(std::uint32_t line, std::uint32_t column) const { return {file_, line, column}; }

  void skip_space_and_comments();
  bool lex_token(Token& token);
  void lex_identifier(Token& token);
  void lex_number(Token& token);
  void lex_escape(std::u16string& out);
  void lex_quoted(char32_t quote, std::u16string& out, std::uint32_t line, std::uint32_t column);
  void lex_string(Token& token);
  bool lex_plain_string(Token& token);
  void lex_char(Token& token);
  std::string_view narrow(std::u32string_view text);

  std::u32string_view text_;
  std::string file_;
  DiagnosticSink& sink_;
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t column_ = 1;
  TextArena arena_;         // the tokens' texts
  std::u16string literal_;  // the UTF-16 value of a literal being read, reused from one literal to the next
};

// The parser's view of the tokens: random access by index, lexing on demand. Tokens live in fixed-size chunks, so
// references the parser holds stay valid as more are read (a chunk holds a thousand tokens where a deque's block
// would hold ten). The parser gives back the chunks behind a finished declaration (release_before), and new tokens
// reuse them: a large MOF then needs a few chunks instead of megabytes of tokens the parser never looks at again,
// which a short-lived process pays for page by page (docs/decisions.md). `used` counts the tokens of every file
// of the compilation; once it reaches max_tokens the sink is stopped and the stream ends.
class TokenStream {
 public:
  TokenStream(Lexer& lexer, std::size_t& used, std::size_t max_tokens)
      : lexer_(lexer), used_(used), max_tokens_(max_tokens) {}

  // The token at `index`, or the end_of_file token when the stream ends before it. Inline for the common case
  // of a token already read: the parser asks for the current token several times per token.
  const Token& at(std::size_t index) { return index < size_ ? slot(index) : read_to(index); }
  // Tokens before `index` will not be asked for again (references to them may no longer be used): their whole
  // chunks are kept for reuse by the tokens still to be read.
  void release_before(std::size_t index);

 private:
  static constexpr std::size_t kChunkTokens = 1024;

  Token& slot(std::size_t index) { return chunks_[index / kChunkTokens][index % kChunkTokens]; }
  const Token& read_to(std::size_t index);

  Lexer& lexer_;
  std::size_t& used_;
  std::size_t max_tokens_;
  std::vector<std::unique_ptr<Token[]>> chunks_;  // by index / kChunkTokens; null once released
  std::vector<std::unique_ptr<Token[]>> spare_;   // released chunks, for the next tokens
  std::size_t released_ = 0;                      // chunks_[0, released_) were released
  std::size_t size_ = 0;                          // tokens read
  bool ended_ = false;
};

}  // namespace wmiport::mof::syntax
