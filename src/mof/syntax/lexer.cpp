#include "mof/syntax/lexer.h"

#include <algorithm>
#include <charconv>
#include <limits>

#include <fmt/format.h>

#include "common/utf16.h"

namespace wmiport::mof::syntax {

namespace {

bool is_digit(char32_t c) {
  return c >= U'0' && c <= U'9';
}
bool is_hex_digit(char32_t c) {
  return is_digit(c) || (c >= U'a' && c <= U'f') || (c >= U'A' && c <= U'F');
}
bool is_identifier_start(char32_t c) {
  return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || c == U'_';
}
bool is_identifier_char(char32_t c) {
  return is_identifier_start(c) || is_digit(c);
}
bool is_space(char32_t c) {
  return c == U' ' || c == U'\t' || c == U'\n' || c == U'\v' || c == U'\f';
}

// A character as a message names it: 'x' when printable ASCII, else its code point.
std::string describe_char(char32_t c) {
  if (c >= 0x21 && c < 0x7F)
    return fmt::format("'{}'", static_cast<char>(c));
  return fmt::format("U+{:04X}", static_cast<std::uint32_t>(c));
}

void append_utf16(std::u16string& out, char32_t c) {
  if (c >= 0x10000) {
    const std::uint32_t v = static_cast<std::uint32_t>(c) - 0x10000;
    out.push_back(static_cast<char16_t>(0xD800 + (v >> 10)));
    out.push_back(static_cast<char16_t>(0xDC00 + (v & 0x3FF)));
  } else {
    out.push_back(static_cast<char16_t>(c));
  }
}

}  // namespace

// ASCII code points (names, numbers, plain string literals) as chars in the arena; others become '?'.
std::string_view Lexer::narrow(std::u32string_view text) {
  char* out = arena_.allocate(text.size());
  for (std::size_t i = 0; i < text.size(); ++i)
    out[i] = text[i] < 0x80 ? static_cast<char>(text[i]) : '?';
  return {out, text.size()};
}

Lexer::Lexer(std::u32string_view text, std::string file, DiagnosticSink& sink)
    : text_(text), file_(std::move(file)), sink_(sink) {}

Token Lexer::next() {
  while (true) {
    skip_space_and_comments();
    Token token;
    token.line = line_;
    token.column = column_;
    if (at_end() || sink_.stopped()) {
      token.kind = TokenKind::end_of_file;
      return token;
    }
    if (lex_token(token))
      return token;
    // a stray character: reported, skipped, and lexing goes on
  }
}

void Lexer::stop_at(const Token& token, std::string message) {
  sink_.stop(where(token.line, token.column), std::move(message));
}

void Lexer::skip_space_and_comments() {
  while (!at_end()) {
    const char32_t c = peek();
    if (is_space(c)) {
      get();
    } else if (c == U'/' && has(1) && peek(1) == U'/') {
      // Up to the line end, which stays for the next round; no line end inside, so only the column moves.
      const std::size_t end = std::min(text_.find(U'\n', pos_), text_.size());
      column_ += static_cast<std::uint32_t>(end - pos_);
      pos_ = end;
    } else if (c == U'/' && has(1) && peek(1) == U'*') {
      const std::uint32_t line = line_;
      const std::uint32_t column = column_;
      get();
      get();
      bool closed = false;
      while (!at_end()) {
        if (peek() == U'*' && has(1) && peek(1) == U'/') {
          get();
          get();
          closed = true;
          break;
        }
        get();
      }
      if (!closed)
        sink_.error(where(line, column), "unterminated comment: '/*' has no matching '*/'");
    } else {
      return;
    }
  }
}

// Fills `token` from the text at the current position. False when the character starts no token (reported).
bool Lexer::lex_token(Token& token) {
  const char32_t c = peek();
  if (is_identifier_start(c)) {
    lex_identifier(token);
    return true;
  }
  if (is_digit(c) || (c == U'.' && is_digit(peek(1)))) {
    lex_number(token);
    return true;
  }
  if (c == U'"') {
    lex_string(token);
    return true;
  }
  if (c == U'\'') {
    lex_char(token);
    return true;
  }
  if (c == U'$') {
    get();
    if (!is_identifier_start(peek())) {
      sink_.error(where(token.line, token.column), fmt::format("expected an alias name after '$', found {}",
                                                               at_end() ? "end of file" : describe_char(peek())));
      return false;
    }
    lex_identifier(token);
    token.kind = TokenKind::alias;
    return true;
  }
  get();
  switch (c) {
    case U'[':
      token.kind = TokenKind::lbracket;
      return true;
    case U']':
      token.kind = TokenKind::rbracket;
      return true;
    case U'(':
      token.kind = TokenKind::lparen;
      return true;
    case U')':
      token.kind = TokenKind::rparen;
      return true;
    case U'{':
      token.kind = TokenKind::lbrace;
      return true;
    case U'}':
      token.kind = TokenKind::rbrace;
      return true;
    case U',':
      token.kind = TokenKind::comma;
      return true;
    case U';':
      token.kind = TokenKind::semicolon;
      return true;
    case U':':
      token.kind = TokenKind::colon;
      return true;
    case U'=':
      token.kind = TokenKind::equals;
      return true;
    case U'#':
      token.kind = TokenKind::hash;
      return true;
    case U'-':
      token.kind = TokenKind::minus;
      return true;
    case U'+':
      token.kind = TokenKind::plus;
      return true;
    default:
      break;
  }
  sink_.error(where(token.line, token.column), fmt::format("unexpected character {}", describe_char(c)));
  return false;
}

// Names longer than kMaxNameLength are an error and are cut: every message and many check findings repeat names, so
// a bound on them keeps diagnostics small whatever the input.
void Lexer::lex_identifier(Token& token) {
  token.kind = TokenKind::identifier;
  const std::size_t start = pos_;
  std::size_t end = start;
  while (end < text_.size() && is_identifier_char(text_[end]))
    ++end;
  const std::size_t length = end - start;
  column_ += static_cast<std::uint32_t>(length);  // identifier characters are never line ends
  pos_ = end;
  token.text = narrow(text_.substr(start, std::min(length, kMaxNameLength)));
  if (length > kMaxNameLength)
    sink_.error(where(token.line, token.column),
                fmt::format("name '{}...' is {} characters long, more than the limit of {}", token.text.substr(0, 32),
                            length, kMaxNameLength));
}

// Decimal, 0x hex, leading-0 octal, trailing-b binary integers, and reals (spec §1.1). The whole run of
// letters/digits/dots is taken as one token, so "12ab" is one bad number rather than a number and a name.
void Lexer::lex_number(Token& token) {
  const std::size_t start = pos_;
  bool is_real = false;
  int base = 10;
  std::size_t digits_begin = start;
  std::size_t digits_end = start;
  if (peek() == U'0' && (peek(1) == U'x' || peek(1) == U'X')) {
    get();
    get();
    base = 16;
    digits_begin = pos_;
    while (is_hex_digit(peek()))
      get();
    digits_end = pos_;
  } else {
    while (is_digit(peek()))
      get();
    if (peek() == U'.' && is_digit(peek(1))) {
      is_real = true;
      get();
      while (is_digit(peek()))
        get();
    }
    if ((peek() == U'e' || peek() == U'E') &&
        (is_digit(peek(1)) || ((peek(1) == U'+' || peek(1) == U'-') && is_digit(peek(2))))) {
      is_real = true;
      get();
      get();
      while (is_digit(peek()))
        get();
    }
    digits_end = pos_;
    if (!is_real && (peek() == U'b' || peek() == U'B') && !is_identifier_char(peek(1))) {
      base = 2;
      get();
    } else if (!is_real && digits_end - digits_begin > 1 && text_[digits_begin] == U'0') {
      base = 8;
    }
  }
  bool malformed = false;
  while (!at_end() && (is_identifier_char(peek()) || peek() == U'.')) {
    get();
    malformed = true;
  }
  token.text = narrow(text_.substr(start, pos_ - start));
  const SourceLocation at = where(token.line, token.column);
  token.kind = is_real ? TokenKind::real : TokenKind::integer;
  if (malformed || digits_begin == digits_end) {
    sink_.error(at, fmt::format("bad number {}", describe(token)));
    return;
  }
  // The digits are ASCII, so they sit at the same offsets in the token's spelling.
  const std::string_view digits = token.text.substr(digits_begin - start, digits_end - digits_begin);
  if (is_real) {
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), token.real);
    if (ec != std::errc{} || end != digits.data() + digits.size())
      sink_.error(at, fmt::format("real number {} is out of range", describe(token)));
    return;
  }
  for (char d : digits) {
    if (d - '0' >= base && base <= 8) {
      sink_.error(at, fmt::format("bad {} number {}: digit '{}'", base == 8 ? "octal" : "binary", describe(token), d));
      return;
    }
  }
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), token.integer, base);
  if (ec == std::errc::result_out_of_range)
    sink_.error(at, fmt::format("integer {} does not fit in 64 bits", describe(token)));
  else if (ec != std::errc{} || end != digits.data() + digits.size())
    sink_.error(at, fmt::format("bad number {}", describe(token)));
}

// One escape sequence after a backslash (spec §1.1): \\ \" \' \n \t \r \b \f \xH..HHHH. A bad one is reported
// and its character kept, so the string still ends where the author meant.
void Lexer::lex_escape(std::u16string& out) {
  const std::uint32_t line = line_;
  const std::uint32_t column = column_;
  get();  // the backslash
  if (at_end() || peek() == U'\n')
    return;  // the caller reports the unterminated literal
  const char32_t e = get();
  switch (e) {
    case U'\\':
      out.push_back(u'\\');
      return;
    case U'"':
      out.push_back(u'"');
      return;
    case U'\'':
      out.push_back(u'\'');
      return;
    case U'n':
      out.push_back(u'\n');
      return;
    case U't':
      out.push_back(u'\t');
      return;
    case U'r':
      out.push_back(u'\r');
      return;
    case U'b':
      out.push_back(u'\b');
      return;
    case U'f':
      out.push_back(u'\f');
      return;
    case U'x':
    case U'X': {
      std::uint32_t value = 0;
      int count = 0;
      while (count < 4 && is_hex_digit(peek())) {
        const char32_t h = get();
        value = value * 16 + static_cast<std::uint32_t>(is_digit(h) ? h - U'0' : (h | 0x20) - U'a' + 10);
        ++count;
      }
      if (count == 0) {
        sink_.error(where(line, column), "bad escape sequence '\\x': expected 1 to 4 hex digits");
        return;
      }
      out.push_back(static_cast<char16_t>(value));
      return;
    }
    default:
      sink_.error(
          where(line, column),
          fmt::format("bad escape sequence '\\{}' (expected one of \\\\ \\\" \\' \\n \\t \\r \\b \\f \\xHHHH)",
                      is_space(e) || e < 0x20 || e >= 0x7F ? describe_char(e) : std::string(1, static_cast<char>(e))));
      append_utf16(out, e);
      return;
  }
}

// A literal ends at its closing quote; a line end or the end of the file first means it is unterminated (MOF
// literals do not span lines; long texts are written as adjacent literals).
void Lexer::lex_quoted(char32_t quote, std::u16string& out, std::uint32_t line, std::uint32_t column) {
  get();  // the opening quote
  while (true) {
    if (at_end() || peek() == U'\n') {
      sink_.error(where(line, column), quote == U'"' ? "unterminated string literal: no closing '\"' on this line"
                                                     : "unterminated char literal: no closing ''' on this line");
      return;
    }
    if (peek() == quote) {
      get();
      return;
    }
    if (peek() == U'\\') {
      lex_escape(out);
      continue;
    }
    append_utf16(out, get());
  }
}

void Lexer::lex_string(Token& token) {
  token.kind = TokenKind::string;
  if (lex_plain_string(token))
    return;
  literal_.clear();
  lex_quoted(U'"', literal_, token.line, token.column);
  token.text = arena_.copy(utf16_to_utf8(literal_));
}

// The common literal: ASCII, no escape, closed on its line. Its UTF-8 value is its characters, taken in one step.
// False (nothing consumed) for any other literal, which lex_quoted then reads character by character.
bool Lexer::lex_plain_string(Token& token) {
  std::size_t end = pos_ + 1;  // after the opening quote
  while (end < text_.size()) {
    const char32_t c = text_[end];
    if (c == U'"')
      break;
    if (c >= 0x80 || c == U'\\' || c == U'\n')
      return false;
    ++end;
  }
  if (end >= text_.size())
    return false;  // unterminated: lex_quoted reports it
  token.text = narrow(text_.substr(pos_ + 1, end - pos_ - 1));
  column_ += static_cast<std::uint32_t>(end + 1 - pos_);
  pos_ = end + 1;
  return true;
}

void Lexer::lex_char(Token& token) {
  token.kind = TokenKind::char_literal;
  literal_.clear();
  const std::size_t errors_before = sink_.error_count();
  lex_quoted(U'\'', literal_, token.line, token.column);
  if (literal_.size() == 1)
    token.integer = literal_[0];
  else if (sink_.error_count() == errors_before)
    sink_.error(where(token.line, token.column),
                fmt::format("a char literal holds exactly one UTF-16 character, this one holds {}", literal_.size()));
}

const Token& TokenStream::read_to(std::size_t index) {
  while (!ended_ && index >= size_) {
    Token token = lexer_.next();
    if (!token.is(TokenKind::end_of_file) && used_ >= max_tokens_) {
      lexer_.stop_at(token,
                     fmt::format("the input has more than {} tokens (the limit of this compilation)", max_tokens_));
      token.kind = TokenKind::end_of_file;
      token.text = {};
    }
    ended_ = token.is(TokenKind::end_of_file);
    if (!ended_)
      ++used_;
    if (size_ % kChunkTokens == 0) {
      if (spare_.empty()) {
        chunks_.push_back(std::make_unique<Token[]>(kChunkTokens));
      } else {
        chunks_.push_back(std::move(spare_.back()));
        spare_.pop_back();
      }
    }
    slot(size_++) = token;
  }
  return slot(index < size_ ? index : size_ - 1);
}

void TokenStream::release_before(std::size_t index) {
  // The chunk holding the last token read stays: at() past the end returns it (the end_of_file token).
  const std::size_t last_needed = size_ == 0 ? 0 : (size_ - 1) / kChunkTokens;
  const std::size_t end = std::min(index / kChunkTokens, last_needed);
  for (; released_ < end; ++released_)
    spare_.push_back(std::move(chunks_[released_]));
}

}  // namespace wmiport::mof::syntax
