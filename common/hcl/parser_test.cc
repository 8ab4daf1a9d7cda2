#include "common/hcl/parser.h"

#include <gtest/gtest.h>

namespace bakery::hcl {

void PrintTo(const SourcePos& pos, std::ostream* out) {
  *out << pos.line << ":" << pos.column << "@" << pos.byte;
}
void PrintTo(const SourceRange& range, std::ostream* out) {
  *out << range.path << ":";
  PrintTo(range.start, out);
  *out << "-";
  PrintTo(range.end, out);
}

namespace {

struct Case {
  const char* input;
  const char* dump;
};

std::string DumpExpression(const char* input) {
  ExpressionResult result = ParseExpression(input, "t.hcl");
  if (!result.diagnostics.empty()) return "ERROR " + FormatAll(result.diagnostics);
  if (!result.expr) return "NULL";
  return Dump(*result.expr);
}

void ExpectDumps(const std::vector<Case>& cases) {
  for (const Case& c : cases) EXPECT_EQ(DumpExpression(c.input), c.dump) << c.input;
}

TEST(HclParserExpr, Literals) {
  ExpectDumps({
      {"1", "1"},
      {"1.5", "1.5"},
      {"1e3", "1e3"},
      {"2.5E-2", "2.5E-2"},
      {"true", "true"},
      {"false", "false"},
      {"null", "null"},
      {"\"hi\"", "\"hi\""},
      {"\"\"", "\"\""},
  });
}

TEST(HclParserExpr, OperatorsFollowPrecedence) {
  ExpectDumps({
      {"1 + 2 * 3", "(+ 1 (* 2 3))"},
      {"1 * 2 + 3", "(+ (* 1 2) 3)"},
      {"a / b * c", "(* (/ a b) c)"},
      {"a - b - c", "(- (- a b) c)"},
      {"a % 2 == 0", "(== (% a 2) 0)"},
      {"a < b == c >= d", "(== (< a b) (>= c d))"},
      {"a == b && c != d", "(&& (== a b) (!= c d))"},
      {"a || b && c", "(|| a (&& b c))"},
      {"a && b || c", "(|| (&& a b) c)"},
      {"a <= b", "(<= a b)"},
      {"a > b", "(> a b)"},
      {"-a * b", "(* (- a) b)"},
      {"!a && b", "(&& (! a) b)"},
      {"!!a", "(! (! a))"},
      {"-1", "(- 1)"},
      {"-a.b", "(- (. a b))"},
      {"(1 + 2) * 3", "(* (paren (+ 1 2)) 3)"},
  });
}

TEST(HclParserExpr, Conditional) {
  ExpectDumps({
      {"a ? b : c", "(? a b c)"},
      {"a == 1 ? \"x\" : \"y\"", "(? (== a 1) \"x\" \"y\")"},
      {"a ? b ? c : d : e", "(? a (? b c d) e)"},
      {"a ? b : c ? d : e", "(? a b (? c d e))"},
      {"length(xs) > 0 ? xs[0] : null", "(? (> (call length xs) 0) ([] xs 0) null)"},
  });
}

TEST(HclParserExpr, Traversals) {
  ExpectDumps({
      {"var.region", "(. var region)"},
      {"a.b.c", "(. (. a b) c)"},
      {"a[0]", "([] a 0)"},
      {"a[\"k\"].b", "(. ([] a \"k\") b)"},
      {"a[i + 1]", "([] a (+ i 1))"},
      {"a.0", "(.idx a 0)"},
      {"a.0.b", "(. (.idx a 0) b)"},
      {"a.b-c", "(. a b-c)"},
      {"source.amazon-ebs.ubuntu", "(. (. source amazon-ebs) ubuntu)"},
  });
}

TEST(HclParserExpr, Splats) {
  ExpectDumps({
      {"a.*", "(.* a *)"},
      {"a.*.id", "(.* a (. * id))"},
      {"a.*.b.c", "(.* a (. (. * b) c))"},
      {"a.*.b[0]", "([] (.* a (. * b)) 0)"},
      {"a[*]", "([*] a *)"},
      {"a[*].id", "([*] a (. * id))"},
      {"a[*].b[0].c", "([*] a (. ([] (. * b) 0) c))"},
      {"a[ * ].b", "([*] a (. * b))"},
      {"a . * . b", "(.* a (. * b))"},
      {"data.x.ids[*]", "([*] (. (. data x) ids) *)"},
  });
}

TEST(HclParserExpr, FunctionCalls) {
  ExpectDumps({
      {"f()", "(call f)"},
      {"f(1)", "(call f 1)"},
      {"f(1, 2,)", "(call f 1 2)"},
      {"f(a, b...)", "(call f a b...)"},
      {"concat(xs...)", "(call concat xs...)"},
      {"f(\n  1,\n  2\n)", "(call f 1 2)"},
      {"lower(format(\"%s-%s\", a, b))", "(call lower (call format \"%s-%s\" a b))"},
      {"f(x)[0].y", "(. ([] (call f x) 0) y)"},
  });
}

TEST(HclParserExpr, Collections) {
  ExpectDumps({
      {"[]", "(tuple)"},
      {"[1, 2, 3]", "(tuple 1 2 3)"},
      {"[1, 2,]", "(tuple 1 2)"},
      {"[\n  1,\n  2\n]", "(tuple 1 2)"},
      {"{}", "(object)"},
      {"{a = 1}", "(object (= a 1))"},
      {"{a = 1, b = 2}", "(object (= a 1) (= b 2))"},
      {"{\n  a = 1\n  b = 2\n}", "(object (= a 1) (= b 2))"},
      {"{\n  a = 1,\n  b = 2,\n}", "(object (= a 1) (= b 2))"},
      {"{a: 1, \"b\": 2}", "(object (: a 1) (: \"b\" 2))"},
      {"{(k) = v}", "(object (= (paren k) v))"},
      {"{\"for\" = 1}", "(object (= \"for\" 1))"},
      {"{\"${p}-x\" = 1}", "(object (= (tpl (${} p) \"-x\") 1))"},
      {"{a = {b = [1]}}", "(object (= a (object (= b (tuple 1)))))"},
      {"[(for), x]", "(tuple (paren for) x)"},
  });
}

TEST(HclParserExpr, ForExpressions) {
  ExpectDumps({
      {"[for v in xs : v]", "(for-tuple v in xs : v)"},
      {"[for i, v in xs : i]", "(for-tuple i v in xs : i)"},
      {"[for v in xs : upper(v) if v != \"\"]",
       "(for-tuple v in xs : (call upper v) if (!= v \"\"))"},
      {"{for k, v in m : k => v}", "(for-object k v in m : k => v)"},
      {"{for i, v in xs : v => i...}", "(for-object i v in xs : v => i...)"},
      {"{for k, v in m : upper(k) => v... if v > 0}",
       "(for-object k v in m : (call upper k) => v... if (> v 0))"},
      {"[\n  for s in var.subnets :\n  s.id\n]", "(for-tuple s in (. var subnets) : (. s id))"},
      {"{\n  for k, v in m :\n  k => v\n}", "(for-object k v in m : k => v)"},
      {"[for v in xs : v ? 1 : 2]", "(for-tuple v in xs : (? v 1 2))"},
  });
}

TEST(HclParserExpr, Templates) {
  ExpectDumps({
      {"\"a${b}c\"", "(tpl \"a\" (${} b) \"c\")"},
      {"\"${b}\"", "(tpl (${} b))"},
      {"\"${a}${b}\"", "(tpl (${} a) (${} b))"},
      {"\"x-${var.env}-${formatdate(\"YYYY\", timestamp())}\"",
       "(tpl \"x-\" (${} (. var env)) \"-\" (${} (call formatdate \"YYYY\" (call timestamp))))"},
      {"\"$${a} %%{b}\"", "\"${a} %{b}\""},
      {"\"$$ %% $x\"", "\"$$ %% $x\""},
      {"\"\\n\\r\\t\\\"\\\\\"", "\"\\n\\r\\t\\\"\\\\\""},
      {"\"\\u00e9\\U0001F600\"", "\"\xC3\xA9\xF0\x9F\x98\x80\""},
      {"\"${ {a = 1}.a }\"", "(tpl (${} (. (object (= a 1)) a)))"},
      {"\"${\n  a +\n  b\n}\"", "(tpl (${} (+ a b)))"},
      {"\"a ${~ b ~} c\"", "(tpl \"a\" (${} b) \"c\")"},
      {"\"%{if a}x%{endif}\"", "(tpl (if a (\"x\")))"},
      {"\"%{if a}x%{else}y%{endif}\"", "(tpl (if a (\"x\") else (\"y\")))"},
      {"\"%{ if a ~} x %{~ endif }\"", "(tpl (if a (\"x\")))"},
      {"\"%{for v in xs}${v},%{endfor}\"", "(tpl (for v in xs ((${} v) \",\")))"},
      {"\"%{for k, v in m}${k}=${v} %{endfor}\"",
       "(tpl (for k v in m ((${} k) \"=\" (${} v) \" \")))"},
      {"\"%{if a}%{for v in xs}${v}%{endfor}%{else}none%{endif}\"",
       "(tpl (if a ((for v in xs ((${} v)))) else (\"none\")))"},
      {"\"${\"inner ${x}\"}\"", "(tpl (${} (tpl \"inner \" (${} x))))"},
  });
}

TEST(HclParserExpr, Heredocs) {
  ExpectDumps({
      {"<<EOF\nhello\n  world\nEOF\n", "(heredoc \"hello\\n  world\\n\")"},
      {"<<EOT\nEOT", "(heredoc)"},
      {"<<-EOF\n    a\n      b\n    EOF\n", "(heredoc \"a\\n  b\\n\")"},
      {"<<-EOF\n    a\n\n    b\n  EOF\n", "(heredoc \"a\\n\\nb\\n\")"},
      {"<<-EOF\n  x ${v}\n  ${w} y\n  EOF\n", "(heredoc \"x \" (${} v) \"\\n\" (${} w) \" y\\n\")"},
      {"<<-EOF\n    a\n  ${v}\n  EOF\n", "(heredoc \"  a\\n\" (${} v) \"\\n\")"},
      {"<<-EOF\n    a\n${v}\n  EOF\n", "(heredoc \"    a\\n\" (${} v) \"\\n\")"},
      {"<<EOF\n#!/bin/bash\necho \"${var.x}\" \\n $${HOME}\nEOF\n",
       "(heredoc \"#!/bin/bash\\necho \\\"\" (${} (. var x)) \"\\\" \\\\n ${HOME}\\n\")"},
      {"<<EOF\n%{ for s in xs ~}\nrun ${s}\n%{ endfor ~}\nEOF\n",
       "(heredoc (for s in xs (\"run \" (${} s) \"\\n\")))"},
      {"<<EOF\r\nwin\r\nEOF\r\n", "(heredoc \"win\\r\\n\")"},
      {"<<EOF\nEOFX\nEOF\n", "(heredoc \"EOFX\\n\")"},
      {"<<EOF\nhello\n  ${~ x}\nEOF\n", "(heredoc \"hello\" (${} x) \"\\n\")"},
      {"<<EOF\n${x ~}\n\n  y\nEOF\n", "(heredoc (${} x) \"y\\n\")"},
      // Cases of hcl's spec suite (specsuite/tests/expressions/heredoc.hcl).
      {"<<EOT\n    NOT EOT\n  EOT\n", "(heredoc \"    NOT EOT\\n\")"},
      {"<<EOT\n    Foo\n\n    Bar\n  EOT\n", "(heredoc \"    Foo\\n\\n    Bar\\n\")"},
      {"<<-EOT\n    Foo\n  Bar\n    Baz\n  EOT\n", "(heredoc \"  Foo\\nBar\\n  Baz\\n\")"},
      {"<<-EOT\n\tFoo\n  Bar\n  Baz\n  EOT\n", "(heredoc \"Foo\\n Bar\\n Baz\\n\")"},
      {"<<-EOT\n    Foo\n      ${bar}\n    Baz\n  EOT\n",
       "(heredoc \"Foo\\n  \" (${} bar) \"\\nBaz\\n\")"},
      {"<<-EOT\nFoo\n\nBar\nEOT\n", "(heredoc \"Foo\\n\\nBar\\n\")"},
  });
}

TEST(HclParserExpr, CommentsAreSkipped) {
  ExpectDumps({
      {"1 /* one */ + /* two */ 2", "(+ 1 2)"},
      {"[\n  1, # first\n  2, // second\n]", "(tuple 1 2)"},
      {"f(/* x */)", "(call f)"},
  });
}

TEST(HclParserExpr, RangesCoverTheNodes) {
  ExpressionResult result = ParseExpression("a.b + f(1)[0]", "t.hcl");
  ASSERT_TRUE(result.expr);
  const auto* binary = result.expr->As<BinaryExpr>();
  ASSERT_TRUE(binary);
  EXPECT_EQ(result.expr->range.start.column, 1);
  EXPECT_EQ(result.expr->range.end.column, 14);
  EXPECT_EQ(binary->lhs->range.end.column, 4);
  EXPECT_EQ(binary->rhs->range.start.column, 7);
  EXPECT_EQ(binary->rhs->range.end.byte, 13u);
  const auto* index = binary->rhs->As<IndexExpr>();
  ASSERT_TRUE(index);
  EXPECT_EQ(index->key->range.start.column, 12);
}

TEST(HclParserTemplate, StandaloneTemplatesKeepNewlinesAndQuotes) {
  ExpressionResult result =
      ParseTemplate("say \"${x}\"\n%{if y}!%{endif}", "t.json", SourcePos{3, 10, 40});
  ASSERT_TRUE(result.expr) << FormatAll(result.diagnostics);
  EXPECT_EQ(Dump(*result.expr), "(tpl \"say \\\"\" (${} x) \"\\\"\\n\" (if y (\"!\")))");
  EXPECT_EQ(result.expr->range.start, (SourcePos{3, 10, 40}));
  const auto* tmpl = result.expr->As<TemplateExpr>();
  EXPECT_EQ(tmpl->parts[1].expr->range.start, (SourcePos{3, 17, 47}));
}

TEST(HclParserExpr, NumberValues) {
  std::vector<std::pair<const char*, double>> cases = {
      {"0", 0}, {"42", 42}, {"1.25", 1.25}, {"1e3", 1000}, {"2.5E-2", 0.025}, {"6E+2", 600}};
  for (const auto& [text, value] : cases) {
    ExpressionResult result = ParseExpression(text, "t");
    ASSERT_TRUE(result.expr) << text;
    EXPECT_EQ(result.expr->As<LiteralExpr>()->number, value) << text;
  }
  ExpressionResult legacy = ParseExpression("a.3", "t");
  EXPECT_EQ(legacy.expr->As<IndexExpr>()->key->As<LiteralExpr>()->number, 3);
}

TEST(HclParserTemplate, UnwrappingAndLiteralHelpers) {
  ExpressionResult single = ParseExpression("\"${a}\"", "t");
  EXPECT_TRUE(single.expr->As<TemplateExpr>()->IsUnwrappable());
  ExpressionResult two = ParseExpression("\"${a} \"", "t");
  EXPECT_FALSE(two.expr->As<TemplateExpr>()->IsUnwrappable());
  ExpressionResult literal = ParseExpression("\"a$${b}\"", "t");
  EXPECT_TRUE(literal.expr->As<TemplateExpr>()->IsLiteral());
  EXPECT_EQ(literal.expr->As<TemplateExpr>()->LiteralText(), "a${b}");
}

std::string DumpFile(const char* input) {
  ParseResult result = Parse(input, "t.pkr.hcl");
  if (!result.diagnostics.empty()) return "ERROR " + FormatAll(result.diagnostics);
  return Dump(result.body);
}

TEST(HclParserBody, Structure) {
  std::vector<Case> cases = {
      {"", "(body)"},
      {"\n\n# only a comment\n", "(body)"},
      {"a = 1", "(body (attr a 1))"},
      {"a = 1\nb = \"x\"\n", "(body (attr a 1) (attr b \"x\"))"},
      {"block {\n}\n", "(body (block block (body)))"},
      {"source \"amazon-ebs\" \"ubuntu\" {\n  region = \"us-east-1\"\n}\n",
       "(body (block source \"amazon-ebs\" \"ubuntu\" (body (attr region \"us-east-1\"))))"},
      {"a b \"c\" {\n}\n", "(body (block a b \"c\" (body)))"},
      {"one {}\n", "(body (block one (body)))"},
      {"one { x = 1 }\n", "(body (block one (body (attr x 1))))"},
      {"one \"l\" { x = [1, 2] }", "(body (block one \"l\" (body (attr x (tuple 1 2)))))"},
      {"outer {\n  inner {\n    x = 1\n  }\n  y = 2\n}\n",
       "(body (block outer (body (attr y 2) (block inner (body (attr x 1))))))"},
      {"x = {\n  a = 1\n}\ny = 2\n", "(body (attr x (object (= a 1))) (attr y 2))"},
      {"x = <<EOF\nhi\nEOF\ny = 2\n", "(body (attr x (heredoc \"hi\\n\")) (attr y 2))"},
      {"a = 1 # trailing\nb = 2 // trailing\n/* block\ncomment */ c = 3\n",
       "(body (attr a 1) (attr b 2) (attr c 3))"},
      {"a = 1\r\nb {\r\n  c = 2\r\n}\r\n", "(body (attr a 1) (block b (body (attr c 2))))"},
      {"\xC3\xA9t\xC3\xA9 = 1\n", "(body (attr \xC3\xA9t\xC3\xA9 1))"},
      {"provisioner \"shell\" {\n  inline = [\n    \"echo a\",\n    \"echo b\",\n  ]\n}\n",
       "(body (block provisioner \"shell\" (body (attr inline (tuple \"echo a\" \"echo b\")))))"},
  };
  for (const Case& c : cases) EXPECT_EQ(DumpFile(c.input), c.dump) << c.input;
}

TEST(HclParserBody, RangesAndFlags) {
  ParseResult result =
      Parse("x = 1\nsrc \"a\" b {\n  y = \"\xC3\xA9\" + z\n}\none { k = v }\n", "f.hcl");
  ASSERT_TRUE(result.diagnostics.empty()) << FormatAll(result.diagnostics);
  const Attribute& x = result.body.attributes[0];
  EXPECT_EQ(x.range, (SourceRange{"f.hcl", {1, 1, 0}, {1, 6, 5}}));
  EXPECT_EQ(x.name_range, (SourceRange{"f.hcl", {1, 1, 0}, {1, 2, 1}}));
  const Block& src = result.body.blocks[0];
  EXPECT_EQ(src.range, (SourceRange{"f.hcl", {2, 1, 6}, {4, 2, 34}}));
  EXPECT_EQ(src.labels[0].range, (SourceRange{"f.hcl", {2, 5, 10}, {2, 8, 13}}));
  EXPECT_TRUE(src.labels[0].quoted);
  EXPECT_FALSE(src.labels[1].quoted);
  EXPECT_FALSE(src.one_line);
  const Attribute& y = src.body.attributes[0];
  // Columns count characters: the two-byte "é" is one column.
  const auto* sum = y.expr->As<BinaryExpr>();
  ASSERT_TRUE(sum);
  EXPECT_EQ(sum->rhs->range.start, (SourcePos{3, 13, 31}));
  EXPECT_EQ(y.expr->range.ToString(), "f.hcl:3:7");
  EXPECT_TRUE(result.body.blocks[1].one_line);
  EXPECT_EQ(result.body.blocks[1].body.attributes[0].name, "k");
}

}  // namespace
}  // namespace bakery::hcl
