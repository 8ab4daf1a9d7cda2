// libFuzzer target for the HCL parsers (native syntax, standalone templates
// and JSON syntax). Built by the fuzz preset:
//   cmake --preset fuzz && cmake --build --preset fuzz --target parser_fuzz
//   build/fuzz/common/parser_fuzz -max_total_time=60 tests/fixtures/hcl/corpus
// Besides crashes and sanitizer reports it checks that every diagnostic
// lies inside the input. (Debian's clang 14 cannot compile libstdc++ 12's
// std::expected, which bakery_common uses; until the fuzz preset has a
// newer clang, the native-syntax part alone builds with
//   clang++ -std=c++2b -fsanitize=fuzzer,address,undefined -I. \
//     common/hcl/{source,ast,lexer,lexer_template,parser_*}.cc DRIVER -lfmt
// where DRIVER is this file without the ParseJson call.)

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "common/hcl/json_syntax.h"
#include "common/hcl/parser.h"

namespace {

void CheckDiagnostics(const std::vector<bakery::hcl::Diagnostic>& diagnostics, size_t size) {
  for (const bakery::hcl::Diagnostic& diagnostic : diagnostics) {
    const bakery::hcl::SourceRange& range = diagnostic.range;
    if (range.start.line < 1 || range.start.column < 1 || range.end.byte > size ||
        diagnostic.summary.empty()) {
      std::abort();
    }
    (void)diagnostic.Format();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  bakery::hcl::ParseResult native = bakery::hcl::Parse(text, "fuzz.pkr.hcl");
  CheckDiagnostics(native.diagnostics, size);
  (void)bakery::hcl::Dump(native.body);
  bakery::hcl::ExpressionResult tmpl = bakery::hcl::ParseTemplate(text, "fuzz.tpl");
  CheckDiagnostics(tmpl.diagnostics, size);
  if (tmpl.expr) (void)bakery::hcl::Dump(*tmpl.expr);
  bakery::hcl::ParseResult json = bakery::hcl::ParseJson(text, "fuzz.pkr.json");
  (void)bakery::hcl::Dump(json.body);
  return 0;
}
