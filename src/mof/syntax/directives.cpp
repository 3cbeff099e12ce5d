// The '#' directives: #pragma (namespace, autorecover, classflags, deleteclass; others accepted), #include and the
// trivial mofcomp #define. A directive and its arguments sit on one line (a parenthesised argument list may go on),
// which is how a broken directive is skipped without eating the declaration after it.
#include <fmt/format.h>

#include "mof/syntax/names.h"
#include "mof/syntax/parser.h"

namespace wmiport::mof::syntax {

namespace {

struct ClassFlagName {
  std::string_view name;
  std::int64_t value;
};

// Spec §1.2; the values are the WBEM_FLAG_* constants, stored as __CLASSFLAGS.
constexpr ClassFlagName kClassFlags[] = {
    {"updateonly", 1},
    {"createonly", 2},
    {"safeupdate", 32},
    {"forceupdate", 64},
};

// Documented mofcomp pragmas that change nothing wmiport models; accepted silently.
constexpr std::string_view kAcceptedPragmas[] = {"amendment", "deleteinstance", "instanceflags", "locale",
                                                 "nonlocal",  "nonlocaltype",   "source",        "sourcetype"};

// `#pragma namespace` with a path that does not start with '\' or '/' is relative to the namespace in force.
std::string resolve_namespace(const std::string& current, const std::string& argument) {
  if (argument.empty() || argument.front() == '\\' || argument.front() == '/' || current.empty())
    return argument;
  return current + "\\" + argument;
}

}  // namespace

// A directive's parts must be on its line: when the next token is on a later line, the error points just past the
// last token of the directive rather than at the unrelated token below it.
void Parser::error_expected_on_line(const Token& last, std::string_view what) {
  if (current().line == last.line && !at_end()) {
    error_expected(what);
    return;
  }
  const auto length = static_cast<std::uint32_t>(last.kind == TokenKind::hash ? 1 : last.text.size());
  session_.sink().error({file_, last.line, last.column + length},
                        fmt::format("expected {}, found the end of the line", what));
}

void Parser::parse_directive() {
  const Token& hash = advance();
  const Token& name = current();
  if (!name.is(TokenKind::identifier) || name.line != hash.line) {
    error_expected_on_line(hash, "a directive name (pragma, include or define) after '#'");
    skip_directive_rest(hash);
    return;
  }
  if (name.is_word("pragma"))
    parse_pragma(hash);
  else if (name.is_word("include"))
    parse_include(hash);
  else if (name.is_word("define"))
    parse_define(hash);
  else {
    error_at(name, fmt::format("unknown directive '#{}' (expected #pragma, #include or #define)", name.text));
    skip_directive_rest(hash);
  }
}

// Skips what is left of a directive: every token on the directive's line, and a parenthesised list begun there.
void Parser::skip_directive_rest(const Token& hash) {
  int depth = 0;
  while (!at_end() && (current().line == hash.line || depth > 0)) {
    if (depth == 0 && pos_ > 0 && at(TokenKind::hash) && current().line != hash.line)
      return;
    const TokenKind kind = advance().kind;
    if (kind == TokenKind::lparen)
      ++depth;
    else if (kind == TokenKind::rparen && depth > 0)
      --depth;
    else if (depth > 0 && (kind == TokenKind::semicolon || kind == TokenKind::lbrace))
      return;  // a list that never closes: do not run into the declarations that follow
  }
}

void Parser::parse_pragma(const Token& hash) {
  const Token& keyword = advance();  // pragma
  if (!at(TokenKind::identifier) || current().line != hash.line) {
    error_expected_on_line(keyword, "a pragma name after '#pragma'");
    skip_directive_rest(hash);
    return;
  }
  const Token& name = advance();
  std::vector<std::pair<const Token*, Value>> arguments;
  if (at(TokenKind::lparen) && current().line == name.line) {
    advance();
    while (!at(TokenKind::rparen)) {
      const Token& first = current();
      Value value;
      if (first.is(TokenKind::string)) {
        value.data = parse_string_literals();
      } else if (first.is(TokenKind::identifier)) {
        value.data = std::string(first.text);  // FAIL, NOFAIL and other bare words are kept as their spelling
        advance();
      } else if (first.is(TokenKind::integer) || first.is(TokenKind::minus) || first.is(TokenKind::plus)) {
        if (!parse_number(value)) {
          skip_directive_rest(hash);
          return;
        }
      } else {
        error_expected(fmt::format("a string, number or name as argument of '#pragma {}'", name.text));
        skip_directive_rest(hash);
        return;
      }
      arguments.emplace_back(&first, std::move(value));
      if (at(TokenKind::comma)) {
        advance();
        continue;
      }
      if (!at(TokenKind::rparen)) {
        error_expected(fmt::format("',' or ')' in the arguments of '#pragma {}'", name.text));
        skip_directive_rest(hash);
        return;
      }
    }
    advance();  // )
  }
  apply_pragma(name, arguments);
}

void Parser::apply_pragma(const Token& name, const std::vector<std::pair<const Token*, Value>>& arguments) {
  const std::string pragma = name_key(name.text);
  PragmaState& state = session_.pragmas();
  auto string_argument = [&](std::size_t index) -> const std::string* {
    return index < arguments.size() ? arguments[index].second.as_string() : nullptr;
  };

  if (pragma == "namespace") {
    const std::string* path = string_argument(0);
    if (path == nullptr || arguments.size() != 1) {
      error_at(name, "#pragma namespace takes one string: the namespace path");
      return;
    }
    state.name_space = resolve_namespace(state.name_space, *path);
    return;
  }
  if (pragma == "autorecover")
    return;  // a hint to the WMI repository; nothing to model
  if (pragma == "classflags") {
    // Numbers and names may be mixed; the flags combine. The set replaces the one in force.
    std::int64_t flags = 0;
    for (const auto& [token, value] : arguments) {
      if (const std::int64_t* number = value.as_integer()) {
        flags |= *number;
        continue;
      }
      const std::string* word = value.as_string();
      const ClassFlagName* match = nullptr;
      for (const ClassFlagName& flag : kClassFlags) {
        if (word != nullptr && equals_ignore_case(*word, flag.name))
          match = &flag;
      }
      if (match == nullptr) {
        error_at(*token,
                 "unknown class flag in #pragma classflags (expected \"updateonly\", \"createonly\", "
                 "\"safeupdate\", \"forceupdate\" or a number)");
        return;
      }
      flags |= match->value;
    }
    state.class_flags = flags;
    return;
  }
  if (pragma == "deleteclass") {
    const std::string* class_name = string_argument(0);
    const std::string* mode = string_argument(1);
    const bool fail_if_missing = mode == nullptr || equals_ignore_case(*mode, "FAIL");
    if (class_name == nullptr || arguments.size() > 2 ||
        (mode != nullptr && !equals_ignore_case(*mode, "FAIL") && !equals_ignore_case(*mode, "NOFAIL"))) {
      error_at(name, "#pragma deleteclass takes (\"ClassName\", FAIL) or (\"ClassName\", NOFAIL)");
      return;
    }
    if (!session_.schema().remove_class(*class_name) && fail_if_missing)
      error_at(name, fmt::format("#pragma deleteclass: class '{}' is not declared", *class_name));
    return;
  }
  for (std::string_view accepted : kAcceptedPragmas) {
    if (pragma == accepted)
      return;
  }
  session_.sink().warning(location(name), fmt::format("unknown #pragma '{}' ignored", name.text), "mof-unknown-pragma");
}

void Parser::parse_include(const Token& hash) {
  advance();  // include
  const bool parenthesised = at(TokenKind::lparen);
  if (parenthesised)
    advance();
  if (!at(TokenKind::string)) {
    error_expected("a quoted file name after '#include'");
    skip_directive_rest(hash);
    return;
  }
  const Token& file_token = current();
  const std::string file_name = parse_string_literals();
  if (parenthesised && !expect(TokenKind::rparen, "')' after the #include file name")) {
    skip_directive_rest(hash);
    return;
  }
  session_.include(location(file_token), file_name, file_);
}

// mofcomp's own `#define NAME value` (1998 WBEM BNF): NAME then stands for value wherever a value is expected.
// No macro expansion beyond that: real C-preprocessor MOFs are meant to go through cpp first (spec §1.2).
void Parser::parse_define(const Token& hash) {
  const Token& keyword = advance();  // define
  if (!at(TokenKind::identifier) || current().line != hash.line) {
    error_expected_on_line(keyword, "a name after '#define'");
    skip_directive_rest(hash);
    return;
  }
  const Token& name = advance();
  Value value;
  value.data = true;  // `#define NAME` alone defines a flag
  if (!at_end() && current().line == name.line) {
    if (!parse_value(value, 0)) {
      skip_directive_rest(hash);
      return;
    }
  }
  session_.define(name.text, std::move(value));
}

}  // namespace wmiport::mof::syntax
