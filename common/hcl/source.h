#pragma once
// Source positions and diagnostics shared by the HCL lexer, parsers and the
// consumers of the AST (the Packer model and the validate rules).

#include <cstddef>
#include <string>
#include <vector>

namespace bakery::hcl {

/// A point in a source file. `line` and `column` are 1-based; columns count
/// UTF-8 characters (a tab is one column), `byte` is the 0-based offset.
struct SourcePos {
  int line = 1;
  int column = 1;
  size_t byte = 0;
  bool operator==(const SourcePos&) const = default;
};

/// A half-open span [start, end) of `path`.
struct SourceRange {
  std::string path;
  SourcePos start;
  SourcePos end;
  bool operator==(const SourceRange&) const = default;

  /// "path:line:col" of the start.
  std::string ToString() const;
};

/// The smallest range covering both `a` and `b` (same file assumed).
SourceRange Cover(const SourceRange& a, const SourceRange& b);

enum class Severity { kError, kWarning };

/// One problem found while lexing or parsing, with where it is.
struct Diagnostic {
  Severity severity = Severity::kError;
  std::string summary;  // what is wrong, e.g. "unterminated string"
  std::string detail;   // why / what to do; may be empty
  SourceRange range;

  /// "path:line:col: error: summary" followed by "; detail" when a detail
  /// is present ("warning" for warnings).
  std::string Format() const;
  bool operator==(const Diagnostic&) const = default;
};

/// True when any diagnostic is an error.
bool HasErrors(const std::vector<Diagnostic>& diagnostics);

/// Every diagnostic formatted, one per line (each line ends with '\n').
std::string FormatAll(const std::vector<Diagnostic>& diagnostics);

}  // namespace bakery::hcl
