#include "mof/syntax/token.h"

#include <fmt/format.h>

#include "mof/schema/schema.h"

namespace wmiport::mof::syntax {

namespace {

// A string value as a message shows it: at most `limit` bytes (cut on a character boundary), control characters
// escaped so a diagnostic stays on one line.
std::string shown_string(std::string_view text, std::size_t limit) {
  bool cut = false;
  if (text.size() > limit) {
    std::size_t end = limit;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
      --end;
    text = text.substr(0, end);
    cut = true;
  }
  std::string out;
  for (char c : text) {
    if (c == '\n')
      out += "\\n";
    else if (static_cast<unsigned char>(c) < 0x20)
      out += fmt::format("\\x{:02X}", static_cast<unsigned char>(c));
    else
      out.push_back(c);
  }
  return cut ? out + "..." : out;
}

}  // namespace

bool Token::is_word(std::string_view word) const {
  return kind == TokenKind::identifier && equals_ignore_case(text, word);
}

std::string describe(const Token& token) {
  switch (token.kind) {
    case TokenKind::identifier:
      return fmt::format("'{}'", token.text);
    case TokenKind::alias:
      return fmt::format("'${}'", token.text);
    case TokenKind::string:
      // Long strings (cpp_quote blocks) are cut: the location already says where the token is.
      return fmt::format("string \"{}\"", shown_string(token.text, 24));
    case TokenKind::char_literal:
      return "a char literal";
    case TokenKind::integer:
    case TokenKind::real:
      return fmt::format("'{}'", token.text);
    case TokenKind::lbracket:
      return "'['";
    case TokenKind::rbracket:
      return "']'";
    case TokenKind::lparen:
      return "'('";
    case TokenKind::rparen:
      return "')'";
    case TokenKind::lbrace:
      return "'{'";
    case TokenKind::rbrace:
      return "'}'";
    case TokenKind::comma:
      return "','";
    case TokenKind::semicolon:
      return "';'";
    case TokenKind::colon:
      return "':'";
    case TokenKind::equals:
      return "'='";
    case TokenKind::hash:
      return "'#'";
    case TokenKind::minus:
      return "'-'";
    case TokenKind::plus:
      return "'+'";
    case TokenKind::end_of_file:
      return "end of file";
  }
  return "a token";
}

}  // namespace wmiport::mof::syntax
