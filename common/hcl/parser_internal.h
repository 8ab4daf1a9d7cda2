#pragma once
// The recursive-descent parser shared by parser_body.cc (structure),
// parser_expr.cc (expressions) and parser_template.cc (templates). Not part
// of the module's API. Parse functions return null after reporting an error;
// callers give up on the construct and the body parser recovers.

#include <string>
#include <vector>

#include "common/hcl/ast.h"
#include "common/hcl/lexer.h"

namespace bakery::hcl::internal {

class Parser {
 public:
  Parser(std::vector<Token> tokens, const std::string& path, std::vector<Diagnostic>& diagnostics);

  /// A whole file: body items up to end of file.
  Body ParseFile();
  /// One expression, then only newlines up to end of file.
  ExprPtr ParseWholeExpression();
  /// A standalone template's tokens up to end of file.
  ExprPtr ParseStandaloneTemplate();

  // parser_body.cc
  Body ParseBody(bool top_level);
  void ParseBodyItem(Body& body);
  void ParseAttribute(Body& body, bool in_one_line_block);
  void ParseBlock(Body& body);
  bool ParseBlockLabel(std::vector<BlockLabel>& labels);
  bool ParseBlockBody(Block& block);
  bool ExpectEndOfItem(std::string_view what);
  void Recover();

  // parser_expr.cc
  ExprPtr ParseExpr();
  ExprPtr ParseBinary(int level);
  ExprPtr ParseUnary();
  ExprPtr ParseTerm();
  ExprPtr ParsePrimary();
  ExprPtr ParseIdentTerm();
  ExprPtr ParseNumber();
  ExprPtr ParseParens();
  ExprPtr ParseCall();
  ExprPtr ParseTuple();
  ExprPtr ParseObject();
  bool ParseObjectItem(ObjectExpr& object);
  ExprPtr ParseFor(bool object, const Token& open);
  enum class Traversal { kAll, kAttrSplat, kFullSplat };
  ExprPtr ParsePostfix(ExprPtr expr, Traversal mode);
  ExprPtr ParseSplat(ExprPtr source, bool full, SourcePos start);
  ExprPtr ParseIndex(ExprPtr collection);
  ExprPtr ParseDotSuffix(ExprPtr object, Traversal mode);

  // parser_template.cc
  ExprPtr ParseQuotedTemplate();
  ExprPtr ParseHeredoc();
  /// The template tokens after an opening quote or heredoc marker (or at the
  /// start of a standalone template) up to and including `end`.
  ExprPtr ParseTemplateBody(TokenKind end, SourcePos start, bool heredoc, bool strip_indent);

  /// Counts one level of recursion for as long as it lives; `ok` is false
  /// (and an error reported) past kMaxNesting, which keeps hostile input
  /// from exhausting the stack.
  class Nesting {
   public:
    explicit Nesting(Parser& parser);
    ~Nesting() { --parser_.depth_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;
    bool ok() const { return ok_; }

   private:
    Parser& parser_;
    bool ok_;
  };
  static constexpr int kMaxNesting = 128;

  // Token cursor. Newlines are skipped while the innermost mode ignores them.
  const Token& Peek(size_t ahead = 0);
  const Token& Next();
  bool At(TokenKind kind) { return Peek().kind == kind; }
  bool AtKeyword(std::string_view word);
  bool Accept(TokenKind kind);
  /// Consumes `kind` or reports "expected WHAT, found X" and returns false.
  bool Expect(TokenKind kind, std::string_view what);
  void SkipNewlines();
  void PushNewlines(bool significant) { newline_modes_.push_back(significant); }
  void PopNewlines() { newline_modes_.pop_back(); }
  bool NewlinesSignificant() const { return newline_modes_.back(); }

  SourceRange RangeOf(SourcePos start, SourcePos end) const { return {path_, start, end}; }
  SourceRange RangeOf(const Token& token) const { return {path_, token.start, token.end}; }
  SourcePos LastEnd() const { return last_end_; }
  void Error(const SourceRange& range, std::string summary, std::string detail = {});
  /// "expected WHAT, found X" at the current token.
  void ErrorExpected(std::string_view what);
  /// How a token is named in messages: "identifier \"x\"", "newline", "'}'".
  std::string Describe(const Token& token) const;

 private:
  std::vector<Token> tokens_;
  const std::string& path_;
  std::vector<Diagnostic>& diagnostics_;
  size_t index_ = 0;
  size_t item_start_ = 0;    // first token of the body item being parsed
  size_t lexer_errors_ = 0;  // diagnostics_[0, lexer_errors_) came from the lexer
  int depth_ = 0;            // current recursion, see Nesting
  SourcePos last_end_;
  std::vector<bool> newline_modes_{true};
};

}  // namespace bakery::hcl::internal
