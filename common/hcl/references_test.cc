#include "common/hcl/references.h"

#include <gtest/gtest.h>

#include "common/hcl/parser.h"

namespace bakery::hcl {
namespace {

std::string Refs(const char* input) {
  ExpressionResult result = ParseExpression(input, "t");
  if (!result.expr) return "ERROR " + FormatAll(result.diagnostics);
  std::string out;
  for (const Reference& reference : FindReferences(*result.expr)) {
    out += (out.empty() ? "" : " ") + reference.ToString();
  }
  return out;
}

TEST(HclReferences, TraversalsAndScopes) {
  std::vector<std::pair<const char*, const char*>> cases = {
      {"1 + 2", ""},
      {"true ? null : false", ""},
      {"var.region", "var.region"},
      {"var.a[0].b", "var.a.0.b"},
      {"var.a[\"k\"]", "var.a.k"},
      {"var.a.0", "var.a.0"},
      {"var.a[local.i].x", "var.a local.i"},
      {"var.a[\"${local.k}\"]", "var.a local.k"},
      {"f(var.x, local.y...)", "var.x local.y"},
      {"\"${var.name}-${upper(local.suffix)}\"", "var.name local.suffix"},
      {"[for v in var.list : v.id if v.ok && local.on]", "var.list local.on"},
      {"{for k, v in var.map : k => v... if k != local.skip}", "var.map local.skip"},
      {"[for v in var.list : [for w in v : w + var.n]]", "var.list var.n"},
      {"var.volumes[*].device", "var.volumes"},
      {"var.volumes.*.size[0]", "var.volumes"},
      {"{a = var.x, (local.k) = 1}", "var.x local.k"},
      {"(var.x).y", "var.x"},
      {"data.amazon-ami.base.id", "data.amazon-ami.base.id"},
      {"source.name", "source.name"},
      {"\"%{for s in var.list}${s}${var.sep}%{endfor}\"", "var.list var.sep"},
      {"\"%{if var.on}${local.a}%{else}${local.b}%{endif}\"", "var.on local.a local.b"},
  };
  for (const auto& [input, refs] : cases) EXPECT_EQ(Refs(input), refs) << input;
}

TEST(HclReferences, StaticTraversalAndRanges) {
  ExpressionResult result = ParseExpression("x + local.list[1]", "t");
  ASSERT_TRUE(result.expr);
  std::vector<Reference> refs = FindReferences(*result.expr);
  ASSERT_EQ(refs.size(), 2u);
  EXPECT_EQ(refs[1].parts, (std::vector<std::string>{"local", "list", "1"}));
  EXPECT_EQ(refs[1].range.start.column, 5);
  EXPECT_EQ(refs[1].range.end.column, 18);
  ExpressionResult call = ParseExpression("f(x)", "t");
  EXPECT_FALSE(StaticTraversal(*call.expr).has_value());
}

TEST(HclReferences, WholeBodies) {
  ParseResult result = Parse(
      "source \"a\" \"b\" {\n  region = var.region\n  tags = { Name = local.name }\n"
      "  nested {\n    x = data.y.z.id\n  }\n}\n",
      "t.pkr.hcl");
  std::string out;
  for (const Reference& reference : FindReferences(result.body)) out += reference.ToString() + ";";
  EXPECT_EQ(out, "var.region;local.name;data.y.z.id;");
}

}  // namespace
}  // namespace bakery::hcl
