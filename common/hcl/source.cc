#include "common/hcl/source.h"

#include <fmt/format.h>

namespace bakery::hcl {

std::string SourceRange::ToString() const {
  return fmt::format("{}:{}:{}", path, start.line, start.column);
}

SourceRange Cover(const SourceRange& a, const SourceRange& b) {
  SourceRange out = a;
  if (b.start.byte < out.start.byte) out.start = b.start;
  if (b.end.byte > out.end.byte) out.end = b.end;
  return out;
}

std::string Diagnostic::Format() const {
  std::string out = fmt::format("{}: {}: {}", range.ToString(),
                                severity == Severity::kError ? "error" : "warning", summary);
  if (!detail.empty()) out += "; " + detail;
  return out;
}

bool HasErrors(const std::vector<Diagnostic>& diagnostics) {
  for (const Diagnostic& diagnostic : diagnostics) {
    if (diagnostic.severity == Severity::kError) return true;
  }
  return false;
}

std::string FormatAll(const std::vector<Diagnostic>& diagnostics) {
  std::string out;
  for (const Diagnostic& diagnostic : diagnostics) out += diagnostic.Format() + "\n";
  return out;
}

}  // namespace bakery::hcl
