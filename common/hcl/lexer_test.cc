#include "common/hcl/lexer.h"

#include <fmt/format.h>
#include <gtest/gtest.h>

namespace bakery::hcl {
namespace {

// Compact rendering: kinds by name, with the text where it matters.
std::string Render(const LexResult& result) {
  std::string out;
  for (const Token& token : result.tokens) {
    if (!out.empty()) out += ' ';
    switch (token.kind) {
      case TokenKind::kIdent: out += "id:" + token.text; break;
      case TokenKind::kNumber: out += "num:" + token.text; break;
      case TokenKind::kNewline: out += "NL"; break;
      case TokenKind::kEof: out += "EOF"; break;
      case TokenKind::kTemplateLiteral: out += fmt::format("lit<{}>", token.text); break;
      case TokenKind::kOHeredoc:
        out += fmt::format("<<{}{}", token.strip_left ? "-" : "", token.text);
        break;
      case TokenKind::kCHeredoc: out += "END:" + token.text; break;
      case TokenKind::kOQuote: out += "OQ"; break;
      case TokenKind::kCQuote: out += "CQ"; break;
      case TokenKind::kTemplateInterp: out += token.strip_left ? "${~" : "${"; break;
      case TokenKind::kTemplateControl: out += token.strip_left ? "%{~" : "%{"; break;
      case TokenKind::kTemplateSeqEnd: out += token.strip_right ? "~}" : "}"; break;
      default: out += token.text;
    }
  }
  return out;
}

struct Case {
  const char* input;
  const char* tokens;
};

TEST(HclLexer, TokenStreams) {
  std::vector<Case> cases = {
      {"", "EOF"},
      {"a = 1\n", "id:a = num:1 NL EOF"},
      {"amazon-ebs _x x9-y", "id:amazon-ebs id:_x id:x9-y EOF"},
      {"1 12.5 1e10 2E+3 4.5e-6 7.x",
       "num:1 num:12.5 num:1e10 num:2E+3 num:4.5e-6 num:7 . id:x EOF"},
      {"1e", "num:1 id:e EOF"},
      {"== != <= >= && || ! ? : => ... .* [*]", "== != <= >= && || ! ? : => ... .* [*] EOF"},
      {"+ - * / % < > = , . ( ) [ ] { }", "+ - * / % < > = , . ( ) [ ] { } EOF"},
      {"a.*.b[*].c", "id:a .* . id:b [*] . id:c EOF"},
      {"[ * ]", "[ * ] EOF"},
      {"a # c\nb // c\nc /* x\ny */ d", "id:a NL id:b NL id:c id:d EOF"},
      {"# only", "EOF"},
      {"a\r\nb", "id:a NL id:b EOF"},
      {"\"a${b}c\"", "OQ lit<a> ${ id:b } lit<c> CQ EOF"},
      {"\"${~ b ~}\"", "OQ ${~ id:b ~} CQ EOF"},
      {"\"%{if x}y%{~ endif}\"", "OQ %{ id:if id:x } lit<y> %{~ id:endif } CQ EOF"},
      {"\"${ {a = 1} }\"", "OQ ${ { id:a = num:1 } } CQ EOF"},
      {"\"$${x} %%{y} $ %\"", "OQ lit<${x} %{y} $ %> CQ EOF"},
      {"\"\\n\\t\\\\\\\"\"", "OQ lit<\n\t\\\"> CQ EOF"},
      {"\"\\u0041\\U0001F600\"", "OQ lit<A\xF0\x9F\x98\x80> CQ EOF"},
      {"\"${\"in\"}\"", "OQ ${ OQ lit<in> CQ } CQ EOF"},
      {"<<EOF\na\n  b ${c}\nEOF\n", "<<EOF lit<a\n> lit<  b > ${ id:c } lit<\n> END:EOF NL EOF"},
      {"<<-EOT\n  x\n  EOT", "<<-EOT lit<  x\n> END:EOT EOF"},
      {"<<EOF\n\\n $${x}\nEOF", "<<EOF lit<\\n ${x}\n> END:EOF EOF"},
      {"x = <<EOF\nEOF\ny = 1", "id:x = <<EOF END:EOF NL id:y = num:1 EOF"},
  };
  for (const Case& c : cases) {
    LexResult result = Lex(c.input, "t.hcl");
    EXPECT_EQ(Render(result), c.tokens) << c.input;
    EXPECT_TRUE(result.diagnostics.empty()) << c.input << "\n" << FormatAll(result.diagnostics);
  }
}

TEST(HclLexer, PositionsCountCharactersAndSurviveComments) {
  LexResult result = Lex("/* \xC3\xA9\xC3\xA9 */ a\n# x\n\t\"\xE2\x82\xAC\" b", "t.hcl");
  ASSERT_TRUE(result.diagnostics.empty());
  const Token& a = result.tokens[0];
  EXPECT_EQ(a.text, "a");
  EXPECT_EQ(a.start, (SourcePos{1, 10, 11}));
  EXPECT_EQ(a.end, (SourcePos{1, 11, 12}));
  // The comment's newline is a token at the comment's end of line.
  EXPECT_EQ(result.tokens[2].kind, TokenKind::kNewline);
  EXPECT_EQ(result.tokens[2].start, (SourcePos{2, 4, 16}));
  const Token& literal = result.tokens[4];
  EXPECT_EQ(literal.kind, TokenKind::kTemplateLiteral);
  EXPECT_EQ(literal.start, (SourcePos{3, 3, 19}));
  EXPECT_EQ(literal.end, (SourcePos{3, 4, 22}));
  const Token& b = result.tokens[6];
  EXPECT_EQ(b.start, (SourcePos{3, 6, 24}));
}

TEST(HclLexer, StandaloneTemplateStartsAtOrigin) {
  LexResult result = LexTemplate("a \"${b}\"\n", "t.json", SourcePos{4, 7, 50});
  EXPECT_EQ(Render(result), "lit<a \"> ${ id:b } lit<\"\n> EOF");
  EXPECT_EQ(result.tokens[1].start, (SourcePos{4, 10, 53}));
  EXPECT_TRUE(result.diagnostics.empty());
}

struct ErrorCase {
  const char* input;
  const char* diagnostics;
};

TEST(HclLexer, ErrorsAreDiagnosticsWithPositions) {
  std::vector<ErrorCase> cases = {
      {"a = \"abc", "t.hcl:1:5: error: unterminated string; add the closing \" on the same line\n"},
      {"a = \"abc\nb",
       "t.hcl:1:5: error: unterminated string; a quoted string must end on its line; "
       "use \\n or a heredoc for multi-line text\n"},
      {"\"\\x\"",
       "t.hcl:1:2: error: invalid escape sequence \\x; valid escapes are \\n \\r \\t \\\" "
       "\\\\ \\uNNNN \\UNNNNNNNN, and $${ or %%{ for a literal ${ or %{\n"},
      {"\"\\u12g\"",
       "t.hcl:1:2: error: invalid escape sequence \\u: expected 4 hex digits; valid "
       "escapes are \\n \\r \\t \\\" \\\\ \\uNNNN \\UNNNNNNNN, and $${ or %%{ for a "
       "literal ${ or %{\n"},
      {"\"\\UFFFFFFFF\"",
       "t.hcl:1:2: error: invalid escape sequence \\U: U+FFFFFFFF is not a "
       "character; surrogates and values past U+10FFFF are not Unicode "
       "characters\n"},
      {"x = <<EOF\nabc\nEO\n",
       "t.hcl:1:5: error: unterminated heredoc; no line holds only the "
       "closing marker EOF\n"},
      {"x = <<EOF",
       "t.hcl:1:5: error: invalid heredoc introduction; write <<MARKER or "
       "<<-MARKER followed by a newline\n"},
      {"\"${a\"",
       "t.hcl:1:1: error: unterminated string; add the closing \" on the same line\n"
       "t.hcl:1:2: error: unterminated template sequence; add the closing }\n"
       "t.hcl:1:5: error: unterminated string; add the closing \" on the same line\n"},
      {"a /* b", "t.hcl:1:3: error: unterminated comment; a /* comment needs a closing */\n"},
      {"a = 'b'",
       "t.hcl:1:5: error: invalid character '''; strings use double quotes (\")\n"
       "t.hcl:1:7: error: invalid character '''; strings use double quotes (\")\n"},
      {"a \xFF b", "t.hcl:1:3: error: invalid UTF-8; the file must be UTF-8 encoded\n"},
      {"\"\xC0\xAF\"",
       "t.hcl:1:2: error: invalid UTF-8; the file must be UTF-8 encoded\n"
       "t.hcl:1:3: error: invalid UTF-8; the file must be UTF-8 encoded\n"},
      {"\xEF\xBB\xBF"
       "a",
       "t.hcl:1:1: error: byte order mark not permitted; save the file as "
       "UTF-8 without a BOM\n"},
      {"a ~ b", "t.hcl:1:3: error: invalid character '~'\n"},
      {"# caf\xE9\n/* \xFF */",
       "t.hcl:1:6: error: invalid UTF-8; the file must be UTF-8 encoded\n"
       "t.hcl:2:4: error: invalid UTF-8; the file must be UTF-8 encoded\n"},
  };
  for (const ErrorCase& c : cases) {
    LexResult result = Lex(c.input, "t.hcl");
    EXPECT_EQ(FormatAll(result.diagnostics), c.diagnostics) << c.input;
    EXPECT_EQ(result.tokens.back().kind, TokenKind::kEof);
  }
}

TEST(HclLexer, TokenKindNames) {
  EXPECT_EQ(TokenKindName(TokenKind::kFatArrow), "'=>'");
  EXPECT_EQ(TokenKindName(TokenKind::kNewline), "newline");
  EXPECT_EQ(TokenKindName(TokenKind::kEof), "end of file");
}

}  // namespace
}  // namespace bakery::hcl
