// libFuzzer driver for the HCL native syntax, templates and the evaluator,
// built by scripts/fuzz with Debian's clang 14. It exists beside
// common/hcl/parser_fuzz.cc because clang 14 cannot compile libstdc++ 12's
// std::expected, which the JSON syntax (via common/base/error.h) and the
// rest of bakery_common use; everything here is free of it. Checks: no
// crash or sanitizer report, every diagnostic inside the input, and the
// evaluator terminates on whatever parsed.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/hcl/eval.h"
#include "common/hcl/parser.h"

namespace {

using namespace bakery::hcl;

void CheckDiagnostics(const std::vector<Diagnostic>& diagnostics, size_t size) {
  for (const Diagnostic& diagnostic : diagnostics) {
    if (diagnostic.range.start.line < 1 || diagnostic.range.start.column < 1 ||
        diagnostic.range.end.byte > size || diagnostic.summary.empty())
      std::abort();
    (void)diagnostic.Format();
  }
}

void EvaluateBody(const Body& body, const Scope& scope) {
  for (const Attribute& attribute : body.attributes) (void)Evaluate(*attribute.expr, scope).Dump();
  for (const Block& block : body.blocks) EvaluateBody(block.body, scope);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  Scope scope;
  scope.variables = {{"region", Value::String("eu-west-1")},
                     {"list", Value::Tuple({Value::Number(1), Value::String("a")})}};
  scope.locals = {{"name", Value::String("web")}};
  ParseResult native = Parse(text, "fuzz.pkr.hcl");
  CheckDiagnostics(native.diagnostics, size);
  (void)Dump(native.body);
  EvaluateBody(native.body, scope);
  ExpressionResult tmpl = ParseTemplate(text, "fuzz.tpl");
  CheckDiagnostics(tmpl.diagnostics, size);
  if (tmpl.expr) (void)Evaluate(*tmpl.expr, scope).Dump();
  ExpressionResult expr = ParseExpression(text, "fuzz.expr");
  CheckDiagnostics(expr.diagnostics, size);
  if (expr.expr) (void)Evaluate(*expr.expr, scope).Dump();
  return 0;
}
