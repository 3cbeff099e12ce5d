#include "mof/syntax/parser.h"

#include <fmt/format.h>

namespace wmiport::mof::syntax {

Parser::Parser(CompileSession& session, std::string file, TokenStream& tokens)
    : session_(session), file_(std::move(file)), tokens_(tokens) {}

void Parser::run() {
  while (!at_end() && !stopped()) {
    tokens_.release_before(pos_);  // declarations hold no token of an earlier one
    const std::size_t before = pos_;
    if (at(TokenKind::hash))
      parse_directive();
    else if (!parse_declaration())
      recover_declaration();
    if (pos_ == before)
      advance();  // never loop on a token nobody consumed
  }
}

const Token& Parser::peek(std::size_t ahead) const {
  return tokens_.at(pos_ + ahead);
}

const Token& Parser::advance() {
  const Token& token = tokens_.at(pos_);
  if (!token.is(TokenKind::end_of_file))
    ++pos_;
  return token;
}

bool Parser::expect(TokenKind kind, std::string_view what) {
  if (at(kind)) {
    advance();
    return true;
  }
  error_expected(what);
  return false;
}

bool Parser::expect_identifier(std::string_view what, const Token** out) {
  if (!at(TokenKind::identifier)) {
    error_expected(what);
    return false;
  }
  *out = &advance();
  return true;
}

void Parser::error_at(const Token& token, std::string message) {
  session_.sink().error(location(token), std::move(message));
}

void Parser::error_expected(std::string_view what) {
  error_at(current(), fmt::format("expected {}, found {}", what, describe(current())));
}

bool Parser::at_declaration_start() const {
  if (at(TokenKind::hash))
    return true;
  if (at_word("class"))
    return peek(1).is(TokenKind::identifier) && (peek(2).is(TokenKind::lbrace) || peek(2).is(TokenKind::colon));
  return at_word("instance") && peek(1).is_word("of");
}

// Skips the rest of a broken declaration: up to and including a ';' outside brackets, or a '}' that closes the
// brackets opened since the error (and a ';' right after it); stops early before a token that surely starts the next
// declaration, so one error does not swallow a following good class.
void Parser::recover_declaration() {
  const std::size_t start = pos_;
  int depth = 0;
  while (!at_end()) {
    if (depth == 0 && pos_ != start && at_declaration_start())
      return;
    const TokenKind kind = advance().kind;
    if (kind == TokenKind::lbrace || kind == TokenKind::lparen || kind == TokenKind::lbracket) {
      ++depth;
    } else if (kind == TokenKind::rbrace || kind == TokenKind::rparen || kind == TokenKind::rbracket) {
      if (depth > 0)
        --depth;
      if (depth == 0 && kind == TokenKind::rbrace) {
        if (at(TokenKind::semicolon))
          advance();
        return;
      }
    } else if (kind == TokenKind::semicolon && depth == 0) {
      return;
    }
  }
}

// Skips the rest of a broken property or method: up to and including its ';', or up to (not including) the '}' that
// ends the class body, or before the start of the next declaration when the class lost its '}'.
void Parser::recover_feature() {
  int depth = 0;
  while (!at_end()) {
    if (depth == 0 && at_declaration_start())
      return;
    if (depth == 0 && at(TokenKind::rbrace))
      return;
    const TokenKind kind = advance().kind;
    if (kind == TokenKind::lbrace || kind == TokenKind::lparen || kind == TokenKind::lbracket)
      ++depth;
    else if ((kind == TokenKind::rbrace || kind == TokenKind::rparen || kind == TokenKind::rbracket) && depth > 0)
      --depth;
    else if (kind == TokenKind::semicolon && depth == 0)
      return;
  }
}

}  // namespace wmiport::mof::syntax
