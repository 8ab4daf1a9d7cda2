// The structural language: bodies, attributes, blocks; the token cursor,
// error recovery and the public entry points.

#include <algorithm>

#include <fmt/format.h>

#include "common/hcl/parser.h"
#include "common/hcl/parser_internal.h"

namespace bakery::hcl {
namespace internal {

Parser::Parser(std::vector<Token> tokens, const std::string& path,
               std::vector<Diagnostic>& diagnostics)
    : tokens_(std::move(tokens)),
      path_(path),
      diagnostics_(diagnostics),
      lexer_errors_(diagnostics.size()) {}

Parser::Nesting::Nesting(Parser& parser) : parser_(parser), ok_(++parser.depth_ <= kMaxNesting) {
  if (!ok_) {
    parser.Error(
        parser.RangeOf(parser.Peek()), "nesting too deep",
        fmt::format("expressions, templates and blocks nest at most {} levels", kMaxNesting));
  }
}

const Token& Parser::Peek(size_t ahead) {
  size_t i = index_;
  for (;;) {
    if (!NewlinesSignificant()) {
      while (tokens_[i].kind == TokenKind::kNewline) ++i;
    }
    if (ahead == 0 || tokens_[i].kind == TokenKind::kEof) return tokens_[i];
    ++i;
    --ahead;
  }
}

const Token& Parser::Next() {
  if (!NewlinesSignificant()) {
    while (tokens_[index_].kind == TokenKind::kNewline) ++index_;
  }
  const Token& token = tokens_[index_];
  if (token.kind != TokenKind::kEof) ++index_;
  last_end_ = token.end;
  return token;
}

bool Parser::AtKeyword(std::string_view word) {
  return Peek().kind == TokenKind::kIdent && Peek().text == word;
}

bool Parser::Accept(TokenKind kind) {
  if (!At(kind)) return false;
  Next();
  return true;
}

bool Parser::Expect(TokenKind kind, std::string_view what) {
  if (Accept(kind)) return true;
  ErrorExpected(what);
  return false;
}

void Parser::SkipNewlines() {
  while (tokens_[index_].kind == TokenKind::kNewline) ++index_;
}

void Parser::Error(const SourceRange& range, std::string summary, std::string detail) {
  // A token inside text the lexer already complained about (the rest of an
  // unterminated string, say) would only repeat that complaint.
  for (size_t i = 0; i < lexer_errors_; ++i) {
    const SourceRange& lexed = diagnostics_[i].range;
    if (range.start.byte >= lexed.start.byte && range.start.byte <= lexed.end.byte) return;
  }
  diagnostics_.push_back(
      Diagnostic{Severity::kError, std::move(summary), std::move(detail), range});
}

std::string Parser::Describe(const Token& token) const {
  switch (token.kind) {
    case TokenKind::kIdent: return fmt::format("identifier \"{}\"", token.text);
    case TokenKind::kNumber: return fmt::format("number {}", token.text);
    case TokenKind::kInvalid: return "invalid character";
    default: return std::string(TokenKindName(token.kind));
  }
}

void Parser::ErrorExpected(std::string_view what) {
  const Token& token = Peek();
  if (token.kind == TokenKind::kInvalid) return;  // the lexer reported it
  Error(RangeOf(token), fmt::format("expected {}, found {}", what, Describe(token)));
}

void Parser::Recover() {
  // Skip to the end of the current line at nesting depth 0, or to a '}' that
  // closes the enclosing block, whichever comes first. Braces opened since
  // the item started count, so `x = {a = 1 b = 2}` skips its whole object;
  // brackets only count from the error on, so an unclosed '[' cannot
  // swallow the rest of the file.
  newline_modes_.resize(1);
  int depth = 0;
  for (size_t i = item_start_; i < index_; ++i) {
    if (tokens_[i].kind == TokenKind::kLBrace) ++depth;
    if (tokens_[i].kind == TokenKind::kRBrace && depth > 0) --depth;
  }
  for (;; ++index_) {
    const Token& token = tokens_[index_];
    if (token.kind == TokenKind::kEof) return;
    if (depth == 0 && (token.kind == TokenKind::kNewline || token.kind == TokenKind::kRBrace))
      return;
    switch (token.kind) {
      // Template tokens need no counting: the lexer never lets a quoted
      // string span lines and heredoc lines are literals, not newlines.
      case TokenKind::kLBrace:
      case TokenKind::kLBracket:
      case TokenKind::kLParen: ++depth; break;
      case TokenKind::kRBrace:
      case TokenKind::kRBracket:
      case TokenKind::kRParen:
        if (depth > 0) --depth;
        break;
      default: break;
    }
  }
}

Body Parser::ParseFile() { return ParseBody(true); }

Body Parser::ParseBody(bool top_level) {
  Body body;
  SourcePos start = Peek().start;
  for (;;) {
    SkipNewlines();
    const Token& token = Peek();
    if (token.kind == TokenKind::kEof) break;
    if (token.kind == TokenKind::kRBrace) {
      if (!top_level) break;
      Error(RangeOf(token), "unexpected '}'", "no block is open here");
      Next();
      continue;
    }
    ParseBodyItem(body);
  }
  body.range = RangeOf(start, Peek().start);
  return body;
}

void Parser::ParseBodyItem(Body& body) {
  item_start_ = index_;
  if (!At(TokenKind::kIdent)) {
    ErrorExpected("an attribute or block name");
    if (At(TokenKind::kRBrace) || At(TokenKind::kEof)) return;
    Next();  // always make progress
    Recover();
    return;
  }
  TokenKind after = Peek(1).kind;
  if (after == TokenKind::kEqual) {
    ParseAttribute(body, false);
  } else if (after == TokenKind::kIdent || after == TokenKind::kOQuote ||
             after == TokenKind::kLBrace) {
    ParseBlock(body);
  } else {
    const Token& name = Next();
    Error(
        RangeOf(Peek()),
        fmt::format("expected '=' or a block after \"{}\", found {}", name.text, Describe(Peek())),
        "write name = value for an attribute or type \"label\" { ... } for a block");
    Recover();
  }
}

void Parser::ParseAttribute(Body& body, bool in_one_line_block) {
  const Token& name = Next();
  Attribute attribute;
  attribute.name = name.text;
  attribute.name_range = RangeOf(name);
  Next();  // '='
  attribute.expr = ParseExpr();
  if (!attribute.expr) {
    Recover();
    return;
  }
  attribute.range = RangeOf(name.start, attribute.expr->range.end);
  if (!in_one_line_block) ExpectEndOfItem("the attribute value");
  if (const Attribute* first = body.FindAttribute(attribute.name)) {
    Error(attribute.name_range, fmt::format("duplicate attribute \"{}\"", attribute.name),
          fmt::format("it is already defined at {}", first->name_range.ToString()));
    return;
  }
  body.attributes.push_back(std::move(attribute));
}

bool Parser::ExpectEndOfItem(std::string_view what) {
  if (At(TokenKind::kEof) || Accept(TokenKind::kNewline)) return true;
  if (!At(TokenKind::kInvalid)) {
    Error(RangeOf(Peek()),
          fmt::format("expected a newline after {}, found {}", what, Describe(Peek())),
          "put each attribute and block on its own line");
  }
  if (!At(TokenKind::kRBrace)) Recover();
  return false;
}

void Parser::ParseBlock(Body& body) {
  Nesting nesting(*this);
  if (!nesting.ok()) {
    Recover();
    return;
  }
  const Token& type = Next();
  Block block;
  block.type = type.text;
  block.type_range = RangeOf(type);
  while (At(TokenKind::kIdent) || At(TokenKind::kOQuote)) {
    if (!ParseBlockLabel(block.labels)) {
      Recover();
      return;
    }
  }
  if (!At(TokenKind::kLBrace)) {
    ErrorExpected(fmt::format("'{{' to open the \"{}\" block", block.type));
    Recover();
    return;
  }
  Next();
  if (!ParseBlockBody(block)) return;
  block.range = RangeOf(type.start, LastEnd());
  ExpectEndOfItem("the block");
  body.blocks.push_back(std::move(block));
}

bool Parser::ParseBlockBody(Block& block) {
  SourcePos open = LastEnd();
  if (!At(TokenKind::kNewline)) {
    block.one_line = true;
    block.body.range = RangeOf(open, Peek().start);
    if (At(TokenKind::kIdent) && Peek(1).kind == TokenKind::kEqual) {
      ParseAttribute(block.body, true);
    }
    if (Accept(TokenKind::kRBrace)) return true;
    Error(RangeOf(Peek()),
          fmt::format("expected '}}' to close the one-line \"{}\" block, found {}", block.type,
                      Describe(Peek())),
          "a one-line block holds at most one attribute; put each on its own line");
    if (!At(TokenKind::kNewline)) {
      Recover();
      Accept(TokenKind::kRBrace);
      return false;
    }
    // `a { b = 1` then more lines: read the rest as the body it was meant to be.
    block.one_line = false;
    Body rest = ParseBody(false);
    for (Attribute& attribute : rest.attributes)
      block.body.attributes.push_back(std::move(attribute));
    for (Block& child : rest.blocks) block.body.blocks.push_back(std::move(child));
    block.body.range = Cover(block.body.range, rest.range);
  } else {
    block.body = ParseBody(false);
  }
  if (Accept(TokenKind::kRBrace)) return true;
  Error(RangeOf(block.type_range.start, block.type_range.end),
        fmt::format("unclosed \"{}\" block", block.type), "add the closing '}'");
  return false;
}

bool Parser::ParseBlockLabel(std::vector<BlockLabel>& labels) {
  const Token& first = Next();
  BlockLabel label;
  if (first.kind == TokenKind::kIdent) {
    labels.push_back(BlockLabel{first.text, false, RangeOf(first)});
    return true;
  }
  label.quoted = true;
  while (At(TokenKind::kTemplateLiteral)) label.value += Next().text;
  if (At(TokenKind::kTemplateInterp) || At(TokenKind::kTemplateControl)) {
    Error(RangeOf(Peek()), "block labels cannot contain template sequences",
          "a label is a plain string; use $${ for a literal ${");
    return false;
  }
  if (!Expect(TokenKind::kCQuote, "'\"' to end the block label")) return false;
  label.range = RangeOf(first.start, LastEnd());
  labels.push_back(std::move(label));
  return true;
}

ExprPtr Parser::ParseWholeExpression() {
  SkipNewlines();
  ExprPtr expr = ParseExpr();
  if (!expr) return nullptr;
  SkipNewlines();
  if (!At(TokenKind::kEof)) {
    ErrorExpected("end of expression");
    return nullptr;
  }
  return expr;
}

}  // namespace internal

namespace {

// Lexer diagnostics first, then parser ones; each list is already in order.
void SortDiagnostics(std::vector<Diagnostic>& diagnostics) {
  std::stable_sort(diagnostics.begin(), diagnostics.end(),
                   [](const Diagnostic& a, const Diagnostic& b) {
                     return a.range.start.byte < b.range.start.byte;
                   });
}

}  // namespace

ParseResult Parse(std::string_view text, std::string path) {
  ParseResult result;
  LexResult lexed = Lex(text, path);
  result.diagnostics = std::move(lexed.diagnostics);
  internal::Parser parser(std::move(lexed.tokens), path, result.diagnostics);
  result.body = parser.ParseFile();
  SortDiagnostics(result.diagnostics);
  return result;
}

ExpressionResult ParseExpression(std::string_view text, std::string path) {
  ExpressionResult result;
  LexResult lexed = Lex(text, path);
  result.diagnostics = std::move(lexed.diagnostics);
  internal::Parser parser(std::move(lexed.tokens), path, result.diagnostics);
  result.expr = parser.ParseWholeExpression();
  SortDiagnostics(result.diagnostics);
  return result;
}

ExpressionResult ParseTemplate(std::string_view text, std::string path, SourcePos origin) {
  ExpressionResult result;
  LexResult lexed = LexTemplate(text, path, origin);
  result.diagnostics = std::move(lexed.diagnostics);
  internal::Parser parser(std::move(lexed.tokens), path, result.diagnostics);
  result.expr = parser.ParseStandaloneTemplate();
  SortDiagnostics(result.diagnostics);
  return result;
}

}  // namespace bakery::hcl
