#pragma once
// The HCL native-syntax lexer (hashicorp/hcl hclsyntax/spec.md, "Lexical
// Elements" and "Template Expressions"). The lexer is modal: it tracks
// quoted templates, heredocs and the `${`/`%{` sequences inside them, so the
// parser sees one flat token stream.

#include <string>
#include <string_view>
#include <vector>

#include "common/hcl/source.h"

namespace bakery::hcl {

enum class TokenKind {
  kIdent,
  kNumber,
  kNewline,  // also produced by line comments (# and //)
  kEof,
  kInvalid,  // a character the grammar does not allow; a diagnostic says why
  // Punctuation and operators.
  kLBrace, kRBrace, kLBracket, kRBracket, kLParen, kRParen,
  kComma, kDot, kEllipsis, kColon, kQuestion, kEqual, kFatArrow,
  kPlus, kMinus, kStar, kSlash, kPercent,
  kAnd, kOr, kBang, kEqualEqual, kNotEqual,
  kLess, kLessEqual, kGreater, kGreaterEqual,
  kDotStar,      // ".*" written without space
  kBracketStar,  // "[*]" written without space
  // Templates.
  kOQuote,           // opening "
  kCQuote,           // closing "
  kOHeredoc,         // <<EOF or <<-EOF; text = marker, strip_left = true for <<-
  kCHeredoc,         // the closing marker line
  kTemplateLiteral,  // decoded literal text (escapes applied)
  kTemplateInterp,   // ${ or ${~ (strip_left)
  kTemplateControl,  // %{ or %{~ (strip_left)
  kTemplateSeqEnd,   // } or ~} (strip_right) closing a ${ or %{
};

/// A short human name for a token kind ("'{'", "identifier", "newline").
std::string_view TokenKindName(TokenKind kind);

struct Token {
  TokenKind kind = TokenKind::kEof;
  std::string text;  // identifier, number text, decoded literal, heredoc marker
  SourcePos start;
  SourcePos end;
  // kTemplateInterp/kTemplateControl: "~" after the opening brace.
  // kTemplateSeqEnd: "~" before the closing brace (strip_right).
  // kOHeredoc: the "<<-" form.
  bool strip_left = false;
  bool strip_right = false;
  // kTemplateLiteral inside a heredoc: the literal starts a line.
  bool line_start = false;
};

struct LexResult {
  std::vector<Token> tokens;  // always ends with kEof
  std::vector<Diagnostic> diagnostics;
};

/// Lexes a whole configuration file. Comments are dropped (line comments
/// become kNewline), positions stay exact. Errors (unterminated string or
/// heredoc, bad escape, invalid character, invalid UTF-8) become diagnostics
/// located at the offending text; lexing always continues to the end.
LexResult Lex(std::string_view text, const std::string& path);

/// Lexes `text` as a standalone template (as HCL's JSON syntax does with
/// string values): literal text with `${`/`%{` sequences, no quote escapes.
/// Positions start at `origin`.
LexResult LexTemplate(std::string_view text, const std::string& path,
                      SourcePos origin = SourcePos{});

}  // namespace bakery::hcl
