// Template mode of the lexer: the literal text of quoted strings, heredocs
// and standalone templates, and the `${` / `%{` sequences that leave it.

#include <algorithm>

#include <fmt/format.h>

#include "common/hcl/lexer_internal.h"

namespace bakery::hcl {
namespace internal {

namespace {

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

constexpr std::string_view kEscapeHelp =
    "valid escapes are \\n \\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN, and $${ or %%{ for a "
    "literal ${ or %{";

}  // namespace

void Lexer::LexTemplateChunk(Frame& frame) {
  if (frame.kind == Frame::kHeredoc && frame.at_line_start && LexHeredocClose(frame)) return;
  if (LexSequenceStart()) return;
  SourcePos start = pos_;
  if (frame.kind == Frame::kQuoted && Peek() == '"') {
    Advance(1);
    frames_.pop_back();
    Emit(TokenKind::kCQuote, start, "\"");
    return;
  }
  bool line_start = frame.at_line_start;
  frame.at_line_start = false;
  std::string literal;
  while (!AtEnd() && !LookingAt("${") && !LookingAt("%{")) {
    char c = Peek();
    if (LookingAt("$${") || LookingAt("%%{")) {
      literal += c;
      literal += '{';
      Advance(3);
    } else if (frame.kind == Frame::kQuoted && c == '"') {
      break;
    } else if (frame.kind == Frame::kQuoted && (c == '\n' || LookingAt("\r\n"))) {
      UnwindAtNewline();
      break;
    } else if (frame.kind == Frame::kQuoted && c == '\\') {
      LexEscape(literal);
    } else if (c == '\n') {
      literal += c;
      Advance(1);
      frame.at_line_start = true;
      break;  // one literal token per heredoc line: <<- strips per line
    } else if (size_t length = Utf8Length(); length == 0) {
      SourcePos bad = pos_;
      Advance(1);
      Error(bad, pos_, "invalid UTF-8", "the file must be UTF-8 encoded");
      literal += "\xEF\xBF\xBD";
    } else {
      literal.append(text_.substr(offset_, length));
      Advance(length);
    }
  }
  if (pos_.byte == start.byte) return;
  Emit(TokenKind::kTemplateLiteral, start, std::move(literal));
  result_.tokens.back().line_start = line_start;
}

void Lexer::UnwindAtNewline() {
  // End the string here so the rest of the file lexes normally, and with it
  // the ${ sequences and strings it sits in: a quoted string never spans
  // lines, so they cannot be closed either. A heredoc can, so it stays.
  while (!frames_.empty() &&
         (frames_.back().kind == Frame::kQuoted || frames_.back().kind == Frame::kSequence)) {
    const Frame& frame = frames_.back();
    if (frame.kind == Frame::kQuoted) {
      Error(frame.start, pos_, "unterminated string",
            "a quoted string must end on its line; use \\n or a heredoc for multi-line text");
    } else {
      Error(frame.start, pos_, "unterminated template sequence", "add the closing }");
    }
    frames_.pop_back();
  }
}

bool Lexer::LexHeredocClose(Frame& frame) {
  size_t i = offset_;
  while (i < text_.size() && (text_[i] == ' ' || text_[i] == '\t')) ++i;
  if (text_.substr(i, frame.marker.size()) != frame.marker) return false;
  size_t end = i + frame.marker.size();
  size_t after = end + (end < text_.size() && text_[end] == '\r' ? 1 : 0);
  if (after < text_.size() && text_[after] != '\n') return false;
  Advance(i - offset_);
  SourcePos start = pos_;
  Advance(end - offset_);
  std::string marker = frame.marker;
  frames_.pop_back();
  // The newline after the marker stays: it ends the attribute.
  Emit(TokenKind::kCHeredoc, start, std::move(marker));
  return true;
}

bool Lexer::LexSequenceStart() {
  bool interp = LookingAt("${");
  if (!interp && !LookingAt("%{")) return false;
  SourcePos start = pos_;
  Advance(2);
  bool strip = Peek() == '~';
  if (strip) Advance(1);
  frames_.back().at_line_start = false;
  Emit(interp ? TokenKind::kTemplateInterp : TokenKind::kTemplateControl, start,
       interp ? "${" : "%{");
  result_.tokens.back().strip_left = strip;
  frames_.push_back(Frame{Frame::kSequence, start, {}, 0, false});
  return true;
}

void Lexer::LexEscape(std::string& literal) {
  SourcePos start = pos_;
  char c = Peek(1);
  static constexpr std::pair<char, char> kSimple[] = {
      {'n', '\n'}, {'r', '\r'}, {'t', '\t'}, {'"', '"'}, {'\\', '\\'}};
  for (const auto& [escape, value] : kSimple) {
    if (c == escape) {
      literal += value;
      Advance(2);
      return;
    }
  }
  if (c == 'u' || c == 'U') {
    AppendHexEscape(literal, c == 'u' ? 4 : 8);
    return;
  }
  Advance(1);
  if (c == '\n' || c == '\r' || c == '\0') {
    Error(start, pos_, "invalid escape sequence at end of line", std::string(kEscapeHelp));
    return;
  }
  size_t length = std::max<size_t>(Utf8Length(), 1);
  std::string shown(text_.substr(offset_, length));
  Advance(length);
  Error(start, pos_, fmt::format("invalid escape sequence \\{}", shown), std::string(kEscapeHelp));
  literal += shown;
}

void Lexer::AppendHexEscape(std::string& literal, int digits) {
  SourcePos start = pos_;
  Advance(2);
  uint32_t value = 0;
  int seen = 0;
  for (; seen < digits && HexValue(Peek()) >= 0; ++seen) {
    value = value * 16 + static_cast<uint32_t>(HexValue(Peek()));
    Advance(1);
  }
  char kind = digits == 4 ? 'u' : 'U';
  if (seen < digits) {
    Error(start, pos_,
          fmt::format("invalid escape sequence \\{}: expected {} hex digits", kind, digits),
          std::string(kEscapeHelp));
    return;
  }
  if ((value >= 0xD800 && value <= 0xDFFF) || value > 0x10FFFF) {
    Error(start, pos_,
          fmt::format("invalid escape sequence \\{}: U+{:X} is not a character", kind, value),
          "surrogates and values past U+10FFFF are not Unicode characters");
    return;
  }
  AppendUtf8(literal, value);
}

}  // namespace internal

std::string_view TokenKindName(TokenKind kind) {
  switch (kind) {
    case TokenKind::kIdent: return "identifier";
    case TokenKind::kNumber: return "number";
    case TokenKind::kNewline: return "newline";
    case TokenKind::kEof: return "end of file";
    case TokenKind::kInvalid: return "invalid character";
    case TokenKind::kLBrace: return "'{'";
    case TokenKind::kRBrace: return "'}'";
    case TokenKind::kLBracket: return "'['";
    case TokenKind::kRBracket: return "']'";
    case TokenKind::kLParen: return "'('";
    case TokenKind::kRParen: return "')'";
    case TokenKind::kComma: return "','";
    case TokenKind::kDot: return "'.'";
    case TokenKind::kEllipsis: return "'...'";
    case TokenKind::kColon: return "':'";
    case TokenKind::kQuestion: return "'?'";
    case TokenKind::kEqual: return "'='";
    case TokenKind::kFatArrow: return "'=>'";
    case TokenKind::kPlus: return "'+'";
    case TokenKind::kMinus: return "'-'";
    case TokenKind::kStar: return "'*'";
    case TokenKind::kSlash: return "'/'";
    case TokenKind::kPercent: return "'%'";
    case TokenKind::kAnd: return "'&&'";
    case TokenKind::kOr: return "'||'";
    case TokenKind::kBang: return "'!'";
    case TokenKind::kEqualEqual: return "'=='";
    case TokenKind::kNotEqual: return "'!='";
    case TokenKind::kLess: return "'<'";
    case TokenKind::kLessEqual: return "'<='";
    case TokenKind::kGreater: return "'>'";
    case TokenKind::kGreaterEqual: return "'>='";
    case TokenKind::kDotStar: return "'.*'";
    case TokenKind::kBracketStar: return "'[*]'";
    case TokenKind::kOQuote: return "opening quote";
    case TokenKind::kCQuote: return "closing quote";
    case TokenKind::kOHeredoc: return "heredoc";
    case TokenKind::kCHeredoc: return "heredoc end";
    case TokenKind::kTemplateLiteral: return "string";
    case TokenKind::kTemplateInterp: return "'${'";
    case TokenKind::kTemplateControl: return "'%{'";
    case TokenKind::kTemplateSeqEnd: return "'}'";
  }
  return "token";
}

}  // namespace bakery::hcl
