// The template language: literals, ${ } interpolations and %{ } directives
// of quoted strings, heredocs and standalone templates. Templates are read
// as a flat list of items, then heredoc indentation and strip markers are
// applied to the literals, then the if/for directives are nested.

#include <algorithm>
#include <climits>

#include <fmt/format.h>

#include "common/hcl/parser_internal.h"

namespace bakery::hcl::internal {

namespace {

struct FlatItem {
  enum Kind { kLiteral, kInterp, kIf, kElse, kEndIf, kFor, kEndFor };
  Kind kind = kLiteral;
  std::string text;  // kLiteral; the keyword for directives
  ExprPtr expr;
  std::string key_var, value_var;
  bool strip_left = false;   // "${~" / "%{~"
  bool strip_right = false;  // "~}"
  bool line_start = false;
  SourceRange range;
};

bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

// Reads the directive after "%{": if, else, endif, for, endfor.
bool ReadDirective(Parser& p, FlatItem& item) {
  static constexpr std::pair<std::string_view, FlatItem::Kind> kKeywords[] = {
      {"if", FlatItem::kIf},
      {"else", FlatItem::kElse},
      {"endif", FlatItem::kEndIf},
      {"for", FlatItem::kFor},
      {"endfor", FlatItem::kEndFor}};
  const Token& keyword = p.Peek();
  auto found = std::find_if(std::begin(kKeywords), std::end(kKeywords),
                            [&](const auto& entry) { return keyword.text == entry.first; });
  if (keyword.kind != TokenKind::kIdent || found == std::end(kKeywords)) {
    p.ErrorExpected("a template directive (if, else, endif, for, endfor)");
    return false;
  }
  p.Next();
  item.kind = found->second;
  item.text = keyword.text;
  if (item.kind == FlatItem::kIf) return (item.expr = p.ParseExpr()) != nullptr;
  if (item.kind != FlatItem::kFor) return true;
  if (!p.At(TokenKind::kIdent)) {
    p.ErrorExpected("an iteration variable name after \"for\"");
    return false;
  }
  item.value_var = p.Next().text;
  if (p.Accept(TokenKind::kComma)) {
    item.key_var = item.value_var;
    if (!p.At(TokenKind::kIdent)) {
      p.ErrorExpected("a second iteration variable name");
      return false;
    }
    item.value_var = p.Next().text;
  }
  if (!p.AtKeyword("in")) {
    p.ErrorExpected("\"in\" after the iteration variables");
    return false;
  }
  p.Next();
  return (item.expr = p.ParseExpr()) != nullptr;
}

// One ${...} or %{...} sequence; the opening token is current.
bool ReadSequence(Parser& p, FlatItem& item) {
  const Token& open = p.Next();
  item.strip_left = open.strip_left;
  p.PushNewlines(false);
  bool interp = open.kind == TokenKind::kTemplateInterp;
  if (interp) {
    item.kind = FlatItem::kInterp;
    if (!(item.expr = p.ParseExpr())) return false;
  } else if (!ReadDirective(p, item)) {
    return false;
  }
  item.strip_right = p.At(TokenKind::kTemplateSeqEnd) && p.Peek().strip_right;
  if (!p.Expect(TokenKind::kTemplateSeqEnd,
                interp ? "'}' to end the interpolation" : "'}' to end the directive")) {
    return false;
  }
  p.PopNewlines();
  item.range = p.RangeOf(open.start, p.LastEnd());
  return true;
}

bool ReadItems(Parser& p, TokenKind end, std::vector<FlatItem>& items) {
  while (!p.At(end)) {
    const Token& token = p.Peek();
    FlatItem item;
    if (token.kind == TokenKind::kTemplateLiteral) {
      p.Next();
      item.text = token.text;
      item.line_start = token.line_start;
      item.range = p.RangeOf(token);
    } else if (token.kind == TokenKind::kTemplateInterp ||
               token.kind == TokenKind::kTemplateControl) {
      if (!ReadSequence(p, item)) return false;
    } else {
      // The lexer already reported the unterminated string or heredoc.
      if (token.kind != TokenKind::kNewline && token.kind != TokenKind::kEof) {
        p.ErrorExpected("template text");
      }
      return false;
    }
    items.push_back(std::move(item));
  }
  p.Next();
  return true;
}

// <<- heredocs: remove the smallest indentation of the non-blank lines. A
// tab counts as one character, as in hcl's spec suite ("\tFoo\n  Bar").
void StripIndent(std::vector<FlatItem>& items) {
  size_t indent = SIZE_MAX;
  for (size_t i = 0; i < items.size(); ++i) {
    const FlatItem& item = items[i];
    bool at_line_start = item.kind == FlatItem::kLiteral
                             ? item.line_start
                             : i == 0 || (items[i - 1].kind == FlatItem::kLiteral &&
                                          items[i - 1].text.ends_with('\n'));
    if (!at_line_start) continue;
    if (item.kind != FlatItem::kLiteral) {
      indent = 0;
      continue;
    }
    size_t spaces = item.text.find_first_not_of(" \t");
    bool blank = spaces == std::string::npos || item.text.substr(spaces) == "\n" ||
                 item.text.substr(spaces) == "\r\n";
    bool followed = spaces == std::string::npos && i + 1 < items.size() &&
                    items[i + 1].kind != FlatItem::kLiteral;
    if (!blank || followed)
      indent = std::min(indent, spaces == std::string::npos ? item.text.size() : spaces);
  }
  if (indent == SIZE_MAX || indent == 0) return;
  for (FlatItem& item : items) {
    if (item.kind != FlatItem::kLiteral || !item.line_start) continue;
    size_t spaces =
        std::min(indent, std::min(item.text.find_first_not_of(" \t"), item.text.size()));
    item.text.erase(0, spaces);
  }
}

// A heredoc's text is one literal per line, so stripping goes on through
// the literals next to the marker until it meets something that is not
// whitespace.
void ApplyStripMarkers(std::vector<FlatItem>& items) {
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].kind == FlatItem::kLiteral) continue;
    for (size_t j = i; items[i].strip_left && j-- > 0 && items[j].kind == FlatItem::kLiteral;) {
      std::string& text = items[j].text;
      while (!text.empty() && IsSpace(text.back())) text.pop_back();
      if (!text.empty()) break;
    }
    for (size_t j = i + 1;
         items[i].strip_right && j < items.size() && items[j].kind == FlatItem::kLiteral; ++j) {
      std::string& text = items[j].text;
      size_t first = 0;
      while (first < text.size() && IsSpace(text[first])) ++first;
      text.erase(0, first);
      if (!text.empty()) break;
    }
  }
}

class TreeBuilder {
 public:
  TreeBuilder(Parser& parser, std::vector<FlatItem>& items) : p_(parser), items_(items) {}

  /// Parts up to the end, or up to the directive closing `opener` ("if"/"for").
  bool Build(std::vector<TemplatePart>& parts, const FlatItem* opener) {
    while (pos_ < items_.size()) {
      FlatItem& item = items_[pos_];
      if (item.kind == FlatItem::kElse || item.kind == FlatItem::kEndIf ||
          item.kind == FlatItem::kEndFor) {
        bool expected = opener && (opener->kind == FlatItem::kIf ? item.kind != FlatItem::kEndFor
                                                                 : item.kind == FlatItem::kEndFor);
        if (expected) return true;
        p_.Error(item.range, fmt::format("unexpected %{{{}}}", item.text),
                 opener ? fmt::format("the %{{{}}} at {} is still open", opener->text,
                                      opener->range.ToString())
                        : "no %{if} or %{for} directive is open here");
        return false;
      }
      ++pos_;
      if (!Add(parts, item)) return false;
    }
    if (!opener) return true;
    p_.Error(opener->range, fmt::format("unclosed %{{{}}} directive", opener->text),
             fmt::format("add %{{end{}}}", opener->text));
    return false;
  }

 private:
  bool Add(std::vector<TemplatePart>& parts, FlatItem& item) {
    Parser::Nesting nesting(p_);
    if (!nesting.ok()) return false;
    TemplatePart part;
    part.range = item.range;
    part.expr = std::move(item.expr);
    if (item.kind == FlatItem::kLiteral) {
      if (item.text.empty()) return true;
      if (!parts.empty() && parts.back().kind == TemplatePart::kLiteral) {
        parts.back().text += item.text;
        parts.back().range = Cover(parts.back().range, item.range);
        return true;
      }
      part.text = std::move(item.text);
    } else if (item.kind == FlatItem::kInterp) {
      part.kind = TemplatePart::kInterpolation;
    } else if (item.kind == FlatItem::kIf) {
      part.kind = TemplatePart::kIf;
      if (!Build(part.body, &item)) return false;
      if (items_[pos_].kind == FlatItem::kElse) {
        part.has_else = true;
        ++pos_;
        if (!Build(part.else_body, &item)) return false;
        if (items_[pos_].kind != FlatItem::kEndIf) {
          p_.Error(items_[pos_].range, "unexpected %{else}", "an %{if} has at most one %{else}");
          return false;
        }
      }
      part.range = Cover(item.range, items_[pos_++].range);
    } else {
      part.kind = TemplatePart::kFor;
      part.key_var = item.key_var;
      part.value_var = item.value_var;
      if (!Build(part.body, &item)) return false;
      part.range = Cover(item.range, items_[pos_++].range);
    }
    parts.push_back(std::move(part));
    return true;
  }

  Parser& p_;
  std::vector<FlatItem>& items_;
  size_t pos_ = 0;
};

}  // namespace

ExprPtr Parser::ParseTemplateBody(TokenKind end, SourcePos start, bool heredoc, bool strip_indent) {
  std::vector<FlatItem> items;
  if (!ReadItems(*this, end, items)) return nullptr;
  if (strip_indent) StripIndent(items);
  ApplyStripMarkers(items);
  TemplateExpr tmpl;
  tmpl.heredoc = heredoc;
  if (!TreeBuilder(*this, items).Build(tmpl.parts, nullptr)) return nullptr;
  return MakeExpr(std::move(tmpl), RangeOf(start, LastEnd()));
}

ExprPtr Parser::ParseQuotedTemplate() {
  const Token& open = Next();
  return ParseTemplateBody(TokenKind::kCQuote, open.start, false, false);
}

ExprPtr Parser::ParseHeredoc() {
  const Token& open = Next();
  return ParseTemplateBody(TokenKind::kCHeredoc, open.start, true, open.strip_left);
}

ExprPtr Parser::ParseStandaloneTemplate() {
  SourcePos start = Peek().start;
  return ParseTemplateBody(TokenKind::kEof, start, false, false);
}

}  // namespace bakery::hcl::internal
