#pragma once
// The lexer's state machine, shared by lexer.cc (driver and expression
// tokens) and lexer_template.cc (quoted strings, heredocs, standalone
// templates). Not part of the module's API.

#include <string>
#include <string_view>
#include <vector>

#include "common/hcl/lexer.h"

namespace bakery::hcl::internal {

/// What the lexer is inside of. The bottom of the stack is implicit:
/// expression mode at top level (or a standalone template frame).
struct Frame {
  enum Kind { kQuoted, kHeredoc, kStandalone, kSequence };
  Kind kind = kSequence;
  SourcePos start;      // where the frame was opened (for "unterminated" errors)
  std::string marker;   // kHeredoc: the closing identifier
  int brace_depth = 0;  // kSequence: unmatched '{' inside ${ ... }
  bool at_line_start = true;  // kHeredoc/kStandalone
};

class Lexer {
 public:
  Lexer(std::string_view text, const std::string& path, SourcePos origin);

  /// Lexes everything; `standalone` starts in template mode.
  LexResult Run(bool standalone);

 private:
  // lexer.cc: expression mode.
  void LexExpressionToken();
  void LexPunctuation();
  void LexNumber();
  void LexIdent();
  void LexHeredocStart();
  void SkipBlockComment();
  void SkipLineComment();
  void SkipCommentCharacter();
  void OpenBrace();
  void CloseBrace(bool strip);
  void ReportUnclosedFrames();

  // lexer_template.cc: template mode.
  void LexTemplateChunk(Frame& frame);
  bool LexHeredocClose(Frame& frame);
  void UnwindAtNewline();
  bool LexSequenceStart();
  void LexEscape(std::string& literal);
  void AppendHexEscape(std::string& literal, int digits);

  // Helpers.
  bool AtEnd() const { return offset_ >= text_.size(); }
  char Peek(size_t ahead = 0) const {
    return offset_ + ahead < text_.size() ? text_[offset_ + ahead] : '\0';
  }
  bool LookingAt(std::string_view s) const { return text_.substr(offset_, s.size()) == s; }
  void Advance(size_t bytes);
  /// Bytes in the valid UTF-8 sequence at offset_ (0 when invalid).
  size_t Utf8Length() const;
  uint32_t DecodeAt(size_t length) const;
  void Emit(TokenKind kind, SourcePos start, std::string text = {});
  void Error(SourcePos start, SourcePos end, std::string summary, std::string detail = {});
  bool InTemplate() const;

  std::string_view text_;
  const std::string& path_;
  size_t offset_ = 0;
  SourcePos pos_;
  std::vector<Frame> frames_;
  LexResult result_;
};

/// True for the bytes and code points that may start/continue identifiers.
bool IsIdentStart(uint32_t code_point);
bool IsIdentContinue(uint32_t code_point);

/// Appends `code_point` encoded as UTF-8.
void AppendUtf8(std::string& out, uint32_t code_point);

}  // namespace bakery::hcl::internal
