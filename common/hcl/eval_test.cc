#include "common/hcl/eval.h"

#include <gtest/gtest.h>

#include "common/hcl/parser.h"

namespace bakery::hcl {
namespace {

Scope TestScope() {
  Scope scope;
  scope.variables = {
      {"region", Value::String("eu-west-1")},
      {"version", Value::String("1.4.2")},
      {"count", Value::Number(3)},
      {"regions", Value::Tuple({Value::String("us-east-1"), Value::String("eu-west-1")})},
      {"tags", Value::Object({{"Team", Value::String("platform")}})},
      {"unset", Value::Unknown("var.unset has no value")}};
  scope.locals = {{"name", Value::String("web")}};
  scope.path_root = "/repo/packer";
  scope.path_cwd = "/repo";
  return scope;
}

std::string Eval(const std::string& text) {
  ExpressionResult parsed = ParseExpression(text, "t.hcl");
  if (!parsed.diagnostics.empty() || !parsed.expr)
    return "PARSE ERROR " + FormatAll(parsed.diagnostics);
  return Evaluate(*parsed.expr, TestScope()).Dump();
}

struct Case {
  const char* input;
  const char* value;
};

void ExpectValues(const std::vector<Case>& cases) {
  for (const Case& c : cases) EXPECT_EQ(Eval(c.input), c.value) << c.input;
}

TEST(HclEval, LiteralsAndCollections) {
  ExpectValues({
      {"1", "1"},
      {"1.5", "1.5"},
      {"true", "true"},
      {"null", "null"},
      {R"("a\tb")", "\"a\tb\""},
      {R"(["a", 1, false])", R"(["a", 1, false])"},
      {R"({b = 1, a = "x"})", R"({a = "x", b = 1})"},
      {R"({"${local.name}-key" = 1})", "{web-key = 1}"},
  });
}

TEST(HclEval, Scope) {
  ExpectValues({
      {"var.region", "\"eu-west-1\""},
      {"var.regions[1]", "\"eu-west-1\""},
      {"var.regions.0", "\"us-east-1\""},
      {"var.tags.Team", "\"platform\""},
      {R"(var.tags["Team"])", "\"platform\""},
      {"local.name", "\"web\""},
      {"path.root", "\"/repo/packer\""},
      {"path.cwd", "\"/repo\""},
      {"var.unset", "(unknown: var.unset has no value)"},
      {"var.nope", "(unknown: var.nope is not declared)"},
      {"local.nope", "(unknown: local.nope is not declared)"},
      {"source.name", "(unknown: source.* is known only at build time)"},
      {"build.ID", "(unknown: build.* is known only at build time)"},
      {"var.regions[5]", "(unknown: index 5 is out of range)"},
  });
}

TEST(HclEval, Templates) {
  ExpectValues({
      {R"("web-${var.version}")", "\"web-1.4.2\""},
      {R"("${var.count}")", "3"},
      {R"("n=${var.count} ok=${true}")", "\"n=3 ok=true\""},
      {R"("${path.root}/files/a.conf")", "\"/repo/packer/files/a.conf\""},
      {R"("%{if var.count > 2}big%{else}small%{endif}")", "\"big\""},
      {R"("%{for r in var.regions}${r};%{endfor}")", "\"us-east-1;eu-west-1;\""},
      {R"("%{for i, r in var.regions}${i}=${r} %{endfor}")", "\"0=us-east-1 1=eu-west-1 \""},
      {R"("x-${timestamp()}")", "(unknown: timestamp() is known only at build time)"},
      {R"("a-${var.unset}-b")", "(unknown: var.unset has no value)"},
      {R"("${var.tags}")", R"({Team = "platform"})"},
      {R"("x${var.tags}")", "(unknown: cannot interpolate {Team = \"platform\"})"},
  });
}

TEST(HclEval, Operators) {
  ExpectValues({
      {"1 + 2 * 3", "7"},
      {"(1 + 2) * 3", "9"},
      {"7 % 4", "3"},
      {"10 / 4", "2.5"},
      {"1 / 0", "(unknown: division by zero)"},
      {"-var.count", "-3"},
      {"!true", "false"},
      {R"("2" + 1)", "3"},
      {R"("a" + 1)", "(unknown: '+' needs number operands)"},
      {"var.count >= 3 && var.region == \"eu-west-1\"", "true"},
      {"1 == \"1\"", "false"},
      {"false && var.unset", "false"},
      {"true || var.unset", "true"},
      {"true && var.unset", "(unknown: var.unset has no value)"},
      {"var.count > 1 ? \"many\" : \"one\"", "\"many\""},
      {"var.unset ? 1 : 2", "(unknown: var.unset has no value)"},
  });
}

TEST(HclEval, ForAndSplat) {
  ExpectValues({
      {"[for r in var.regions : upper(r)]", R"(["US-EAST-1", "EU-WEST-1"])"},
      {"[for i, r in var.regions : i if r != \"us-east-1\"]", "[1]"},
      {"{for r in var.regions : r => length(r)}", "{eu-west-1 = 9, us-east-1 = 9}"},
      {"{for r in var.regions : \"all\" => r...}", R"({all = ["us-east-1", "eu-west-1"]})"},
      {"{for k, v in var.tags : lower(k) => v}", R"({team = "platform"})"},
      {"[{a = 1}, {a = 2}][*].a", "[1, 2]"},
      {"[{a = 1}, {a = 2}].*.a", "[1, 2]"},
      {"[for r in var.unset : r]", "(unknown: var.unset has no value)"},
  });
}

TEST(HclEval, Functions) {
  ExpectValues({
      {R"(concat(["a"], ["b", "c"]))", R"(["a", "b", "c"])"},
      {R"(format("%s-%d-%v %%", "a", 2, true))", "\"a-2-true %\""},
      {R"(format("%05d", 2))",
       "(unknown: format(): only the verbs %s, %d, %v, %q and %% are evaluated by bakery)"},
      {R"(join(",", var.regions))", "\"us-east-1,eu-west-1\""},
      {R"(lower("AbC"))", "\"abc\""},
      {R"(upper("AbC"))", "\"ABC\""},
      {R"(replace("a.b.c", ".", "-"))", "\"a-b-c\""},
      {R"(replace("a1", "/[0-9]/", "x"))",
       "(unknown: replace(): regular expressions are not evaluated by bakery)"},
      {R"(merge(var.tags, {Name = "x"}, null))", R"({Name = "x", Team = "platform"})"},
      {R"(lookup(var.tags, "Team", "none"))", "\"platform\""},
      {R"(lookup(var.tags, "Owner", "none"))", "\"none\""},
      {R"(coalesce("", null, "x"))", "\"x\""},
      {R"(coalesce(var.unset, "x"))", "(unknown: var.unset has no value)"},
      {R"(split(",", "a,b,,c"))", R"(["a", "b", "", "c"])"},
      {R"(trimspace("  a b \n"))", "\"a b\""},
      {"timestamp()", "(unknown: timestamp() is known only at build time)"},
      {R"(formatdate("YYYY", timestamp()))", "(unknown: timestamp() is known only at build time)"},
      {R"(formatdate("YYYY", "2024-01-01T00:00:00Z"))",
       "(unknown: formatdate() of a build-time date is known only at build time)"},
      {R"(concat([["a"], ["b"]]...))", R"(["a", "b"])"},
      {R"(join("-", ["a", "b"]...))", "(unknown: join(): needs lists)"},
      {R"(format("%s/%s", ["a", "b"]...))", "\"a/b\""},
      {R"(upper(var.unset))", "(unknown: var.unset has no value)"},
      {R"(regex("a", "b"))", "(unknown: regex() is not evaluated by bakery)"},
      {R"(lower(1, 2))", "(unknown: lower(): wrong number of arguments)"},
  });
}

TEST(HclEval, WhollyKnown) {
  EXPECT_TRUE(Value::Tuple({Value::String("a")}).IsWhollyKnown());
  EXPECT_FALSE(Value::Tuple({Value::Unknown("x")}).IsWhollyKnown());
  EXPECT_FALSE(Value::Object({{"a", Value::Unknown("x")}}).IsWhollyKnown());
}

}  // namespace
}  // namespace bakery::hcl
