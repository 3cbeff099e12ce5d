// Classes, properties, methods and parameters, and the qualifier-default statement.
#include <fmt/format.h>

#include "mof/syntax/normalise.h"
#include "mof/syntax/parser.h"

namespace wmiport::mof::syntax {

namespace {

struct BuiltinType {
  std::string_view name;
  CimType type;
};

constexpr BuiltinType kBuiltinTypes[] = {
    {"boolean", CimType::boolean}, {"sint8", CimType::sint8},       {"uint8", CimType::uint8},
    {"sint16", CimType::sint16},   {"uint16", CimType::uint16},     {"sint32", CimType::sint32},
    {"uint32", CimType::uint32},   {"sint64", CimType::sint64},     {"uint64", CimType::uint64},
    {"real32", CimType::real32},   {"real64", CimType::real64},     {"char16", CimType::char16},
    {"string", CimType::string},   {"datetime", CimType::datetime}, {"object", CimType::object},
};

// The largest `x[N]` the parser accepts; the WMI checks apply the tighter limit a data block can use.
constexpr std::uint64_t kMaxArraySuffix = 0xFFFFFFFFu;

}  // namespace

bool Parser::parse_declaration() {
  QualifierList qualifiers;
  const bool has_qualifiers = at(TokenKind::lbracket);
  if (has_qualifiers && !parse_qualifier_list(qualifiers))
    return false;
  if (at_word("class"))
    return parse_class(std::move(qualifiers));
  if (at_word("instance"))
    return parse_instance_declaration(std::move(qualifiers));
  if (!has_qualifiers && at_word("qualifier"))
    return parse_qualifier_declaration();
  error_expected(has_qualifiers ? "'class' or 'instance of' after the qualifier list"
                                : "a declaration ('class', 'instance of', 'qualifier' or a '#' directive)");
  return false;
}

bool Parser::parse_class(QualifierList qualifiers) {
  advance();  // class
  const Token* name = nullptr;
  if (!expect_identifier("a class name after 'class'", &name))
    return false;
  Class cls;
  cls.name = name->text;
  cls.where = location(*name);
  cls.qualifiers = std::move(qualifiers);
  cls.name_space = session_.pragmas().name_space;
  cls.class_flags = session_.pragmas().class_flags;
  if (at(TokenKind::colon)) {
    advance();
    const Token* superclass = nullptr;
    if (!expect_identifier([&] { return fmt::format("a superclass name after ':' in class '{}'", cls.name); },
                           &superclass))
      return false;
    cls.superclass = superclass->text;
  }
  const Token& open = current();
  if (!expect(TokenKind::lbrace, [&] { return fmt::format("'{{' to open the body of class '{}'", cls.name); }))
    return false;

  NameIndex properties;
  NameIndex methods;
  while (!at(TokenKind::rbrace) && !stopped()) {
    if (at_end() || at_declaration_start()) {
      error_expected(fmt::format("'}}' to close class '{}' (opened at {}:{})", cls.name, open.line, open.column));
      store_class(std::move(cls));
      return true;  // already at the next declaration: nothing to skip
    }
    const std::size_t before = pos_;
    if (!parse_feature(cls, properties, methods))
      recover_feature();
    if (pos_ == before)
      advance();
  }
  if (stopped())
    return true;
  advance();  // }
  if (at(TokenKind::semicolon))
    advance();
  else
    session_.sink().warning(
        location(current()),
        fmt::format("expected ';' after the closing '}}' of class '{}', found {}", cls.name, describe(current())));
  store_class(std::move(cls));
  return true;
}

// Amendment classes (localised qualifiers for ms_409) are kept apart; any other class is added, replacing an
// earlier declaration of the same name in place.
void Parser::store_class(Class cls) {
  if (cls.is_amendment())
    session_.schema().add_amendment(std::move(cls));
  else
    session_.schema().add_class(std::move(cls));
}

bool Parser::parse_type(TypeRef& type, bool& is_void, const Token** type_token) {
  if (!expect_identifier("a type (uint32, string, a class name...) or a qualifier list", type_token))
    return false;
  const std::string_view name = (*type_token)->text;
  is_void = equals_ignore_case(name, "void");
  if (is_void)
    return true;
  for (const BuiltinType& builtin : kBuiltinTypes) {
    if (equals_ignore_case(name, builtin.name)) {
      type.type = builtin.type;
      return true;
    }
  }
  // Any other name is a class: an embedded object, or a reference when `ref` follows (and a name follows that, so
  // a property called "ref" still parses).
  type.class_name = name;
  if (at_word("ref") && peek(1).is(TokenKind::identifier)) {
    advance();
    type.type = CimType::reference;
  } else {
    type.type = CimType::object;
  }
  return true;
}

bool Parser::parse_feature(Class& cls, NameIndex& properties, NameIndex& methods) {
  QualifierList qualifiers;
  if (at(TokenKind::lbracket) && !parse_qualifier_list(qualifiers))
    return false;
  TypeRef type;
  bool is_void = false;
  const Token* type_token = nullptr;
  if (!parse_type(type, is_void, &type_token))
    return false;
  const Token* name = nullptr;
  if (!expect_identifier([&] { return fmt::format("a property or method name after type '{}'", type_token->text); },
                         &name))
    return false;

  if (at(TokenKind::lparen)) {
    Method method;
    method.name = name->text;
    method.where = location(*name);
    method.qualifiers = std::move(qualifiers);
    method.returns_void = is_void;
    method.return_type = type;
    return parse_method(cls, methods, std::move(method));
  }

  if (is_void) {
    error_at(*type_token,
             fmt::format("'void' is only a method return type; property '{}' needs a data type", name->text));
    return false;
  }
  Property property;
  property.name = name->text;
  property.where = location(*name);
  property.type = type;
  property.qualifiers = std::move(qualifiers);
  if (at(TokenKind::lbracket) && !parse_array_suffix(property))
    return false;
  if (at(TokenKind::equals)) {
    advance();
    Value value;
    if (!parse_value(value, 0))
      return false;
    property.default_value = std::move(value);
  }
  if (!expect(TokenKind::semicolon, [&] { return fmt::format("';' after property '{}'", property.name); }))
    return false;
  if (const SourceLocation* earlier = properties.find(property.name)) {
    error_at(*name, fmt::format("property '{}' is already declared in class '{}' (at {}:{})", property.name, cls.name,
                                earlier->line, earlier->column));
    return true;  // the declaration itself was complete: nothing to skip
  }
  properties.add(property.name, property.where);
  normalise_property(property);
  cls.properties.push_back(std::move(property));
  return true;
}

bool Parser::parse_array_suffix(Property& property) {
  advance();  // [
  property.is_array = true;
  if (at(TokenKind::integer)) {
    const Token& size = advance();
    if (size.integer > kMaxArraySuffix) {
      error_at(size, fmt::format("array size {} of '{}' is too large", size.text, property.name));
      return false;
    }
    property.fixed_count = static_cast<std::uint32_t>(size.integer);
  }
  return expect(TokenKind::rbracket, [&] { return fmt::format("']' or an array size after '{}['", property.name); });
}

bool Parser::parse_method(Class& cls, NameIndex& methods, Method method) {
  advance();  // (
  NameIndex parameters;
  if (!at(TokenKind::rparen)) {
    while (true) {
      if (!parse_parameter(method, parameters))
        return false;
      if (!at(TokenKind::comma))
        break;
      advance();
    }
  }
  if (!expect(TokenKind::rparen,
              [&] { return fmt::format("',' or ')' in the parameter list of method '{}'", method.name); }))
    return false;
  if (!expect(TokenKind::semicolon, [&] { return fmt::format("';' after method '{}'", method.name); }))
    return false;
  if (const SourceLocation* earlier = methods.find(method.name)) {
    session_.sink().error(method.where, fmt::format("method '{}' is already declared in class '{}' (at {}:{})",
                                                    method.name, cls.name, earlier->line, earlier->column));
    return true;
  }
  methods.add(method.name, method.where);
  normalise_method(method);
  cls.methods.push_back(std::move(method));
  return true;
}

bool Parser::parse_parameter(Method& method, NameIndex& parameters) {
  Property parameter;
  if (at(TokenKind::lbracket) && !parse_qualifier_list(parameter.qualifiers))
    return false;
  bool is_void = false;
  const Token* type_token = nullptr;
  if (!parse_type(parameter.type, is_void, &type_token))
    return false;
  if (is_void) {
    error_at(*type_token, fmt::format("a parameter of method '{}' cannot be 'void'", method.name));
    return false;
  }
  const Token* name = nullptr;
  if (!expect_identifier([&] { return fmt::format("a parameter name after type '{}'", type_token->text); }, &name))
    return false;
  parameter.name = name->text;
  parameter.where = location(*name);
  if (at(TokenKind::lbracket) && !parse_array_suffix(parameter))
    return false;
  if (at(TokenKind::equals)) {
    advance();
    Value value;
    if (!parse_value(value, 0))
      return false;
    parameter.default_value = std::move(value);
  }
  if (const SourceLocation* earlier = parameters.find(parameter.name)) {
    error_at(*name, fmt::format("parameter '{}' is already declared in method '{}' (at {}:{})", parameter.name,
                                method.name, earlier->line, earlier->column));
    return true;
  }
  parameters.add(parameter.name, parameter.where);
  normalise_property(parameter);
  method.parameters.push_back(std::move(parameter));
  return true;
}

// `Qualifier Name : flavor...;` sets default flavors (WMI SDK). Flavors never matter to layout, so the statement is
// checked and then dropped; a full DMTF qualifier declaration (type, scope) is skipped with a warning.
bool Parser::parse_qualifier_declaration() {
  const Token& keyword = advance();
  const Token* name = nullptr;
  if (!expect_identifier("a qualifier name after 'qualifier'", &name))
    return false;
  if (at(TokenKind::colon)) {
    advance();
    if (at_flavor()) {
      Qualifier scratch;
      scratch.name = name->text;
      if (!parse_flavors(scratch))
        return false;
      if (at(TokenKind::semicolon)) {
        advance();
        return true;
      }
    }
  }
  session_.sink().warning(location(keyword),
                          fmt::format("qualifier declaration '{}' is not interpreted and was skipped", name->text));
  recover_declaration();
  return true;
}

}  // namespace wmiport::mof::syntax
