// The MOF lexer: decoded text to tokens with line/column, comments skipped, string escapes resolved.
//
// Lexical errors (unterminated string or comment, bad escape, bad number, stray character) are reported to the sink
// and lexing goes on, so the parser still sees a usable token stream and one run reports several problems.
#pragma once

#include <cstddef>
#include <cstdint>
#include <deque>
#include <string>
#include <string_view>

#include "mof/syntax/diagnostic_sink.h"
#include "mof/syntax/token.h"

namespace wmiport::mof::syntax {

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
  bool at_end() const { return pos_ >= text_.size(); }
  char32_t peek(std::size_t ahead = 0) const;
  bool has(std::size_t ahead) const { return pos_ + ahead < text_.size(); }
  char32_t get();
  SourceLocation where(std::uint32_t line, std::uint32_t column) const { return {file_, line, column}; }

  void skip_space_and_comments();
  bool lex_token(Token& token);
  void lex_identifier(Token& token);
  void lex_number(Token& token);
  void lex_escape(std::u16string& out);
  void lex_quoted(char32_t quote, std::u16string& out, std::uint32_t line, std::uint32_t column);
  void lex_string(Token& token);
  void lex_char(Token& token);

  std::u32string_view text_;
  std::string file_;
  DiagnosticSink& sink_;
  std::size_t pos_ = 0;
  std::uint32_t line_ = 1;
  std::uint32_t column_ = 1;
};

// The parser's view of the tokens: random access by index, lexing on demand. Tokens live in a deque, so references
// the parser holds stay valid as more are read. `used` counts the tokens of every file of the compilation; once it
// reaches max_tokens the sink is stopped and the stream ends.
class TokenStream {
 public:
  TokenStream(Lexer& lexer, std::size_t& used, std::size_t max_tokens)
      : lexer_(lexer), used_(used), max_tokens_(max_tokens) {}

  // The token at `index`, or the end_of_file token when the stream ends before it.
  const Token& at(std::size_t index);

 private:
  Lexer& lexer_;
  std::size_t& used_;
  std::size_t max_tokens_;
  std::deque<Token> tokens_;
  bool ended_ = false;
};

}  // namespace wmiport::mof::syntax
