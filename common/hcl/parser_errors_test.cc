// Parser errors: exact messages and positions, and recovery so one run
// reports several problems and keeps what parsed.

#include <gtest/gtest.h>

#include "common/hcl/parser.h"

namespace bakery::hcl {
namespace {

struct Case {
  const char* input;
  const char* diagnostics;
  const char* body;  // what survived recovery
};

void ExpectCases(const std::vector<Case>& cases) {
  for (const Case& c : cases) {
    ParseResult result = Parse(c.input, "p.pkr.hcl");
    EXPECT_EQ(FormatAll(result.diagnostics), c.diagnostics) << c.input;
    EXPECT_EQ(Dump(result.body), c.body) << c.input;
  }
}

TEST(HclParserErrors, Structure) {
  ExpectCases({
      {"}\na = 1\n", "p.pkr.hcl:1:1: error: unexpected '}'; no block is open here\n",
       "(body (attr a 1))"},
      {"b c\nd = 1\n",
       "p.pkr.hcl:1:4: error: expected '{' to open the \"b\" block, found newline\n",
       "(body (attr d 1))"},
      {"a\nb = 2\n",
       "p.pkr.hcl:1:2: error: expected '=' or a block after \"a\", found newline; write name = "
       "value for an attribute or type \"label\" { ... } for a block\n",
       "(body (attr b 2))"},
      {"= 1\nb = 2\n", "p.pkr.hcl:1:1: error: expected an attribute or block name, found '='\n",
       "(body (attr b 2))"},
      {"x {\n  a = 1\n", "p.pkr.hcl:1:1: error: unclosed \"x\" block; add the closing '}'\n",
       "(body)"},
      {"a = 1\na = 2\n",
       "p.pkr.hcl:2:1: error: duplicate attribute \"a\"; it is already defined at p.pkr.hcl:1:1\n",
       "(body (attr a 1))"},
      {"a = 1 b = 2\nc = 3\n",
       "p.pkr.hcl:1:7: error: expected a newline after the attribute value, found identifier "
       "\"b\"; put each attribute and block on its own line\n",
       "(body (attr a 1) (attr c 3))"},
      {"one { a = 1, b = 2 }\nc = 3\n",
       "p.pkr.hcl:1:12: error: expected '}' to close the one-line \"one\" block, found ','; a "
       "one-line block holds at most one attribute; put each on its own line\n",
       "(body (attr c 3))"},
      {"b {\n} c = 1\n",
       "p.pkr.hcl:2:3: error: expected a newline after the block, found identifier \"c\"; put "
       "each attribute and block on its own line\n",
       "(body (block b (body)))"},
      {"l \"a${b}\" {\n}\nc = 1\n",
       "p.pkr.hcl:1:5: error: block labels cannot contain template sequences; a label is a plain "
       "string; use $${ for a literal ${\n",
       "(body (attr c 1))"},
  });
}

TEST(HclParserErrors, OneLineBlocksOfTheSpecSuite) {
  // hcl's specsuite/tests/structure/blocks/single_oneline_invalid.hcl: every
  // block is an error; those that go on over lines are read as bodies.
  ExpectCases({
      {"a { b = \"foo\", c = \"bar\" }\n"
       "a { b = \"foo\"\n}\n"
       "a { b = \"foo\"\n  c = \"bar\" }\n"
       "a { b = \"foo\"\n  c = \"bar\"\n}\n"
       "a { d {} }\n"
       "z = 1\n",
       "p.pkr.hcl:1:14: error: expected '}' to close the one-line \"a\" block, found ','; a "
       "one-line block holds at most one attribute; put each on its own line\n"
       "p.pkr.hcl:2:14: error: expected '}' to close the one-line \"a\" block, found newline; a "
       "one-line block holds at most one attribute; put each on its own line\n"
       "p.pkr.hcl:4:14: error: expected '}' to close the one-line \"a\" block, found newline; a "
       "one-line block holds at most one attribute; put each on its own line\n"
       "p.pkr.hcl:5:13: error: expected a newline after the attribute value, found '}'; put each "
       "attribute and block on its own line\n"
       "p.pkr.hcl:6:14: error: expected '}' to close the one-line \"a\" block, found newline; a "
       "one-line block holds at most one attribute; put each on its own line\n"
       "p.pkr.hcl:9:5: error: expected '}' to close the one-line \"a\" block, found identifier "
       "\"d\"; a one-line block holds at most one attribute; put each on its own line\n",
       "(body (attr z 1) (block a (body (attr b \"foo\"))) (block a (body (attr b \"foo\") (attr c "
       "\"bar\"))) (block a (body (attr b \"foo\") (attr c \"bar\"))))"},
      {"a = \"a value\", b = \"b value\"\n",
       "p.pkr.hcl:1:14: error: expected a newline after the attribute value, found ','; put each "
       "attribute and block on its own line\n",
       "(body (attr a \"a value\"))"},
  });
}

TEST(HclParserErrors, Expressions) {
  ExpectCases({
      {"a = \nb = 1\n", "p.pkr.hcl:1:5: error: expected an expression, found newline\n",
       "(body (attr b 1))"},
      {"a = 1 +\nb = 2\n", "p.pkr.hcl:1:8: error: expected an expression, found newline\n",
       "(body (attr b 2))"},
      {"a = [1 2]\n", "p.pkr.hcl:1:8: error: expected ',' or ']', found number 2\n", "(body)"},
      {"a = f(1,\nb = 2\n", "p.pkr.hcl:2:3: error: expected ',' or ')', found '='\n", "(body)"},
      {"a = f(x..., y)\n",
       "p.pkr.hcl:1:11: error: expected ')' after the expanded final argument, found ','\n",
       "(body)"},
      {"a = (1\nb = 2\n",
       "p.pkr.hcl:2:1: error: expected ')' to close '(', found identifier "
       "\"b\"\n",
       "(body (attr b 2))"},
      {"a = x ? y\n",
       "p.pkr.hcl:1:10: error: expected ':' in the conditional expression, found "
       "newline\n",
       "(body)"},
      {"a = {a = 1 b = 2}\nc = 1\n",
       "p.pkr.hcl:1:12: error: expected ',', a newline or '}' after the object item, found "
       "identifier \"b\"\n",
       "(body (attr c 1))"},
      {"x = {\n  a = 1\n  b c\n}\ny = 2\n",
       "p.pkr.hcl:3:5: error: expected '=' or ':' after the object key, found identifier \"c\"\n",
       "(body (attr y 2))"},
      {"a = foo.0.1\n",
       "p.pkr.hcl:1:9: error: invalid legacy index .0.1; a legacy index is a "
       "whole number and cannot be chained as .0.0; use [0][0]\n",
       "(body)"},
      {"a = x.\n", "p.pkr.hcl:1:7: error: expected an attribute name after '.', found newline\n",
       "(body)"},
      {"a = x[1\n", "p.pkr.hcl:2:1: error: expected ']' to close the index, found end of file\n",
       "(body)"},
      {"a = [for x in y x]\n",
       "p.pkr.hcl:1:17: error: expected ':' after the for collection, found identifier \"x\"\n",
       "(body)"},
      {"a = [for x y : x]\n",
       "p.pkr.hcl:1:12: error: expected \"in\" after the iteration "
       "variables, found identifier \"y\"\n",
       "(body)"},
      {"a = {for k, v in m : k}\n",
       "p.pkr.hcl:1:23: error: expected '=>' after the key of an "
       "object for expression, found '}'\n",
       "(body)"},
      {"a = [for, x]\n",
       "p.pkr.hcl:1:9: error: expected an iteration variable name after "
       "\"for\", found ','\n",
       "(body)"},
      {"a = [for x in y : x if]\n",
       "p.pkr.hcl:1:23: error: expected an expression, found "
       "']'\n",
       "(body)"},
  });
}

TEST(HclParserErrors, Templates) {
  ExpectCases({
      {"a = \"%{if x}y\"\n", "p.pkr.hcl:1:6: error: unclosed %{if} directive; add %{endif}\n",
       "(body)"},
      {"a = \"%{endif}\"\n",
       "p.pkr.hcl:1:6: error: unexpected %{endif}; no %{if} or %{for} "
       "directive is open here\n",
       "(body)"},
      {"a = \"%{for x in y}%{endif}\"\n",
       "p.pkr.hcl:1:19: error: unexpected %{endif}; the %{for} at p.pkr.hcl:1:6 is still open\n",
       "(body)"},
      {"a = \"%{if x}%{else}%{else}%{endif}\"\n",
       "p.pkr.hcl:1:20: error: unexpected %{else}; an %{if} has at most one %{else}\n", "(body)"},
      {"a = \"%{bogus}\"\n",
       "p.pkr.hcl:1:8: error: expected a template directive (if, else, "
       "endif, for, endfor), found identifier \"bogus\"\n",
       "(body)"},
      {"a = \"${x y}\"\n",
       "p.pkr.hcl:1:10: error: expected '}' to end the interpolation, found "
       "identifier \"y\"\n",
       "(body)"},
      {"a = \"%{for in y}x%{endfor}\"\n",
       "p.pkr.hcl:1:15: error: expected \"in\" after the "
       "iteration variables, found identifier \"y\"\n",
       "(body)"},
      {"a = \"abc\nb = 2\n",
       "p.pkr.hcl:1:5: error: unterminated string; a quoted string must "
       "end on its line; use \\n or a heredoc for multi-line text\n",
       "(body (attr b 2))"},
      {"a = <<EOF\nno end\n",
       "p.pkr.hcl:1:5: error: unterminated heredoc; no line holds only "
       "the closing marker EOF\n",
       "(body)"},
  });
}

TEST(HclParserErrors, OneRunReportsEveryBrokenItemAndKeepsTheRest) {
  const char* input =
      "variable \"region\" {\n"
      "  default = \"us-east-1\n"
      "  type    = string\n"
      "}\n"
      "source \"amazon-ebs\" \"ubuntu\" {\n"
      "  ami_name      = \"x-${timestamp()\"\n"
      "  instance_type = \"t3.micro\"\n"
      "  tags = {\n"
      "    Name = \"web\"\n"
      "    Env  \"prod\"\n"
      "  }\n"
      "  region = var.region\n"
      "}\n"
      "build {\n"
      "  sources = [\"source.amazon-ebs.ubuntu\"]\n"
      "  provisioner \"shell\" {\n"
      "    inline = [\"echo \\q\"]\n"
      "  }\n"
      "  provisioner \"shell\" {\n"
      "    script = 1 +\n"
      "  }\n"
      "}\n";
  ParseResult result = Parse(input, "t.pkr.hcl");
  EXPECT_EQ(FormatAll(result.diagnostics),
            "t.pkr.hcl:2:13: error: unterminated string; a quoted string must end on its line; "
            "use \\n or a heredoc for multi-line text\n"
            "t.pkr.hcl:6:19: error: unterminated string; a quoted string must end on its line; "
            "use \\n or a heredoc for multi-line text\n"
            "t.pkr.hcl:6:22: error: unterminated template sequence; add the closing }\n"
            "t.pkr.hcl:6:35: error: unterminated string; a quoted string must end on its line; "
            "use \\n or a heredoc for multi-line text\n"
            "t.pkr.hcl:10:10: error: expected '=' or ':' after the object key, found opening "
            "quote\n"
            "t.pkr.hcl:17:21: error: invalid escape sequence \\q; valid escapes are \\n \\r \\t "
            "\\\" \\\\ \\uNNNN \\UNNNNNNNN, and $${ or %%{ for a literal ${ or %{\n"
            "t.pkr.hcl:20:17: error: expected an expression, found newline\n");
  EXPECT_EQ(Dump(result.body),
            "(body (block variable \"region\" (body (attr type string)))"
            " (block source \"amazon-ebs\" \"ubuntu\" (body (attr instance_type \"t3.micro\")"
            " (attr region (. var region))))"
            " (block build (body (attr sources (tuple \"source.amazon-ebs.ubuntu\"))"
            " (block provisioner \"shell\" (body (attr inline (tuple \"echo q\"))))"
            " (block provisioner \"shell\" (body)))))");
}

TEST(HclParserErrors, DeepNestingIsAnErrorNotACrash) {
  std::vector<std::string> inputs = {
      "a = " + std::string(5000, '(') + "1" + std::string(5000, ')') + "\n",
      "a = " + std::string(5000, '!') + "x\n",
      "a = " + std::string(5000, '[') + "\n",
      "a = \"" +
          [] {
            std::string s;
            for (int i = 0; i < 3000; ++i) s += "%{if x}";
            return s;
          }() +
          "\"\n",
  };
  std::string splats = "a = x";
  for (int i = 0; i < 3000; ++i) splats += "[*]";
  inputs.push_back(splats + "\n");
  std::string blocks;
  for (int i = 0; i < 3000; ++i) blocks += "b {\n";
  inputs.push_back(blocks);
  for (const std::string& input : inputs) {
    ParseResult result = Parse(input, "deep.hcl");
    EXPECT_TRUE(HasErrors(result.diagnostics)) << input.substr(0, 20);
  }
  ParseResult result =
      Parse("a = " + std::string(5000, '(') + "1" + std::string(5000, ')') + "\n", "deep.hcl");
  ASSERT_FALSE(result.diagnostics.empty());
  EXPECT_EQ(result.diagnostics[0].Format(),
            "deep.hcl:1:133: error: nesting too deep; expressions, templates and blocks nest at "
            "most 128 levels");
  ParseResult fine = Parse("a = " + std::string(100, '[') + std::string(100, ']') + "\n", "ok.hcl");
  EXPECT_EQ(FormatAll(fine.diagnostics), "");
}

}  // namespace
}  // namespace bakery::hcl
