// Qualifier lists with flavors, values (literals, arrays, aliases, nested instances) and instance declarations.
#include <limits>
#include <unordered_map>

#include <fmt/format.h>

#include "mof/syntax/parser.h"

namespace wmiport::mof::syntax {

namespace {

struct FlavorName {
  std::string_view name;
  std::uint32_t bit;
};

constexpr FlavorName kFlavors[] = {
    {"Amended", kFlavorAmended},
    {"ToSubclass", kFlavorToSubclass},
    {"NotToSubclass", kFlavorNotToSubclass},
    {"ToInstance", kFlavorToInstance},
    {"NotToInstance", kFlavorNotToInstance},
    {"EnableOverride", kFlavorEnableOverride},
    {"DisableOverride", kFlavorDisableOverride},
    {"Restricted", kFlavorRestricted},
    {"Translatable", kFlavorTranslatable},
};

}  // namespace

bool Parser::parse_qualifier_list(QualifierList& out) {
  advance();  // [
  // A repeated qualifier replaces the earlier one. Real lists are short and searched in place; a list that grows
  // long (hostile input) gets a name -> position index, so finding the earlier one never becomes quadratic.
  constexpr std::size_t kIndexFrom = 16;
  std::unordered_map<std::string, std::size_t> positions;
  auto position_of = [&](const std::string& name) {  // out.items.size() when the name is new
    if (positions.empty() && out.items.size() < kIndexFrom) {
      for (std::size_t i = 0; i < out.items.size(); ++i) {
        if (equals_ignore_case(out.items[i].name, name))
          return i;
      }
      return out.items.size();
    }
    if (positions.empty()) {
      for (std::size_t i = 0; i < out.items.size(); ++i)
        positions.emplace(name_key(out.items[i].name), i);
    }
    return positions.emplace(name_key(name), out.items.size()).first->second;
  };
  while (true) {
    const Token* name = nullptr;
    if (!expect_identifier("a qualifier name", &name))
      return false;
    Qualifier qualifier;
    qualifier.name = name->text;
    qualifier.where = location(*name);
    qualifier.value.data = true;  // a qualifier written without a value is boolean true (spec §1.3)
    if (at(TokenKind::lparen)) {
      advance();
      if (!parse_value(qualifier.value, 0))
        return false;
      if (!expect(TokenKind::rparen,
                  [&] { return fmt::format("')' after the value of qualifier '{}'", qualifier.name); }))
        return false;
    } else if (at(TokenKind::lbrace)) {
      if (!parse_array_value(qualifier.value, 0))
        return false;
    }
    if (at(TokenKind::colon)) {
      advance();
      if (!parse_flavors(qualifier))
        return false;
    }
    const std::size_t position = position_of(qualifier.name);
    if (position == out.items.size()) {
      out.items.push_back(std::move(qualifier));
    } else {
      const Qualifier& earlier = out.items[position];
      session_.sink().warning(
          qualifier.where, fmt::format("qualifier '{}' repeated in the same list (first at {}:{}); the last one wins",
                                       qualifier.name, earlier.where.line, earlier.where.column));
      out.items[position] = std::move(qualifier);
    }
    if (at(TokenKind::comma)) {
      advance();
      continue;
    }
    return expect(TokenKind::rbracket, "',' or ']' in the qualifier list");
  }
}

bool Parser::at_flavor() const {
  for (const FlavorName& flavor : kFlavors) {
    if (at_word(flavor.name))
      return true;
  }
  return false;
}

bool Parser::too_deep(std::size_t depth) {
  const std::size_t limit = session_.options().max_nesting_depth;
  if (depth <= limit)
    return false;
  error_at(current(), fmt::format("values are nested more than {} levels deep", limit));
  return true;
}

bool Parser::parse_flavors(Qualifier& qualifier) {
  do {
    if (!at(TokenKind::identifier)) {
      error_expected(fmt::format("a flavor (Amended, ToSubclass, ...) after ':' of qualifier '{}'", qualifier.name));
      return false;
    }
    const Token& word = current();
    const FlavorName* match = nullptr;
    for (const FlavorName& flavor : kFlavors) {
      if (word.is_word(flavor.name))
        match = &flavor;
    }
    if (match == nullptr) {
      error_at(word, fmt::format("unknown qualifier flavor '{}' (expected Amended, ToSubclass, NotToSubclass, "
                                 "ToInstance, NotToInstance, EnableOverride, DisableOverride, Restricted or "
                                 "Translatable)",
                                 word.text));
      return false;
    }
    qualifier.flavors |= match->bit;
    advance();
  } while (at(TokenKind::identifier));
  return true;
}

std::string Parser::parse_string_literals() {
  std::string text;
  while (at(TokenKind::string))
    text += advance().text;
  return text;
}

bool Parser::parse_value(Value& out, std::size_t depth) {
  if (too_deep(depth))
    return false;
  const Token& token = current();
  switch (token.kind) {
    case TokenKind::string:
      out.data = parse_string_literals();
      return true;
    case TokenKind::minus:
    case TokenKind::plus:
    case TokenKind::integer:
    case TokenKind::real:
      return parse_number(out);
    case TokenKind::char_literal:
      // Value has no char16 alternative: a char literal is its UTF-16 code unit.
      out.data = static_cast<std::int64_t>(advance().integer);
      return true;
    case TokenKind::lbrace:
      return parse_array_value(out, depth);
    case TokenKind::alias:
      out.data = Value::Alias{std::string(advance().text)};
      return true;
    case TokenKind::identifier:
      if (token.is_word("true") || token.is_word("false")) {
        out.data = token.is_word("true");
        advance();
        return true;
      }
      if (token.is_word("null")) {
        out.data = Value::Null{};
        advance();
        return true;
      }
      if (token.is_word("instance"))
        return parse_instance_value(out, depth + 1);
      if (const Value* defined = session_.find_define(token.text)) {
        out = *defined;
        advance();
        return true;
      }
      break;
    default:
      break;
  }
  error_expected("a value (a string, a number, TRUE, FALSE, NULL, {array}, $alias or instance of)");
  return false;
}

bool Parser::parse_number(Value& out) {
  bool negative = false;
  if (at(TokenKind::minus) || at(TokenKind::plus)) {
    negative = at(TokenKind::minus);
    advance();
  }
  const Token& number = current();
  if (number.is(TokenKind::real)) {
    advance();
    out.data = negative ? -number.real : number.real;
    return true;
  }
  if (!number.is(TokenKind::integer)) {
    error_expected("a number after the sign");
    return false;
  }
  advance();
  constexpr std::uint64_t kMostNegative = std::uint64_t{1} << 63;
  if (negative) {
    if (number.integer > kMostNegative) {
      error_at(number, fmt::format("integer -{} is below the smallest 64-bit value", number.text));
      return false;
    }
    out.data = number.integer == kMostNegative ? std::numeric_limits<std::int64_t>::min()
                                               : -static_cast<std::int64_t>(number.integer);
    return true;
  }
  // Above INT64_MAX (a uint64 such as 0xFFFFFFFFFFFFFFFF) the bits are kept: Value stores int64.
  out.data = static_cast<std::int64_t>(number.integer);
  return true;
}

bool Parser::parse_array_value(Value& out, std::size_t depth) {
  advance();  // {
  Value::Array elements;
  if (!at(TokenKind::rbrace)) {
    while (true) {
      Value element;
      if (!parse_value(element, depth + 1))
        return false;
      elements.push_back(std::move(element));
      if (at(TokenKind::comma)) {
        advance();
        continue;
      }
      if (!at(TokenKind::rbrace)) {
        error_expected("',' or '}' in the array value");
        return false;
      }
      break;
    }
  }
  advance();  // }
  out.data = std::move(elements);
  return true;
}

// `{ [qualifiers] Name = value; ... }`. A broken property assignment is skipped up to its ';' so the rest of the
// instance is still read; false only when the body never closes.
bool Parser::parse_instance_body(Instance& instance, std::size_t depth) {
  const Token& open = current();
  if (!expect(TokenKind::lbrace, [&] { return fmt::format("'{{' to open instance of '{}'", instance.class_name); }))
    return false;
  while (!at(TokenKind::rbrace) && !stopped()) {
    if (at_end() || at_declaration_start()) {
      error_expected(
          fmt::format("'}}' to close instance of '{}' (opened at {}:{})", instance.class_name, open.line, open.column));
      return false;
    }
    const std::size_t before = pos_;
    if (!parse_instance_property(instance, depth))
      recover_feature();
    if (pos_ == before)
      advance();
  }
  if (stopped())
    return false;
  advance();  // }
  return true;
}

bool Parser::parse_instance_property(Instance& instance, std::size_t depth) {
  QualifierList ignored;  // qualifiers on instance properties carry no layout or header meaning
  if (at(TokenKind::lbracket) && !parse_qualifier_list(ignored))
    return false;
  const Token* name = nullptr;
  if (!expect_identifier([&] { return fmt::format("a property name in instance of '{}'", instance.class_name); },
                         &name))
    return false;
  if (!expect(TokenKind::equals, [&] { return fmt::format("'=' after property '{}'", name->text); }))
    return false;
  Value value;
  if (!parse_value(value, depth))
    return false;
  if (!expect(TokenKind::semicolon, [&] { return fmt::format("';' after the value of property '{}'", name->text); }))
    return false;
  instance.properties.emplace_back(name->text, std::move(value));
  return true;
}

bool Parser::parse_instance_value(Value& out, std::size_t depth) {
  if (too_deep(depth))
    return false;
  const Token& keyword = advance();  // instance
  if (!at_word("of")) {
    error_expected("'of' after 'instance'");
    return false;
  }
  advance();
  const Token* class_name = nullptr;
  if (!expect_identifier("a class name after 'instance of'", &class_name))
    return false;
  auto instance = std::make_shared<Value::Instance>();
  instance->class_name = class_name->text;
  instance->name_space = session_.pragmas().name_space;
  instance->where = location(keyword);
  if (!parse_instance_body(*instance, depth))
    return false;
  out.data = std::move(instance);
  return true;
}

bool Parser::parse_instance_declaration(QualifierList qualifiers) {
  const Token& keyword = advance();  // instance
  if (!at_word("of")) {
    error_expected("'of' after 'instance'");
    return false;
  }
  advance();
  const Token* class_name = nullptr;
  if (!expect_identifier("a class name after 'instance of'", &class_name))
    return false;
  Instance instance;
  instance.class_name = class_name->text;
  instance.name_space = session_.pragmas().name_space;
  instance.qualifiers = std::move(qualifiers);
  instance.where = location(keyword);
  if (at_word("as")) {
    advance();
    if (!at(TokenKind::alias)) {
      error_expected("an alias ($Name) after 'as'");
      return false;
    }
    instance.alias = advance().text;
  }
  if (!parse_instance_body(instance, 0))
    return false;
  if (at(TokenKind::semicolon))
    advance();
  else
    error_expected(fmt::format("';' after instance of '{}'", instance.class_name));
  session_.schema().add_instance(std::move(instance));
  return true;
}

}  // namespace wmiport::mof::syntax
