// MOF tokens. Keywords are not token kinds: MOF keywords are case-insensitive and contextual (driver MOFs name
// properties Type, Function, value...), so the lexer returns words as identifiers and the parser decides.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace wmiport::mof::syntax {

enum class TokenKind {
  identifier,    // text = the word as written
  alias,         // `$name`; text = name without '$'
  string,        // one literal; text = its value, unescaped, UTF-8 (adjacent literals are joined by the parser)
  char_literal,  // integer = the UTF-16 code unit
  integer,       // integer = magnitude (a sign is a separate token); text = spelling
  real,          // real = value; text = spelling
  lbracket,
  rbracket,
  lparen,
  rparen,
  lbrace,
  rbrace,
  comma,
  semicolon,
  colon,
  equals,
  hash,
  minus,
  plus,
  end_of_file,
};

struct Token {
  TokenKind kind = TokenKind::end_of_file;
  std::string_view text;  // in the lexer's TextArena: valid while the lexer lives
  std::uint64_t integer = 0;
  double real = 0;
  std::uint32_t line = 0;    // 1-based
  std::uint32_t column = 0;  // 1-based, in characters

  bool is(TokenKind k) const { return kind == k; }
  // An identifier equal to `word` ignoring case (keywords: class, instance, of, ref, true...).
  bool is_word(std::string_view word) const;
};

// How a token is named in "found ..." messages: 'class', ';', string "abc", end of file.
std::string describe(const Token& token);

}  // namespace wmiport::mof::syntax
