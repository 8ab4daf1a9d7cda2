// The expression language: operators by precedence, terms, collections,
// for expressions, function calls and traversals (attribute access, index,
// legacy index, splats).

#include <fmt/format.h>

#include "common/hcl/parser_internal.h"

namespace bakery::hcl::internal {

namespace {

// Binary operators by precedence level (hclsyntax/spec.md "Operations"):
// higher binds tighter; all are left-associative.
constexpr int kMaxLevel = 6;

int LevelOf(TokenKind kind) {
  switch (kind) {
    case TokenKind::kOr: return 1;
    case TokenKind::kAnd: return 2;
    case TokenKind::kEqualEqual:
    case TokenKind::kNotEqual: return 3;
    case TokenKind::kLess:
    case TokenKind::kLessEqual:
    case TokenKind::kGreater:
    case TokenKind::kGreaterEqual: return 4;
    case TokenKind::kPlus:
    case TokenKind::kMinus: return 5;
    case TokenKind::kStar:
    case TokenKind::kSlash:
    case TokenKind::kPercent: return 6;
    default: return 0;
  }
}

}  // namespace

ExprPtr Parser::ParseExpr() {
  Nesting nesting(*this);
  if (!nesting.ok()) return nullptr;
  ExprPtr condition = ParseBinary(1);
  if (!condition || !At(TokenKind::kQuestion)) return condition;
  Next();
  ExprPtr when_true = ParseExpr();
  if (!when_true) return nullptr;
  if (!Expect(TokenKind::kColon, "':' in the conditional expression")) return nullptr;
  ExprPtr when_false = ParseExpr();
  if (!when_false) return nullptr;
  SourceRange range = Cover(condition->range, when_false->range);
  return MakeExpr(
      ConditionalExpr{std::move(condition), std::move(when_true), std::move(when_false)},
      std::move(range));
}

ExprPtr Parser::ParseBinary(int level) {
  if (level > kMaxLevel) return ParseUnary();
  ExprPtr lhs = ParseBinary(level + 1);
  while (lhs && LevelOf(Peek().kind) == level) {
    std::string op = Next().text;
    ExprPtr rhs = ParseBinary(level + 1);
    if (!rhs) return nullptr;
    SourceRange range = Cover(lhs->range, rhs->range);
    lhs = MakeExpr(BinaryExpr{std::move(op), std::move(lhs), std::move(rhs)}, std::move(range));
  }
  return lhs;
}

ExprPtr Parser::ParseUnary() {
  if (!At(TokenKind::kMinus) && !At(TokenKind::kBang)) return ParseTerm();
  Nesting nesting(*this);
  if (!nesting.ok()) return nullptr;
  const Token& op = Next();
  ExprPtr operand = ParseUnary();
  if (!operand) return nullptr;
  SourceRange range = RangeOf(op.start, operand->range.end);
  return MakeExpr(UnaryExpr{op.text, std::move(operand)}, std::move(range));
}

ExprPtr Parser::ParseTerm() {
  ExprPtr primary = ParsePrimary();
  if (!primary) return nullptr;
  return ParsePostfix(std::move(primary), Traversal::kAll);
}

ExprPtr Parser::ParsePrimary() {
  switch (Peek().kind) {
    case TokenKind::kNumber: return ParseNumber();
    case TokenKind::kIdent: return ParseIdentTerm();
    case TokenKind::kOQuote: return ParseQuotedTemplate();
    case TokenKind::kOHeredoc: return ParseHeredoc();
    case TokenKind::kLParen: return ParseParens();
    case TokenKind::kLBracket: return ParseTuple();
    case TokenKind::kLBrace: return ParseObject();
    default: ErrorExpected("an expression"); return nullptr;
  }
}

ExprPtr Parser::ParseNumber() {
  const Token& token = Next();
  return MakeExpr(NumberLiteral(token.text), RangeOf(token));
}

ExprPtr Parser::ParseIdentTerm() {
  if (Peek(1).kind == TokenKind::kLParen) return ParseCall();
  const Token& token = Next();
  if (token.text == "true" || token.text == "false") {
    LiteralExpr literal{LiteralExpr::kBool, token.text};
    literal.boolean = token.text == "true";
    return MakeExpr(std::move(literal), RangeOf(token));
  }
  if (token.text == "null")
    return MakeExpr(LiteralExpr{LiteralExpr::kNull, "null"}, RangeOf(token));
  return MakeExpr(VariableExpr{token.text}, RangeOf(token));
}

ExprPtr Parser::ParseParens() {
  const Token& open = Next();
  PushNewlines(false);
  ExprPtr inner = ParseExpr();
  if (!inner || !Expect(TokenKind::kRParen, "')' to close '('")) return nullptr;
  PopNewlines();
  return MakeExpr(ParenExpr{std::move(inner)}, RangeOf(open.start, LastEnd()));
}

ExprPtr Parser::ParseCall() {
  const Token& name = Next();
  Next();  // '('
  PushNewlines(false);
  CallExpr call{name.text, {}, false};
  while (!At(TokenKind::kRParen)) {
    ExprPtr arg = ParseExpr();
    if (!arg) return nullptr;
    call.args.push_back(std::move(arg));
    if (Accept(TokenKind::kEllipsis)) {
      call.expand_final = true;
      break;
    }
    if (!Accept(TokenKind::kComma)) break;
  }
  if (!Expect(TokenKind::kRParen,
              call.expand_final ? "')' after the expanded final argument" : "',' or ')'")) {
    return nullptr;
  }
  PopNewlines();
  return MakeExpr(std::move(call), RangeOf(name.start, LastEnd()));
}

ExprPtr Parser::ParseTuple() {
  const Token& open = Next();
  PushNewlines(false);
  if (AtKeyword("for")) return ParseFor(false, open);
  TupleExpr tuple;
  while (!At(TokenKind::kRBracket)) {
    ExprPtr item = ParseExpr();
    if (!item) return nullptr;
    tuple.items.push_back(std::move(item));
    if (!Accept(TokenKind::kComma)) break;
  }
  if (!Expect(TokenKind::kRBracket, "',' or ']'")) return nullptr;
  PopNewlines();
  return MakeExpr(std::move(tuple), RangeOf(open.start, LastEnd()));
}

ExprPtr Parser::ParseObject() {
  const Token& open = Next();
  // Newlines separate items, so they stay significant between them.
  PushNewlines(true);
  SkipNewlines();
  if (AtKeyword("for")) {
    PushNewlines(false);
    ExprPtr result = ParseFor(true, open);
    if (result) PopNewlines();
    return result;
  }
  ObjectExpr object;
  while (!At(TokenKind::kRBrace)) {
    if (!ParseObjectItem(object)) return nullptr;
    bool comma = Accept(TokenKind::kComma);
    bool newline = At(TokenKind::kNewline);
    SkipNewlines();
    if (!comma && !newline && !At(TokenKind::kRBrace)) {
      ErrorExpected("',', a newline or '}' after the object item");
      return nullptr;
    }
  }
  Next();
  PopNewlines();
  return MakeExpr(std::move(object), RangeOf(open.start, LastEnd()));
}

bool Parser::ParseObjectItem(ObjectExpr& object) {
  ObjectItem item;
  ExprPtr key = ParseExpr();
  if (!key) return false;
  if (const VariableExpr* variable = key->As<VariableExpr>()) {
    // A bare identifier names the key literally ({foo = 1}); (foo) is a reference.
    LiteralExpr name{LiteralExpr::kString, variable->name};
    key = MakeExpr(std::move(name), key->range);
    item.key_is_identifier = true;
  }
  if (At(TokenKind::kColon)) {
    item.colon = true;
  } else if (!At(TokenKind::kEqual)) {
    ErrorExpected("'=' or ':' after the object key");
    return false;
  }
  Next();
  item.key = std::move(key);
  item.value = ParseExpr();
  if (!item.value) return false;
  object.items.push_back(std::move(item));
  return true;
}

ExprPtr Parser::ParseFor(bool object, const Token& open) {
  Next();  // "for"
  ForExpr for_expr;
  for_expr.object = object;
  if (!At(TokenKind::kIdent)) {
    ErrorExpected("an iteration variable name after \"for\"");
    return nullptr;
  }
  for_expr.value_var = Next().text;
  if (Accept(TokenKind::kComma)) {
    for_expr.key_var = for_expr.value_var;
    if (!At(TokenKind::kIdent)) {
      ErrorExpected("a second iteration variable name");
      return nullptr;
    }
    for_expr.value_var = Next().text;
  }
  if (!AtKeyword("in")) {
    ErrorExpected("\"in\" after the iteration variables");
    return nullptr;
  }
  Next();
  if (!(for_expr.collection = ParseExpr())) return nullptr;
  if (!Expect(TokenKind::kColon, "':' after the for collection")) return nullptr;
  if (object) {
    if (!(for_expr.key = ParseExpr())) return nullptr;
    if (!Expect(TokenKind::kFatArrow, "'=>' after the key of an object for expression"))
      return nullptr;
  }
  if (!(for_expr.value = ParseExpr())) return nullptr;
  if (object && Accept(TokenKind::kEllipsis)) for_expr.grouping = true;
  if (AtKeyword("if")) {
    Next();
    if (!(for_expr.condition = ParseExpr())) return nullptr;
  }
  TokenKind close = object ? TokenKind::kRBrace : TokenKind::kRBracket;
  if (!Expect(close, object ? "'}' to end the for expression" : "']' to end the for expression")) {
    return nullptr;
  }
  PopNewlines();
  return MakeExpr(std::move(for_expr), RangeOf(open.start, LastEnd()));
}

ExprPtr Parser::ParsePostfix(ExprPtr expr, Traversal mode) {
  for (;;) {
    SourcePos start = expr->range.start;
    TokenKind kind = Peek().kind;
    if (kind == TokenKind::kDot) {
      if (!(expr = ParseDotSuffix(std::move(expr), mode))) return nullptr;
    } else if (kind == TokenKind::kDotStar && mode != Traversal::kAttrSplat) {
      Next();
      if (!(expr = ParseSplat(std::move(expr), false, start))) return nullptr;
    } else if (kind == TokenKind::kBracketStar && mode != Traversal::kAttrSplat) {
      Next();
      return ParseSplat(std::move(expr), true, start);  // a full splat takes the rest
    } else if (kind == TokenKind::kLBracket && mode != Traversal::kAttrSplat) {
      if (Peek(1).kind == TokenKind::kStar && Peek(2).kind == TokenKind::kRBracket) {
        Next(), Next(), Next();
        return ParseSplat(std::move(expr), true, start);
      }
      if (!(expr = ParseIndex(std::move(expr)))) return nullptr;
    } else {
      return expr;
    }
  }
}

ExprPtr Parser::ParseDotSuffix(ExprPtr object, Traversal mode) {
  SourcePos start = object->range.start;
  Next();  // '.'
  const Token& token = Peek();
  if (token.kind == TokenKind::kIdent) {
    Next();
    return MakeExpr(GetAttrExpr{std::move(object), token.text}, RangeOf(start, token.end));
  }
  if (token.kind == TokenKind::kNumber) {
    Next();
    if (token.text.find_first_not_of("0123456789") != std::string::npos) {
      Error(RangeOf(token), fmt::format("invalid legacy index .{}", token.text),
            "a legacy index is a whole number and cannot be chained as .0.0; use [0][0]");
      return nullptr;
    }
    ExprPtr key_expr = MakeExpr(NumberLiteral(token.text), RangeOf(token));
    return MakeExpr(IndexExpr{std::move(object), std::move(key_expr), true},
                    RangeOf(start, token.end));
  }
  if (token.kind == TokenKind::kStar && mode != Traversal::kAttrSplat) {
    Next();
    return ParseSplat(std::move(object), false, start);
  }
  ErrorExpected("an attribute name after '.'");
  return nullptr;
}

ExprPtr Parser::ParseSplat(ExprPtr source, bool full, SourcePos start) {
  Nesting nesting(*this);
  if (!nesting.ok()) return nullptr;
  SourceRange marker = RangeOf(LastEnd(), LastEnd());
  ExprPtr each = MakeExpr(SplatItemExpr{}, marker);
  each = ParsePostfix(std::move(each), full ? Traversal::kFullSplat : Traversal::kAttrSplat);
  if (!each) return nullptr;
  return MakeExpr(SplatExpr{std::move(source), std::move(each), full}, RangeOf(start, LastEnd()));
}

ExprPtr Parser::ParseIndex(ExprPtr collection) {
  SourcePos start = collection->range.start;
  Next();  // '['
  PushNewlines(false);
  ExprPtr key = ParseExpr();
  if (!key || !Expect(TokenKind::kRBracket, "']' to close the index")) return nullptr;
  PopNewlines();
  return MakeExpr(IndexExpr{std::move(collection), std::move(key), false},
                  RangeOf(start, LastEnd()));
}

}  // namespace bakery::hcl::internal
