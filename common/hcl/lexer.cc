#include "common/hcl/lexer.h"

#include <fmt/format.h>

#include "common/hcl/lexer_internal.h"

namespace bakery::hcl {
namespace internal {

namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Multi-character operators first so the longest match wins.
struct Punct {
  std::string_view text;
  TokenKind kind;
};
constexpr Punct kPunctuation[] = {
    {"...", TokenKind::kEllipsis},    {"[*]", TokenKind::kBracketStar},
    {"=>", TokenKind::kFatArrow},     {"==", TokenKind::kEqualEqual},
    {"!=", TokenKind::kNotEqual},     {"<=", TokenKind::kLessEqual},
    {">=", TokenKind::kGreaterEqual}, {"&&", TokenKind::kAnd},
    {"||", TokenKind::kOr},           {".*", TokenKind::kDotStar},
    {"[", TokenKind::kLBracket},      {"]", TokenKind::kRBracket},
    {"(", TokenKind::kLParen},        {")", TokenKind::kRParen},
    {",", TokenKind::kComma},         {".", TokenKind::kDot},
    {":", TokenKind::kColon},         {"?", TokenKind::kQuestion},
    {"=", TokenKind::kEqual},         {"+", TokenKind::kPlus},
    {"-", TokenKind::kMinus},         {"*", TokenKind::kStar},
    {"/", TokenKind::kSlash},         {"%", TokenKind::kPercent},
    {"!", TokenKind::kBang},          {"<", TokenKind::kLess},
    {">", TokenKind::kGreater},
};

}  // namespace

bool IsIdentStart(uint32_t c) {
  if (c < 0x80) return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  // Non-ASCII: letters of any script. Without Unicode tables we accept every
  // code point except the Unicode spaces and the byte order mark.
  return !(c == 0x85 || c == 0xA0 || c == 0x1680 || (c >= 0x2000 && c <= 0x200A) || c == 0x2028 ||
           c == 0x2029 || c == 0x202F || c == 0x205F || c == 0x3000 || c == 0xFEFF);
}

bool IsIdentContinue(uint32_t c) { return IsIdentStart(c) || (c >= '0' && c <= '9') || c == '-'; }

void AppendUtf8(std::string& out, uint32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

Lexer::Lexer(std::string_view text, const std::string& path, SourcePos origin)
    : text_(text), path_(path), pos_(origin) {}

LexResult Lexer::Run(bool standalone) {
  if (standalone) frames_.push_back(Frame{Frame::kStandalone, pos_, {}, 0, true});
  if (!standalone && LookingAt("\xEF\xBB\xBF")) {
    SourcePos start = pos_;
    Advance(3);
    Error(start, pos_, "byte order mark not permitted", "save the file as UTF-8 without a BOM");
  }
  while (!AtEnd()) {
    if (InTemplate()) {
      LexTemplateChunk(frames_.back());
    } else {
      LexExpressionToken();
    }
  }
  ReportUnclosedFrames();
  Emit(TokenKind::kEof, pos_);
  return std::move(result_);
}

bool Lexer::InTemplate() const {
  return !frames_.empty() && frames_.back().kind != Frame::kSequence;
}

void Lexer::Advance(size_t bytes) {
  for (size_t i = 0; i < bytes && offset_ < text_.size(); ++i, ++offset_) {
    unsigned char c = static_cast<unsigned char>(text_[offset_]);
    if (c == '\n') {
      ++pos_.line;
      pos_.column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++pos_.column;  // continuation bytes belong to the previous character
    }
    ++pos_.byte;
  }
}

size_t Lexer::Utf8Length() const {
  unsigned char c = static_cast<unsigned char>(Peek());
  size_t length = c < 0x80           ? 1
                  : (c >> 5) == 0x6  ? 2
                  : (c >> 4) == 0xE  ? 3
                  : (c >> 3) == 0x1E ? 4
                                     : 0;
  if (length == 0 || offset_ + length > text_.size()) return 0;
  for (size_t i = 1; i < length; ++i) {
    if ((static_cast<unsigned char>(Peek(i)) & 0xC0) != 0x80) return 0;
  }
  uint32_t c_point = DecodeAt(length);
  // Reject overlong forms, surrogates and values past U+10FFFF.
  static constexpr uint32_t kMinimum[] = {0, 0, 0x80, 0x800, 0x10000};
  if (c_point < kMinimum[length] || (c_point >= 0xD800 && c_point <= 0xDFFF) ||
      c_point > 0x10FFFF) {
    return 0;
  }
  return length;
}

uint32_t Lexer::DecodeAt(size_t length) const {
  static constexpr unsigned char kLeadMask[] = {0, 0x7F, 0x1F, 0x0F, 0x07};
  uint32_t c = static_cast<unsigned char>(Peek()) & kLeadMask[length];
  for (size_t i = 1; i < length; ++i) c = (c << 6) | (static_cast<unsigned char>(Peek(i)) & 0x3F);
  return c;
}

void Lexer::Emit(TokenKind kind, SourcePos start, std::string text) {
  Token token;
  token.kind = kind;
  token.text = std::move(text);
  token.start = start;
  token.end = pos_;
  result_.tokens.push_back(std::move(token));
}

void Lexer::Error(SourcePos start, SourcePos end, std::string summary, std::string detail) {
  result_.diagnostics.push_back(Diagnostic{Severity::kError, std::move(summary), std::move(detail),
                                           SourceRange{path_, start, end}});
}

void Lexer::LexExpressionToken() {
  char c = Peek();
  SourcePos start = pos_;
  if (c == ' ' || c == '\t') {
    Advance(1);
  } else if (c == '\n' || (c == '\r' && Peek(1) == '\n')) {
    Advance(c == '\r' ? 2 : 1);
    Emit(TokenKind::kNewline, start);
  } else if (c == '#' || LookingAt("//")) {
    SkipLineComment();
  } else if (LookingAt("/*")) {
    SkipBlockComment();
  } else if (IsDigit(c)) {
    LexNumber();
  } else if (c == '"') {
    Advance(1);
    Emit(TokenKind::kOQuote, start);
    frames_.push_back(Frame{Frame::kQuoted, start, {}, 0, false});
  } else if (LookingAt("<<")) {
    LexHeredocStart();
  } else if (c == '{') {
    OpenBrace();
  } else if (c == '}' || (c == '~' && Peek(1) == '}')) {
    CloseBrace(c == '~');
  } else if (static_cast<unsigned char>(c) >= 0x80 || IsIdentStart(static_cast<unsigned char>(c))) {
    LexIdent();
  } else {
    LexPunctuation();
  }
}

void Lexer::LexPunctuation() {
  SourcePos start = pos_;
  for (const Punct& punct : kPunctuation) {
    if (LookingAt(punct.text)) {
      Advance(punct.text.size());
      Emit(punct.kind, start, std::string(punct.text));
      return;
    }
  }
  char c = Peek();
  Advance(1);
  std::string shown = (c >= 0x20 && c < 0x7F)
                          ? fmt::format("'{}'", c)
                          : fmt::format("byte 0x{:02X}", static_cast<unsigned char>(c));
  Error(start, pos_, fmt::format("invalid character {}", shown),
        c == '\'' ? "strings use double quotes (\")" : "");
  Emit(TokenKind::kInvalid, start, std::string(1, c));
}

void Lexer::LexNumber() {
  SourcePos start = pos_;
  size_t begin = offset_;
  while (IsDigit(Peek())) Advance(1);
  if (Peek() == '.' && IsDigit(Peek(1))) {
    Advance(1);
    while (IsDigit(Peek())) Advance(1);
  }
  bool sign = Peek(1) == '+' || Peek(1) == '-';
  if ((Peek() == 'e' || Peek() == 'E') && IsDigit(Peek(sign ? 2 : 1))) {
    Advance(sign ? 2 : 1);
    while (IsDigit(Peek())) Advance(1);
  }
  Emit(TokenKind::kNumber, start, std::string(text_.substr(begin, offset_ - begin)));
}

void Lexer::LexIdent() {
  SourcePos start = pos_;
  size_t begin = offset_;
  size_t length = Utf8Length();
  if (length == 0 || !IsIdentStart(DecodeAt(length))) {
    Advance(length == 0 ? 1 : length);
    Error(start, pos_, length == 0 ? "invalid UTF-8" : "invalid character",
          length == 0 ? "the file must be UTF-8 encoded" : "");
    Emit(TokenKind::kInvalid, start);
    return;
  }
  Advance(length);
  while (!AtEnd()) {
    length = Utf8Length();
    if (length == 0 || !IsIdentContinue(DecodeAt(length))) break;
    Advance(length);
  }
  Emit(TokenKind::kIdent, start, std::string(text_.substr(begin, offset_ - begin)));
}

void Lexer::LexHeredocStart() {
  SourcePos start = pos_;
  bool indented = Peek(2) == '-';
  size_t marker_begin = offset_ + (indented ? 3 : 2);
  size_t marker_end = marker_begin;
  while (
      marker_end < text_.size() && IsIdentContinue(static_cast<unsigned char>(text_[marker_end])) &&
      (marker_end > marker_begin || IsIdentStart(static_cast<unsigned char>(text_[marker_end])))) {
    ++marker_end;
  }
  size_t after = marker_end + (marker_end < text_.size() && text_[marker_end] == '\r' ? 1 : 0);
  if (marker_end == marker_begin || after >= text_.size() || text_[after] != '\n') {
    LexPunctuation();  // "<" then "<": the parser reports the unexpected token
    Error(start, pos_, "invalid heredoc introduction",
          "write <<MARKER or <<-MARKER followed by a newline");
    return;
  }
  std::string marker(text_.substr(marker_begin, marker_end - marker_begin));
  Advance(marker_end - offset_);
  Token token;
  token.kind = TokenKind::kOHeredoc;
  token.text = marker;
  token.start = start;
  token.end = pos_;
  token.strip_left = indented;
  result_.tokens.push_back(std::move(token));
  Advance(after + 1 - offset_);  // the newline belongs to the introduction
  frames_.push_back(Frame{Frame::kHeredoc, start, marker, 0, true});
}

void Lexer::SkipCommentCharacter() {
  // Comments must be valid UTF-8 too: the whole file is.
  size_t length = Utf8Length();
  if (length > 0) {
    Advance(length);
    return;
  }
  SourcePos bad = pos_;
  Advance(1);
  Error(bad, pos_, "invalid UTF-8", "the file must be UTF-8 encoded");
}

void Lexer::SkipLineComment() {
  while (!AtEnd() && Peek() != '\n' && !(Peek() == '\r' && Peek(1) == '\n')) {
    SkipCommentCharacter();
  }
  if (AtEnd()) return;
  SourcePos start = pos_;
  Advance(Peek() == '\r' ? 2 : 1);
  Emit(TokenKind::kNewline, start);  // a line comment counts as a newline
}

void Lexer::SkipBlockComment() {
  SourcePos start = pos_;
  Advance(2);
  while (!AtEnd() && !LookingAt("*/")) SkipCommentCharacter();
  if (AtEnd()) {
    Error(start, pos_, "unterminated comment", "a /* comment needs a closing */");
    return;
  }
  Advance(2);
}

void Lexer::OpenBrace() {
  SourcePos start = pos_;
  Advance(1);
  if (!frames_.empty()) ++frames_.back().brace_depth;
  Emit(TokenKind::kLBrace, start, "{");
}

void Lexer::CloseBrace(bool strip) {
  SourcePos start = pos_;
  bool ends_sequence = !frames_.empty() && frames_.back().brace_depth == 0;
  if (strip && !ends_sequence) {
    LexPunctuation();  // a stray '~'
    return;
  }
  Advance(strip ? 2 : 1);
  if (!ends_sequence) {
    if (!frames_.empty()) --frames_.back().brace_depth;
    Emit(TokenKind::kRBrace, start, "}");
    return;
  }
  frames_.pop_back();
  Emit(TokenKind::kTemplateSeqEnd, start, strip ? "~}" : "}");
  result_.tokens.back().strip_right = strip;
}

void Lexer::ReportUnclosedFrames() {
  for (const Frame& frame : frames_) {  // outermost first: source order
    if (frame.kind == Frame::kQuoted) {
      Error(frame.start, pos_, "unterminated string", "add the closing \" on the same line");
    } else if (frame.kind == Frame::kHeredoc) {
      Error(frame.start, pos_, "unterminated heredoc",
            fmt::format("no line holds only the closing marker {}", frame.marker));
    } else if (frame.kind == Frame::kSequence) {
      Error(frame.start, pos_, "unterminated template sequence", "add the closing }");
    }
  }
  frames_.clear();
}

}  // namespace internal

LexResult Lex(std::string_view text, const std::string& path) {
  return internal::Lexer(text, path, SourcePos{}).Run(false);
}

LexResult LexTemplate(std::string_view text, const std::string& path, SourcePos origin) {
  return internal::Lexer(text, path, origin).Run(true);
}

}  // namespace bakery::hcl
