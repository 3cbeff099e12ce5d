// The MOF parser: one file's tokens to declarations in the session's Schema (grammar: spec mof-and-layout §1.5).
//
// Recursive descent. Each parse_* function returns false after reporting an error; the caller then resynchronises
// (recover_feature inside a class body, recover_declaration at the top level), which always consumes at least one
// token, so parsing terminates on any input. Directives (#pragma, #include, #define) are handled in directives.cpp.
#pragma once

#include <concepts>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "mof/schema/schema.h"
#include "mof/syntax/compile_session.h"
#include "mof/syntax/lexer.h"
#include "mof/syntax/names.h"
#include "mof/syntax/token.h"

namespace wmiport::mof::syntax {

class Parser {
 public:
  // `file` names the tokens' file in diagnostics and is where a relative #include starts looking.
  Parser(CompileSession& session, std::string file, TokenStream& tokens);

  void run();

 private:
  // Token cursor (parser.cpp).
  const Token& current() const { return tokens_.at(pos_); }
  const Token& peek(std::size_t ahead) const;
  const Token& advance();
  bool at(TokenKind kind) const { return current().is(kind); }
  bool at_word(std::string_view word) const { return current().is_word(word); }
  bool at_end() const { return at(TokenKind::end_of_file); }
  bool stopped() const { return session_.sink().stopped(); }
  // Consumes a token of `kind`, or reports "expected <what>, found <current>" and returns false.
  bool expect(TokenKind kind, std::string_view what);
  // Consumes an identifier into `out`, or reports "expected <what>, found <current>".
  bool expect_identifier(std::string_view what, const Token** out);
  // The same with `what` made by a callable, called only when the expectation fails: most expectations name the
  // class or property they are in, and formatting that for every token that matches costs more than the parse.
  template <std::invocable MakeWhat>
  bool expect(TokenKind kind, MakeWhat&& what) {
    if (at(kind)) {
      advance();
      return true;
    }
    error_expected(what());
    return false;
  }
  template <std::invocable MakeWhat>
  bool expect_identifier(MakeWhat&& what, const Token** out) {
    if (!at(TokenKind::identifier)) {
      error_expected(what());
      return false;
    }
    *out = &advance();
    return true;
  }
  SourceLocation location(const Token& token) const { return {file_, token.line, token.column}; }
  void error_at(const Token& token, std::string message);
  void error_expected(std::string_view what);
  // `class Name {`, `class Name :`, `instance of`, or '#': where a new top-level declaration surely starts.
  bool at_declaration_start() const;
  void recover_declaration();
  void recover_feature();

  // Declarations (parse_declarations.cpp).
  bool parse_declaration();
  bool parse_class(QualifierList qualifiers);
  bool parse_feature(Class& cls, NameIndex& properties, NameIndex& methods);
  bool parse_type(TypeRef& type, bool& is_void, const Token** type_token);
  bool parse_array_suffix(Property& property);
  bool parse_method(Class& cls, NameIndex& methods, Method method);
  bool parse_parameter(Method& method, NameIndex& parameters);
  bool parse_qualifier_declaration();
  void store_class(Class cls);

  // Qualifiers, values, instances (parse_values.cpp).
  bool parse_qualifier_list(QualifierList& out);
  bool parse_flavors(Qualifier& qualifier);
  bool at_flavor() const;
  bool too_deep(std::size_t depth);
  bool parse_value(Value& out, std::size_t depth);
  bool parse_array_value(Value& out, std::size_t depth);
  bool parse_number(Value& out);
  bool parse_instance_body(Instance& instance, std::size_t depth);
  bool parse_instance_property(Instance& instance, std::size_t depth);
  bool parse_instance_value(Value& out, std::size_t depth);
  bool parse_instance_declaration(QualifierList qualifiers);
  std::string parse_string_literals();  // one or more adjacent string tokens, joined

  // Directives (directives.cpp).
  void parse_directive();
  void parse_pragma(const Token& hash);
  void parse_include(const Token& hash);
  void parse_define(const Token& hash);
  void skip_directive_rest(const Token& hash);
  void error_expected_on_line(const Token& last, std::string_view what);
  void apply_pragma(const Token& name, const std::vector<std::pair<const Token*, Value>>& arguments);

  CompileSession& session_;
  std::string file_;
  TokenStream& tokens_;
  std::size_t pos_ = 0;
};

}  // namespace wmiport::mof::syntax
